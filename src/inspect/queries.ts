/**
 * The catalog queries, kept as .sql files next to this module (STYLE 10). They are read from
 * src/inspect/queries whether pgdecl runs from its sources, dist/ or the bundle (the package ships src/).
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../util/package-file.js';

export const QUERY_NAMES = ['schemas', 'extensions', 'tables', 'columns', 'constraints', 'indexes', 'triggers', 'functions', 'aggregates', 'policies', 'sequences', 'collations', 'types', 'views', 'grants', 'default_privileges', 'bookkeeping', 'citus', 'stamp'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

const cache = new Map<QueryName, string>();

export function query(name: QueryName): string {
  let sql = cache.get(name);
  if (sql === undefined) {
    sql = readFileSync(packageFile('src', 'inspect', 'queries', `${name}.sql`), 'utf8');
    cache.set(name, sql);
  }
  return sql;
}
