/**
 * The example project (resources.example.yaml) as versioned migrations, on PGlite,
 * PostgreSQL 18 and PostgreSQL 15:
 *
 *   - generate → migrate gives the database a declarative apply of the same files gives
 *     (both inspected, the catalogs compared), and the tenant migrations run for one tenant
 *     schema give what the tenant script creates;
 *   - "done when": in a scratch folder, `generate initial`, `migrate`, then `plan --exit-code`
 *     is 0; `generate --check` is 0, then 2 after an edit; `generate add_x`, `migrate`,
 *     `rollback`, and `status` shows it pending; an edited applied file makes `migrate`
 *     refuse. PGlite runs it through the embedded default database (.pgdecl/default).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { stopOwnServers } from './helpers/servers.js';
import { catalogDiff, closeEngines, database, engines, generate, migrationFiles, project, schemaOf, scopeOf, noteTime, printTimes, type Engine } from './helpers/migrations.js';
import { migrateSchema, rollbackSchema } from '../src/migrations/run.js';
import { readFolder } from '../src/migrations/folder.js';
import { migrationStatus } from '../src/migrations/status.js';
import { appliedMigrations } from '../src/migrations/tracking.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { createScriptStatements } from '../src/render/create-script.js';
import { ordinaryPart } from '../src/ir/tenant.js';
import { stableStringify } from '../src/ir/canonical.js';
import { inspect } from '../src/inspect/inspect.js';
import type { Target } from '../src/targets/target.js';

const EXAMPLE = readFileSync(new URL('../resources.example.yaml', import.meta.url), 'utf8');
let all: Engine[] = [];

test.before(async () => {
  all = await engines();
});

test.after(async () => {
  await closeEngines();
  await stopOwnServers();
  printTimes('migrations-example');
});

async function tenantScript(target: Target, yamlDir: string, schema: string, pgVersion: number): Promise<void> {
  const { project: p } = await loadProjectOrThrow([join(yamlDir, 'resources.yaml')], { cwd: yamlDir });
  const c = await compileProject(p, { pgVersion });
  const s = createScriptStatements(c.catalog, { tenant: schema, pgVersion });
  await target.exec('BEGIN');
  for (const q of s.inTransaction) await target.exec(q);
  await target.exec('COMMIT');
  for (const q of s.afterTransaction) await target.exec(q);
}

test('generate → migrate gives the database apply gives, ordinary and tenant parts, on every engine', async () => {
  const p = project({ 'resources.yaml': EXAMPLE });
  try {
    for (const e of all) {
      const started = performance.now();
      p.write('resources.yaml', EXAMPLE);
      rmSync(join(p.dir, 'migrations'), { recursive: true, force: true });
      await generate(p.dir, ['initial', '--pg-version', String(e.major)]);
      assert.equal(migrationFiles(p.dir), migrationFiles(p.dir).filter((f) => f.endsWith('_initial.sql')), 'one file: the new tables build their concurrent indexes in the transaction');
      assert.is(migrationFiles(p.dir, 'migrations/tenants').length, 1);
      const { project: proj } = await loadProjectOrThrow([join(p.dir, 'resources.yaml')], { cwd: p.dir });
      const compiled = (await compileProject(proj, { pgVersion: e.major })).catalog;
      const scope = scopeOf(ordinaryPart(compiled));

      // Through migrations.
      const a = await database(e, { fresh: e.server !== undefined });
      let migrated: string;
      let migratedTenant: string;
      try {
        if (a.url) {
          const r = await runCli(['migrate', '--db', a.url], { cwd: p.dir });
          assert.is(r.code, 0, `${e.name}: ${r.stderr}`);
          assert.match(r.stdout, /1 pending migration in migrations:\n {2}\d{14}_initial\n/);
          assert.match(r.stdout, /Applied 1 migration in/);
        } else {
          const r = await migrateSchema(a.target, join(p.dir, 'migrations'));
          assert.is(r.failure, undefined, r.failure?.error.message);
        }
        const t = await migrateSchema(a.target, join(p.dir, 'migrations', 'tenants'), { schema: 'tenant_acme' });
        assert.is(t.failure, undefined, `${e.name}: tenant: ${t.failure?.error.message} ${t.failure?.statement}`);
        assert.equal((await appliedMigrations(a.target)).map((m) => [m.scope, m.name]), [['', 'initial'], ['tenant_acme', 'initial']], 'tracked per schema');
        const tStatus = await migrationStatus(a.target, readFolder(join(p.dir, 'migrations', 'tenants'), 'migrations/tenants'), { schema: 'tenant_acme' });
        assert.equal(tStatus.counts, { applied: 1, pending: 0, modified: 0, missing: 0 });
        assert.equal((await migrationStatus(a.target, readFolder(join(p.dir, 'migrations', 'tenants'), 'migrations/tenants'), { schema: 'tenant_other' })).counts.pending, 1, 'another tenant has not run it');
        migrated = stableStringify(await schemaOf(a.target, scope));
        const ti = await inspect(a.target, { schemas: ['tenant_acme'] });
        migratedTenant = stableStringify(ti.catalog);
        // Rolling the tenant back leaves the tenant schema empty, the ordinary part untouched.
        const back = await rollbackSchema(a.target, join(p.dir, 'migrations', 'tenants'), { schema: 'tenant_acme' });
        assert.is(back.failure, undefined, back.failure?.error.message);
        assert.equal((await inspect(a.target, { schemas: ['tenant_acme'] })).catalog.tables, []);
        assert.is(stableStringify(await schemaOf(a.target, scope)), migrated);
      } finally {
        await a.done();
      }

      // Through apply, and the tenant script.
      const b = await database(e, { fresh: e.server !== undefined });
      try {
        if (b.url) {
          const r = await runCli(['apply', '--yes', '--db', b.url], { cwd: p.dir });
          assert.is(r.code, 0, `${e.name}: ${r.stderr}`);
        } else {
          const plan = await planProject(b.target, proj);
          assert.is((await applySteps(b.target, plan.plan.steps)).failure, undefined);
        }
        await tenantScript(b.target, p.dir, 'tenant_acme', e.major);
        const applied = await schemaOf(b.target, scope);
        assert.ok(migrated === stableStringify(applied), `${e.name}: migrate and apply differ:\n${catalogDiff(JSON.parse(migrated), applied)}`);
        const appliedTenant = stableStringify((await inspect(b.target, { schemas: ['tenant_acme'] })).catalog);
        assert.ok(migratedTenant === appliedTenant, `${e.name}: the tenant migration and the tenant script differ:\n${catalogDiff(JSON.parse(migratedTenant), JSON.parse(appliedTenant))}`);
      } finally {
        await b.done();
      }
      noteTime(e.name, started);
    }
  } finally {
    p.done();
  }
});

test('done when: generate, migrate, plan empty; --check 0 then 2; add_x, migrate, rollback, status pending; an edited applied file refused', async () => {
  for (const e of all) {
    const started = performance.now();
    const p = project({ 'resources.yaml': EXAMPLE });
    const db = e.server ? await database(e, { fresh: true }) : undefined;
    // PGlite: no --db, so the embedded default database .pgdecl/default of the folder.
    const on = db?.url ? ['--db', db.url] : [];
    const cli = (...argv: string[]) => runCli(argv, { cwd: p.dir });
    try {
      let r = await cli('generate', 'initial', '--pg-version', String(e.major));
      assert.is(r.code, 0, r.stderr);
      r = await cli('migrate', ...on);
      assert.is(r.code, 0, `${e.name}: ${r.stderr}`);
      if (!db) assert.ok(existsSync(join(p.dir, '.pgdecl', 'default')), 'the embedded default database');
      r = await cli('plan', '--exit-code', ...on);
      assert.is(r.code, 0, `${e.name}: plan after migrate:\n${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /No changes: the database matches the files/);

      r = await cli('generate', '--check', '--pg-version', String(e.major));
      assert.is(r.code, 0, r.stdout);
      assert.match(r.stdout, /The migrations match the files/);
      p.write('resources.yaml', EXAMPLE.replace('      bio: string ', '      bio: string\n      x: { type: integer, default: 7 } '));
      r = await cli('generate', '--check', '--pg-version', String(e.major));
      assert.is(r.code, 2, r.stdout);
      assert.match(r.stdout, /~ table public\.users\n\s+\+ column x bigint DEFAULT 7/);
      assert.equal(migrationFiles(p.dir).length, 1, '--check writes nothing');

      r = await cli('generate', 'add_x', '--pg-version', String(e.major));
      assert.is(r.code, 0, r.stderr);
      const files = migrationFiles(p.dir);
      assert.equal(files.map((f) => f.replace(/^\d{14}_/, '')), ['initial.sql', 'add_x.sql']);
      r = await cli('migrate', ...on);
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 pending migration in migrations:\n {2}\d{14}_add_x\n/);
      r = await cli('plan', '--exit-code', ...on);
      assert.is(r.code, 0, r.stdout);
      r = await cli('rollback', ...on);
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /Rolled back 1 migration in [\d.]+ s; the database is now at \d{14}_initial/);
      r = await cli('status', '--json', ...on);
      assert.is(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout) as { counts: Record<string, number>; migrations: { name: string; state: string }[] };
      assert.equal(s.migrations.map((m) => [m.name, m.state]), [['initial', 'applied'], ['add_x', 'pending']]);
      assert.equal(s.counts, { applied: 1, pending: 1, modified: 0, missing: 0 });

      // Edit the applied migration (and rehash, so the sum alone does not catch it).
      const first = join('migrations', files[0]!);
      p.write(first, p.read(first).replace('-- migrate:up\n', '-- migrate:up\nSELECT 1;\n'));
      r = await cli('generate', '--rehash');
      assert.is(r.code, 0, r.stderr);
      r = await cli('migrate', ...on);
      assert.is(r.code, 1, `${e.name}: an edited applied file is refused\n${r.stdout}`);
      assert.match(r.stderr, new RegExp(`migrations/${files[0]} was changed after it was applied`));
      assert.match(r.stderr, /restore it \(git checkout -- migrations\/\d{14}_initial\.sql\) and put the change in a new migration/);
      r = await cli('status', ...on);
      assert.match(r.stdout, /modified {2}\d{14}_initial +the file changed after it was applied/);
    } finally {
      await db?.done();
      p.done();
    }
    noteTime(e.name, started);
  }
});

test.run();
