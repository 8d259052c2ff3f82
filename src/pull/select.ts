/**
 * `--tables`: glob patterns (`*` any run of characters, `?` one character) matched against
 * whole table names, or against `schema.table` when the pattern has a dot. Several patterns
 * (a list, or comma-separated on the command line) select what any of them matches.
 */
import type { TableRef } from './naming.js';
import { BOOKKEEPING_SCHEMA } from '../model/naming.js';

function globRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

/** Whether a `--schema` entry is a pattern (`*`, `?`) rather than a name. */
export function isPattern(entry: string): boolean {
  return /[*?]/.test(entry);
}

/**
 * `--schema`: names taken as they are, patterns matched against the database's schemas (those
 * of PostgreSQL and of extensions left out: `schemasOf`). Sorted, without repeats; the
 * patterns that matched nothing, for a warning.
 */
export function expandSchemas(entries: readonly string[], existing: readonly string[]): { schemas: string[]; unmatched: string[] } {
  const out = new Set<string>();
  const unmatched: string[] = [];
  for (const e of entries) {
    if (!isPattern(e)) {
      out.add(e);
      continue;
    }
    const re = globRegExp(e);
    const hits = existing.filter((s) => re.test(s));
    if (hits.length === 0) unmatched.push(e);
    for (const h of hits) out.add(h);
  }
  return { schemas: [...out].sort(), unmatched };
}

/** The schemas `--schema` patterns choose from: not PostgreSQL's own, not pgdecl's bookkeeping, not created by an extension. */
export const USER_SCHEMAS_SQL = `SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND n.nspname <> '${BOOKKEEPING_SCHEMA}'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1`;

/** A predicate over tables; every table when `patterns` is empty. */
export function tableMatcher(patterns: readonly string[]): (t: TableRef) => boolean {
  if (patterns.length === 0) return () => true;
  const tests = patterns.map((p) => ({ qualified: p.includes('.'), re: globRegExp(p) }));
  return (t) => tests.some(({ qualified, re }) => re.test(qualified ? `${t.schema}.${t.name}` : t.name));
}
