/** CREATE [OR REPLACE] AGGREGATE, DROP AGGREGATE and COMMENT ON AGGREGATE, laid out as pg_dump lays them out. */
import type { Aggregate } from '../../ir/aggregate.js';
import { qname, stringLiteral } from '../../sql/quote.js';

/** `public.product(numeric)`; an aggregate of no arguments is `(*)`. */
export function aggregateSignature(a: Pick<Aggregate, 'schema' | 'name' | 'arguments'>): string {
  return `${qname(a.schema, a.name)}(${a.arguments === '' ? '*' : a.arguments})`;
}

const MODIFY = { read_only: 'READ_ONLY', shareable: 'SHAREABLE', read_write: 'READ_WRITE' } as const;

/** `>` as written; a qualified operator (`pg_catalog.>`, as the server prints it) in OPERATOR(…). */
function operator(op: string): string {
  return op.includes('.') ? `OPERATOR(${op})` : op;
}

function options(a: Aggregate): string[] {
  const out = [`SFUNC = ${a.sfunc}`, `STYPE = ${a.stype}`];
  const add = (word: string, v: string | number | undefined) => {
    if (v !== undefined) out.push(`${word} = ${v}`);
  };
  add('SSPACE', a.sspace);
  add('FINALFUNC', a.finalfunc);
  if (a.finalfuncExtra) out.push('FINALFUNC_EXTRA');
  add('FINALFUNC_MODIFY', a.finalfuncModify && MODIFY[a.finalfuncModify]);
  add('COMBINEFUNC', a.combinefunc);
  add('SERIALFUNC', a.serialfunc);
  add('DESERIALFUNC', a.deserialfunc);
  add('INITCOND', a.initcond !== undefined ? stringLiteral(a.initcond) : undefined);
  add('MSFUNC', a.msfunc);
  add('MINVFUNC', a.minvfunc);
  add('MSTYPE', a.mstype);
  add('MSSPACE', a.msspace);
  add('MFINALFUNC', a.mfinalfunc);
  if (a.mfinalfuncExtra) out.push('MFINALFUNC_EXTRA');
  add('MFINALFUNC_MODIFY', a.mfinalfuncModify && MODIFY[a.mfinalfuncModify]);
  add('MINITCOND', a.minitcond !== undefined ? stringLiteral(a.minitcond) : undefined);
  add('SORTOP', a.sortop !== undefined ? operator(a.sortop) : undefined);
  add('PARALLEL', a.parallel?.toUpperCase());
  return out;
}

/** CREATE OR REPLACE AGGREGATE: the same statement creates one and replaces its definition. */
export function createAggregate(a: Aggregate): string {
  return `CREATE OR REPLACE AGGREGATE ${aggregateSignature(a)} (\n${options(a).map((o) => `  ${o}`).join(',\n')}\n)`;
}

export function dropAggregate(a: Aggregate): string {
  return `DROP AGGREGATE ${aggregateSignature(a)}`;
}

export function commentOnAggregate(a: Aggregate): string {
  return `COMMENT ON AGGREGATE ${aggregateSignature(a)} IS ${a.comment === undefined ? 'NULL' : stringLiteral(a.comment)}`;
}
