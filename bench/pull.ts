/**
 * Benchmark: `pgdecl pull` of the N-table benchmark schema (bench/plan-apply.ts `generate(N)`,
 * created with its own DDL) on PostgreSQL 15 and 18, and the round-trip plan of the pulled
 * YAML against the same database (which must be empty). Drizzle's `drizzle-kit pull` took
 * 142 s for 1,000 tables on this machine.
 *
 *   npm run bench -- pull [--sizes 100,1000] [--engines pg15,pg18]
 *
 * Prints a Markdown table for the pull section of bench/RESULTS.md.
 */
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { createScriptStatements, terminate } from '../src/render/create-script.js';
import { planProject } from '../src/plan/project-plan.js';
import { openPostgres } from '../src/targets/postgres.js';
import { pull, pulledFile } from '../src/pull/index.js';
import type { Target } from '../src/targets/target.js';
import { arg, machine, ms, startBenchServers } from './common.js';
import { generate } from './plan-apply.js';

interface Row {
  engine: string;
  n: number;
  pullMs: number;
  renderMs: number;
  queries: number;
  lines: number;
  validateMs: number;
  planMs: number;
  steps: number;
  rssMb: number;
}

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

/** Creates the benchmark schema with the DDL pgdecl would run (one transaction). */
async function createSchema(t: Target, n: number, pgVersion: number): Promise<void> {
  const project = (await loadProjectFromText('bench.yaml', generate(n))).project!;
  const { catalog } = await compileProject(project, { pgVersion });
  const { inTransaction, afterTransaction } = createScriptStatements(catalog, { pgVersion });
  await t.exec(['BEGIN', ...inTransaction, 'COMMIT'].map(terminate).join('\n'));
  for (const st of afterTransaction) await t.exec(st);
}

async function run(engine: string, n: number, t: Target): Promise<Row> {
  await createSchema(t, n, await t.serverVersionNum());
  const [result, pullMs] = await timed(() => pull(t, { schemas: ['public'] }));
  const [text, renderMs] = await timed(() => pulledFile(result, { schemaPath: './node_modules/pgdecl/schema/pgdecl.schema.json' }));
  const [loaded, validateMs] = await timed(() => loadProjectFromText('pulled.yaml', text, { env: {} }));
  if (!loaded.project) throw new Error(`${engine} ${n}: the pulled YAML does not validate: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const [p, planMs] = await timed(() => planProject(t, loaded.project!));
  if (p.plan.steps.length) throw new Error(`${engine} ${n}: the plan of the pulled YAML has ${p.plan.steps.length} steps`);
  return { engine, n, pullMs, renderMs, queries: result.queries, lines: text.split('\n').length, validateMs, planMs, steps: p.plan.steps.length, rssMb: process.memoryUsage().rss / 1e6 };
}

export async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '100,1000').split(',').map(Number);
  const engines = (arg('engines') ?? 'pg15,pg18').split(',');
  const servers = await startBenchServers(engines);
  const rows: Row[] = [];
  try {
    for (const n of sizes) {
      for (const engine of engines) {
        const server = servers.get(engine);
        if (!server) throw new Error(`no ${engine} server on this machine`);
        process.stderr.write(`${engine} n=${n} … `);
        const db = await server.database();
        const t = await openPostgres(db.url);
        try {
          rows.push(await run(engine, n, t));
        } finally {
          await t.close();
          await db.drop();
        }
        const r = rows[rows.length - 1]!;
        process.stderr.write(`pull ${ms(r.pullMs + r.renderMs)}, plan of the pulled files ${ms(r.planMs)}\n`);
      }
    }
  } finally {
    await servers.stop();
  }
  console.log(`\n### pull (${new Date().toISOString().slice(0, 10)}, ${machine()})\n`);
  console.log('| engine | tables | pull (inspect + resources) | write YAML | pull total | catalog queries | YAML lines | validate | round-trip plan | plan steps | drizzle-kit pull | RSS |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const drizzle = r.n === 1000 ? '142 s' : '—';
    console.log(
      `| ${r.engine} | ${r.n} | ${ms(r.pullMs)} | ${ms(r.renderMs)} | ${ms(r.pullMs + r.renderMs)} | ${r.queries} | ${r.lines} | ${ms(r.validateMs)} | ${ms(r.planMs)} | ${r.steps} | ${drizzle} | ${Math.round(r.rssMb)} MB |`,
    );
  }
}
