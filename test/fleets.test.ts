/**
 * Fleets: one set of files over several databases on PostgreSQL 18 and 15 (three databases,
 * a few tenants each), through the real binary for the main scenario. plan / apply converge
 * over the fleet with one plan per distinct state; a database made to refuse connections
 * between plan and apply fails alone (exit 1, named, no password shown) while the others
 * converge; after repair a re-run converges and `plan --exit-code` is 0. --only / --except,
 * the --json shape, and repeated --db keeping every database; the pool replacing a broken
 * connection.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { runBin } from './helpers/run-bin.js';
import { freshDatabase, servers, stopOwnServers, sqlOn, type ServerInfo } from './helpers/servers.js';
import { runPool } from '../src/fanout/pool.js';
import { openPostgres } from '../src/targets/postgres.js';

const FILES = `version: 1
repos:
  default:
    tenants: "SELECT 'tenant_' || slug FROM public.orgs ORDER BY 1"
    fleet:
      targets:
        alpha: \${FLEET_ALPHA}
        beta: \${FLEET_BETA}
        gamma: \${FLEET_GAMMA}
resources:
  Org:
    attributes:
      id: integer_primary_key
      slug: { type: string, allow_nil: false }
    postgres:
      table: orgs
      manage_tenant: { template: ["tenant_", slug] }
  Task:
    multitenancy: { strategy: context }
    attributes:
      id: integer_primary_key
      title: { type: string, allow_nil: false }
    postgres: { table: tasks }
`;
const WITH_DUE = FILES.replace('      title: { type: string, allow_nil: false }\n', '      title: { type: string, allow_nil: false }\n      due_on: date\n');
const WITH_DONE = WITH_DUE.replace('      due_on: date\n', '      due_on: date\n      done: { type: boolean, default: false }\n');

interface Db {
  readonly name: string;
  readonly url: string;
  readonly server: ServerInfo;
  readonly drop: () => Promise<void>;
}

let dbs: Db[] = [];
let dir = '';
let env: Record<string, string> = {};
const password = (url: string) => new URL(url).password;

async function setup(): Promise<void> {
  const all = await servers();
  const pg18 = all.find((s) => s.name === 'pg18')!;
  const pg15 = all.find((s) => s.name === 'pg15') ?? pg18;
  const where: [string, ServerInfo][] = [
    ['alpha', pg18],
    ['beta', pg15],
    ['gamma', pg18],
  ];
  dbs = await Promise.all(where.map(async ([name, server]) => ({ name, server, ...(await freshDatabase(server, `fleet_${name}`)) })));
  dir = mkdtempSync(join(tmpdir(), 'pgdecl-fleet-'));
  env = { FLEET_ALPHA: dbs[0]!.url, FLEET_BETA: dbs[1]!.url, FLEET_GAMMA: dbs[2]!.url };
}

const cli = (argv: readonly string[]) => runCli(argv, { cwd: dir, env });
const bin = (argv: readonly string[]) => runBin(argv, { cwd: dir, env });
const columns = async (db: Db, column: string) =>
  (await sqlOn(db.url, `SELECT table_schema AS s FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = '${column}' ORDER BY 1`)).map((r) => r.s);

test('a fleet of three databases on PostgreSQL 18 and 15 converges; a database that refuses connections fails alone', async () => {
  await setup();
  writeFileSync(join(dir, 'resources.yaml'), FILES);
  // The ordinary part on every database, then tenants (the manage_tenant trigger creates their schemas).
  let r: { code: number | null; stdout: string; stderr: string } = await bin(['apply', '--yes']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Fleet: 3 databases from the fleet of repo "default" \(alpha, beta, gamma\)/);
  assert.match(r.stdout, /3 databases \(alpha, beta, gamma\):/, `one plan for three empty databases\n${r.stdout}`);
  assert.match(r.stdout, /3 databases: 3 changed/);
  for (const [i, db] of dbs.entries()) await sqlOn(db.url, `INSERT INTO orgs (slug) VALUES ${['acme', 'globex', 'initech'].slice(0, i + 1).map((s) => `('${s}')`).join(', ')}`);

  writeFileSync(join(dir, 'resources.yaml'), WITH_DUE);
  r = await cli(['plan', '--tenants', '--exit-code']);
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /6 tenants \(alpha\/tenant_acme, beta\/tenant_acme, beta\/tenant_globex, gamma\/tenant_acme/, 'tenants of every database in one group');
  assert.match(r.stdout, /1 distinct plan with changes/);
  assert.match(r.stdout, /beta +tenant_globex +pending/);
  r = await cli(['apply', '--tenants', '--yes', '--concurrency', '3']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /3 databases, 6 tenants: 6 changed/);
  for (const db of dbs) assert.is((await columns(db, 'due_on')).length, dbs.indexOf(db) + 1, db.name);

  // Between plan and apply, beta stops taking connections.
  writeFileSync(join(dir, 'resources.yaml'), WITH_DONE);
  assert.is((await cli(['plan', '--tenants', '--exit-code'])).code, 2);
  const beta = dbs[1]!;
  const betaName = new URL(beta.url).pathname.slice(1);
  await sqlOn(beta.server.url, `ALTER DATABASE ${betaName} ALLOW_CONNECTIONS false`);
  await sqlOn(beta.server.url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${betaName}'`);
  try {
    r = await bin(['apply', '--tenants', '--yes']);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /beta +\(all\) +failed +0 +.*beta/, 'the failure names the database');
    assert.match(r.stdout, /Failed: beta\./);
    assert.match(r.stdout, /alpha +tenant_acme +changed/);
    assert.not.ok((r.stdout + r.stderr).includes(password(beta.url)), 'no password in the output');
    assert.equal(await columns(dbs[0]!, 'done'), ['tenant_acme'], 'alpha converged');
    assert.is((await columns(dbs[2]!, 'done')).length, 3, 'gamma converged');
  } finally {
    await sqlOn(beta.server.url, `ALTER DATABASE ${betaName} ALLOW_CONNECTIONS true`);
  }
  assert.is((await columns(beta, 'done')).length, 0, 'beta was not touched');
  r = await cli(['apply', '--tenants', '--yes']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /3 databases, 6 tenants: 4 converged, 2 changed/, `the re-run finishes what was left\n${r.stdout}`);
  r = await cli(['plan', '--tenants', '--exit-code']);
  assert.is(r.code, 0, r.stdout);
  // The ordinary part holds the manage_tenant trigger, whose body is the tenant DDL: it changed too.
  r = await cli(['plan', '--exit-code']);
  assert.is(r.code, 2, r.stdout);
  assert.match(r.stdout, /3 databases \(alpha, beta, gamma\):\n {2}~ function public\.orgs_manage_tenant\(\)/);
  assert.is((await cli(['apply', '--yes'])).code, 0);
  r = await bin(['plan', '--exit-code']);
  assert.is(r.code, 0, r.stdout);
  assert.match(r.stdout, /3 databases: 3 converged/);
});

test('destructive steps are refused over the fleet with their cost on each database; --only / --except, --json, and repeated --db keep every database', async () => {
  await sqlOn(dbs[2]!.url, `INSERT INTO tenant_globex.tasks (title, done) VALUES ('a', true), ('b', false), ('c', NULL)`);
  writeFileSync(join(dir, 'resources.yaml'), WITH_DUE);
  let r = await cli(['apply', '--tenants', '--yes']);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /refused: destructive steps in the plans of 6 tenants; nothing was changed/);
  assert.match(r.stderr, /gamma\/tenant_globex: drop column tenant_globex\.tasks\.done: 2 values would be deleted/);
  assert.match(r.stderr, /beta\/tenant_acme: drop column tenant_acme\.tasks\.done: 0 values would be deleted/);
  assert.is((await columns(dbs[2]!, 'done')).length, 3, 'nothing was changed');
  r = await cli(['apply', '--tenants', '--yes', '--allow-destructive', '--only', 'gamma']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Destructive \(allowed by --allow-destructive\), counted on each database:\n(?:.*\n)*? {2}- gamma\/tenant_globex: drop column tenant_globex\.tasks\.done: 2 values would be deleted/);
  assert.equal(await columns(dbs[2]!, 'done'), []);
  assert.is((await columns(dbs[0]!, 'done')).length, 1, '--only: alpha was left alone');
  writeFileSync(join(dir, 'resources.yaml'), WITH_DONE);
  assert.is((await cli(['apply', '--tenants', '--yes', '--only', 'gamma'])).code, 0);

  // A progress bar on a terminal; nothing on stderr when it is piped.
  r = await runCli(['plan', '--tenants', '--except', 'beta'], { cwd: dir, env, tty: true });
  assert.match(r.stderr, /\r\[#{30}\] 2\/2 databases · 4 tenants/);
  r = await cli(['plan', '--tenants', '--only', 'alpha,gamma', '--json']);
  assert.is(r.stderr, '');
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { formatVersion: number; command: string; targets: { name: string; database: string }[]; counts: Record<string, number>; rows: { target: string; tenant?: string; result: string; steps: number; error: unknown }[]; groups: unknown[] };
  assert.is(doc.formatVersion, 1);
  assert.is(doc.command, 'plan');
  assert.equal(doc.targets.map((t) => t.name), ['alpha', 'gamma']);
  assert.ok(doc.targets.every((t) => !t.database.includes(password(dbs[0]!.url))), 'database labels without password');
  assert.equal(doc.counts, { converged: 4, pending: 0, changed: 0, refused: 0, failed: 0 });
  assert.equal(doc.rows.map((x) => `${x.target}/${x.tenant}:${x.result}`).sort(), ['alpha/tenant_acme:converged', 'gamma/tenant_acme:converged', 'gamma/tenant_globex:converged', 'gamma/tenant_initech:converged']);
  r = await cli(['plan', '--except', 'beta', '--except', 'gamma', '--json']);
  assert.equal((JSON.parse(r.stdout) as typeof doc).rows.map((x) => x.target), ['alpha']);
  // A fleet written two ways at once is an error at its place in the file.
  writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nrepos:\n  default:\n    fleet:\n      query: SELECT url FROM dbs\nresources: {}\n');
  r = await cli(['validate', 'bad.yaml']);
  assert.is(r.code, 1);
  assert.match(r.stderr, /bad\.yaml:5:7 +the fleet of repo default has `query` without `directory`/);
  // DATABASE_URL means one database, as always: the fleet in the files is not used.
  r = await runCli(['plan', '--exit-code'], { cwd: dir, env: { ...env, DATABASE_URL: dbs[0]!.url } });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^Target: postgres:\/\/postgres:\*\*\*@/);
  assert.not.match(r.stdout, /Fleet:/);
  r = await cli(['plan', '--only', 'delta']);
  assert.is(r.code, 1);
  assert.match(r.stderr, /--only \/ --except name delta, which the fleet of repo "default" does not hold \(it holds alpha, beta, gamma\)/);

  // Several --db: every one of them, named by its URL without the password.
  writeFileSync(join(dir, 'resources.yaml'), WITH_DONE.replace(/ {4}fleet:\n(?: {6}.*\n)+/, '') .replace('      done: { type: boolean, default: false }\n', '      done: { type: boolean, default: false }\n      note: string\n'));
  r = await cli(['plan', '--tenants', '--db', dbs[0]!.url, '--db', dbs[1]!.url, '--json']);
  assert.is(r.code, 0, r.stderr);
  const two = JSON.parse(r.stdout) as typeof doc;
  assert.is(two.targets.length, 2, 'both databases, not only the last');
  assert.ok(two.targets.every((t) => t.name.includes('***') && !t.name.includes(password(dbs[0]!.url))));
  assert.is(two.counts.pending, 3);
  assert.is((two.groups as unknown[]).length, 1, 'one plan for the three tenants of two servers');
  // One --db: exactly as before (the single-database tenant output).
  r = await cli(['plan', '--tenants', '--db', dbs[0]!.url, '--exit-code']);
  assert.is(r.code, 2);
  assert.match(r.stdout, /Tenants: 0 converged, 1 to change/);
  // A command that works on one database refuses two.
  r = await cli(['pull', '--db', dbs[0]!.url, '--db', dbs[1]!.url]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /--db is given 2 times/);
  r = await cli(['plan', '--db', dbs[0]!.url, '--only', 'alpha']);
  assert.is(r.code, 1);
  assert.match(r.stderr, /--only and --except pick databases of a fleet/);
});

test('the pool replaces a connection that broke, and a database that refuses connections fails only its own jobs', async () => {
  let connects = 0;
  const beta = dbs[1]!;
  const betaName = new URL(beta.url).pathname.slice(1);
  const jobs = [
    { db: dbs[0]!.url, kill: true },
    { db: dbs[0]!.url, kill: false },
    { db: beta.url, kill: false },
    { db: dbs[2]!.url, kill: false },
  ];
  await sqlOn(beta.server.url, `ALTER DATABASE ${betaName} ALLOW_CONNECTIONS false`);
  try {
    const results = await runPool(jobs, {
      concurrency: 1,
      key: (j) => j.db,
      connect: async (url) => {
        connects++;
        const target = await openPostgres(url);
        return { target, release: () => target.close() };
      },
      work: async (t, j) => {
        try {
          // The server ends this very session, as a restart or an administrator would.
          if (j.kill) await t.query('SELECT pg_terminate_backend(pg_backend_pid())');
          const [row] = await t.query<{ n: number }>('SELECT 1 AS n');
          return `${j.db === beta.url ? 'beta' : 'ok'}:${row!.n}`;
        } catch {
          return 'broken';
        }
      },
      failed: (r) => r === 'broken',
      refused: (j) => `refused:${j.db === beta.url ? 'beta' : '?'}`,
    });
    assert.equal(results, ['broken', 'ok:1', 'refused:beta', 'ok:1']);
    assert.is(connects, 4, 'a new connection after the broken one, one per database after that');
  } finally {
    await sqlOn(beta.server.url, `ALTER DATABASE ${betaName} ALLOW_CONNECTIONS true`);
  }
});

test.after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of dbs) await db.drop();
  await stopOwnServers();
});
test.run();
