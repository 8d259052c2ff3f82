/**
 * CREATE / ALTER SEQUENCE, OWNED BY, and an identity column's sequence options. Every option
 * is written out, so the sequence does not depend on PostgreSQL's defaults.
 */
import type { IdentityOptions, Sequence, SequenceOwner } from '../../ir/sequence.js';
import type { SequenceOption } from '../../ir/sequence.js';
import { ident, qname, stringLiteral } from '../../sql/quote.js';

type Ref = { readonly schema: string; readonly name: string };

export function sequenceName(s: Ref): string {
  return qname(s.schema, s.name);
}

/** The option clauses shared by CREATE SEQUENCE and an identity column: `INCREMENT BY 1 MINVALUE 1 …`. */
export function optionClauses(o: IdentityOptions): string[] {
  return [`INCREMENT BY ${o.increment}`, `MINVALUE ${o.min}`, `MAXVALUE ${o.max}`, `START WITH ${o.start}`, `CACHE ${o.cache}`, o.cycle ? 'CYCLE' : 'NO CYCLE'];
}

/** CREATE SEQUENCE without OWNED BY (the owning column may not exist yet). */
export function createSequence(s: Sequence): string {
  return `CREATE SEQUENCE ${sequenceName(s)} AS ${s.type} ${optionClauses(s).join(' ')}`;
}

/** ALTER SEQUENCE with the changed options only. START changes what RESTART goes back to, not the current value. */
export function alterSequence(to: Sequence, changed: readonly SequenceOption[]): string {
  const parts: string[] = [];
  for (const k of changed) {
    if (k === 'type') parts.push(`AS ${to.type}`);
    if (k === 'increment') parts.push(`INCREMENT BY ${to.increment}`);
    if (k === 'min') parts.push(`MINVALUE ${to.min}`);
    if (k === 'max') parts.push(`MAXVALUE ${to.max}`);
    if (k === 'start') parts.push(`START WITH ${to.start}`);
    if (k === 'cache') parts.push(`CACHE ${to.cache}`);
    if (k === 'cycle') parts.push(to.cycle ? 'CYCLE' : 'NO CYCLE');
  }
  return `ALTER SEQUENCE ${sequenceName(to)} ${parts.join(' ')}`;
}

/**
 * ALTER SEQUENCE that narrows MINVALUE or MAXVALUE: PostgreSQL refuses it while the current
 * value lies outside the new range, so then the sequence restarts at its START (no value it
 * could still hand out is lost: none lies in the new range past the current one).
 */
export function alterSequenceNarrowing(from: Sequence, to: Sequence, changed: readonly SequenceOption[]): string {
  const plain = alterSequence(to, changed);
  if (!(BigInt(to.min) > BigInt(from.min) || BigInt(to.max) < BigInt(from.max))) return plain;
  return [
    '    DO $pgdecl$ BEGIN',
    `  IF EXISTS (SELECT 1 FROM ${sequenceName(from)} WHERE last_value < ${to.min} OR last_value > ${to.max}) THEN`,
    `    ${plain} RESTART;`,
    '  ELSE',
    `    ${plain};`,
    '  END IF;',
    'END $pgdecl$',
  ].join('\n').trimStart();
}

export function setSequenceOwner(s: Ref, owner: SequenceOwner | undefined): string {
  return `ALTER SEQUENCE ${sequenceName(s)} OWNED BY ${owner ? `${qname(s.schema, owner.table)}.${ident(owner.column)}` : 'NONE'}`;
}

export function commentOnSequence(s: Ref & { readonly comment?: string }): string {
  return `COMMENT ON SEQUENCE ${sequenceName(s)} IS ${s.comment === undefined ? 'NULL' : stringLiteral(s.comment)}`;
}

/** `nextval('public.orders_id_seq'::regclass)`, exactly as PostgreSQL prints a serial column's default. */
export function nextvalDefault(s: Ref): string {
  return `nextval(${stringLiteral(qname(s.schema, s.name))}::regclass)`;
}

/** `ALTER COLUMN … SET INCREMENT BY 1 SET MINVALUE 1 …` clauses for an identity column's options. */
export function identityAlterClauses(o: IdentityOptions): string {
  return optionClauses(o).map((c) => `SET ${c}`).join(' ');
}
