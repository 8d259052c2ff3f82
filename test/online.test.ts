/**
 * Online mode on a table serving traffic (PostgreSQL 18 and 15): while a client inserts a row
 * every 5 ms and another reads, `pgdecl apply --online` adds a foreign key, a check, a NOT NULL,
 * a unique identity and an index to a table of 1,000,000 rows. No write fails, none waits
 * longer than a second, and the plan converges. On the embedded database (one connection, so
 * no live client) the same change converges. Also: what online plans look like, a saved
 * online plan, a key left NOT VALID by a stopped apply, and a statement retried after
 * lock_timeout while another session holds the lock.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runBin, startBin } from './helpers/run-bin.js';
import { freshDatabase, servers, stopOwnServers, sqlOn, type ServerInfo } from './helpers/servers.js';
import { FILL_ORGS, fillEvents, LIVE_INSERT, LIVE_READ, ONLINE_V1, ONLINE_V2, startLiveClient } from './helpers/live-writer.js';

const ROWS = 1_000_000;

function folder(files: string): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-online-'));
  writeFileSync(join(dir, 'resources.yaml'), files);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database with the files of ONLINE_V1 applied and `fill` run, in a folder of its own. */
async function started(server: ServerInfo, fill: string) {
  const db = await freshDatabase(server);
  const f = folder(ONLINE_V1);
  assert.is((await bin(f.dir, ['apply', '--db', db.url, '--yes'])).code, 0);
  await sqlOn(db.url, fill);
  return { db, f };
}

async function finish(db: { drop: () => Promise<void> }, f: { done: () => void }): Promise<void> {
  f.done();
  await db.drop();
}

async function bin(dir: string, args: string[]) {
  return runBin(args, { cwd: dir });
}

test('an online plan: the checks and keys NOT VALID then VALIDATE, NOT NULL through a check, indexes CONCURRENTLY, all after the transaction', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, `${FILL_ORGS}; ${fillEvents(100)}`);
  try {
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V2);
    const r = await bin(f.dir, ['plan', '--db', db.url, '--online', '--json']);
    const steps = (JSON.parse(r.stdout) as { steps: { sql: string[]; transactional: boolean; hazards: string[] }[] }).steps;
    const sql = steps.map((s) => `${s.transactional ? 'tx' : 'alone'}: ${s.sql.join('; ')}`);
    assert.equal(sql, [
      'alone: CREATE INDEX CONCURRENTLY events_n_index ON public.events (n)',
      'alone: CREATE UNIQUE INDEX CONCURRENTLY events_unique_code_index ON public.events (code)',
      'alone: ALTER TABLE public.events ADD CONSTRAINT events_code_not_null CHECK (code IS NOT NULL) NOT VALID',
      'alone: ALTER TABLE public.events VALIDATE CONSTRAINT events_code_not_null',
      'alone: ALTER TABLE public.events ALTER COLUMN code SET NOT NULL',
      'alone: ALTER TABLE public.events DROP CONSTRAINT events_code_not_null',
      'alone: ALTER TABLE public.events ADD CONSTRAINT events_n_min CHECK ((n >= 0)) NOT VALID',
      'alone: ALTER TABLE public.events VALIDATE CONSTRAINT events_n_min',
      'alone: ALTER TABLE public.events ADD CONSTRAINT events_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.orgs (id) NOT VALID',
      'alone: ALTER TABLE public.events VALIDATE CONSTRAINT events_org_id_fkey',
    ], r.stderr);
    assert.equal(steps[3]!.hazards, ['validates_rows', 'not_transactional']);
    assert.equal(steps[2]!.hazards, ['access_exclusive_lock', 'not_transactional'], 'NOT VALID: a brief lock, no scan');
    const locks = (JSON.parse(r.stdout) as { steps: { lock?: string }[] }).steps.map((s) => s.lock);
    assert.equal(locks.slice(0, 4), ['SHARE UPDATE EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'ACCESS EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE'], 'each step names its table lock');
    const text = await bin(f.dir, ['plan', '--db', db.url, '--online']);
    assert.match(text.stdout, /~ validate check events_n_min {2}! validates_rows, not_transactional \(SHARE UPDATE EXCLUSIVE lock\)/);
    // Offline, the same files keep everything in the transaction.
    const off = await bin(f.dir, ['plan', '--db', db.url, '--json']);
    assert.ok((JSON.parse(off.stdout) as { steps: { transactional: boolean }[] }).steps.every((s) => s.transactional));
  } finally {
    await finish(db, f);
  }
});

for (const name of ['pg18', 'pg15'] as const) {
  test(`${name}: a live client inserting every 5 ms never fails and never waits a second while 1,000,000 rows get a key, a check, NOT NULL, a unique identity and an index`, async () => {
    const server = (await servers()).find((s) => s.name === name);
    if (!server) return;
    const { db, f } = await started(server, `${FILL_ORGS}; ${fillEvents(ROWS)}; ANALYZE events`);
    try {
      writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V2);
      const live = await startLiveClient(db.url, LIVE_INSERT, LIVE_READ, 5);
      const t0 = performance.now();
      const r = await bin(f.dir, ['apply', '--db', db.url, '--online', '--yes', '--lock-timeout', '1s']);
      const ms = performance.now() - t0;
      const stats = await live.stop();
      console.log(`  ${name}: online apply ${Math.round(ms)} ms; ${stats.writes} writes, longest ${stats.maxWriteMs} ms; ${stats.reads} reads, longest ${stats.maxReadMs} ms`);
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /The database matches the files/);
      assert.is(stats.failedWrites, 0, stats.errors.join('; '));
      assert.is(stats.failedReads, 0, stats.errors.join('; '));
      assert.ok(stats.writes > 50, `the writer ran (${stats.writes} writes)`);
      assert.ok(stats.maxWriteMs <= 1000, `the longest write waited ${stats.maxWriteMs} ms`);
      const plan = await bin(f.dir, ['plan', '--db', db.url, '--exit-code']);
      assert.is(plan.code, 0, plan.stdout + plan.stderr);
      const rows = await sqlOn(db.url, `SELECT count(*)::int AS n, bool_and(c.convalidated) AS valid FROM events, (SELECT convalidated FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype IN ('c', 'f')) c`);
      assert.ok(rows[0]!.valid, 'every key and check is validated');
    } finally {
      await finish(db, f);
    }
  });
}

test('a change that rewrites a table holding rows says how many rows and how much disk, counted on the database', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, `${FILL_ORGS}; ${fillEvents(1234)}`);
  try {
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V1.replace('      n: integer', '      n: { type: decimal, constraints: { precision: 30, scale: 0 } }'));
    const r = await bin(f.dir, ['plan', '--db', db.url, '--json']);
    const doc = JSON.parse(r.stdout) as { rewrites: { table: string; rows: number; estimate: boolean; bytes: number }[] };
    // Counted while the table was never analyzed; autovacuum may analyze it meanwhile (then an estimate, exact for so few rows).
    assert.equal(doc.rewrites.map((x) => [x.table, x.rows]), [['public.events', 1234]]);
    assert.ok(doc.rewrites[0]!.bytes > 8192);
    const text = await bin(f.dir, ['plan', '--db', db.url]);
    assert.match(text.stdout, /Table rewrites \(the table is copied while its lock is held\), on this database:\n {2}- \[1\] alter column public\.events\.n \(type\): public\.events is rewritten, (about )?1,234 rows, \d+\.\d MB/);
  } finally {
    await finish(db, f);
  }
});

test('a foreign key left NOT VALID (an online apply stopped before VALIDATE) is validated by the next online plan; an offline plan leaves validity alone', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, `${FILL_ORGS}; ${fillEvents(50)}; ALTER TABLE events ADD CONSTRAINT events_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID`);
  try {
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V1.replace('      org_id: integer\n', '').replace('    postgres: { table: events }', '    relationships:\n      org: { type: belongs_to, destination: Org }\n    postgres: { table: events }'));
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--exit-code'])).code, 0, 'offline, a NOT VALID key matches the files (pull keeps such keys as they are)');
    const plan = await bin(f.dir, ['plan', '--db', db.url, '--online', '--sql']);
    assert.match(plan.stdout, /ALTER TABLE public\.events VALIDATE CONSTRAINT events_org_id_fkey;/);
    assert.not.match(plan.stdout, /ADD CONSTRAINT/);
    assert.is((await bin(f.dir, ['apply', '--db', db.url, '--online', '--yes'])).code, 0);
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--online', '--exit-code'])).code, 0);
    const valid = await sqlOn(db.url, `SELECT convalidated FROM pg_constraint WHERE conname = 'events_org_id_fkey'`);
    assert.is(valid[0]!.convalidated, true);
  } finally {
    await finish(db, f);
  }
});

test('a saved online plan applies as saved; one whose online part was removed is refused', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, `${FILL_ORGS}; ${fillEvents(100)}`);
  try {
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V2);
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--online', '-o', 'plan.json'])).code, 0);
    const doc = JSON.parse(readFileSync(join(f.dir, 'plan.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(doc.online, { tables: 'all' });
    const { online: _o, ...without } = doc;
    writeFileSync(join(f.dir, 'tampered.json'), JSON.stringify(without));
    const refused = await bin(f.dir, ['apply', 'tampered.json', '--db', db.url, '--yes']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /not what pgdecl would run/);
    const ok = await bin(f.dir, ['apply', 'plan.json', '--db', db.url, '--yes']);
    assert.is(ok.code, 0, ok.stderr);
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--exit-code'])).code, 0);
  } finally {
    await finish(db, f);
  }
});

test('a statement that runs out of lock_timeout while another session holds the table is tried again, and goes through', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, `${FILL_ORGS}; ${fillEvents(100)}`);
  const holder = new pg.Client({ connectionString: db.url });
  try {
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V1.replace('      n: integer', '      n: { type: integer, constraints: { min: 0 } }'));
    await holder.connect();
    // A long query's lock: ADD CONSTRAINT must wait for it, and gives up after lock_timeout.
    await holder.query('BEGIN; LOCK TABLE events IN ACCESS SHARE MODE');
    const run = startBin(['apply', '--db', db.url, '--online', '--yes', '--lock-timeout', '200ms'], { cwd: f.dir });
    // The lock is released once pgdecl has given up waiting for it at least once.
    while (!run.stderrSoFar().includes('lock busy') && run.child.exitCode === null) await new Promise((res) => setTimeout(res, 20));
    await holder.query('COMMIT');
    const r = await run.done;
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /lock busy \(canceling statement due to lock timeout\): try 2 … ok/, r.stderr);
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--exit-code'])).code, 0);
  } finally {
    await holder.end().catch(() => {});
    await finish(db, f);
  }
});

test('the repo setting online: tables_with_rows changes online only the tables that hold rows', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, fillEvents(100));
  try {
    const files = ONLINE_V1.replace('version: 1\n', 'version: 1\nrepos:\n  default:\n    online: tables_with_rows\n')
      .replace('      n: integer', '      n: { type: integer, constraints: { min: 0 } }')
      .replace('name: string }', 'name: { type: string, constraints: { max_length: 50 } } }');
    writeFileSync(join(f.dir, 'resources.yaml'), files);
    const r = await bin(f.dir, ['plan', '--db', db.url, '--json']);
    const doc = JSON.parse(r.stdout) as { online?: unknown; steps: { sql: string[]; transactional: boolean }[] };
    assert.equal(doc.online, { tables: ['public.events'] }, r.stderr);
    const where = doc.steps.map((st) => `${st.transactional ? 'tx' : 'alone'}: ${st.sql.join('; ')}`);
    assert.ok(where.some((w) => w.startsWith('tx: ALTER TABLE public.orgs ADD CONSTRAINT') && !w.includes('NOT VALID')), where.join('\n'));
    assert.ok(where.includes('alone: ALTER TABLE public.events VALIDATE CONSTRAINT events_n_min'), where.join('\n'));
    assert.ok((await bin(f.dir, ['plan', '--db', db.url, '--offline', '--json'])).stdout.includes('"online"') === false, '--offline overrides the setting');
    assert.is((await bin(f.dir, ['apply', '--db', db.url, '--yes'])).code, 0);
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--exit-code'])).code, 0);
  } finally {
    await finish(db, f);
  }
});

test('--statement-timeout bounds a brief-lock statement after the transaction, waiting for its lock included', async () => {
  const [server] = await servers();
  const { db, f } = await started(server!, `${FILL_ORGS}; ${fillEvents(100)}`);
  const holder = new pg.Client({ connectionString: db.url });
  try {
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V1.replace('      n: integer', '      n: { type: integer, constraints: { min: 0 } }'));
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE events IN ACCESS SHARE MODE');
    // lock_timeout alone would wait 30 s; the statement timeout ends the wait after 300 ms.
    const r = await bin(f.dir, ['apply', '--db', db.url, '--online', '--yes', '--lock-timeout', '30s', '--lock-retries', '0', '--statement-timeout', '300ms']);
    await holder.query('COMMIT');
    assert.is(r.code, 1);
    assert.match(r.stderr + r.stdout, /canceling statement due to statement timeout/);
    assert.is((await bin(f.dir, ['apply', '--db', db.url, '--online', '--yes', '--statement-timeout', '5s'])).code, 0, 'VALIDATE runs without the timeout');
    assert.is((await bin(f.dir, ['plan', '--db', db.url, '--exit-code'])).code, 0);
  } finally {
    await holder.end().catch(() => {});
    await finish(db, f);
  }
});

test('generate --online writes the changes to existing tables into the no-transaction file, and lint finds nothing unsafe in it', async () => {
  const f = folder(ONLINE_V1);
  try {
    assert.is((await bin(f.dir, ['generate', 'init'])).code, 0);
    writeFileSync(join(f.dir, 'resources.yaml'), ONLINE_V2);
    const offline = await bin(f.dir, ['generate', 'more', '--dry-run']);
    assert.match(offline.stderr, /not safe on a live table/, 'offline, lint names the unsafe steps');
    const r = await bin(f.dir, ['generate', 'more', '--online']);
    assert.is(r.code, 0, r.stderr);
    assert.not.match(r.stderr, /not safe/);
    const files = readdirSync(join(f.dir, 'migrations')).filter((n) => n.includes('_more'));
    assert.equal(files.length, 1);
    assert.match(files[0]!, /_more_concurrently\.sql$/);
    const text = readFileSync(join(f.dir, 'migrations', files[0]!), 'utf8');
    assert.match(text, /-- pgdecl:no-transaction/);
    assert.match(text, /FOREIGN KEY \(org_id\) REFERENCES public\.orgs \(id\) NOT VALID;\n/);
    assert.match(text, /VALIDATE CONSTRAINT events_org_id_fkey;/);
    const lint = await bin(f.dir, ['lint']);
    assert.is(lint.code, 0, lint.stdout);
  } finally {
    f.done();
  }
});

test.after(async () => {
  await stopOwnServers();
});

test.run();
