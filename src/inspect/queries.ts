/**
 * The catalog queries, kept as .sql files next to this module (STYLE 10). They are read from
 * src/inspect/queries whether pgdecl runs from its sources, dist/ or the bundle (the package ships src/).
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../util/package-file.js';

export const QUERY_NAMES = ['schemas', 'extensions', 'tables', 'columns', 'constraints', 'indexes', 'triggers', 'functions', 'aggregates', 'policies', 'sequences', 'collations', 'types', 'views', 'grants', 'default_privileges', 'bookkeeping', 'citus', 'stamp'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

const cache = new Map<string, string>();

/**
 * A column some versions do not have is written `{{pg>=180000 con.conenforced |else| true}}`:
 * the first expression from that `server_version_num`, the second before it. Read through the
 * row as JSON instead (`to_jsonb(con) ->> 'conenforced'`), it costs half of a constraint
 * query's time: the row holds its expression trees.
 */
const VERSIONED = /\{\{pg>=(\d+) ([\s\S]*?) \|else\| ([\s\S]*?)\}\}/g;

/** The query's text for a server (`serverVersion`: `server_version_num`; needed by the queries that are written per version). */
export function query(name: QueryName, serverVersion?: number): string {
  const key = `${name} ${serverVersion ?? ''}`;
  let sql = cache.get(key);
  if (sql === undefined) {
    const text = readFileSync(packageFile('src', 'inspect', 'queries', `${name}.sql`), 'utf8');
    sql = text.replace(VERSIONED, (_, from: string, since: string, before: string) => {
      if (serverVersion === undefined) throw new Error(`the catalog query ${name} is written per server version: pass the version`);
      return serverVersion >= Number(from) ? since : before;
    });
    cache.set(key, sql);
  }
  return sql;
}
