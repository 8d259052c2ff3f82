/**
 * Functions whose arguments or result are a view's row type (`RETURNS SETOF active_users`,
 * `f(v some_view)`), and aggregates over one (`count_users(vw_users)`): PostgreSQL creates them
 * only once the view exists, so they are created after the views (the planner's rank, the
 * normaliser's scratch copy), and dropped before a view that goes.
 *
 * Found by name in the signature: a word of the arguments or result that is a view's name. An
 * argument named like a view only moves its function after the views, which is harmless.
 */
import type { Function } from './catalog.js';
import { calledNames, identifiers } from './function-calls.js';
import { keys, type ObjectKey } from './keys.js';
import type { View } from './view.js';
import type { Aggregate } from './aggregate.js';

/** A function's object key (./keys.ts), from the function or a grant's target. */
export function functionKey(f: { readonly schema: string; readonly name: string; readonly arguments?: string }): ObjectKey {
  return keys.function(f.schema, f.name, f.arguments ?? '');
}

/** The keys (`functionKey`) of the functions of `fns` whose signature names one of `views`. */
export function functionsOnViewRows(fns: readonly Function[], views: readonly Pick<View, 'name'>[]): Set<string> {
  const out = new Set<string>();
  if (!views.length) return out;
  const names = new Set(views.map((v) => v.name));
  for (const f of fns) {
    if (identifiers(`${f.arguments} ${f.returns}`).some((w) => names.has(w))) out.add(functionKey(f));
  }
  return out;
}

/** The keys (`functionKey`) of the aggregates of `aggs` whose arguments or state type name one of `views`. */
export function aggregatesOnViewRows(aggs: readonly Aggregate[], views: readonly Pick<View, 'name'>[]): Set<string> {
  const out = new Set<string>();
  if (!views.length) return out;
  const names = new Set(views.map((v) => v.name));
  for (const a of aggs) {
    if (identifiers(`${a.arguments} ${a.stype} ${a.mstype ?? ''}`).some((w) => names.has(w))) out.add(functionKey(a));
  }
  return out;
}

/**
 * The keys of the SQL-language functions of `fns` whose body reads one of `views` (by name):
 * PostgreSQL checks such a body when it creates the function, so it comes after the views;
 * not one a view calls (that view needs it first).
 */
export function sqlFunctionsReadingViews(fns: readonly Function[], views: readonly Pick<View, 'name' | 'definition'>[]): Set<string> {
  const out = new Set<string>();
  if (!views.length) return out;
  const names = new Set(views.map((v) => v.name));
  const calledByViews = new Set(views.flatMap((v) => calledNames(v.definition)));
  for (const f of fns) {
    if (f.language !== 'sql' || calledByViews.has(f.name)) continue;
    if (identifiers(f.body).some((w) => names.has(w))) out.add(functionKey(f));
  }
  return out;
}
