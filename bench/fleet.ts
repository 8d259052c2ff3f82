/**
 * Benchmark: one column added to every tenant of every database of a fleet.
 *
 *   npm run bench -- fleet [--targets 3] [--tenants 1000] [--tables 3] [--concurrency 6] [--engine pg18]
 *
 * Creates T databases of N tenant schemas each (through the fleet fan-out itself, timed), then
 * adds one column to t0 in every tenant, on disjoint slices of (database, tenant) cells so
 * each path starts from the same state:
 *
 *   A  fleet (`apply --tenants` over the fleet), 1 database × N/4 tenants
 *   B  fleet, the T-1 other databases × the same N/4 tenants            (databases × (T-1))
 *   C  fleet, all T databases × N/2 other tenants                       (tenants × 2, databases × T)
 *   D  loop: each tenant alone (inspect its schema, diff, plan, apply), T × N/8 tenants
 *   E  floor: the bare ALTER TABLE of each tenant in its own transaction, no planning, T × N/8
 *
 * Every path uses the same number of connections (--concurrency). Per-cell times of A, B and C
 * show how the fleet scales in databases and tenants; D and E are the ratios beside them.
 */
import { loadProjectFromText } from '../src/validate/project.js';
import { applyFleet } from '../src/fanout/fleet-apply.js';
import { runPool } from '../src/fanout/pool.js';
import { parseSpec } from '../src/targets/resolve.js';
import { openPostgres } from '../src/targets/postgres.js';
import { inspect } from '../src/inspect/inspect.js';
import { applySteps } from '../src/apply/apply.js';
import { planTenants, planForState, tenantCatalog, tenantSteps } from '../src/tenants/plan.js';
import { toPlaceholder } from '../src/tenants/placeholder.js';
import { ident } from '../src/sql/quote.js';
import type { FleetTarget } from '../src/fanout/fleet-targets.js';
import type { Project } from '../src/model/resource.js';
import type { Target } from '../src/targets/target.js';
import { arg, machine, ms, startBenchServers } from './common.js';

function files(tables: number, extraColumn?: string): string {
  const out = ['version: 1', 'repos: { default: { tenants: "SELECT name FROM public.tenant_names ORDER BY 1" } }', 'resources:'];
  for (let i = 0; i < tables; i++) {
    out.push(
      `  T${i}:`,
      '    multitenancy: { strategy: context }',
      '    attributes:',
      '      id: integer_primary_key',
      '      name: { type: string, allow_nil: false }',
      '      inserted_at: create_timestamp',
      ...(i === 0 && extraColumn ? [`      ${extraColumn}: string`] : []),
      ...(i > 0 ? ['    relationships:', `      parent: { type: belongs_to, destination: T${i - 1} }`] : []),
      `    postgres: { table: t${i} }`,
    );
  }
  return out.join('\n') + '\n';
}

async function project(text: string): Promise<Project> {
  const r = await loadProjectFromText('bench.yaml', text);
  if (!r.project) throw new Error('invalid bench files');
  return r.project;
}

async function fleet(targets: readonly FleetTarget[], p: Project, only: readonly string[], concurrency: number): Promise<number> {
  const t0 = performance.now();
  const rows = await applyFleet(targets, p, { repo: 'default', concurrency, allowDestructive: false, lockTimeout: '5s', tenants: { only, except: [] } });
  const bad = rows.filter((r) => r.outcome !== 'changed');
  if (bad.length) throw new Error(`${bad.length} rows not changed: ${bad[0]!.target} ${bad[0]!.tenant} ${bad[0]!.outcome} ${bad[0]!.detail}`);
  return performance.now() - t0;
}

/** Each (database, tenant) over the same pool: a job that runs on a connection to its database. */
async function cells(targets: readonly FleetTarget[], tenants: readonly string[], concurrency: number, work: (t: Target, tenant: string, url: string) => Promise<void>): Promise<number> {
  const jobs = targets.flatMap((t) => tenants.map((tenant) => ({ url: t.spec.location, tenant })));
  const t0 = performance.now();
  await runPool(jobs, {
    concurrency,
    key: (j) => j.url,
    connect: async (url) => {
      const target = await openPostgres(url);
      return { target, release: () => target.close() };
    },
    work: (target, j) => work(target, j.tenant, j.url),
  });
  return performance.now() - t0;
}

export async function main(): Promise<void> {
  const count = Number(arg('tenants') ?? 1000);
  const dbs = Number(arg('targets') ?? 3);
  const tables = Number(arg('tables') ?? 3);
  const concurrency = Number(arg('concurrency') ?? 6);
  const engine = arg('engine') ?? 'pg18';
  const servers = await startBenchServers([engine]);
  try {
    const created = await Promise.all(Array.from({ length: dbs }, () => servers.get(engine)!.database()));
    const targets: FleetTarget[] = created.map((d, i) => ({ name: `db${i}`, spec: parseSpec(d.url, 'bench', process.cwd()) }));
    const tenants = Array.from({ length: count }, (_, i) => `tenant_${String(i).padStart(5, '0')}`);
    for (const d of created) {
      const t = await openPostgres(d.url);
      await t.exec(`CREATE TABLE public.tenant_names (name text PRIMARY KEY); INSERT INTO public.tenant_names SELECT 'tenant_' || lpad(g::text, 5, '0') FROM generate_series(0, ${count - 1}) g`);
      await t.close();
    }
    const base = await project(files(tables));
    process.stderr.write(`creating ${dbs} databases × ${count} tenants × ${tables} tables … `);
    const createMs = await fleet(targets, base, [], concurrency);
    process.stderr.write(`${ms(createMs)}\n`);

    const q = Math.floor(count / 4);
    const e = Math.floor(count / 8);
    const q1 = tenants.slice(0, q);
    const q23 = tenants.slice(q, 3 * q);
    const loopSlice = tenants.slice(3 * q, 3 * q + e);
    const floorSlice = tenants.slice(3 * q + e, 3 * q + 2 * e);
    const withColumn = await project(files(tables, 'note'));
    const a = await fleet(targets.slice(0, 1), withColumn, q1, concurrency);
    const b = await fleet(targets.slice(1), withColumn, q1, concurrency);
    const c = await fleet(targets, withColumn, q23, concurrency);
    // The loop: per tenant, inspect its schema, diff against the template, plan, apply. The
    // template is computed once per database beforehand, free: the loop at its most favourable.
    const seeds = new Map<string, Awaited<ReturnType<typeof planTenants>>>();
    for (const t of targets) {
      const c0 = await openPostgres(t.spec.location);
      seeds.set(t.spec.location, await planTenants(c0, withColumn, []));
      await c0.close();
    }
    const d = await cells(targets, loopSlice, concurrency, async (t, tenant, url) => {
      const seed = seeds.get(url)!;
      const current = toPlaceholder(tenantCatalog(await inspect(t, { schemas: [tenant] }), tenant), tenant);
      const { changes, plan } = planForState(current, seed.desired, seed.renames, seed.serverVersion);
      const r = await applySteps(t, tenantSteps({ fingerprint: '', tenants: [tenant], changes, plan }, tenant, seed.serverVersion).steps);
      if (r.failure) throw new Error(`${tenant}: ${r.failure.error.message}`);
    });
    const floor = await cells(targets, floorSlice, concurrency, async (t, tenant) => {
      await t.exec(`BEGIN; ALTER TABLE ${ident(tenant)}.t0 ADD COLUMN note text; COMMIT`);
    });
    for (const x of created) await x.drop();

    const per = (v: number, n: number) => v / n;
    const rows: [string, number, number, number][] = [
      ['A  fleet', 1, q1.length, a],
      ['B  fleet', dbs - 1, q1.length, b],
      ['C  fleet', dbs, q23.length, c],
      ['D  each tenant alone (inspect, diff, plan, apply)', dbs, loopSlice.length, d],
      ['E  floor: the bare ALTER TABLE, no planning', dbs, floorSlice.length, floor],
    ];
    const floorPer = per(floor, dbs * floorSlice.length);
    console.log(`\n### fleet (${new Date().toISOString().slice(0, 10)}, ${engine}, ${m()})\n`);
    console.log(`Created ${dbs} databases × ${count} tenant schemas × ${tables} tables through the fleet fan-out (concurrency ${concurrency}): ${ms(createMs)}.\n`);
    console.log('| run | databases | tenants each | cells | time | per cell | × floor |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, n, t, v] of rows) console.log(`| ${name} | ${n} | ${t} | ${n * t} | ${ms(v)} | ${per(v, n * t).toFixed(2)} ms | ${(per(v, n * t) / floorPer).toFixed(1)} |`);
    console.log(`\nDatabases: B/A per cell ${(per(b, (dbs - 1) * q1.length) / per(a, q1.length)).toFixed(2)}; tenants and databases: C/A per cell ${(per(c, dbs * q23.length) / per(a, q1.length)).toFixed(2)} (1.00 is linear).`);
    console.log(`Fleet (C) against each tenant alone (D): ${(per(d, dbs * loopSlice.length) / per(c, dbs * q23.length)).toFixed(1)}× less time per cell.`);
  } finally {
    await servers.stop();
  }
}

const m = machine;
