/**
 * Foreign keys between attribute-tenant resources (AshPostgres's model): the key points at the
 * destination's key, so an optional belongs_to takes a NULL; `match_tenant: true` adds the
 * tenant column to the key (a row can only point at its own tenant's rows), still allowing a
 * NULL reference under MATCH SIMPLE; an explicit `match_type: full` is honoured. On PGlite,
 * PostgreSQL 18 and PostgreSQL 15: apply, converge, then insert rows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { formatPlanText } from '../src/render/plan-text.js';
import type { Target } from '../src/targets/target.js';
import { stopOwnServers } from './helpers/servers.js';
import { closeEngines, database, engines, type Engine } from './helpers/migrations.js';

const files = (reference: string) => `version: 1
resources:
  Org:
    attributes: { id: integer_primary_key }
    postgres: { table: orgs }
  Project:
    multitenancy: { strategy: attribute, attribute: org_id }
    attributes: { id: integer_primary_key, org_id: { type: integer, allow_nil: false } }
    postgres: { table: projects }
  Task:
    multitenancy: { strategy: attribute, attribute: org_id }
    attributes: { id: integer_primary_key, org_id: { type: integer, allow_nil: false } }
    relationships:
      project: { type: belongs_to, destination: Project }
    postgres:
      table: tasks
      references:
        project: ${reference}
`;

const SEED = `INSERT INTO orgs (id) VALUES (1), (2);
INSERT INTO projects (id, org_id) VALUES (10, 1), (20, 2);`;

async function load(reference: string) {
  const r = await loadProjectFromText('resources.yaml', files(reference), { env: {} });
  assert.ok(r.project, JSON.stringify(r.diagnostics));
  return r.project!;
}

/** Applies the files, proves convergence, seeds; returns the foreign key as the server prints it. */
async function setUp(t: Target, reference: string): Promise<string> {
  const project = await load(reference);
  const p = await planProject(t, project);
  const r = await applySteps(t, p.plan.steps);
  assert.ok(!r.failure, r.failure?.error.message);
  const again = await planProject(t, project);
  assert.is(again.plan.steps.length, 0, formatPlanText(again.plan));
  await t.exec(SEED);
  const [fk] = await t.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'tasks_project_id_fkey'`);
  return fk!.def;
}

async function fails(t: Target, sql: string): Promise<boolean> {
  try {
    await t.exec(sql);
    return false;
  } catch {
    return true;
  }
}

const CASES: { name: string; reference: string; def: string; check: (t: Target) => Promise<void> }[] = [
  {
    name: 'by default the key points at the destination key: a task without a project is inserted',
    reference: '{ on_delete: nilify }',
    def: 'FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE SET NULL',
    check: async (t) => {
      await t.exec('INSERT INTO tasks (org_id, project_id) VALUES (1, NULL), (1, 10)');
      await t.exec('DELETE FROM projects WHERE id = 10');
      assert.equal(await t.query('SELECT org_id::text, project_id::text FROM tasks ORDER BY id'), [{ org_id: '1', project_id: null }, { org_id: '1', project_id: null }]);
    },
  },
  {
    name: 'match_tenant: the key includes the tenant, a NULL project is allowed, another tenant\'s project is not',
    reference: '{ match_tenant: true }',
    def: 'FOREIGN KEY (org_id, project_id) REFERENCES projects(org_id, id)',
    check: async (t) => {
      await t.exec('INSERT INTO tasks (org_id, project_id) VALUES (1, NULL), (1, 10)');
      assert.ok(await fails(t, 'INSERT INTO tasks (org_id, project_id) VALUES (1, 20)'), "a task points at another tenant's project");
    },
  },
  {
    name: 'match_tenant with match_type: full is honoured: a half-NULL key is refused',
    reference: '{ match_tenant: true, match_type: full }',
    def: 'FOREIGN KEY (org_id, project_id) REFERENCES projects(org_id, id) MATCH FULL',
    check: async (t) => {
      await t.exec('INSERT INTO tasks (org_id, project_id) VALUES (1, 10)');
      assert.ok(await fails(t, 'INSERT INTO tasks (org_id, project_id) VALUES (1, NULL)'), 'MATCH FULL let a half-NULL key through');
    },
  },
];

let all: Engine[] = [];
test.before(async () => {
  all = await engines();
});
test.after(async () => {
  await closeEngines();
  await stopOwnServers();
});

for (const c of CASES) {
  test(c.name, async () => {
    await Promise.all(
      all.map(async (e) => {
        const db = await database(e);
        try {
          assert.is(await setUp(db.target, c.reference), c.def, e.name);
          await c.check(db.target);
        } catch (err) {
          throw new Error(`${e.name}: ${(err as Error).message}`);
        } finally {
          await db.done();
        }
      }),
    );
  });
}
test('match_tenant between resources that are not both attribute tenants is refused', async () => {
  const r = await loadProjectFromText('resources.yaml', files('{ match_tenant: true }').replace('  Project:\n    multitenancy: { strategy: attribute, attribute: org_id }\n', '  Project:\n'), { env: {} });
  const d = r.diagnostics.find((x) => x.code === 'reference_options');
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.match(d!.message, /match_tenant: true`, but Project has no tenant attribute/);
});

test('match_tenant, match_type: full and on_delete: nilify together are refused', async () => {
  const r = await loadProjectFromText('resources.yaml', files('{ match_tenant: true, match_type: full, on_delete: nilify }'), { env: {} });
  assert.ok(r.diagnostics.some((x) => x.code === 'reference_options' && /MATCH FULL refuses/.test(x.message)), JSON.stringify(r.diagnostics));
});

test.run();
