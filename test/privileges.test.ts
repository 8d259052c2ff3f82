/**
 * Privileges and row-level security beyond what the round-trip and evolution cases show:
 * a role the files name that does not exist stops plan and apply at its file:line:col with
 * nothing changed (and the plan converges once the role exists); wrong privileges, columns
 * and policy clauses are compile errors at their place. On PostgreSQL 18 (through the
 * binary), PostgreSQL 15 and the embedded database, which has roles too (and enforces
 * privileges and policies for a role that is not a superuser, like a server).
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
import { loadProjectFromText, loadProjectOrThrow } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Target } from '../src/targets/target.js';

const BIN = fileURLToPath(new URL('../bin/pgdecl.js', import.meta.url));
// A role name unique to this file, never created by any other test.
const ROLE = 'g_priv_missing_clerk';
const FILE = `version: 1
resources:
  Ledger:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
      owner: { type: string, allow_nil: false }
    postgres:
      table: ledger
      grants:
        ${ROLE}: [select]
      row_level_security:
        policies:
          own_rows: { roles: [${ROLE}], using: "owner = current_user" }
`;
const MESSAGE = new RegExp(`^resources\\.yaml:10:9 {2}the role \`${ROLE}\` does not exist on this server; pgdecl grants privileges to roles but does not create them\\. Nothing was changed$`, 'm');

let dir = '';

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pgdecl-privileges-'));
  writeFileSync(join(dir, 'resources.yaml'), FILE);
});

test.after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await stopOwnServers();
});

const userTables = async (t: Target) => (await t.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`))[0]!.n;

/** Refused while the role is missing; applies and converges once it exists (then the role goes again). */
async function refusedThenConverges(t: Target, url: string | undefined): Promise<void> {
  await t.exec(`DROP ROLE IF EXISTS ${ROLE}`);
  const { project } = await loadProjectOrThrow([join(dir, 'resources.yaml')], { env: {}, cwd: dir });
  try {
    await planProject(t, project);
    assert.unreachable('the plan is refused');
  } catch (e) {
    assert.instance(e, PgdeclError);
    const d = (e as PgdeclError).diagnostics;
    assert.equal(d.map((x) => x.code), ['unknown_role']);
    assert.is(d[0]!.src?.pointer, `/resources/Ledger/postgres/grants/${ROLE}`);
  }
  if (url) {
    const r = spawnSync(process.execPath, [BIN, 'apply', '--db', url, '--yes'], { cwd: dir, encoding: 'utf8' });
    assert.is(r.status, 1);
    assert.match(r.stderr, MESSAGE);
    assert.match(r.stderr, new RegExp(`= create it first \\(\`CREATE ROLE ${ROLE} NOLOGIN\`\\), or correct the name`));
  }
  assert.is(await userTables(t), '0', 'nothing was created');
  await t.exec(`CREATE ROLE ${ROLE} NOLOGIN`);
  try {
    const p = await planProject(t, project);
    assert.ok(p.plan.steps.some((s) => s.summary === `grant SELECT on table public.ledger to ${ROLE}`), p.plan.steps.map((s) => s.summary).join('; '));
    const applied = await applySteps(t, p.plan.steps);
    assert.is(applied.failure, undefined);
    assert.equal(await remainingChanges(t, p), []);
    const [row] = await t.query<{ sel: boolean; policy: string }>(
      `SELECT has_table_privilege('${ROLE}', 'public.ledger', 'SELECT') AS sel, (SELECT array_to_string(roles, ',') FROM pg_policies WHERE policyname = 'own_rows') AS policy`,
    );
    assert.equal(row, { sel: true, policy: ROLE });
    // The privilege and the policy hold for the role itself: it reads its own rows only.
    await t.exec(`INSERT INTO public.ledger (id, owner) VALUES (1, '${ROLE}'), (2, 'someone else')`);
    await t.exec(`SET ROLE ${ROLE}`);
    try {
      const seen = await t.query<{ ids: string }>(`SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM public.ledger`);
      assert.equal(seen, [{ ids: '1' }]);
      const denied = await t.exec(`DELETE FROM public.ledger`).then(() => undefined, (e: unknown) => e);
      assert.match(String((denied as Error)?.message), /permission denied/);
    } finally {
      await t.exec('RESET ROLE');
    }
  } finally {
    await t.exec(`DROP OWNED BY ${ROLE}; DROP ROLE ${ROLE}`);
  }
}

test('PostgreSQL 18: plan and apply (the binary) refuse a missing role at file:line:col, changing nothing; then converge', async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const t = await freshTarget(s);
  try {
    const db = (await t.query<{ db: string }>('SELECT current_database() AS db'))[0]!.db;
    const url = new URL(s.url);
    url.pathname = '/' + db;
    await refusedThenConverges(t, url.toString());
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

test('the embedded database has roles: the same, and `pgdecl plan` says so', async () => {
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

test('MAINTAIN before PostgreSQL 17, an unknown column and a misplaced policy clause are compile errors at their place', async () => {
  const text = `version: 1
resources:
  T:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
    postgres:
      table: t
      grants:
        g_x: { privileges: [select, maintain], columns: { nope: [update] } }
      row_level_security:
        policies:
          p: { command: insert, using: "true" }
`;
  const loaded = await loadProjectFromText('r.yaml', text, { env: {} });
  assert.ok(loaded.project && !loaded.diagnostics.some((d) => d.severity === 'error'), loaded.diagnostics.map((d) => d.message).join('; '));
  const { diagnostics } = await compileProject(loaded.project!, { pgVersion: 150000 });
  const got = diagnostics.map((d) => `${d.code} ${d.src?.pointer} ${d.message}`).sort();
  assert.equal(got, [
    'grant_privilege /resources/T/postgres/grants/g_x maintain is not a privilege of table t',
    'grant_unknown_column /resources/T/postgres/grants/g_x/columns/nope table t has no column nope',
    'policy_clause /resources/T/postgres/row_level_security/policies/p/using policy p is for insert: it takes with_check, not using',
  ]);
  // On PostgreSQL 17 and later MAINTAIN is a table privilege.
  const later = await compileProject(loaded.project!, { pgVersion: 180000 });
  assert.not.ok(later.diagnostics.some((d) => d.code === 'grant_privilege'));
});

test.run();
