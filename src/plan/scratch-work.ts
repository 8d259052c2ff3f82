/**
 * What scratch normalisation (./normalize.ts) creates: only the functions the objects it
 * creates need.
 */
import type { Function, Table, UserType } from '../ir/catalog.js';

/**
 * `missing`, and every function of `all` whose name one of `created` mentions (a table's
 * trigger, default or check; a domain's check or default) or an included function's signature
 * or body mentions (a body in `BEGIN ATOMIC` is resolved when it is created), in the order of
 * `all`.
 */
export function functionsFor(all: readonly Function[], missing: readonly Function[], created: readonly (Table | UserType)[]): Function[] {
  const WORD = /[\p{L}_][\p{L}\p{N}_$]*/gu;
  const words = new Set<string>();
  const read = (text: string) => {
    for (const m of text.matchAll(WORD)) words.add(m[0]);
  };
  for (const t of created) read(JSON.stringify(t));
  // A name that is not one word (it needs quotes) is always created.
  const missed = new Set(missing);
  const wanted = new Set<Function>();
  let added = all.filter((f) => missed.has(f) || words.has(f.name) || !/^[\p{L}_][\p{L}\p{N}_$]*$/u.test(f.name));
  while (added.length) {
    for (const f of added) {
      wanted.add(f);
      read(`${f.arguments} ${f.returns} ${f.body}`);
    }
    added = all.filter((f) => !wanted.has(f) && words.has(f.name));
  }
  return all.filter((f) => wanted.has(f));
}
