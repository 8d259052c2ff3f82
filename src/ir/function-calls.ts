/**
 * Which functions a piece of SQL calls, found by name (`name(`), and the order functions are
 * created in because of it. PostgreSQL checks an SQL-language body when the function is created
 * (`check_function_bodies`): every function it calls must exist by then. Other languages are
 * checked when called, so their bodies impose no order.
 */
import type { Function, Index } from './catalog.js';
import { groupBy } from '../util/group.js';

const CALL = /([A-Za-z_][A-Za-z0-9_$]*)"?\s*\(/g;
const WORD = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g;

/** The identifiers in `text`: quoted ones unquoted, unquoted ones folded to lower case. */
export function identifiers(text: string): string[] {
  return [...text.matchAll(WORD)].map((m) => (m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!.toLowerCase()));
}

/** The SQL of an index that may call functions: its predicate and its expression keys. */
export function indexSql(i: Index): (string | undefined)[] {
  return [i.where, ...i.keys.map((k) => (k.kind === 'expression' ? k.expression : undefined))];
}

/** The names `sql` calls (also table names before a column list: harmless, it is only an order). */
export function calledNames(sql: string | undefined): string[] {
  if (sql === undefined || !sql.includes('(')) return [];
  return [...sql.matchAll(CALL)].map((m) => m[1]!);
}

/** Whether the server checks the body at creation (and so needs what it calls). */
function bodyChecked(f: Pick<Function, 'language'>): boolean {
  return f.language === 'sql';
}

/**
 * The names of the other functions of `fns` that `f` calls when it is created: in its body when
 * the body is checked, and in its arguments' defaults (checked whatever the language).
 */
function calleesOf(f: Function, names: ReadonlySet<string>): string[] {
  return [...(bodyChecked(f) ? calledNames(f.body) : []), ...calledNames(f.arguments)].filter((n) => n !== f.name && names.has(n));
}

/** The functions by name (overloads share one). */
const byNames = <F extends Function>(fns: readonly F[]): Map<string, F[]> => groupBy(fns, (f) => f.name);

/**
 * `fns` with each function whose body is checked after the functions of the list it calls;
 * otherwise in the given order (a cycle keeps it: PostgreSQL could not create it either).
 */
export function calleesFirst<F extends Function>(fns: readonly F[]): F[] {
  const names = new Set(fns.map((f) => f.name));
  const byName = byNames(fns);
  const out: F[] = [];
  const state = new Map<F, 'visiting' | 'done'>();
  const visit = (f: F) => {
    if (state.has(f)) return;
    state.set(f, 'visiting');
    for (const n of calleesOf(f, names)) for (const g of byName.get(n) ?? []) visit(g);
    state.set(f, 'done');
    out.push(f);
  };
  for (const f of fns) visit(f);
  return out;
}

/** `names` and, transitively, the functions of `fns` that those with a checked body call. */
export function withCallees(names: ReadonlySet<string>, fns: readonly Function[]): Set<string> {
  const all = new Set(fns.map((f) => f.name));
  // Looked up by name: a scan of every function per name was quadratic.
  const byName = byNames(fns);
  const out = new Set(names);
  const queue = [...names];
  while (queue.length) {
    const n = queue.pop()!;
    for (const f of byName.get(n) ?? []) for (const c of calleesOf(f, all)) if (!out.has(c)) (out.add(c), queue.push(c));
  }
  return out;
}
