/** Rows of the `aggregates` catalog query → IR aggregates, each option only when not the default. */
import type { Aggregate } from '../ir/aggregate.js';

export interface AggregateRow {
  schema: string;
  name: string;
  arguments: string;
  sfunc: string;
  stype: string;
  sspace: number;
  finalfunc: string | null;
  finalfunc_extra: boolean;
  finalfunc_modify: string;
  combinefunc: string | null;
  serialfunc: string | null;
  deserialfunc: string | null;
  initcond: string | null;
  msfunc: string | null;
  minvfunc: string | null;
  mstype: string | null;
  msspace: number;
  mfinalfunc: string | null;
  mfinalfunc_extra: boolean;
  mfinalfunc_modify: string;
  minitcond: string | null;
  sortop: string | null;
  parallel: string;
  comment: string | null;
}

/** pg_aggregate's aggfinalmodify letter; READ_ONLY (`r`) is an ordinary aggregate's default. */
function modify(letter: string): { readonly v?: 'shareable' | 'read_write' } {
  return letter === 's' ? { v: 'shareable' } : letter === 'w' ? { v: 'read_write' } : {};
}

const opt = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } => (v === null || v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));

export function aggregateFromRow(r: AggregateRow): Aggregate {
  return {
    schema: r.schema,
    name: r.name,
    arguments: r.arguments,
    sfunc: r.sfunc,
    stype: r.stype,
    ...opt('sspace', Number(r.sspace) !== 0 ? Number(r.sspace) : undefined),
    ...opt('finalfunc', r.finalfunc),
    ...(r.finalfunc_extra ? { finalfuncExtra: true as const } : {}),
    ...opt('finalfuncModify', modify(r.finalfunc_modify).v),
    ...opt('combinefunc', r.combinefunc),
    ...opt('serialfunc', r.serialfunc),
    ...opt('deserialfunc', r.deserialfunc),
    ...opt('initcond', r.initcond),
    ...opt('msfunc', r.msfunc),
    ...opt('minvfunc', r.minvfunc),
    ...opt('mstype', r.mstype),
    ...opt('msspace', Number(r.msspace) !== 0 ? Number(r.msspace) : undefined),
    ...opt('mfinalfunc', r.mfinalfunc),
    ...(r.mfinalfunc_extra ? { mfinalfuncExtra: true as const } : {}),
    ...opt('mfinalfuncModify', modify(r.mfinalfunc_modify).v),
    ...opt('minitcond', r.minitcond),
    ...opt('sortop', r.sortop),
    ...(r.parallel === 's' ? { parallel: 'safe' as const } : r.parallel === 'r' ? { parallel: 'restricted' as const } : {}),
    ...opt('comment', r.comment),
  };
}
