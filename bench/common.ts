/** What the benchmarks share: arguments, the machine's description, servers, formatting. */
import { cpus, totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openPostgres } from '../src/targets/postgres.js';

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export const ms = (v: number): string => (v >= 10000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);

export function machine(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export const PSQL = ['/usr/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => existsSync(p)) ?? 'psql';

export interface BenchServer {
  database(): Promise<{ url: string; drop: () => Promise<void> }>;
}

/** Starts the servers the engines need (the test suite's own), with databases on demand. */
export async function startBenchServers(engines: readonly string[]): Promise<Map<string, BenchServer> & { stop: () => Promise<void> }> {
  const out = new Map<string, BenchServer>() as Map<string, BenchServer> & { stop: () => Promise<void> };
  out.stop = async () => {};
  if (!engines.some((e) => e === 'pg15' || e === 'pg18')) return out;
  // @ts-expect-error plain JavaScript module
  const { startServers } = (await import('../scripts/test-servers.mjs')) as { startServers: () => Promise<{ servers: { name: string; url: string }[]; stop: () => Promise<void> }> };
  const started = await startServers();
  out.stop = started.stop;
  for (const s of started.servers) {
    out.set(s.name, {
      async database() {
        const name = `bench_${randomBytes(4).toString('hex')}`;
        const admin = await openPostgres(s.url);
        await admin.exec(`CREATE DATABASE ${name}`);
        await admin.close();
        const u = new URL(s.url);
        u.pathname = '/' + name;
        return {
          url: u.toString(),
          drop: async () => {
            const a = await openPostgres(s.url);
            await a.exec(`DROP DATABASE ${name} WITH (FORCE)`);
            await a.close();
          },
        };
      },
    });
  }
  return out;
}
