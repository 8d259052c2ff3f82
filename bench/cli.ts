/**
 * Benchmark: the commands a person and CI run, as processes, next to their floors measured in
 * the same run. For N generated resources (bench/plan-apply.ts's model) on PostgreSQL 15 / 18:
 *
 * - floor: `node` starting, connecting and running one catalog query (the columns of the
 *   applied schema, with their defaults), as a process; and `psql -1 -f` of `pgdecl sql`'s
 *   script into an empty database;
 * - `pgdecl apply --yes` into an empty database (against psql -1 -f);
 * - `pgdecl plan --exit-code` of the applied files in a fresh copy of the folder (no
 *   `.pgdecl/cache`: what CI sees), and a second time in the same folder;
 * - the plan after one resource changed (in the folder with the cache).
 *
 * Beside each pgdecl command's time, its peak memory (the process's maximum resident set,
 * through bench/peak-memory.mjs), and apply's time per 1,000 tables: the same figure at every
 * size is a cost linear in the schema. The model is written in files of at most 2 MiB (pgdecl
 * refuses a file over 5 MB), so `--sizes 10000` runs as it is.
 *
 *   npm run bench -- cli [--sizes 1000,5000] [--engines pg15,pg18,pglite] [--runs 3]
 *
 * `pglite`: the embedded database in a data directory; its floor opens PGlite on it and runs
 * the same query; psql has no floor there.
 *
 * Medians of `--runs`. Prints a Markdown table of absolute times and ratios for bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg, machine, ms, PSQL, startBenchServers } from './common.js';
import { generateFiles } from './plan-apply.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'pgdecl.js');
const PEAK = pathToFileURL(join(ROOT, 'bench', 'peak-memory.mjs')).href;

function timedRun(cmd: string, args: readonly string[], cwd: string, okCodes: readonly number[] = [0], env: Readonly<Record<string, string>> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - t0;
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return elapsed;
}

/** A pgdecl command as a process: its time (ms) and its peak memory (MiB). */
function pgdecl(args: readonly string[], cwd: string, okCodes: readonly number[] = [0]): { ms: number; mb: number } {
  const peakFile = join(cwd, '..', `peak-${process.pid}.txt`);
  rmSync(peakFile, { force: true });
  try {
    const t = timedRun(process.execPath, ['--import', PEAK, BIN, ...args], cwd, okCodes, { PGDECL_BENCH_PEAK: peakFile });
    const kib = Number(readFileSync(peakFile, 'utf8'));
    if (!(kib > 0)) throw new Error(`pgdecl ${args[0]}: no peak memory written to ${peakFile}`);
    return { ms: t, mb: kib / 1024 };
  } finally {
    rmSync(peakFile, { force: true });
  }
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

/** node + pg + one catalog query, as a process: what any command costs at least. */
function floorQuery(url: string): number {
  const script = `
    import pg from 'pg';
    const c = new pg.Client({ connectionString: process.argv[1] });
    await c.connect();
    await c.query("SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped");
    await c.end();`;
  return timedRun(process.execPath, ['--input-type=module', '-e', script, url], ROOT);
}

/** The embedded database's floor: node + PGlite opening the data directory + the same query. */
function floorEmbedded(dataDir: string): number {
  const script = `
    import { PGlite } from '@electric-sql/pglite';
    import { citext } from '@electric-sql/pglite/contrib/citext';
    const db = await PGlite.create({ dataDir: process.argv[1], extensions: { citext } });
    await db.query("SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped");
    await db.close();`;
  return timedRun(process.execPath, ['--input-type=module', '-e', script, dataDir], ROOT);
}

/** The pgdecl commands timed, each with its peak memory. */
type Command = 'apply' | 'planFresh' | 'planSecond' | 'planOneChanged';

interface Row extends Record<Command, number> {
  engine: string;
  n: number;
  floorQuery: number;
  psql: number;
  /** Peak memory (MiB) of each command. */
  peak: Record<Command, number>;
}

export async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '1000,5000').split(',').map(Number);
  const engines = (arg('engines') ?? 'pg15,pg18').split(',');
  const runs = Number(arg('runs') ?? 3);
  const servers = await startBenchServers(engines);
  const rows: Row[] = [];
  try {
    for (const n of sizes) {
      const files = generateFiles(n, 2 * 1024 * 1024);
      const names = files.map((f) => f.name);
      // The first file holds R0; the edit adds a check to it.
      const changed = files[0]!.text.replace('      table: t0\n', '      table: t0\n      check_constraints: [{ name: t0_named, check: "name <> \'\'" }]\n');
      const write = (dir: string, first = files[0]!.text) => {
        mkdirSync(dir, { recursive: true });
        files.forEach((f, i) => writeFileSync(join(dir, f.name), i === 0 ? first : f.text));
      };
      for (const engine of engines) {
        const embedded = engine === 'pglite';
        const server = servers.get(engine);
        const m: Record<keyof Omit<Row, 'engine' | 'n' | 'peak'>, number[]> = { floorQuery: [], psql: [], apply: [], planFresh: [], planSecond: [], planOneChanged: [] };
        const peak: Record<Command, number[]> = { apply: [], planFresh: [], planSecond: [], planOneChanged: [] };
        const record = (command: Command, r: { ms: number; mb: number }) => {
          m[command].push(r.ms);
          peak[command].push(r.mb);
        };
        for (let i = 0; i < runs; i++) {
          process.stderr.write(`${engine} n=${n} run ${i + 1}/${runs} … `);
          const work = mkdtempSync(join(tmpdir(), 'pgdecl-bench-cli-'));
          const folder = join(work, 'a');
          const fresh = join(work, 'b');
          try {
            write(folder);
            // The floor for apply: psql -1 -f of the same DDL into an empty database.
            const script = join(work, 'create.sql');
            const sql = spawnSync(process.execPath, [BIN, 'sql', ...names, '--pg-version', engine === 'pg15' ? '15' : '18'], { cwd: folder, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
            if (sql.status !== 0) throw new Error(`pgdecl sql: ${sql.stderr}`);
            writeFileSync(script, sql.stdout);
            if (server) {
              const floorDb = await server.database();
              m.psql.push(timedRun(PSQL, ['-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', script, floorDb.url], work));
              await floorDb.drop();
            }
            // The embedded database: a data directory both folders name (psql has no floor there).
            const db = embedded ? { url: `pglite:${join(work, 'db')}`, drop: async () => {} } : await server!.database();
            try {
              record('apply', pgdecl(['apply', ...names, '--db', db.url, '--yes'], folder));
              // A fresh clone: the same files, no .pgdecl/cache.
              write(fresh);
              record('planFresh', pgdecl(['plan', ...names, '--db', db.url, '--exit-code'], fresh));
              record('planSecond', pgdecl(['plan', ...names, '--db', db.url, '--exit-code'], fresh));
              writeFileSync(join(fresh, names[0]!), changed);
              record('planOneChanged', pgdecl(['plan', ...names, '--db', db.url, '--exit-code'], fresh, [2]));
              // The floor of a plan: one catalog query over the applied schema (not the empty database).
              // Measured last: opening the embedded database writes its files, which would make the
              // plans above open it too (its record of convergence is the directory's files).
              m.floorQuery.push(embedded ? floorEmbedded(join(work, 'db')) : floorQuery(db.url));
            } finally {
              await db.drop();
            }
          } finally {
            rmSync(work, { recursive: true, force: true });
          }
          process.stderr.write('done\n');
        }
        const medians = <K extends string>(xs: Record<K, number[]>) => Object.fromEntries(Object.entries<number[]>(xs).map(([k, v]) => [k, median(v)])) as Record<K, number>;
        rows.push({ engine, n, ...medians(m), peak: medians(peak) });
      }
    }
  } finally {
    await servers.stop();
  }
  const r2 = (a: number, b: number) => (Number.isNaN(a / b) ? '—' : `${(a / b).toFixed(1)}×`);
  const t = (v: number) => (Number.isNaN(v) ? '—' : ms(v));
  console.log(`\n### commands as processes (${new Date().toISOString().slice(0, 10)}, ${machine()}, median of ${runs})\n`);
  console.log('| engine | tables | floor: node + one catalog query | psql -1 -f (floor) | apply | apply / psql | no-op plan, fresh folder | / floor | no-op plan, second run | / floor | plan, one resource changed | / second run |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.engine} | ${r.n} | ${ms(r.floorQuery)} | ${t(r.psql)} | ${ms(r.apply)} | ${r2(r.apply, r.psql)} | ${ms(r.planFresh)} | ${r2(r.planFresh, r.floorQuery)} | ${ms(r.planSecond)} | ${r2(r.planSecond, r.floorQuery)} | ${ms(r.planOneChanged)} | ${r2(r.planOneChanged, r.planSecond)} |`);
  }
  const mb = (v: number) => (Number.isNaN(v) ? '—' : `${Math.round(v)} MiB`);
  console.log('\nPeak memory of each command (maximum resident set), and apply per 1,000 tables (equal at every size: linear):\n');
  console.log('| engine | tables | apply | apply per 1,000 tables | no-op plan, fresh folder | no-op plan, second run | plan, one resource changed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.engine} | ${r.n} | ${mb(r.peak.apply)} | ${ms((r.apply / r.n) * 1000)} | ${mb(r.peak.planFresh)} | ${mb(r.peak.planSecond)} | ${mb(r.peak.planOneChanged)} |`);
  }
}
