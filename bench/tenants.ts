/**
 * Benchmark: a column added to every tenant schema.
 *
 *   npm run bench -- tenants [--tenants 1000] [--tables 10] [--engine pg15|pg18] [--concurrency 4]
 *
 * Creates T tenant schemas of N tables each (through the fan-out itself, timed), then adds
 * one column two ways, each on the same number of tenants:
 *   shared plan  `apply --tenants`: one catalog pass over all tenant schemas, one diff per
 *                distinct state, each tenant in its own transaction over a pool;
 *   naive loop   what a script around a one-schema tool does: for each tenant, inspect its
 *                schema, diff, plan, apply.
 * Prints time, queries per tenant and peak memory of each, and the ratio.
 */
import { loadProjectFromText } from '../src/validate/project.js';
import { planTenants, tenantSteps, tenantCatalog, planForState } from '../src/tenants/plan.js';
import { applyTenants } from '../src/tenants/apply.js';
import { toPlaceholder } from '../src/tenants/placeholder.js';
import { applySteps } from '../src/apply/apply.js';
import { inspect } from '../src/inspect/inspect.js';
import { openPostgres } from '../src/targets/postgres.js';
import type { Target } from '../src/targets/target.js';
import type { Project } from '../src/model/resource.js';
import { arg, machine, ms, startBenchServers } from './common.js';

function files(tables: number, extraColumn?: string): string {
  const out = ['version: 1', 'repos: { default: { tenants: "SELECT nspname FROM pg_namespace WHERE nspname LIKE \'tenant\\\\_%\' ORDER BY 1" } }', 'resources:'];
  for (let i = 0; i < tables; i++) {
    out.push(
      `  T${i}:`,
      '    multitenancy: { strategy: context }',
      '    attributes:',
      '      id: integer_primary_key',
      '      name: { type: string, allow_nil: false }',
      '      amount: { type: decimal, constraints: { precision: 12, scale: 2 } }',
      '      inserted_at: create_timestamp',
      ...(i === 0 && extraColumn ? [`      ${extraColumn}: string`] : []),
      ...(i > 0 ? ['    relationships:', `      parent: { type: belongs_to, destination: T${i - 1} }`] : []),
      '    identities:',
      '      unique_name: { keys: [name] }',
      `    postgres: { table: t${i} }`,
    );
  }
  return out.join('\n') + '\n';
}

/** A target that counts the statements sent through it. */
function counting(t: Target, counter: { n: number }): Target {
  return {
    ...t,
    query: (sql, params) => {
      counter.n++;
      return t.query(sql, params);
    },
    exec: (sql) => {
      counter.n++;
      return t.exec(sql);
    },
    serverVersionNum: () => t.serverVersionNum(),
    close: () => t.close(),
  };
}

/** Peak RSS while `f` runs. */
async function peak<T>(f: () => Promise<T>): Promise<[T, number, number]> {
  let max = process.memoryUsage().rss;
  const timer = setInterval(() => (max = Math.max(max, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const v = await f();
    return [v, performance.now() - t0, Math.max(max, process.memoryUsage().rss) / 1e6];
  } finally {
    clearInterval(timer);
  }
}

async function project(text: string): Promise<Project> {
  const r = await loadProjectFromText('bench.yaml', text);
  if (!r.project) throw new Error('invalid bench files');
  return r.project;
}

async function fanOut(url: string, p: Project, tenants: string[], concurrency: number, counter: { n: number }) {
  const coordinator = counting(await openPostgres(url), counter);
  try {
    const plan = await planTenants(coordinator, p, tenants);
    const results = await applyTenants(
      plan.groups,
      async () => {
        const t = counting(await openPostgres(url), counter);
        return { target: t, release: () => t.close() };
      },
      { concurrency, serverVersion: plan.serverVersion },
    );
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length) throw new Error(`${failed.length} tenants failed: ${failed[0]!.failure?.error.message}`);
    return { groups: plan.groups.length, changed: results.filter((r) => r.status === 'changed').length };
  } finally {
    await coordinator.close();
  }
}

async function naive(url: string, p: Project, tenants: string[], counter: { n: number }) {
  const t = counting(await openPostgres(url), counter);
  try {
    // The template is the same for every tenant; a one-schema tool would recompute it each
    // time. Given for free here, so the loop is measured at its most favourable.
    const seed = await planTenants(t, p, []);
    counter.n = 0;
    let changed = 0;
    for (const tenant of tenants) {
      const current = toPlaceholder(tenantCatalog(await inspect(t, { schemas: [tenant] }), tenant), tenant);
      const { changes, plan } = planForState(current, seed.desired, seed.renames, seed.serverVersion);
      if (!plan.steps.length) continue;
      const steps = tenantSteps({ fingerprint: '', tenants: [tenant], changes, plan }, tenant, seed.serverVersion).steps;
      const r = await applySteps(t, steps);
      if (r.failure) throw new Error(`${tenant}: ${r.failure.error.message}`);
      changed++;
    }
    return { changed };
  } finally {
    await t.close();
  }
}

export async function main(): Promise<void> {
  const count = Number(arg('tenants') ?? 1000);
  const tables = Number(arg('tables') ?? 10);
  const engine = arg('engine') ?? 'pg15';
  const concurrency = Number(arg('concurrency') ?? 4);
  const servers = await startBenchServers([engine]);
  try {
    const db = await servers.get(engine)!.database();
    const tenants = Array.from({ length: count }, (_, i) => `tenant_${String(i).padStart(5, '0')}`);
    const base = await project(files(tables));
    const c0 = { n: 0 };
    process.stderr.write(`creating ${count} tenants × ${tables} tables … `);
    const [, createMs] = await peak(() => fanOut(db.url, base, tenants, concurrency, c0));
    process.stderr.write(`${ms(createMs)}\n`);

    const half = Math.floor(count / 2);
    const first = tenants.slice(0, half);
    const second = tenants.slice(half);
    const c1 = { n: 0 };
    // Nothing to do yet: every tenant is converged.
    const [, sharedMs, sharedMb] = await peak(() => fanOut(db.url, base, first, concurrency, c1));
    const withColumn = await project(files(tables, 'note'));
    const c2 = { n: 0 };
    const [fan, fanMs, fanMb] = await peak(() => fanOut(db.url, withColumn, first, concurrency, c2));
    const c3 = { n: 0 };
    const [loop, loopMs, loopMb] = await peak(() => naive(db.url, withColumn, second, c3));
    await db.drop();
    const m = machine();
    console.log(`\n### tenants (${new Date().toISOString().slice(0, 10)}, ${engine}, ${m})\n`);
    console.log(`Created ${count} tenant schemas × ${tables} tables through \`apply --tenants\` (concurrency ${concurrency}): ${ms(createMs)}, ${(c0.n / count).toFixed(1)} statements per tenant.`);
    console.log(`A no-op run over ${first.length} converged tenants: ${ms(sharedMs)} (${c1.n} statements in all), peak RSS ${Math.round(sharedMb)} MB.\n`);
    console.log(`One column added to ${tables > 0 ? 't0' : ''} in each tenant, ${first.length} tenants each way:\n`);
    console.log('| path | tenants changed | distinct plans | time | per tenant | statements per tenant | peak RSS |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(`| shared plan (\`apply --tenants\`, concurrency ${concurrency}) | ${fan.changed} | ${fan.groups} | ${ms(fanMs)} | ${(fanMs / first.length).toFixed(1)} ms | ${(c2.n / first.length).toFixed(1)} | ${Math.round(fanMb)} MB |`);
    console.log(`| naive loop (inspect + diff + plan + apply per tenant) | ${loop.changed} | ${loop.changed} | ${ms(loopMs)} | ${(loopMs / second.length).toFixed(1)} ms | ${(c3.n / second.length).toFixed(1)} | ${Math.round(loopMb)} MB |`);
    console.log(`\nShared plan / naive loop: ${(loopMs / fanMs).toFixed(1)}× faster.`);
  } finally {
    await servers.stop();
  }
}
