/**
 * The embedded database: PGlite (PostgreSQL 18 compiled to WASM), in memory or in a data
 * directory. PGlite loads extensions only when the database is opened, so the caller names
 * every extension the schema needs (see `embeddedExtensions`).
 */
import { PGlite, type Extension } from '@electric-sql/pglite';
import type { Target } from './target.js';
import { PgdeclError } from '../model/diagnostic.js';
import { claimForCopy, clusterIdentity, isEmptyDir, readClusterCopy, undoCopyStart, writeClusterCopy } from './pglite-template.js';

/** Extensions PGlite bundles (`@electric-sql/pglite/contrib/*`). */
export const PGLITE_EXTENSIONS = [
  'amcheck', 'auto_explain', 'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dict_int', 'dict_xsyn',
  'earthdistance', 'file_fdw', 'fuzzystrmatch', 'hstore', 'intarray', 'isn', 'lo', 'ltree', 'moddatetime',
  'pageinspect', 'pg_buffercache', 'pg_stat_statements', 'pg_surgery', 'pg_trgm', 'pg_visibility',
  'pg_walinspect', 'pgcrypto', 'seg', 'tablefunc', 'tcn', 'tsm_system_rows', 'tsm_system_time', 'unaccent',
  'uuid-ossp',
] as const;

/** Built into every PostgreSQL, nothing to load. */
const BUILTIN = new Set(['plpgsql']);

async function loadExtension(name: string): Promise<[string, Extension]> {
  const key = name.replace(/-/g, '_');
  if (!(PGLITE_EXTENSIONS as readonly string[]).includes(name)) {
    throw new PgdeclError({
      code: 'embedded_extension_missing',
      severity: 'error',
      message: `the embedded database has no extension "${name}"`,
      suggestion: `use a PostgreSQL server that has it (--db postgres://...), or remove "${name}" from the repo's extensions; the embedded database offers: ${PGLITE_EXTENSIONS.join(', ')}`,
    });
  }
  const mod = (await import(`@electric-sql/pglite/contrib/${key}`)) as Record<string, Extension>;
  const ext = mod[key];
  if (!ext) throw new Error(`@electric-sql/pglite/contrib/${key} does not export ${key}`);
  return [key, ext];
}

const asText = (v: string) => v;

export interface PgliteOptions {
  /** A data directory; undefined for an in-memory database. */
  readonly dataDir?: string;
  readonly extensions?: readonly string[];
  /** A tarball from `dumpDataDir()` to start from (fast clones for tests). */
  readonly loadDataDir?: Blob | File;
  /**
   * The copy of a freshly initialised cluster (./pglite-template.ts) an empty `dataDir` starts
   * from instead of running initdb; written by the first initdb when it is missing or damaged.
   */
  readonly clusterCopy?: string;
}

/** How the data directory's cluster came to be: made by initdb, loaded from the copy, or already there. */
export type ClusterStart = 'initdb' | 'copy' | 'existing' | 'memory';

export async function openPglite(options: PgliteOptions = {}): Promise<Target & { readonly db: PGlite; readonly start: ClusterStart }> {
  const names = [...new Set(options.extensions ?? [])].filter((n) => !BUILTIN.has(n)).sort();
  const extensions = Object.fromEntries(await Promise.all(names.map(loadExtension)));
  const create = (loadDataDir: Blob | File | undefined) =>
    PGlite.create({
      dataDir: options.dataDir,
      extensions,
      loadDataDir,
      // int8 and numeric as text, as the node-postgres target returns them.
      parsers: { 20: asText, 1700: asText },
      // One transaction creates every table of a first apply: thousands of locks (the default
      // 64 per connection fails at about 1,500 tables with "out of shared memory").
      postgresqlconf: ['max_locks_per_transaction = 1024'],
    });
  const dir = options.dataDir;
  let start: ClusterStart = dir === undefined ? 'memory' : isEmptyDir(dir) ? 'initdb' : 'existing';
  const tar = start === 'initdb' && options.loadDataDir === undefined && options.clusterCopy !== undefined ? readClusterCopy(options.clusterCopy) : undefined;
  let db: PGlite | undefined;
  if (tar && claimForCopy(dir!) !== undefined) {
    try {
      db = await create(new Blob([tar]));
      start = 'copy';
    } catch (e) {
      // A copy PGlite cannot start from: what it wrote goes, initdb runs, and the copy is made again.
      undoCopyStart(dir!, tar, e);
    }
  }
  if (!db) {
    db = await create(options.loadDataDir);
    if (start === 'initdb' && options.loadDataDir === undefined && options.clusterCopy !== undefined) await writeClusterCopy(db, options.clusterCopy);
  }
  const opened = db;
  const identity = dir !== undefined ? clusterIdentity(dir) : undefined;
  let version: number | undefined;
  return {
    kind: 'pglite',
    start,
    ...(identity ? { identity } : {}),
    label: options.dataDir ? `embedded database ${options.dataDir}` : 'embedded database (in memory)',
    db: opened,
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const r = await opened.query<Row>(sql, params as unknown[] | undefined);
      return r.rows;
    },
    async exec(sql: string) {
      await opened.exec(sql);
    },
    async serverVersionNum() {
      if (version === undefined) {
        const r = await opened.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
        version = Number(r.rows[0]!.v);
      }
      return version;
    },
    async close() {
      if (!opened.closed) await opened.close();
    },
  };
}
