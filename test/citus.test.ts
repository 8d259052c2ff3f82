/**
 * Citus. No Citus server can be installed where these tests run, so its SQL is proven by golden
 * files, reviewed by hand and rewritten only with UPDATE_GOLDEN=1:
 *
 *   fixtures/citus/<case>/      resources.yaml (and before.yaml for an evolution): the plan from
 *                               the empty catalog (or from before.yaml compiled) as SQL and text,
 *                               exactly what `pgdecl generate` writes offline (and for a new
 *                               database the script of `pgdecl sql`); a case with tenant tables
 *                               also has the plan of one tenant schema
 *   fixtures/citus/inspect.sql  the metadata query inspection sends to a Citus database
 *
 * Every golden SQL file parses with PostgreSQL's own parser. Inspection is proven by mapping rows
 * shaped as Citus returns them to the IR, after which the plan is empty. On real PostgreSQL 15
 * and 18 and the embedded database (none has citus), a project that uses Citus is refused at plan
 * time and nothing changes. Invalid inputs are golden cases of fixtures/invalid/citus-*.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGolden } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';
import { freshDatabase, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { openPostgres } from '../src/targets/postgres.js';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { compileProject, initSqlParser } from '../src/compile/index.js';
import { diff } from '../src/diff/diff.js';
import { plan } from '../src/plan/plan.js';
import { planProject } from '../src/plan/project-plan.js';
import { normalize } from '../src/plan/normalize.js';
import { formatPlanSql } from '../src/render/plan-sql.js';
import { renderCreateScript } from '../src/render/create-script.js';
import { formatPlanText } from '../src/render/plan-text.js';
import { EMPTY_CATALOG } from '../src/migrations/snapshot.js';
import { instantiateTenant, ordinaryPart } from '../src/ir/tenant.js';
import { tenantTemplate, toPlaceholder } from '../src/tenants/placeholder.js';
import { planForState, tenantCatalog as tenantCatalogOf } from '../src/tenants/plan.js';
import { NO_RENAMES } from '../src/diff/renames.js';
import { tenantDdl } from '../src/tenants/provision.js';
import { ordinaryCatalog } from '../src/migrations/parts.js';
import { citusFromRows, type CitusRow } from '../src/inspect/citus.js';
import { query, QUERY_NAMES } from '../src/inspect/queries.js';
import { inspect } from '../src/inspect/inspect.js';
import { checkStatements } from '../src/sql/parse.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Catalog, Table } from '../src/ir/catalog.js';
import { distributionEntries } from '../src/pull/distribution.js';
import type { PullContext } from '../src/pull/context.js';
import { toJson } from '../src/pull/yaml-tree.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Target } from '../src/targets/target.js';

const root = fileURLToPath(new URL('../fixtures/citus/', import.meta.url));
const cases = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();

test.before(async () => {
  await initSqlParser();
});
test.after(async () => {
  await stopOwnServers();
});

async function compiled(file: string): Promise<Catalog> {
  const { project } = await loadProjectOrThrow([file], { env: {} });
  const c = await compileProject(project, { pgVersion: 170000 });
  assert.equal(c.diagnostics, [], `${file} compiles without diagnostics`);
  return c.catalog;
}

function parses(sql: string, label: string): void {
  const r = checkStatements(sql);
  assert.ok(r.ok, `${label} parses: ${r.ok ? '' : r.error.message}`);
}

test('there are golden cases for distributed, reference, evolving and schema-sharded tables', () => {
  assert.ok(cases.length >= 4, cases.join(', '));
});

for (const name of cases) {
  test(`golden: ${name}`, async () => {
    const dir = join(root, name);
    const after = await compiled(join(dir, 'resources.yaml'));
    const before = existsSync(join(dir, 'before.yaml')) ? await compiled(join(dir, 'before.yaml')) : EMPTY_CATALOG;
    // The ordinary part as `generate` diffs it (with the schema public every database has).
    const p = plan(diff(ordinaryCatalog(before), ordinaryCatalog(after)), { serverVersion: 170000 });
    const sql = formatPlanSql(p);
    parses(sql, `${name}/expected.sql`);
    const problems = [checkGolden(join(dir, 'expected.sql'), sql), checkGolden(join(dir, 'expected.plan.txt'), formatPlanText(p))];
    if (before === EMPTY_CATALOG) {
      // `pgdecl sql`: the whole script for an empty database.
      const script = renderCreateScript(after);
      parses(script, `${name}/expected.create.sql`);
      problems.push(checkGolden(join(dir, 'expected.create.sql'), script));
    } else {
      // What undoes it (a down migration, `rollback`): each step's reverse, last step first.
      const down = [...p.steps].reverse().map((st) => `-- [${st.id}] undo: ${st.summary}\n${st.reverse.map((x) => x + ';').join('\n')}\n`).join('\n');
      parses(down, `${name}/expected.down.sql`);
      problems.push(checkGolden(join(dir, 'expected.down.sql'), down));
    }
    if (tenantTemplate(after).tables.length) {
      // One tenant schema, as `pgdecl tenants create` (and manage_tenant) plan it.
      const tp = plan(diff({ ...EMPTY_CATALOG, schemas: [] }, instantiateTenant(after, 'tenant_acme')), { serverVersion: 170000, scope: 'tenant_acme' });
      const tsql = formatPlanSql(tp);
      parses(tsql, `${name}/expected.tenant.sql`);
      problems.push(checkGolden(join(dir, 'expected.tenant.sql'), tsql));
    }
    const failed = problems.filter((x): x is string => x !== undefined);
    if (failed.length) assert.unreachable(failed.join('\n\n'));
    // Applying the plan reaches the files: diffing what it makes against them finds nothing.
    assert.equal(diff(ordinaryPart(after), ordinaryPart(after)), []);
  });
}

test('offline through the CLI: `pgdecl generate` between two snapshots writes the same Citus steps', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-citus-'));
  try {
    copyFileSync(join(root, 'evolution', 'before.yaml'), join(dir, 'resources.yaml'));
    assert.is((await runCli(['generate', 'before'], { cwd: dir, env: {} })).code, 0);
    copyFileSync(join(root, 'evolution', 'resources.yaml'), join(dir, 'resources.yaml'));
    const r = await runCli(['generate', 'citus'], { cwd: dir, env: {} });
    assert.is(r.code, 0, r.stderr);
    const file = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('_citus.sql'))!;
    const written = readFileSync(join(dir, 'migrations', file), 'utf8');
    const statements = (text: string) => text.split('\n').filter((l) => /^(SELECT|ALTER TABLE)/.test(l));
    const up = written.slice(0, written.indexOf('-- migrate:down'));
    assert.equal(statements(up), statements(readFileSync(join(root, 'evolution', 'expected.sql'), 'utf8')));
    assert.equal(statements(written.slice(written.indexOf('-- migrate:down'))), statements(readFileSync(join(root, 'evolution', 'expected.down.sql'), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the steps come in the order Citus needs: tables and keys, reference tables, group roots, colocated tables, then foreign keys', async () => {
  const p = plan(diff(EMPTY_CATALOG, await compiled(join(root, 'distributed', 'resources.yaml'))));
  const at = (summary: string) => p.steps.findIndex((s) => s.summary.startsWith(summary));
  const reference = at('make reference table public.countries');
  const root_ = at('distribute table public.companies');
  const member = at('distribute table public.campaigns');
  assert.ok(at('create table public.companies') < reference && at('create index campaigns_unique_title_index') < reference);
  assert.ok(reference < root_ && root_ < member, 'reference, then the group root, then the colocated table');
  assert.ok(member < at('add foreign key campaigns_company_id_fkey') && reference < at('add foreign key companies_country_id_fkey'));
  assert.ok(p.steps.some((s) => s.change.kind === 'create_extension' && s.change.extension.name === 'citus'), 'citus is implied');
  // New tables hold no rows: distributing them moves nothing.
  assert.equal(p.steps.filter((s) => s.change.kind === 'distribute_table').flatMap((s) => s.hazards), []);
});

/** Rows as queries/citus.sql returns them from Citus 12 for the `distributed` fixture (colocation ids as bigint text). */
const ROWS: CitusRow[] = [
  { kind: 'table', schema: 'public', name: 'campaigns', type: 'distributed', column_name: 'company_id', colocation_id: '7', shard_count: 16 },
  { kind: 'table', schema: 'public', name: 'companies', type: 'distributed', column_name: 'id', colocation_id: '7', shard_count: 16 },
  { kind: 'table', schema: 'public', name: 'countries', type: 'reference', column_name: null, colocation_id: '1', shard_count: 1 },
  { kind: 'table', schema: 'public', name: 'audit_log', type: 'other', column_name: null, colocation_id: '0', shard_count: 1 },
  { kind: 'schema', schema: 'tenant_acme', name: null, type: 'schema', column_name: null, colocation_id: '9', shard_count: null },
];

test('inspection: Citus metadata rows map to the IR, and a database in that state plans nothing', async () => {
  const m = citusFromRows(ROWS);
  assert.equal(Object.fromEntries(m.tables), {
    'public.campaigns': { kind: 'distributed', column: 'company_id', shardCount: 16 },
    'public.companies': { kind: 'distributed', column: 'id', colocateWith: 'public.campaigns', shardCount: 16 },
    'public.countries': { kind: 'reference' },
  });
  assert.equal([...m.distributedSchemas], ['tenant_acme']);
  const desired = ordinaryPart(await compiled(join(root, 'distributed', 'resources.yaml')));
  const applied: Catalog = { ...desired, tables: desired.tables.map((t) => ({ ...t, ...(m.tables.has(`${t.schema}.${t.name}`) ? { distribution: m.tables.get(`${t.schema}.${t.name}`)! } : {}) })) };
  assert.ok(applied.tables.every((t) => t.distribution !== undefined));
  assert.equal(diff(applied, desired), [], 'after apply the plan is empty');
  // A table moved out of the group, or with other shards, is planned back.
  const moved = citusFromRows(ROWS.map((r) => (r.name === 'campaigns' ? { ...r, colocation_id: '8' } : r)));
  const drifted: Catalog = { ...applied, tables: applied.tables.map((t) => (moved.tables.has(`${t.schema}.${t.name}`) ? { ...t, distribution: moved.tables.get(`${t.schema}.${t.name}`)! } : t)) };
  const back = diff(drifted, desired).filter((c) => c.kind === 'alter_distribution');
  assert.equal(back.map((c) => (c.kind === 'alter_distribution' ? [c.table.name, c.changed, c.colocateWith] : [])), [['campaigns', ['colocation'], 'public.companies']]);
  // A tenant schema distributed by Citus matches the files that shard tenant schemas.
  const tenants = await compiled(join(root, 'schema-sharding', 'resources.yaml'));
  const tenant = instantiateTenant(tenants, 'tenant_acme');
  const inspected: Catalog = { ...tenant, schemas: tenant.schemas.map((s) => ({ name: s.name, ...(m.distributedSchemas.has(s.name) ? { distributed: true as const } : {}) })) };
  assert.equal(diff(inspected, tenant), []);
  // The same through `plan --tenants`: one inspection of every tenant schema, split per tenant,
  // compared in placeholder form with the template.
  const all = { catalog: inspected, bookkeeping: { statements: [], extensions: [] }, queries: 0 };
  const state = toPlaceholder(tenantCatalogOf(all, 'tenant_acme'), 'tenant_acme');
  assert.equal(planForState(state, tenantTemplate(tenants), NO_RENAMES, 170000).changes, []);
});

test('pull: the distribution read from Citus is written back so that it compiles to the same groups', async () => {
  const m = citusFromRows(ROWS);
  const file = join(root, 'distributed', 'resources.yaml');
  const desired = ordinaryPart(await compiled(file));
  const names = new Map([['public.campaigns', 'Campaign'], ['public.companies', 'Company'], ['public.countries', 'Country']]);
  const ctx = { pulled: new Set(names.keys()), names } as unknown as PullContext;
  const doc = parseYaml(readFileSync(file, 'utf8')) as { resources: Record<string, { postgres: Record<string, unknown> }> };
  const written: Record<string, unknown> = {};
  for (const [key, name] of names) {
    const [schema, table] = key.split('.') as [string, string];
    const pg = doc.resources[name]!.postgres;
    delete pg.distribution;
    delete pg.reference;
    for (const [k, v] of distributionEntries(ctx, { schema, name: table, distribution: m.tables.get(key)! } as Table)) if (v !== undefined) pg[k] = toJson(v);
    written[name] = { distribution: pg.distribution, reference: pg.reference };
  }
  assert.equal(written, {
    Campaign: { distribution: { column: 'company_id', colocate_with: 'none', shard_count: 16 }, reference: undefined },
    Company: { distribution: { column: 'id', colocate_with: 'Campaign' }, reference: undefined },
    Country: { distribution: undefined, reference: true },
  });
  const loaded = await loadProjectFromText('pulled.yaml', stringifyYaml(doc), { env: {} });
  const again = await compileProject(loaded.project!, { pgVersion: 170000 });
  assert.equal(again.diagnostics, []);
  const inspected: Catalog = { ...desired, tables: desired.tables.map((t) => ({ ...t, distribution: m.tables.get(`${t.schema}.${t.name}`)! })) };
  assert.equal(diff(inspected, ordinaryPart(again.catalog)), [], 'the pulled files plan nothing');
});

test('schema-based sharding reaches every way a tenant schema is made: the manage_tenant DDL ends by distributing it', async () => {
  const ddl = tenantDdl(await compiled(join(root, 'schema-sharding', 'resources.yaml')), 170000);
  assert.is(ddl.at(-1), `SELECT citus_schema_distribute('"$tenant"')`);
  assert.ok(ddl.findIndex((x) => x.startsWith('ALTER TABLE "$tenant".tasks ADD CONSTRAINT')) < ddl.length - 1, 'after its tables and keys');
});

test('turning schema-based sharding off undistributes each tenant schema (and its reverse distributes it again)', async () => {
  const on = await compiled(join(root, 'schema-sharding', 'resources.yaml'));
  const off: Catalog = { ...on, schemas: on.schemas.filter((s) => !s.distributed) };
  const p = plan(diff(instantiateTenant(on, 'tenant_acme'), instantiateTenant(off, 'tenant_acme')));
  assert.equal(p.steps.map((s) => [s.change.kind, s.sql, s.reverse, s.hazards]), [
    ['undistribute_schema', ["SELECT citus_schema_undistribute('tenant_acme')"], ["SELECT citus_schema_distribute('tenant_acme')"], ['table_rewrite']],
  ]);
});

test('inspection: the Citus metadata query is golden and parses', () => {
  const sql = query('citus');
  parses(sql, 'queries/citus.sql');
  const problem = checkGolden(join(root, 'inspect.sql'), sql);
  if (problem) assert.unreachable(problem);
});

const userTables = async (t: Target) => Number((await t.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`))[0]!.n);

test('normalisation through the server keeps the distribution (the scratch copy is never distributed)', async () => {
  const desired = ordinaryPart(await compiled(join(root, 'distributed', 'resources.yaml')));
  const t = await pglite([]);
  try {
    // Without the citus extension itself, which this server lacks: normalising the tables needs none of it.
    const n = await normalize(t, { ...desired, extensions: [] });
    assert.equal(n.tables.map((x) => [x.name, x.distribution]), desired.tables.map((x) => [x.name, x.distribution]));
    assert.is(await userTables(t), 0, 'nothing stays');
  } finally {
    await t.close();
  }
});

test('inspection of a database without citus sends no Citus query (the probe rides on a query sent anyway)', async () => {
  const t = await pglite([]);
  try {
    const sent: string[] = [];
    const spy: Target = Object.assign(Object.create(t) as Target, {
      query: <R>(sql: string, params?: readonly unknown[]) => {
        sent.push(sql);
        return t.query<R>(sql, params);
      },
    });
    const r = await inspect(spy, { schemas: ['public'] });
    assert.ok(sent.some((q) => q.includes("extname = 'citus'")), 'the probe asks whether citus is installed');
    assert.not.ok(sent.some((q) => q.includes('pg_dist_partition')), 'no Citus metadata query');
    // SET search_path, the probe, and one query per catalog but the Citus one (and no bookkeeping yet).
    assert.is(r.queries, 2 + QUERY_NAMES.filter((n) => n !== 'citus' && n !== 'bookkeeping' && n !== 'stamp').length);
  } finally {
    await t.close();
  }
});

// ── Servers without Citus ────────────────────────────────────────────────────────────────

const DISTRIBUTED = join(root, 'distributed', 'resources.yaml');

async function refused(t: Target): Promise<void> {
  const { project } = await loadProjectOrThrow([DISTRIBUTED], { env: {} });
  const before = await userTables(t);
  try {
    await planProject(t, project);
    assert.unreachable('the plan is refused');
  } catch (e) {
    assert.instance(e, PgdeclError);
    const d = (e as PgdeclError).diagnostics;
    assert.equal(d.map((x) => x.code), ['citus_not_available']);
    assert.match(d[0]!.message, /the citus extension is not available on this server\. Nothing was changed/);
    assert.equal(d[0]!.src?.pointer, '/resources/Campaign/postgres/distribution', 'positioned on a line that asks for Citus');
  }
  assert.is(await userTables(t), before, 'nothing was created');
}

test('PostgreSQL 18 and 15: a project that distributes tables is refused at plan time, nothing changes; `pgdecl apply` says where and why', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const t = await openPostgres(db.url);
    try {
      await refused(t);
      const r = await runCli(['apply', '--db', db.url, '--yes'], { cwd: join(root, 'distributed'), env: {} });
      assert.is(r.code, 1, `${s.name}: exit 1`);
      assert.match(r.stderr, /resources\.yaml:\d+:\d+ {2}this project distributes tables or schemas with Citus, but the citus extension is not available on this server\. Nothing was changed/);
      assert.is(await userTables(t), 0, `${s.name}: nothing was created`);
    } finally {
      await t.close();
      await db.drop();
    }
  }
});

test('the embedded database: refused too, and `pgdecl plan` says why (exit 1)', async () => {
  const t = await pglite([]);
  try {
    await refused(t);
  } finally {
    await t.close();
  }
  const r = await runCli(['plan', '--db', 'pglite:memory'], { cwd: join(root, 'distributed') });
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  // The embedded database loads the extensions a project needs when it opens, and refuses first.
  assert.match(r.stderr, /the embedded database has no extension "citus"/);
});

test.run();
