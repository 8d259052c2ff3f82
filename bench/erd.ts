/**
 * Benchmark: `pgdecl erd` (Mermaid, DOT, SVG) and `pgdecl docs` of the N-table benchmark
 * schema (bench/plan-apply.ts `generate(N)`: a chain of foreign keys, each table pointing at
 * the one before), created with its own DDL on PostgreSQL 15 and 18 and read back as
 * `--db` reads it. Each command runs as a user runs it: a new `node bin/pgdecl.js` process
 * (build first: `npm run build`), timed end to end, startup included. The SVG's layout is
 * also timed alone with each Graphviz engine worth considering, to justify the one chosen.
 *
 *   npm run bench -- erd [--sizes 100,1000] [--engines pg15,pg18] [--layouts dot,osage]
 *
 * Prints a Markdown table for the erd section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { createScriptStatements, terminate } from '../src/render/create-script.js';
import { openPostgres } from '../src/targets/postgres.js';
import type { Target } from '../src/targets/target.js';
import { arg, machine, ms, startBenchServers } from './common.js';
import { generate } from './plan-apply.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'pgdecl.js');

interface Row {
  engine: string;
  n: number;
  runs: { what: string; ms: number; cpuMs?: number; bytes: number }[];
  layouts: { layout: string; ms: number; cpuMs: number }[];
}

async function createSchema(t: Target, n: number, pgVersion: number): Promise<void> {
  const project = (await loadProjectFromText('bench.yaml', generate(n))).project!;
  const { catalog } = await compileProject(project, { pgVersion });
  const { inTransaction, afterTransaction } = createScriptStatements(catalog, { pgVersion });
  await t.exec(['BEGIN', ...inTransaction, 'COMMIT'].map(terminate).join('\n'));
  for (const st of afterTransaction) await t.exec(st);
}

const TIME = '/usr/bin/time';

/** Wall-clock time, and CPU time (user + system, from /usr/bin/time) when the machine has it: on a shared machine the second is the steadier. */
function cli(args: readonly string[]): { ms: number; cpuMs?: number } {
  const t0 = performance.now();
  const timed = existsSync(TIME);
  const argv = timed ? [TIME, '-f', 'cpu %U %S', process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const took = performance.now() - t0;
  if (r.status !== 0) throw new Error(`pgdecl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { ms: took, ...(m ? { cpuMs: (Number(m[1]) + Number(m[2])) * 1000 } : {}) };
}

/** Each engine on the DOT `pgdecl erd` wrote, after a warm-up run (the first render compiles the WebAssembly). */
async function layoutTimes(dot: string, layouts: readonly string[]): Promise<{ layout: string; ms: number; cpuMs: number }[]> {
  const viz = await (await import('@viz-js/viz')).instance();
  viz.renderString(dot, { format: 'svg', engine: layouts[0] });
  return layouts.map((layout) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    viz.renderString(dot, { format: 'svg', engine: layout });
    const c = process.cpuUsage(c0);
    return { layout, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
  });
}

async function run(engine: string, n: number, url: string, layouts: readonly string[]): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-bench-erd-'));
  const runs: Row['runs'] = [];
  for (const format of ['mermaid', 'dot', 'svg']) {
    const file = join(dir, `erd.${format}`);
    const took = cli(['erd', '--db', url, '--schema', 'public', '--format', format, '-o', file]);
    runs.push({ what: `erd --format ${format}`, ...took, bytes: statSync(file).size });
  }
  const took = cli(['docs', '--db', url, '--schema', 'public', '-o', join(dir, 'site')]);
  runs.push({ what: 'docs', ...took, bytes: statSync(join(dir, 'site', 'index.html')).size });
  return { engine, n, runs, layouts: await layoutTimes(readFileSync(join(dir, 'erd.dot'), 'utf8'), layouts) };
}

export async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '100,1000').split(',').map(Number);
  const engines = (arg('engines') ?? 'pg15,pg18').split(',');
  const layouts = (arg('layouts') ?? 'dot,osage').split(',');
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
          await createSchema(t, n, await t.serverVersionNum());
        } finally {
          await t.close();
        }
        try {
          rows.push(await run(engine, n, db.url, layouts));
        } finally {
          await db.drop();
        }
        process.stderr.write(rows.at(-1)!.runs.map((r) => `${r.what} ${ms(r.ms)}`).join(', ') + '\n');
      }
    }
  } finally {
    await servers.stop();
  }
  console.log(`\n### erd and docs (${new Date().toISOString().slice(0, 10)}, ${machine()})\n`);
  console.log(`| engine | tables | ${rows[0]!.runs.map((r) => r.what).join(' | ')} | ${rows[0]!.layouts.map((l) => `layout alone: ${l.layout}`).join(' | ')} |`);
  console.log(`|---|---|${rows[0]!.runs.map(() => '---|').join('')}${rows[0]!.layouts.map(() => '---|').join('')}`);
  for (const r of rows) {
    const mb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} kB`);
    console.log(`| ${r.engine} | ${r.n} | ${r.runs.map((x) => `${ms(x.ms)}${x.cpuMs !== undefined ? ` (CPU ${ms(x.cpuMs)})` : ''}, ${mb(x.bytes)}`).join(' | ')} | ${r.layouts.map((l) => `${ms(l.ms)} (CPU ${ms(l.cpuMs)})`).join(' | ')} |`);
  }
}
