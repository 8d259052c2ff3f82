/**
 * User-defined aggregates (CREATE AGGREGATE): ordinary aggregates over state-transition
 * functions. Ordered-set and hypothetical-set aggregates (WITHIN GROUP) are not modelled.
 *
 * An aggregate lives in the functions' namespace (pg_proc): identified by schema, name and
 * argument types, it takes GRANT … ON FUNCTION. Support functions are spelled as `regproc`
 * prints them with only pg_catalog on the search path (`array_cat`, `public.mul`,
 * `pg_catalog.abs` when the name is overloaded), types as `format_type` prints them, and the
 * sort operator as `regoper` prints it (`pg_catalog.>`); each option only when not the default.
 */
import type { Grant } from './privilege.js';

export type FinalModify = 'read_only' | 'shareable' | 'read_write';

export interface Aggregate {
  readonly schema: string;
  readonly name: string;
  /** As `pg_get_function_arguments` prints them: `numeric`, `x integer`; empty for `(*)`. */
  readonly arguments: string;
  readonly sfunc: string;
  readonly stype: string;
  readonly sspace?: number;
  readonly finalfunc?: string;
  readonly finalfuncExtra?: true;
  /** Absent: READ_ONLY, PostgreSQL's default for an ordinary aggregate. */
  readonly finalfuncModify?: 'shareable' | 'read_write';
  readonly combinefunc?: string;
  readonly serialfunc?: string;
  readonly deserialfunc?: string;
  /** The initial state, as text (`agginitval`); absent: NULL. */
  readonly initcond?: string;
  readonly msfunc?: string;
  readonly minvfunc?: string;
  readonly mstype?: string;
  readonly msspace?: number;
  readonly mfinalfunc?: string;
  readonly mfinalfuncExtra?: true;
  readonly mfinalfuncModify?: 'shareable' | 'read_write';
  readonly minitcond?: string;
  readonly sortop?: string;
  /** PARALLEL SAFE or RESTRICTED; absent: UNSAFE. */
  readonly parallel?: 'safe' | 'restricted';
  readonly comment?: string;
  /** Privileges of roles other than the owner; absent: EXECUTE for PUBLIC (./privilege.ts). */
  readonly grants?: readonly Grant[];
}

/** The fields that make up the definition (what CREATE [OR REPLACE] AGGREGATE sets). */
export const AGGREGATE_OPTIONS = [
  'sfunc',
  'stype',
  'sspace',
  'finalfunc',
  'finalfuncExtra',
  'finalfuncModify',
  'combinefunc',
  'serialfunc',
  'deserialfunc',
  'initcond',
  'msfunc',
  'minvfunc',
  'mstype',
  'msspace',
  'mfinalfunc',
  'mfinalfuncExtra',
  'mfinalfuncModify',
  'minitcond',
  'sortop',
  'parallel',
] as const satisfies readonly (keyof Aggregate)[];

export const aggregateKey = (a: Pick<Aggregate, 'schema' | 'name' | 'arguments'>): string => `${a.schema}.${a.name}(${a.arguments})`;

/** Whether two definitions differ (comment and privileges aside). */
export function sameAggregateDefinition(a: Aggregate, b: Aggregate): boolean {
  return AGGREGATE_OPTIONS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/**
 * Whether CREATE OR REPLACE AGGREGATE can go from `from` to `to`: it cannot change the result
 * type, which is the final function's, or the state type's when there is none. Another final
 * function is taken as another result type.
 */
export function replaceableInPlace(from: Aggregate, to: Aggregate): boolean {
  if ((from.finalfunc ?? null) !== (to.finalfunc ?? null)) return false;
  return from.finalfunc !== undefined || from.stype === to.stype;
}

/** The names of the functions an aggregate uses (as spelled), for ordering. */
export function aggregateFunctions(a: Aggregate): string[] {
  return [a.sfunc, a.finalfunc, a.combinefunc, a.serialfunc, a.deserialfunc, a.msfunc, a.minvfunc, a.mfinalfunc].filter((x): x is string => x !== undefined);
}
