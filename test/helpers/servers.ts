/**
 * Real databases for tests. The runner (scripts/test.mjs) starts PostgreSQL 18 and, where
 * the machine has it, PostgreSQL 15, and passes them in PGDECL_TEST_SERVERS; a test file run
 * on its own starts them itself. Each test gets a fresh database: CREATE DATABASE … STRATEGY
 * FILE_COPY through one kept administrative connection per server takes ~15-40 ms (the default
 * strategy and a connection each ~250 ms).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openPostgres } from '../../src/targets/postgres.js';
import { openPglite } from '../../src/targets/pglite.js';
import type { Target } from '../../src/targets/target.js';

export interface ServerInfo {
  readonly name: 'pg18' | 'pg15';
  readonly url: string;
}

let own: Promise<{ servers: ServerInfo[]; stop: () => Promise<void> }> | undefined;

/** The real servers of this run (PostgreSQL 18 always; 15 where installed). */
export async function servers(): Promise<ServerInfo[]> {
  const env = process.env.PGDECL_TEST_SERVERS;
  if (env) return JSON.parse(env) as ServerInfo[];
  if (!own) {
    // @ts-expect-error plain JavaScript module
    own = import('../../scripts/test-servers.mjs').then((m: { startServers: () => Promise<{ servers: ServerInfo[]; stop: () => Promise<void> }> }) => m.startServers());
    process.on('beforeExit', () => void stopOwnServers());
  }
  return (await own).servers;
}

/** Stops servers this file started itself (no-op under the runner). */
export async function stopOwnServers(): Promise<void> {
  if (!own) return;
  const o = own;
  own = undefined;
  await (await o).stop();
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

const admins = new Map<string, Promise<pg.Client>>();

/**
 * One administrative connection per server, kept for the file's life: it does not keep the
 * process alive, and a server that stops takes it away (the next call opens another).
 */
function admin(server: ServerInfo): Promise<pg.Client> {
  let c = admins.get(server.url);
  if (!c) {
    c = (async () => {
      const client = new pg.Client({ connectionString: server.url, application_name: 'pgdecl-tests' });
      const forget = () => admins.delete(server.url);
      client.on('error', forget);
      client.on('end', forget);
      await client.connect();
      (client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
      return client;
    })();
    c.catch(() => admins.delete(server.url));
    admins.set(server.url, c);
  }
  return c;
}

const busy = new Map<pg.Client, number>();

/** A statement on the administrative connection, which keeps the process alive only while one runs. */
async function adminExec(server: ServerInfo, sql: string): Promise<void> {
  const client = await admin(server);
  const stream = (client as unknown as { connection: { stream: { ref(): void; unref(): void } } }).connection.stream;
  busy.set(client, (busy.get(client) ?? 0) + 1);
  stream.ref();
  try {
    await client.query(sql);
  } finally {
    const n = busy.get(client)! - 1;
    busy.set(client, n);
    if (n === 0) stream.unref();
  }
}

/** A new empty database on a server; `drop()` removes it. */
export async function freshDatabase(server: ServerInfo, prefix = 't'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminExec(server, `CREATE DATABASE ${name} STRATEGY FILE_COPY`);
  return {
    url: withDatabase(server.url, name),
    drop: async () => {
      await adminExec(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A connected target on a fresh database. */
export async function freshTarget(server: ServerInfo): Promise<Target & { drop: () => Promise<void> }> {
  const db = await freshDatabase(server);
  const t = await openPostgres(db.url);
  return Object.assign(t, {
    drop: async () => {
      await t.close();
      await db.drop();
    },
  });
}

/** Every extension PGlite tests use, loaded once per PGlite instance. */
export const TEST_PGLITE_EXTENSIONS = ['citext', 'pgcrypto', 'pg_trgm', 'btree_gist', 'ltree', 'uuid-ossp', 'hstore', 'cube'];

/**
 * The runner's tarball of a freshly initialised PGlite (PGDECL_TEST_PGLITE_TEMPLATE, made
 * by scripts/test-servers.mjs): an instance started from it skips initdb. A file run on its
 * own has none and initialises its own.
 */
let template: Promise<Blob | undefined> | undefined;
function pgliteTemplate(): Promise<Blob | undefined> {
  const file = process.env.PGDECL_TEST_PGLITE_TEMPLATE;
  return (template ??= file ? readFile(file).then((b) => new Blob([b])) : Promise.resolve(undefined));
}

/** An in-memory PGlite with the test extensions. Reuse one per file: each costs 1-3 s. */
export async function pglite(extensions: readonly string[] = TEST_PGLITE_EXTENSIONS) {
  const loadDataDir = await pgliteTemplate();
  return openPglite({ extensions, ...(loadDataDir ? { loadDataDir } : {}) });
}

/**
 * Empties a database (PGlite has one database, so tests reuse it): every user schema first
 * (their tables, indexes and the extensions installed in them go along), then what is left.
 * Dropping extensions first fails on PostgreSQL 15 and 18 alike for a pg_trgm gist index
 * ("cache lookup failed for function").
 */
export async function resetDatabase(t: Target): Promise<void> {
  await t.exec(`
    DO $reset$ DECLARE s text; e text; BEGIN
      FOR s IN SELECT nspname FROM pg_namespace
               WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                 AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%' LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', s);
      END LOOP;
      FOR e IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
        EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', e);
      END LOOP;
    END $reset$;
    CREATE SCHEMA public;`);
}

/** Runs one query on a database by URL, on a connection of its own (closed afterwards). */
export async function sqlOn(url: string, q: string): Promise<Record<string, unknown>[]> {
  const t = await openPostgres(url);
  try {
    return await t.query(q);
  } finally {
    await t.close();
  }
}
