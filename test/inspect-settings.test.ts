/**
 * The settings inspection reads the catalog under (src/inspect/inspect.ts): `search_path =
 * pg_catalog`, so names print schema-qualified, and JIT off. The planner's estimates are far
 * off in a transaction that has just created thousands of tables (an apply's check before
 * COMMIT), and compiling the views query then took half a second at 5,000 tables, for no view.
 * Each catalog query is preceded here by a read of the settings through the same session, on
 * PostgreSQL 15, 18 and the embedded database, on its own and inside the caller's transaction;
 * the caller's own settings come back after an inspection of its own.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inspect } from '../src/inspect/inspect.js';
import { openPostgres } from '../src/targets/postgres.js';
import type { Target } from '../src/targets/target.js';
import { freshDatabase, pglite, servers, stopOwnServers } from './helpers/servers.js';

/** `t`, recording the settings in force before every catalog query inspection sends. */
function watched(t: Target, seen: { jit: string; path: string }[]): Target {
  return new Proxy(t, {
    get(target, prop, receiver) {
      if (prop === 'query')
        return async (sql: string, params?: readonly unknown[]) => {
          // The catalog queries are the files of src/inspect/queries, each opening with a comment.
          if (sql.startsWith('--')) {
            const [row] = await target.query<{ jit: string; path: string }>(`SELECT pg_catalog.current_setting('jit') AS jit, pg_catalog.current_setting('search_path') AS path`);
            seen.push(row!);
          }
          return target.query(sql, params);
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function check(name: string, t: Target): Promise<void> {
  await t.exec('CREATE TABLE IF NOT EXISTS public.settings_probe (id integer PRIMARY KEY)');
  for (const inTransaction of [false, true]) {
    const seen: { jit: string; path: string }[] = [];
    if (inTransaction) await t.exec('BEGIN');
    const r = await inspect(watched(t, seen), { schemas: ['public'], ...(inTransaction ? { inTransaction } : {}) });
    if (inTransaction) await t.exec('ROLLBACK');
    assert.ok(r.catalog.tables.some((x) => x.name === 'settings_probe'), `${name}: the table is read`);
    assert.ok(seen.length >= 10, `${name}: every catalog query was watched (${seen.length})`);
    assert.equal([...new Set(seen.map((s) => s.jit))], ['off'], `${name}${inTransaction ? ', in a transaction' : ''}: no catalog query may be compiled`);
    assert.equal([...new Set(seen.map((s) => s.path))], ['pg_catalog'], `${name}: names print schema-qualified`);
  }
  // Set for the inspection's transaction only: the session is as it was.
  const [after] = await t.query<{ jit: string }>(`SELECT pg_catalog.current_setting('jit') AS jit`);
  const [fresh] = await t.query<{ jit: string }>(`SELECT reset_val AS jit FROM pg_catalog.pg_settings WHERE name = 'jit'`);
  assert.is(after!.jit, fresh!.jit, `${name}: the session's own setting is back`);
}

test('inspection reads the catalog with JIT off and search_path = pg_catalog (PostgreSQL 15, 18, embedded)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const t = await openPostgres(db.url);
    try {
      await check(s.name, t);
    } finally {
      await t.close();
      await db.drop();
    }
  }
  const p = await pglite();
  try {
    await check('pglite', p);
  } finally {
    await p.close();
  }
});

test.after(stopOwnServers);
test.run();
