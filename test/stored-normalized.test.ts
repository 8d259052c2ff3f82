/**
 * An apply stores the normalised definitions it planned with in `pgdecl.normalized`; a plan
 * without a local cache (a fresh clone) reads them and creates nothing in scratch schemas, and
 * plans exactly what a plan that normalises on the server plans. A role that may not write in
 * pgdecl's schema still applies. PostgreSQL 18 and the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { compileProject } from '../src/compile/index.js';
import { ordinaryPart } from '../src/ir/tenant.js';
import { normalize } from '../src/plan/normalize.js';
import { stableStringify } from '../src/ir/canonical.js';
import { catalogStamp } from '../src/inspect/stamp.js';
import { installedExtensions, storeNormalized, storedKey } from '../src/plan/stored-normalized.js';
import { planVariant } from '../src/plan/converged.js';
import { openPostgres } from '../src/targets/postgres.js';
import type { Target } from '../src/targets/target.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, pglite, servers, stopOwnServers } from './helpers/servers.js';

const FILES = `version: 1
functions:
  positive: { arguments: "x numeric", returns: boolean, language: sql, volatility: immutable, body: "SELECT x > 0" }
resources:
  Account:
    attributes:
      id: uuid_primary_key
      email: { type: ci_string, allow_nil: false }
      balance: { type: decimal, default: 0 }
    identities:
      unique_email: { keys: [email] }
    postgres:
      table: accounts
      check_constraints:
        - { name: balance_positive, check: "positive(balance) OR balance = 0" }
  Entry:
    attributes:
      id: integer_primary_key
      note: string
    relationships:
      account: { type: belongs_to, destination: Account }
    postgres: { table: entries }
`;

async function desiredOf(t: Target, yaml: string) {
  const project = (await loadProjectFromText('bank.yaml', yaml)).project!;
  const compiled = await compileProject(project, { pgVersion: await t.serverVersionNum() });
  return ordinaryPart(compiled.catalog);
}

async function check(t: Target): Promise<void> {
  const project = (await loadProjectFromText('bank.yaml', FILES)).project!;
  const p = await planProject(t, project);
  assert.ok(p.normalized.size >= 3, 'two tables and a function were normalised');
  const r = await applyPlan(t, p, { locked: false });
  assert.is(r.failure, undefined, r.failure?.error.message);
  assert.ok(r.convergence?.converged);
  const rows = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM pgdecl.normalized');
  assert.is(rows[0]!.n, p.normalized.size);
  // Storing them again within a day leaves the rows as they are (an apply after an edit writes
  // the edited tables, not every one it planned with); a new entry is written.
  const versions = () => t.query<{ key: string; x: string }>('SELECT key, xmin::text AS x FROM pgdecl.normalized ORDER BY key');
  const before = await versions();
  await t.exec('BEGIN');
  const { extensions } = await installedExtensions(t);
  assert.ok(await storeNormalized(t, new Map([...p.normalized, ['tnew', { name: 'new' }]]), extensions));
  await t.exec('COMMIT');
  const after = await versions();
  assert.equal(after.filter((r) => before.some((b) => b.key === r.key)), before, 'the stored rows were not written again');
  assert.is(after.length, before.length + 1, 'the new entry was');
  await t.exec(`DELETE FROM pgdecl.normalized WHERE key = '${storedKey(extensions, 'tnew')}'`);
  // Each value is kept as its JSON text; a row an earlier version stored as the object reads the same.
  const kinds = await t.query<{ kind: string }>('SELECT DISTINCT jsonb_typeof(value) AS kind FROM pgdecl.normalized');
  assert.equal(kinds, [{ kind: 'string' }]);
  await t.exec(`UPDATE pgdecl.normalized SET value = (value #>> '{}')::jsonb WHERE key = (SELECT min(key) FROM pgdecl.normalized WHERE key LIKE 't%')`);

  // A fresh checkout: no cache directory. Everything comes from the database.
  const desired = await desiredOf(t, FILES);
  const stats = { normalized: -1, cached: -1, stored: -1 };
  const fromStore = await normalize(t, desired, { stats, memory: false });
  assert.equal(stats, { normalized: 0, cached: 2, stored: 3 });
  // The same catalog a plan normalising on the server would compare against.
  await t.exec('DROP TABLE pgdecl.normalized');
  const fromServer = await normalize(t, desired, { stats, memory: false });
  assert.is(stats.normalized, 2);
  assert.is(stableStringify(fromStore), stableStringify(fromServer));
  // And the next plan is empty.
  assert.equal((await planProject(t, project)).plan.steps, []);
}

test('an apply stores what it normalised; a plan without a cache reads it (PostgreSQL 18)', async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const db = await freshDatabase(s);
  const t = await openPostgres(db.url);
  try {
    await check(t);
  } finally {
    await t.close();
    await db.drop();
  }
});

test('`pgdecl apply` stores them; `pgdecl plan` in another folder (no cache) reads them', async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const db = await freshDatabase(s);
  const dirs = [mkdtempSync(join(tmpdir(), 'pgdecl-store-a-')), mkdtempSync(join(tmpdir(), 'pgdecl-store-b-'))];
  const t = await openPostgres(db.url);
  try {
    for (const d of dirs) writeFileSync(join(d, 'bank.yaml'), FILES);
    const applied = await runCli(['apply', 'bank.yaml', '--db', db.url, '--yes'], { cwd: dirs[0]! });
    assert.is(applied.code, 0, applied.stderr);
    assert.equal(await t.query('SELECT count(*)::int AS n FROM pgdecl.normalized'), [{ n: 3 }]);
    const planned = await runCli(['plan', 'bank.yaml', '--db', db.url, '--exit-code', '--json'], { cwd: dirs[1]! });
    assert.is(planned.code, 0, planned.stderr + planned.stdout);
  } finally {
    await t.close();
    await db.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('... and on the embedded database', async () => {
  const t = await pglite(['citext']);
  try {
    await check(t);
  } finally {
    await t.close();
  }
});

test('a role that may not write in pgdecl\'s schema (nor read the cluster\'s identity) applies all the same; nothing is stored', async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const db = await freshDatabase(s);
  const admin = await openPostgres(db.url);
  const role = `limited_${Math.random().toString(36).slice(2, 8)}`;
  try {
    const dbName = new URL(db.url).pathname.slice(1);
    // The role may create schemas (plans normalise in scratch schemas), but pgdecl's schema is
    // another role's, and it may not create tables there.
    await admin.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'x'; GRANT CREATE ON DATABASE ${dbName} TO ${role}; GRANT CREATE ON SCHEMA public TO ${role}; CREATE SCHEMA pgdecl; GRANT USAGE ON SCHEMA pgdecl TO ${role}`);
    // Nor may it read the cluster's identity: no catalog stamp, so plans are made in full.
    await admin.exec('REVOKE EXECUTE ON FUNCTION pg_catalog.pg_control_system() FROM PUBLIC');
    const url = new URL(db.url);
    url.username = role;
    url.password = 'x';
    const t = await openPostgres(url.toString());
    try {
      const yaml = 'version: 1\nresources:\n  Note:\n    attributes:\n      id: integer_primary_key\n      body: string\n    postgres: { table: notes }\n';
      assert.is(await catalogStamp(t), undefined, 'no stamp for this role');
      const converged = { key: 'b'.repeat(40), variant: planVariant('default', undefined), warnings: [] };
      const p = await planProject(t, (await loadProjectFromText('notes.yaml', yaml)).project!, { converged });
      const r = await applyPlan(t, { ...p, converged }, { locked: false });
      assert.is(r.failure, undefined, r.failure?.error.message);
      assert.ok(r.convergence?.converged);
      assert.equal(await admin.query(`SELECT to_regclass('public.notes') IS NOT NULL AS made, to_regclass('pgdecl.normalized') IS NULL AS unstored`), [{ made: true, unstored: true }]);
    } finally {
      await t.close();
    }
  } finally {
    await admin.close();
    await db.drop();
    const a = await openPostgres(s.url);
    await a.exec(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await a.close();
  }
});

test.after(stopOwnServers);
test.run();
