/**
 * `npm run bench -- online [--rows 1000000] [--engines pg15,pg18]`: how long a live client's
 * writes wait while a table of --rows rows gets a foreign key, a check, a NOT NULL, a unique
 * identity and an index, applied in one transaction (offline) and with --online. A client
 * inserts a row every 5 ms and another reads by key, on their own connections, through the
 * whole apply. Prints the longest single write and read, failed calls, and the apply's time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, machine, ms, startBenchServers } from './common.js';
import { runBin } from '../test/helpers/run-bin.js';
import { openPostgres } from '../src/targets/postgres.js';
import { FILL_ORGS, fillEvents, LIVE_INSERT, LIVE_READ, ONLINE_V1, ONLINE_V2, startLiveClient, type LiveStats } from '../test/helpers/live-writer.js';

async function sql(url: string, text: string): Promise<void> {
  const t = await openPostgres(url);
  try {
    await t.exec(text);
  } finally {
    await t.close();
  }
}

async function once(url: string, rows: number, mode: '--online' | '--offline'): Promise<{ stats: LiveStats; ms: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-bench-online-'));
  try {
    writeFileSync(join(dir, 'resources.yaml'), ONLINE_V1);
    const first = await runBin(['apply', '--db', url, '--yes'], { cwd: dir });
    if (first.code !== 0) throw new Error(first.stderr);
    await sql(url, `${FILL_ORGS}; ${fillEvents(rows)}; ANALYZE`);
    writeFileSync(join(dir, 'resources.yaml'), ONLINE_V2);
    const live = await startLiveClient(url, LIVE_INSERT, LIVE_READ, 5);
    const t0 = performance.now();
    const r = await runBin(['apply', '--db', url, mode, '--yes', '--lock-timeout', '2s'], { cwd: dir });
    const elapsed = performance.now() - t0;
    const stats = await live.stop();
    if (r.code !== 0) throw new Error(r.stderr);
    return { stats, ms: elapsed, code: r.code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  const rows = Number(arg('rows') ?? 1_000_000);
  const engines = (arg('engines') ?? 'pg15,pg18').split(',');
  const servers = await startBenchServers(engines);
  console.log(`online bench: ${rows.toLocaleString('en')} rows; ${machine()}\n`);
  console.log('| engine | mode | apply | writes | longest write | failed writes | reads | longest read | failed reads |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  try {
    for (const e of engines) {
      const s = servers.get(e);
      if (!s) continue;
      for (const mode of ['--offline', '--online'] as const) {
        const db = await s.database();
        try {
          const r = await once(db.url, rows, mode);
          const st = r.stats;
          console.log(`| ${e} | ${mode.slice(2)} | ${ms(r.ms)} | ${st.writes} | ${ms(st.maxWriteMs)} | ${st.failedWrites} | ${st.reads} | ${ms(st.maxReadMs)} | ${st.failedReads} |`);
        } finally {
          await db.drop();
        }
      }
    }
  } finally {
    await servers.stop();
  }
}
