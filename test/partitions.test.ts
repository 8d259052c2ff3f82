/**
 * Partitioned tables beyond the round-trip and evolution cases, on PostgreSQL 18, 15 and the
 * embedded database: a tenant table that is partitioned (every tenant schema gets its
 * partitions, created by `tenants create` and by manage_tenant's trigger, and converges);
 * what partitions inherit is not inspected as theirs; a change of partitioning is refused,
 * naming the table, with nothing changed; validation errors carry their position.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, freshTarget, pglite, resetDatabase, servers, sqlOn, stopOwnServers } from './helpers/servers.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { inspect } from '../src/inspect/inspect.js';
import { instantiateTenant } from '../src/ir/tenant.js';
import { compileProject } from '../src/compile/compile.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { diff } from '../src/diff/diff.js';
import { plan } from '../src/plan/plan.js';
import type { Project } from '../src/model/resource.js';
import type { Target } from '../src/targets/target.js';
import type { Catalog, Table } from '../src/ir/catalog.js';

const TENANT_FILES = `version: 1
repos:
  default:
    tenants: "SELECT 'tenant_' || slug FROM public.orgs ORDER BY 1"
resources:
  Org:
    attributes:
      id: integer_primary_key
      slug: { type: string, allow_nil: false }
    postgres:
      table: orgs
      manage_tenant: { template: ["tenant_", slug] }
  Visit:
    multitenancy: { strategy: context }
    attributes:
      id: { type: integer, primary_key: true }
      day: { type: date, allow_nil: false, primary_key: true }
      page: string
    postgres:
      table: visits
      partition_by: { strategy: range, keys: [day] }
      partitions:
        visits_2024: { from: "2024-01-01", to: "2025-01-01" }
        visits_rest: { default: true }
      custom_indexes:
        - fields: [page]
`;

async function project(text: string): Promise<Project> {
  const r = await loadProjectFromText('resources.yaml', text);
  assert.ok(r.project, r.diagnostics.map((d) => d.message).join('; '));
  return r.project!;
}

test('instantiation puts the partitions of a tenant table in the tenant schema, under its copy of the parent', async () => {
  const { catalog } = await compileProject(await project(TENANT_FILES));
  const t = instantiateTenant(catalog, 'tenant_acme');
  const parts = t.tables.filter((x) => x.partitionOf).map((x) => `${x.schema}.${x.name} of ${x.partitionOf!.schema}.${x.partitionOf!.name}`);
  assert.equal(parts, ['tenant_acme.visits_2024 of tenant_acme.visits', 'tenant_acme.visits_rest of tenant_acme.visits']);
});

test('online, an index and a foreign key on a partitioned table are made as offline (PostgreSQL cannot build them CONCURRENTLY / NOT VALID)', async () => {
  const before = (await compileProject(await project(PARTITIONED))).catalog;
  const after = (await compileProject(await project(PARTITIONED.replace('    postgres:\n', '      note: string\n    postgres:\n      custom_indexes:\n        - fields: [note]\n')))).catalog;
  const p = plan(diff(before, after), { online: { tables: 'all' } });
  assert.equal(p.steps.map((s) => [s.change.kind, s.transactional, s.sql[0]]), [
    ['add_column', true, 'ALTER TABLE public.events ADD COLUMN note text'],
    ['create_index', true, 'CREATE INDEX events_note_index ON public.events (note)'],
  ]);
});

test('detached: true detaches an attached partition and leaves the table alone; a resource of that name is compared as declared', () => {
  const col = { name: 'd', type: 'date', nullable: false };
  const base = { foreignKeys: [], checks: [], indexes: [], triggers: [] };
  const parent = { schema: 'public', name: 'm', columns: [col], partitionBy: 'RANGE (d)', ...base };
  const old = { schema: 'public', name: 'm_old', columns: [], partitionOf: { schema: 'public', name: 'm', bound: "FOR VALUES FROM (MINVALUE) TO ('2024-01-01')" }, ...base };
  const standalone = { schema: 'public', name: 'm_old', columns: [col], ...base };
  const cat = (tables: Table[]): Catalog => ({ formatVersion: 1, extensions: [], schemas: [{ name: 'public' }], functions: [], tables, statements: [] });
  const keptDetached = cat([{ ...parent, detachedPartitions: ['m_old'] }]);
  assert.equal(diff(cat([parent, old]), keptDetached).map((c) => c.kind), ['detach_partition']);
  assert.equal(diff(cat([parent, standalone]), keptDetached), []);
  assert.equal(diff(cat([parent, standalone]), cat([{ ...parent, detachedPartitions: ['m_old'] }, { ...standalone, comment: 'archive' }])).map((c) => c.kind), ['set_table_comment']);
});

test('a partitioned tenant table: tenants created by the command and by the trigger get its partitions, and converge', async () => {
  const dirs: string[] = [];
  try {
    const targets = [...(await servers()).map((s) => ({ name: s.name, server: s })), { name: 'pglite', server: undefined }];
    await Promise.all(
      targets.map(async ({ name, server }) => {
        const dir = mkdtempSync(join(tmpdir(), 'pgdecl-partitions-'));
        dirs.push(dir);
        const db = server ? await freshDatabase(server) : { url: `pglite:${join(dir, 'data')}`, drop: async () => {} };
        const cli = (...argv: string[]) => runCli([...argv, '--db', db.url], { cwd: dir });
        try {
          writeFileSync(join(dir, 'resources.yaml'), TENANT_FILES);
          let r = await cli('apply', '--yes');
          assert.is(r.code, 0, `${name}: ${r.stderr}`);
          r = await cli('tenants', 'create', 'tenant_acme');
          assert.is(r.code, 0, `${name}: ${r.stderr}`);
          // The trigger of manage_tenant makes the second tenant.
          r = await cli('plan', '--tenants', '--exit-code');
          assert.is(r.code, 0, `${name}: tenants converged\n${r.stdout}${r.stderr}`);
          if (server) {
            await sqlOn(db.url, `INSERT INTO orgs (slug) VALUES ('acme'), ('globex')`);
            await sqlOn(db.url, `INSERT INTO tenant_globex.visits VALUES (1, '2024-05-01', '/'), (2, '2023-01-01', '/old')`);
            const rows = await sqlOn(db.url, `SELECT i.inhrelid::regclass::text AS part, i.inhparent::regclass::text AS parent FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind IN ('r', 'p') ORDER BY 1`);
            assert.equal(rows, [
              { part: 'tenant_acme.visits_2024', parent: 'tenant_acme.visits' },
              { part: 'tenant_acme.visits_rest', parent: 'tenant_acme.visits' },
              { part: 'tenant_globex.visits_2024', parent: 'tenant_globex.visits' },
              { part: 'tenant_globex.visits_rest', parent: 'tenant_globex.visits' },
            ]);
            const placed = await sqlOn(db.url, `SELECT id::text, tableoid::regclass::text AS part FROM tenant_globex.visits ORDER BY id`);
            assert.equal(placed, [{ id: '1', part: 'tenant_globex.visits_2024' }, { id: '2', part: 'tenant_globex.visits_rest' }]);
            r = await cli('plan', '--tenants', '--exit-code');
            assert.is(r.code, 0, `${name}: both tenants converged\n${r.stdout}${r.stderr}`);
          }
        } finally {
          await db.drop();
        }
      }),
    );
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

const ORDINARY = `version: 1
resources:
  Event:
    attributes:
      id: { type: integer, primary_key: true }
      at: { type: date, allow_nil: false, primary_key: true }
    postgres: { table: events }
`;
const PARTITIONED = ORDINARY.replace('    postgres: { table: events }\n', `    postgres:
      table: events
      partition_by: { strategy: range, keys: [at] }
      partitions:
        events_all: { from: MINVALUE, to: MAXVALUE }
`);

async function refusal(t: Target): Promise<void> {
  let p = await planProject(t, await project(ORDINARY));
  await applySteps(t, p.plan.steps);
  await t.exec(`INSERT INTO events VALUES (1, '2024-01-01')`);
  try {
    p = await planProject(t, await project(PARTITIONED));
    assert.unreachable('the plan is refused');
  } catch (e) {
    assert.instance(e, PgdeclError);
    const d = (e as PgdeclError).diagnostics;
    assert.equal(d.map((x) => x.code), ['partitioning_change']);
    assert.match(d[0]!.message, /^the table public\.events is an ordinary table in the database and partitioned by RANGE \(at\) in the files: PostgreSQL cannot change that in place; nothing was changed$/);
  }
  const rows = await t.query<{ kind: string; n: string }>(`SELECT c.relkind::text AS kind, (SELECT count(*) FROM events)::text AS n FROM pg_class c WHERE c.relname = 'events'`);
  assert.equal(rows, [{ kind: 'r', n: '1' }]);
}

/** Indexes, keys, checks, foreign keys and triggers a partition inherits are its parent's alone. */
async function inheritedNotInspected(t: Target): Promise<void> {
  await t.exec(`CREATE TABLE cities (id bigint PRIMARY KEY)`);
  await t.exec(`CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`);
  await t.exec(`CREATE TABLE m (city_id bigint NOT NULL REFERENCES cities, d date NOT NULL, v int CHECK (v > 0), UNIQUE (city_id, d)) PARTITION BY RANGE (d)`);
  await t.exec(`CREATE INDEX m_v ON m (v)`);
  await t.exec(`CREATE TRIGGER m_touch BEFORE UPDATE ON m FOR EACH ROW EXECUTE FUNCTION touch()`);
  await t.exec(`CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`);
  await t.exec(`CREATE INDEX m_2024_own ON m_2024 (city_id)`);
  const { catalog } = await inspect(t, { schemas: ['public'] });
  const parent = catalog.tables.find((x) => x.name === 'm')!;
  const part = catalog.tables.find((x) => x.name === 'm_2024')!;
  assert.is(parent.partitionBy, 'RANGE (d)');
  assert.equal([parent.checks.length, parent.foreignKeys.length, parent.indexes.map((i) => i.name), parent.triggers.length], [1, 1, ['m_city_id_d_key', 'm_v'], 1]);
  assert.equal(part.partitionOf, { schema: 'public', name: 'm', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" });
  assert.equal([part.columns, part.checks, part.foreignKeys, part.triggers, part.primaryKey], [[], [], [], [], undefined]);
  assert.equal(part.indexes.map((i) => i.name), ['m_2024_own']);
}

test('what a partition inherits is not inspected as its own; a change of partitioning is refused with nothing changed', async () => {
  const lite = await pglite();
  const real = await servers();
  try {
    await Promise.all([
      (async () => {
        await resetDatabase(lite);
        await refusal(lite);
        await resetDatabase(lite);
        await inheritedNotInspected(lite);
      })(),
      ...real.map(async (s) => {
        for (const step of [refusal, inheritedNotInspected]) {
          const t = await freshTarget(s);
          try {
            await step(t);
          } finally {
            await t.drop();
          }
        }
      }),
    ]);
  } finally {
    await lite.close();
  }
});

test('partition errors name the file, line and column, and the fix', async () => {
  const r = await loadProjectFromText(
    'resources.yaml',
    `version: 1
resources:
  Sale:
    attributes:
      id: integer_primary_key
      region: { type: string, allow_nil: false }
    postgres:
      table: sales
      partition_by: { strategy: list, keys: [region] }
      partitions:
        sales_eu: { from: eu, to: ev }
`,
  );
  const found = r.diagnostics.map((d) => [d.code, d.pos && `${d.pos.line}:${d.pos.column}`, d.suggestion]);
  assert.equal(found, [
    ['partition_key_unique', '5:7', 'add `region` to it (for the primary key: `primary_key: true` on region), or partition by columns it holds'],
    ['partition_bound', '11:21', 'give it `in` instead'],
  ]);
});

test.after(async () => {
  await stopOwnServers();
});

test.run();
