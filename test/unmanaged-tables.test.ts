/**
 * A `migrate: false` destination whose table does not exist: plan and apply stop before
 * changing anything, with an error positioned on the relationship and naming the table (the
 * apply used to fail at ADD FOREIGN KEY). Once the table exists the plan applies and converges.
 * On PostgreSQL 18 (through the real binary), PostgreSQL 15 and the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './helpers/cli.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Target } from '../src/targets/target.js';

const BIN = fileURLToPath(new URL('../bin/pgdecl.js', import.meta.url));
const FILE = `version: 1
resources:
  Event:
    attributes:
      id: integer_primary_key
    postgres: { table: events, schema: audit, migrate: false }
  Note:
    attributes:
      id: integer_primary_key
    relationships:
      event: { type: belongs_to, destination: Event }
    postgres: { table: notes }
`;
const MESSAGE = /^resources\.yaml:11:7 {2}the foreign key `notes\.notes_event_id_fkey` points at the table `audit\.events` of resource Event \(`migrate: false`\), which does not exist in the database$/m;

let dir = '';

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pgdecl-unmanaged-'));
  writeFileSync(join(dir, 'resources.yaml'), FILE);
});

test.after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await stopOwnServers();
});

const userTables = async (t: Target) => (await t.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`))[0]!.n;

async function refusedThenConverges(t: Target, url: string | undefined): Promise<void> {
  const { project } = await loadProjectOrThrow([join(dir, 'resources.yaml')], { env: {}, cwd: dir });
  try {
    await planProject(t, project);
    assert.unreachable('the plan is refused');
  } catch (e) {
    assert.instance(e, PgdeclError);
    assert.equal((e as PgdeclError).diagnostics.map((d) => d.code), ['unmanaged_table_missing']);
  }
  if (url) {
    const r = spawnSync(process.execPath, [BIN, 'apply', '--db', url, '--yes'], { cwd: dir, encoding: 'utf8' });
    assert.is(r.status, 1);
    assert.match(r.stderr, MESSAGE);
    assert.match(r.stderr, /= create `audit\.events` first/);
    const plan = spawnSync(process.execPath, [BIN, 'plan', '--db', url], { cwd: dir, encoding: 'utf8' });
    assert.is(plan.status, 1);
    assert.is(plan.stdout, '');
    assert.match(plan.stderr, MESSAGE);
  }
  assert.is(await userTables(t), '0', 'nothing was created');
  await t.exec('CREATE SCHEMA audit; CREATE TABLE audit.events (id integer PRIMARY KEY)');
  const p = await planProject(t, project);
  const applied = await applySteps(t, p.plan.steps);
  assert.is(applied.failure, undefined);
  assert.equal(await remainingChanges(t, p), []);
}

test('PostgreSQL 18: plan and apply (the binary) refuse with a positioned error, then converge once the table exists', async () => {
  const t = await freshTarget((await servers()).find((s) => s.name === 'pg18')!);
  try {
    const url = (await t.query<{ db: string }>('SELECT current_database() AS db'))[0]!.db;
    const server = new URL((await servers()).find((s) => s.name === 'pg18')!.url);
    server.pathname = '/' + url;
    await refusedThenConverges(t, server.toString());
  } finally {
    await t.drop();
  }
});

test('PostgreSQL 15: the same', async () => {
  const s = (await servers()).find((x) => x.name === 'pg15');
  if (!s) return;
  const t = await freshTarget(s);
  try {
    await refusedThenConverges(t, undefined);
  } finally {
    await t.drop();
  }
});

test('the embedded database: the same, and `pgdecl plan` says so', async () => {
  const r = await runCli(['plan', '--db', 'pglite:memory'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, MESSAGE);
  const t = await pglite([]);
  try {
    await refusedThenConverges(t, undefined);
  } finally {
    await t.close();
  }
});

test.run();
