/**
 * Benchmark: plan and apply for N generated resources on PostgreSQL 15, PostgreSQL 18 and the
 * embedded database, next to the floor (psql running the same DDL; one catalog query).
 *
 *   npm run bench -- plan-apply [--sizes 100,1000,5000] [--engines pg15,pg18,pglite]
 *
 * Each resource is a realistic table: uuid key, 8 columns, 2 checks, a foreign key to the
 * previous table with its index, a unique identity, an update_timestamp trigger.
 * Prints a Markdown table (absolute times and ratios to the floor) for bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { inspect } from '../src/inspect/inspect.js';
import { query } from '../src/inspect/queries.js';
import { renderCreateScript } from '../src/render/create-script.js';
import { openPostgres } from '../src/targets/postgres.js';
import { openPglite } from '../src/targets/pglite.js';
import type { Target } from '../src/targets/target.js';
import { machine, arg, ms, PSQL, startBenchServers } from './common.js';

export function generate(n: number): string {
  return HEADER.join('\n') + '\n' + Array.from({ length: n }, (_, i) => resourceText(i)).join('');
}

const HEADER = ['version: 1', 'repos: { default: { extensions: [citext] } }', 'resources:'];

/**
 * The same model in files of at most `maxBytes` each (pgdecl refuses a file over 5 MB: 10,000
 * resources do not fit in one): the first holds the repo, every file its share of the resources.
 */
export function generateFiles(n: number, maxBytes: number): { name: string; text: string }[] {
  const files: string[][] = [[HEADER.join('\n') + '\n']];
  let size = files[0]![0]!.length;
  for (let i = 0; i < n; i++) {
    const r = resourceText(i);
    if (size + r.length > maxBytes) {
      files.push(['version: 1\nresources:\n']);
      size = files[files.length - 1]![0]!.length;
    }
    files[files.length - 1]!.push(r);
    size += r.length;
  }
  return files.map((parts, i) => ({ name: files.length === 1 ? 'resources.yaml' : `resources-${i + 1}.yaml`, text: parts.join('') }));
}

/** One resource of the model: R<i>, table t<i>, with a foreign key to the previous one. */
function resourceText(i: number): string {
  return (
    [
      `  R${i}:`,
      '    attributes:',
      '      id: uuid_primary_key',
      '      name: { type: string, allow_nil: false, constraints: { max_length: 200 } }',
      '      email: ci_string',
      '      amount: { type: decimal, constraints: { precision: 12, scale: 2, min: 0 } }',
      '      status: { type: atom, default: new }',
      '      payload: map',
      '      inserted_at: create_timestamp',
      '      updated_at: update_timestamp',
      ...(i > 0 ? ['    relationships:', `      parent: { type: belongs_to, destination: R${i - 1} }`] : []),
      '    identities:',
      '      unique_email: { keys: [email] }',
      '    postgres:',
      `      table: t${i}`,
      ...(i > 0 ? ['      references:', '        parent: { on_delete: delete, index: true }'] : []),
    ].join('\n') + '\n'
  );
}

interface Row {
  engine: string;
  n: number;
  loadMs: number;
  compileMs: number;
  planEmptyMs: number;
  applyMs: number;
  noopColdMs: number;
  noopWarmMs: number;
  inspectMs: number;
  queries: number;
  floorDdlMs?: number;
  floorQueryMs: number;
  rssMb: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

async function run(engine: string, n: number, yaml: string, open: () => Promise<{ t: Target; url?: string; done: () => Promise<void> }>): Promise<Row> {
  const [loaded, loadMs] = await timed(() => loadProjectFromText('bench.yaml', yaml));
  const project = loaded.project!;
  const [, compileMs] = await timed(() => compileProject(project, { pgVersion: 180000 }));
  const { t, done } = await open();
  const cacheDir = mkdtempSync(join(tmpdir(), 'pgdecl-bench-cache-'));
  try {
    const [p, planEmptyMs] = await timed(() => planProject(t, project));
    const [r, applyMs] = await timed(() => applySteps(t, p.plan.steps));
    if (r.failure) throw new Error(`${engine} ${n}: ${r.failure.step.summary}: ${r.failure.error.message}`);
    const [cold, noopColdMs] = await timed(() => planProject(t, project, { cacheDir }));
    if (cold.plan.steps.length) throw new Error(`${engine} ${n}: no-op plan has ${cold.plan.steps.length} steps`);
    const [, noopWarmMs] = await timed(() => planProject(t, project, { cacheDir }));
    const [insp, inspectMs] = await timed(() => inspect(t, { schemas: ['public'], extensions: ['citext'] }));
    const [, floorQueryMs] = await timed(() => t.query(query('columns'), [['public']]));
    return { engine, n, loadMs, compileMs, planEmptyMs, applyMs, noopColdMs, noopWarmMs, inspectMs, queries: insp.queries, floorQueryMs, rssMb: process.memoryUsage().rss / 1e6 };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    await done();
  }
}

/** psql -f of the create script into an empty database: the floor for an apply. */
function psqlFloor(url: string, script: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-bench-sql-'));
  const file = join(dir, 'create.sql');
  writeFileSync(file, script);
  const t0 = performance.now();
  const r = spawnSync(PSQL, ['-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], { encoding: 'utf8' });
  const elapsed = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return elapsed;
}

export async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '100,1000,5000').split(',').map(Number);
  const engines = (arg('engines') ?? 'pg15,pg18,pglite').split(',');
  const servers = await startBenchServers(engines);
  const rows: Row[] = [];
  try {
    for (const n of sizes) {
      const yaml = generate(n);
      for (const engine of engines) {
        process.stderr.write(`${engine} n=${n} … `);
        if (engine === 'pglite') {
          rows.push(await run(engine, n, yaml, async () => {
            const t = await openPglite({ extensions: ['citext'] });
            return { t, done: () => t.close() };
          }));
        } else {
          const server = servers.get(engine)!;
          const db = await server.database();
          const row = await run(engine, n, yaml, async () => {
            const t = await openPostgres(db.url);
            return { t, url: db.url, done: () => t.close() };
          });
          await db.drop();
          const floorDb = await server.database();
          const project = (await loadProjectFromText('bench.yaml', yaml)).project!;
          const compiled = await compileProject(project, { pgVersion: engine === 'pg15' ? 150000 : 180000 });
          row.floorDdlMs = psqlFloor(floorDb.url, renderCreateScript(compiled.catalog));
          await floorDb.drop();
          rows.push(row);
        }
        const r = rows[rows.length - 1]!;
        process.stderr.write(`plan ${ms(r.planEmptyMs)}, apply ${ms(r.applyMs)}, no-op ${ms(r.noopColdMs)} / ${ms(r.noopWarmMs)}\n`);
      }
    }
  } finally {
    await servers.stop();
  }
  const m = machine();
  console.log(`\n### plan and apply (${new Date().toISOString().slice(0, 10)}, ${m})\n`);
  console.log('| engine | tables | load+validate | compile | plan from empty | apply | psql -f same DDL (floor) | apply / floor | no-op plan (cold) | no-op plan (cached) | inspect | queries | one catalog query (floor) | inspect / floor | RSS |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(1)}×` : '—');
    console.log(
      `| ${r.engine} | ${r.n} | ${ms(r.loadMs)} | ${ms(r.compileMs)} | ${ms(r.planEmptyMs)} | ${ms(r.applyMs)} | ${r.floorDdlMs ? ms(r.floorDdlMs) : '—'} | ${ratio(r.applyMs, r.floorDdlMs)} | ${ms(r.noopColdMs)} | ${ms(r.noopWarmMs)} | ${ms(r.inspectMs)} | ${r.queries} | ${ms(r.floorQueryMs)} | ${ratio(r.inspectMs, r.floorQueryMs)} | ${Math.round(r.rssMb)} MB |`,
    );
  }
}
