/**
 * Faults on a real server: a connection killed in the middle of an apply leaves the database
 * as it was; two applies at once are serialised by the advisory lock; after the first has
 * finished the second finds nothing to do. Each engine: PostgreSQL 18 and 15.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers, sqlOn } from './helpers/servers.js';

const BASE = `version: 1
resources:
  Account:
    attributes:
      id: integer_primary_key
      email: { type: string, allow_nil: false }
    postgres: { table: accounts }
`;

/** Adds a column and an index, then a custom statement that sleeps: a window to strike in. */
const SLOW = (seconds: number) => `${BASE.replace('    postgres: { table: accounts }', `      nickname: string
    identities:
      unique_email: { keys: [email] }
    postgres:
      table: accounts
      custom_statements:
        - { name: slow_step, up: "SELECT pg_sleep(${seconds})", down: "SELECT 1" }`)}`;

const sql = sqlOn;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workdir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-faults-'));
  writeFileSync(join(dir, 'resources.yaml'), yaml);
  return dir;
}

test('a connection killed mid-apply leaves the database as it was', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const dir = workdir(BASE);
    try {
      assert.is((await runCli(['apply', '--yes', '--db', db.url], { cwd: dir })).code, 0);
      await sql(db.url, `INSERT INTO accounts (email) VALUES ('a@example.com')`);
      const before = await sql(db.url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' ORDER BY 1`);
      writeFileSync(join(dir, 'resources.yaml'), SLOW(30));
      const running = runCli(['apply', '--yes', '--db', db.url], { cwd: dir });
      const dbName = new URL(db.url).pathname.slice(1);
      const pid = await until('the apply to reach its sleeping step', async () => {
        const rows = await sql(s.url, `SELECT pid FROM pg_stat_activity WHERE datname = '${dbName}' AND query LIKE '%pg_sleep(30)%' AND state = 'active'`);
        return rows[0]?.pid as number | undefined;
      });
      await sql(s.url, `SELECT pg_terminate_backend(${pid})`);
      const r = await running;
      assert.is(r.code, 1, `${s.name}: the apply fails`);
      assert.match(r.stderr, /terminat|connection/i);
      const after = await sql(db.url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' ORDER BY 1`);
      assert.equal(after, before, `${s.name}: no column added`);
      assert.equal(await sql(db.url, `SELECT to_regclass('public.accounts_unique_email_index') AS i, to_regclass('pgdecl.custom_statements') AS s`), [{ i: null, s: null }], `${s.name}: no index, no bookkeeping`);
      assert.equal(await sql(db.url, `SELECT email FROM accounts`), [{ email: 'a@example.com' }]);
      // The lock died with the session: the next run is not blocked and converges.
      writeFileSync(join(dir, 'resources.yaml'), SLOW(0));
      const again = await runCli(['apply', '--yes', '--db', db.url], { cwd: dir });
      assert.is(again.code, 0, again.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test('two applies at once: the second waits for the first, then finds nothing to do', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const dir = workdir(SLOW(2));
    try {
      const first = runCli(['apply', '--yes', '--db', db.url], { cwd: dir });
      const dbName = new URL(db.url).pathname.slice(1);
      await until('the first apply to hold the lock', async () => {
        const rows = await sql(s.url, `SELECT 1 AS x FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.datname = '${dbName}'`);
        return rows.length ? true : undefined;
      });
      const second = runCli(['apply', '--yes', '--db', db.url], { cwd: dir });
      const [a, b] = await Promise.all([first, second]);
      assert.is(a.code, 0, `${s.name}: first\n${a.stderr}`);
      assert.is(b.code, 0, `${s.name}: second\n${b.stderr}`);
      assert.match(b.stderr, /waiting: another pgdecl run holds the lock on this database \(pid \d+, pgdecl/);
      assert.match(b.stdout, /No changes: the database matches the files/);
      assert.match(a.stdout, /Applied \d+ steps/);
      const plan = await runCli(['plan', '--exit-code', '--db', db.url], { cwd: dir });
      assert.is(plan.code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test.after(stopOwnServers);
test.run();
