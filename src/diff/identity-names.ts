/**
 * A column that becomes an identity takes PostgreSQL's name for its sequence
 * (`<table>_<column>_seq`) only if no relation holds it: a serial column made an identity still
 * has its old sequence of that very name until the plan drops it, and PostgreSQL would name the
 * new one `…_seq1`, which the next plan would rename. So the column's default goes first, the
 * old sequence next, and the identity after (ranks in ../plan/rank.ts).
 */
import type { Change } from './change.js';
import { serialSequenceName } from '../ir/sequence.js';

const IDENTITY_PROPS = new Set(['identity', 'identity_options', 'identity_sequence']);

export function identityAfterSequenceDrops(changes: readonly Change[]): Change[] {
  const dropped = new Set(changes.flatMap((c) => (c.kind === 'drop_sequence' ? [`${c.sequence.schema}.${c.sequence.name}`] : [])));
  if (dropped.size === 0) return [...changes];
  const freed = new Set<string>();
  const out: Change[] = [];
  for (const c of changes) {
    const name = c.kind === 'alter_column' && c.changed.includes('identity') && c.to.identity && !c.from.identity ? `${c.table.schema}.${c.to.identitySequence ?? serialSequenceName(c.table.name, c.to.name)}` : undefined;
    if (c.kind !== 'alter_column' || name === undefined || !dropped.has(name)) {
      out.push(c);
      continue;
    }
    freed.add(name);
    const { identity: _i, identityOptions: _o, identitySequence: _s, ...plain } = c.to;
    const before = c.changed.filter((p) => !IDENTITY_PROPS.has(p));
    if (before.length) out.push({ ...c, to: plain, changed: before });
    out.push({ kind: 'alter_column', table: c.table, from: before.length ? plain : c.from, to: c.to, changed: c.changed.filter((p) => IDENTITY_PROPS.has(p)), afterSequenceDrops: true });
  }
  return out.map((c) => (c.kind === 'drop_sequence' && freed.has(`${c.sequence.schema}.${c.sequence.name}`) ? { ...c, beforeIdentity: true as const } : c));
}
