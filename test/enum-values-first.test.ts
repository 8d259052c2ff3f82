/**
 * Enum values a plan adds and uses in the same plan (a default, a check, a view): PostgreSQL
 * cannot use a value in the transaction that adds it, so those values are committed first, in
 * a transaction of their own (hazard `commits_first`); values nothing uses stay in the one
 * transaction. On PostgreSQL 18, 15 and the embedded database: apply converges, a failure later
 * leaves only the values, a dry run says what it could not try, `plan --sql` and `generate`
 * write the values' own transaction first.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { openPostgres } from '../src/targets/postgres.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { commitsFirst } from '../src/plan/step.js';
import { openPglite } from '../src/targets/pglite.js';
import type { Target } from '../src/targets/target.js';

const files = (values: string, state: string, extra = '') => `version: 1
resources:
  Work:
    attributes:
      id: integer_primary_key
      state: { type: { enum: status }, allow_nil: false, default: ${state} }
      note: string
    postgres:
      table: work
${extra}types: { status: { enum: [${values}] } }
`;

const V1 = files('active, pending', 'pending');
// archived is added and used by the default and by a check; paused is added and used by nothing.
const V2 = files('active, pending, paused, archived', 'archived', `      check_constraints:\n        - { name: archived_has_note, check: "state <> 'archived' OR note IS NOT NULL" }\n`);
// The same, with a second check that existing rows break: the apply fails after the values committed.
const V2_FAILS = files('active, pending, paused, archived', 'archived', `      check_constraints:\n        - { name: archived_has_note, check: "state <> 'archived' OR note IS NOT NULL" }\n        - { name: no_rows, check: "id < 0" }\n`);
// Values added that nothing uses: one transaction.
const V3 = files('active, pending, later', 'pending');

const labels = async (t: Target) => (await t.query<{ l: string }>(`SELECT enumlabel AS l FROM pg_enum WHERE enumtypid = 'public.status'::regtype ORDER BY enumsortorder`)).map((r) => r.l);

test('a value the plan uses commits first; one it does not use stays in the transaction', async () => {
  const t = await pglite();
  try {
    const p1 = await planProject(t, (await loadProjectFromText('r.yaml', V1)).project!);
    const { applySteps } = await import('../src/apply/apply.js');
    assert.is((await applySteps(t, p1.plan.steps)).failure, undefined);
    const p2 = await planProject(t, (await loadProjectFromText('r.yaml', V2)).project!);
    const first = p2.plan.steps.filter(commitsFirst);
    assert.equal(first.map((s) => s.summary), ['add value paused to type public.status', 'add value archived to type public.status']);
    assert.equal(p2.plan.steps.slice(0, 2).map((s) => s.id), first.map((s) => s.id), 'they come first');
    assert.ok(first.every((s) => s.transactional));
    const p3 = await planProject(t, (await loadProjectFromText('r.yaml', V3)).project!);
    assert.equal(p3.plan.steps.filter(commitsFirst), []);
    assert.ok(p3.plan.steps.some((s) => s.summary === 'add value later to type public.status'));
  } finally {
    await t.close();
  }
});

interface Db {
  readonly url: string;
  readonly done: () => Promise<void>;
}

async function targets(): Promise<(Db & { label: string; another: () => Promise<Db> })[]> {
  const out: (Db & { label: string; another: () => Promise<Db> })[] = [];
  for (const s of await servers()) {
    const d = await freshDatabase(s);
    out.push({ label: s.name, url: d.url, done: d.drop, another: async () => ((x) => ({ url: x.url, done: x.drop }))(await freshDatabase(s)) });
  }
  const embedded = (): Db => {
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-enum-pglite-'));
    return { url: `pglite:${dir}`, done: async () => rmSync(dir, { recursive: true, force: true }) };
  };
  out.push({ label: 'pglite', ...embedded(), another: async () => embedded() });
  return out;
}

async function sqlOn(url: string, q: string): Promise<Record<string, unknown>[]> {
  const t = url.startsWith('pglite:') ? await openPglite({ dataDir: url.slice('pglite:'.length) }) : await openPostgres(url);
  try {
    // Several statements: run as a script (no rows).
    if (q.includes(';')) return (await t.exec(q), []);
    return await t.query(q);
  } finally {
    await t.close();
  }
}

test('apply, a failure after the values, a dry run, plan --sql and generate (PostgreSQL 18, 15, embedded)', async () => {
  for (const env of await targets()) {
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-enum-'));
    const cli = (...argv: string[]) => runCli([...argv, '--db', env.url], { cwd: dir });
    try {
      writeFileSync(join(dir, 'resources.yaml'), V1);
      let r = await cli('apply', '--yes');
      assert.is(r.code, 0, `${env.label}: ${r.stderr}`);
      await sqlOn(env.url, `INSERT INTO work (state) VALUES ('active')`);

      // A later step fails: the transaction is rolled back, the values added first stay.
      writeFileSync(join(dir, 'resources.yaml'), V2_FAILS);
      r = await cli('apply', '--yes');
      assert.is(r.code, 1, `${env.label}: the check fails on the existing row`);
      assert.match(r.stderr, /The transaction was rolled back\. The enum values added first, in their own transaction, stay \(unused\): add value paused to type public\.status; add value archived to type public\.status\./);
      assert.equal(await sqlOn(env.url, `SELECT enum_range(NULL::status)::text AS r, (SELECT count(*)::int FROM pg_constraint WHERE conname = 'archived_has_note') AS checks, pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef WHERE adrelid = 'work'::regclass`), [{ r: '{active,pending,paused,archived}', checks: 0, d: "'pending'::status" }], `${env.label}: only the values stayed`);
      await sqlOn(env.url, `ALTER TYPE status RENAME TO status_was; CREATE TYPE status AS ENUM ('active', 'pending'); ALTER TABLE work ALTER COLUMN state DROP DEFAULT, ALTER COLUMN state TYPE status USING state::text::status, ALTER COLUMN state SET DEFAULT 'pending'; DROP TYPE status_was`);

      writeFileSync(join(dir, 'resources.yaml'), V2);
      // The script: the values in a transaction of their own, before the others.
      r = await cli('plan', '--sql');
      assert.is(r.code, 0, r.stderr);
      const script = r.stdout;
      const firstCommit = script.indexOf('COMMIT;');
      assert.ok(script.indexOf(`ADD VALUE 'archived'`) < firstCommit && script.indexOf('ADD CONSTRAINT archived_has_note') > firstCommit, `${env.label}: the values commit first\n${script}`);
      assert.match(script, /\(commits_first\)/);
      // A dry run tries the values and rolls them back; what uses them it cannot try.
      r = await cli('apply', '--yes', '--dry-run');
      assert.is(r.code, 0, `${env.label}: ${r.stderr}`);
      assert.match(r.stdout, /Dry run: 2 steps ran in a transaction that was rolled back; nothing was changed\. 2 steps that use the enum values added first were not tried: PostgreSQL cannot use a value in the transaction that adds it\./);
      assert.equal(await sqlOn(env.url, `SELECT enum_range(NULL::status)::text AS r`), [{ r: '{active,pending}' }]);
      r = await cli('apply', '--yes');
      assert.is(r.code, 0, `${env.label}: ${r.stderr}`);
      assert.match(r.stdout, /The database matches the files/);
      r = await cli('plan', '--exit-code');
      assert.is(r.code, 0, `${env.label}: converged\n${r.stdout}`);
      await sqlOn(env.url, `INSERT INTO work (note) VALUES ('done')`);
      assert.equal(await sqlOn(env.url, `SELECT state::text AS s FROM work ORDER BY id`), [{ s: 'active' }, { s: 'archived' }]);

      // Migrations: the values are a migration of their own, before the one that uses them.
      writeFileSync(join(dir, 'resources.yaml'), V1);
      r = await runCli(['generate', 'baseline'], { cwd: dir });
      assert.is(r.code, 0, r.stderr);
      writeFileSync(join(dir, 'resources.yaml'), V2);
      r = await runCli(['generate', 'archive'], { cwd: dir });
      assert.is(r.code, 0, r.stderr);
      const written = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
      assert.equal(written.map((f) => f.replace(/^\d+_/, '')), ['baseline.sql', 'archive_enum_values.sql', 'archive.sql']);
      const values = readFileSync(join(dir, 'migrations', written[1]!), 'utf8');
      assert.match(values, /ADD VALUE 'archived'/);
      assert.not.match(values, /archived_has_note/);
      assert.match(readFileSync(join(dir, 'migrations', written[2]!), 'utf8'), /archived_has_note/);
      // They run: each file in its own transaction, the values' first.
      const other = await env.another();
      try {
        r = await runCli(['migrate', '--db', other.url], { cwd: dir });
        assert.is(r.code, 0, `${env.label}: ${r.stdout}\n${r.stderr}`);
        assert.equal(await sqlOn(other.url, `SELECT enum_range(NULL::status)::text AS r, pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef WHERE adrelid = 'work'::regclass AND adnum = 2`), [{ r: '{active,pending,paused,archived}', d: "'archived'::status" }]);
      } finally {
        await other.done();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await env.done();
    }
  }
});

test.after(stopOwnServers);
test.run();
