/**
 * `manage_tenant` in the database, on PGlite, PostgreSQL 18 and PostgreSQL 15: inserting a
 * tenant row creates its schema with every tenant table (a trigger calling the provisioning
 * function pgdecl writes), changing the template's attribute renames the schema, and each time
 * the tenant plan is empty. An apply that changes the tenant resources keeps the function
 * current; `create: false` and `update: false` leave those jobs to `pgdecl tenants`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { formatPlanText } from '../src/render/plan-text.js';
import { planTenants } from '../src/tenants/plan.js';
import type { Project } from '../src/model/resource.js';
import type { Target } from '../src/targets/target.js';
import { runCli } from './helpers/cli.js';
import { project as scratch, closeEngines, database, engines, type Engine } from './helpers/migrations.js';
import { stopOwnServers } from './helpers/servers.js';

const FILES = (manage = '{ template: ["tenant_", slug] }') => `version: 1
resources:
  Org:
    attributes:
      id: integer_primary_key
      slug: { type: string, allow_nil: false }
    identities:
      unique_slug: { keys: [slug] }
    postgres:
      table: orgs
      manage_tenant: ${manage}
  Project:
    multitenancy: { strategy: context }
    attributes:
      id: integer_primary_key
      name: { type: string, allow_nil: false }
      updated_at: update_timestamp
    postgres:
      table: projects
      custom_statements:
        - { name: open_projects, up: "CREATE VIEW open_projects AS SELECT id, name FROM projects", down: "DROP VIEW open_projects" }
  Task:
    multitenancy: { strategy: context }
    attributes:
      id: integer_primary_key
      title: { type: string, allow_nil: false }
    relationships:
      project: { type: belongs_to, destination: Project, allow_nil: false }
    postgres:
      table: tasks
      references:
        project: { on_delete: delete, index: true }
`;
const EVOLVED = FILES().replace('      title: { type: string, allow_nil: false }\n', '      title: { type: string, allow_nil: false }\n      due_on: date\n');

async function load(text: string): Promise<Project> {
  const r = await loadProjectFromText('resources.yaml', text, { env: {} });
  assert.ok(r.project, JSON.stringify(r.diagnostics));
  return r.project!;
}

async function applyFiles(t: Target, text: string): Promise<Project> {
  const project = await load(text);
  const p = await planProject(t, project);
  const r = await applySteps(t, p.plan.steps);
  assert.ok(!r.failure, `${r.failure?.step.summary}: ${r.failure?.error.message}\n${r.failure?.statement.slice(0, 400)}`);
  const again = await planProject(t, project);
  assert.is(again.plan.steps.length, 0, formatPlanText(again.plan));
  return project;
}

const schemas = async (t: Target) => (await t.query<{ n: string }>("SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY 1")).map((r) => r.n);

/** The tenant plan of these schemas is empty. */
async function converged(t: Target, project: Project, tenants: readonly string[]): Promise<void> {
  const p = await planTenants(t, project, tenants);
  const left = p.groups.filter((g) => g.plan.steps.length > 0);
  assert.is(left.length, 0, left.map((g) => `${g.tenants.join(', ')}:\n${formatPlanText(g.plan)}`).join('\n'));
}

let all: Engine[] = [];
test.before(async () => {
  all = await engines();
});
test.after(async () => {
  await closeEngines();
  await stopOwnServers();
});

const onEvery = (fn: (t: Target, e: Engine, url?: string) => Promise<void>) =>
  Promise.all(
    all.map(async (e) => {
      const db = await database(e);
      try {
        await fn(db.target, e, db.url);
      } catch (err) {
        throw new Error(`${e.name}: ${(err as Error).message}`);
      } finally {
        await db.done();
      }
    }),
  );

test('inserting a tenant row creates its schema, updating it renames the schema, an apply keeps the function current', async () => {
  await onEvery(async (t, e, url) => {
    let project = await applyFiles(t, FILES());
    await t.exec("INSERT INTO orgs (slug) VALUES ('acme'), ('beta')");
    assert.equal(await schemas(t), ['tenant_acme', 'tenant_beta']);
    await converged(t, project, ['tenant_acme', 'tenant_beta']);
    // The new schemas are usable as declared.
    await t.exec("INSERT INTO tenant_acme.projects (name) VALUES ('p'); INSERT INTO tenant_acme.tasks (title, project_id) SELECT 't', id FROM tenant_acme.projects");
    assert.equal(await t.query('SELECT name FROM tenant_acme.open_projects'), [{ name: 'p' }]);

    await t.exec("UPDATE orgs SET slug = 'acme2' WHERE slug = 'acme'");
    assert.equal(await schemas(t), ['tenant_acme2', 'tenant_beta']);
    assert.equal(await t.query('SELECT title FROM tenant_acme2.tasks'), [{ title: 't' }]);
    await converged(t, project, ['tenant_acme2', 'tenant_beta']);

    // The files change: apply replaces the provisioning function; a new tenant gets the new column.
    project = await applyFiles(t, EVOLVED);
    await t.exec("INSERT INTO orgs (slug) VALUES ('gamma')");
    await converged(t, project, ['tenant_gamma']);
    if (url && e.name === 'pg18') {
      // The CLI agrees, for the tenants the rows name (the older ones still lack due_on: apply --tenants adds it).
      const dir = scratch({ 'resources.yaml': EVOLVED });
      try {
        const r = await runCli(['apply', '--tenants', '--yes', '--db', url], { cwd: dir.dir });
        assert.is(r.code, 0, r.stdout + r.stderr);
        const plan = await runCli(['plan', '--tenants', '--exit-code', '--db', url], { cwd: dir.dir });
        assert.is(plan.code, 0, plan.stdout + plan.stderr);
      } finally {
        dir.done();
      }
    }
  });
});

test('create: false and update: false leave schemas to `pgdecl tenants`', async () => {
  await onEvery(async (t) => {
    await applyFiles(t, FILES('{ template: ["tenant_", slug], create: false, update: false }'));
    await t.exec("INSERT INTO orgs (slug) VALUES ('acme')");
    assert.equal(await schemas(t), []);
    assert.equal(await t.query("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'orgs_manage_tenant'"), []);
  });
});

test('update: false keeps the schema name when the row changes; create still provisions', async () => {
  await onEvery(async (t) => {
    const project = await applyFiles(t, FILES('{ template: ["tenant_", slug], update: false }'));
    await t.exec("INSERT INTO orgs (slug) VALUES ('acme')");
    await t.exec("UPDATE orgs SET slug = 'acme2'");
    assert.equal(await schemas(t), ['tenant_acme']);
    await converged(t, project, ['tenant_acme']);
  });
});

test('manage_tenant that cannot be honoured is refused, with where and how to fix it', async () => {
  const codes = async (text: string) => (await loadProjectFromText('resources.yaml', text, { env: {} })).diagnostics.filter((d) => d.code === 'manage_tenant_options');
  const unmigrated = await codes(FILES().replace('      table: orgs\n', '      table: orgs\n      migrate: false\n'));
  assert.is(unmigrated.length, 1);
  assert.match(unmigrated[0]!.message, /migrate: false` leaves that table alone/);
  assert.match(unmigrated[0]!.suggestion ?? '', /create: false, update: false/);
  assert.is((await codes(FILES('{ template: ["tenant_", slug], create: false, update: false }').replace('      table: orgs\n', '      table: orgs\n      migrate: false\n'))).length, 0);
  const inTenant = await codes(FILES().replace('  Org:\n', '  Org:\n    multitenancy: { strategy: context }\n'));
  assert.match(inTenant[0]?.message ?? '', /lives in every tenant schema/);
  const twice = await codes(FILES() + '  Team:\n    attributes: { id: integer_primary_key, slug: string }\n    postgres: { table: teams, manage_tenant: { template: ["team_", slug] } }\n');
  assert.match(twice[0]?.message ?? '', /both have manage_tenant/);
});

test('versioned migrations refuse create: true (migrate --tenants builds tenant schemas), with the position', async () => {
  const dir = scratch({ 'resources.yaml': FILES() });
  try {
    const r = await runCli(['generate', 'initial'], { cwd: dir.dir });
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /resources\.yaml:11:\d+/);
    assert.match(r.stderr, /manage_tenant_migrations|migrate --tenants/);
    assert.match(r.stderr, /create: false/);
    dir.write('resources.yaml', FILES('{ template: ["tenant_", slug], create: false }'));
    const ok = await runCli(['generate', 'initial'], { cwd: dir.dir });
    assert.is(ok.code, 0, ok.stdout + ok.stderr);
  } finally {
    dir.done();
  }
});

test.run();
