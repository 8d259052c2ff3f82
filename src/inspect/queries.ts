/**
 * The catalog queries, kept as .sql files next to this module (STYLE 10). They are read from
 * src/inspect/queries whether pgdecl runs from its sources or from dist/ (the package ships src/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packageFile } from '../util/package-file.js';

export const QUERY_NAMES = ['schemas', 'extensions', 'tables', 'columns', 'constraints', 'indexes', 'triggers', 'functions', 'policies', 'sequences', 'types', 'views', 'grants', 'default_privileges', 'bookkeeping', 'citus', 'stamp'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

/** Beside this module (the sources), else in the package's src/ (dist/ and the bundle). */
const dirs = () => [new URL('./queries/', import.meta.url), pathToFileURL(packageFile('src', 'inspect', 'queries') + '/')];
const cache = new Map<QueryName, string>();

export function query(name: QueryName): string {
  let sql = cache.get(name);
  if (sql === undefined) {
    const dir = dirs().find((d) => existsSync(new URL(`${name}.sql`, d)));
    if (!dir) throw new Error(`catalog query ${name}.sql not found next to ${import.meta.url}`);
    sql = readFileSync(new URL(`${name}.sql`, dir), 'utf8');
    cache.set(name, sql);
  }
  return sql;
}
