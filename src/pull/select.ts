/**
 * `--tables`: glob patterns (`*` any run of characters, `?` one character) matched against
 * whole table names, or against `schema.table` when the pattern has a dot. Several patterns
 * (a list, or comma-separated on the command line) select what any of them matches.
 */
import type { TableRef } from './naming.js';

function globRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

/** A predicate over tables; every table when `patterns` is empty. */
export function tableMatcher(patterns: readonly string[]): (t: TableRef) => boolean {
  if (patterns.length === 0) return () => true;
  const tests = patterns.map((p) => ({ qualified: p.includes('.'), re: globRegExp(p) }));
  return (t) => tests.some(({ qualified, re }) => re.test(qualified ? `${t.schema}.${t.name}` : t.name));
}
