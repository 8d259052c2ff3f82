/**
 * Fleets and versioned migrations: a fleet listed by a query on a directory database, three
 * databases on PostgreSQL 18 and 15; migrate, status and rollback over all of them, with
 * --tenants, --only, and the --json shape. And a fleet of an embedded database (PGlite) and a
 * PostgreSQL one that plan and apply converge.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers, sqlOn } from './helpers/servers.js';

const FILES = `version: 1
repos:
  default:
    fleet:
      query: SELECT name, url FROM fleet_dbs ORDER BY name
      directory: \${DIRECTORY_URL}
resources:
  Org:
    attributes:
      id: integer_primary_key
      slug: { type: string, allow_nil: false }
    postgres:
      table: orgs
      manage_tenant: { template: ["tenant_", slug], create: false }
  Note:
    multitenancy: { strategy: context }
    attributes:
      id: integer_primary_key
      body: { type: string, allow_nil: false }
    postgres: { table: notes }
`;
const EVOLVED = FILES.replace('      body: { type: string, allow_nil: false }\n', '      body: { type: string, allow_nil: false }\n      pinned: { type: boolean, default: false }\n');

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];

test('migrate, status and rollback over a fleet listed by a directory query, with tenants', async () => {
  const all = await servers();
  const pg18 = all.find((s) => s.name === 'pg18')!;
  const pg15 = all.find((s) => s.name === 'pg15') ?? pg18;
  const directory = await freshDatabase(pg18, 'fleet_dir');
  drops.push(directory.drop);
  const dbs: { name: string; url: string }[] = [];
  for (const [name, server] of [['alpha', pg18], ['beta', pg15], ['gamma', pg18]] as const) {
    const db = await freshDatabase(server, `fleet_${name}`);
    drops.push(db.drop);
    dbs.push({ name, url: db.url });
  }
  await sqlOn(directory.url, `CREATE TABLE fleet_dbs (name text, url text); INSERT INTO fleet_dbs VALUES ${dbs.map((d) => `('${d.name}', '${d.url}')`).join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-fleet-mig-'));
  dirs.push(dir);
  const cli = (...argv: string[]) => runCli(argv, { cwd: dir, env: { DIRECTORY_URL: directory.url } });
  writeFileSync(join(dir, 'resources.yaml'), FILES);
  let r = await cli('generate', 'initial', '--pg-version', '15');
  assert.is(r.code, 0, r.stderr);

  r = await cli('migrate');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Fleet: 3 databases from the fleet of repo "default" \(its query\) \(alpha, beta, gamma\)/);
  assert.match(r.stdout, /3 databases: 3 migrated/);
  for (const [i, d] of dbs.entries()) await sqlOn(d.url, `INSERT INTO orgs (slug) VALUES ${['acme', 'globex'].slice(0, i === 1 ? 2 : 1).map((s) => `('${s}')`).join(', ')}`);
  for (const d of dbs) for (const row of await sqlOn(d.url, `SELECT 'tenant_' || slug AS s FROM orgs`)) await sqlOn(d.url, `CREATE SCHEMA ${String(row.s)}`);

  r = await cli('migrate', '--tenants', '--concurrency', '2');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /3 databases, 4 tenants: 4 migrated/);
  assert.match(r.stdout, /beta +tenant_globex +migrated +1/);

  writeFileSync(join(dir, 'resources.yaml'), EVOLVED);
  assert.is((await cli('generate', 'pins', '--pg-version', '15')).code, 0);
  r = await cli('status', '--tenants', '--json');
  assert.is(r.code, 0, r.stderr);
  const status = JSON.parse(r.stdout) as { command: string; dir: string; counts: Record<string, number>; rows: { target: string; tenant: string; result: string; steps: number }[] };
  assert.is(status.command, 'status');
  assert.is(status.dir, 'migrations/tenants');
  assert.equal(status.counts, { converged: 0, pending: 4, changed: 0, refused: 0, failed: 0 });
  assert.equal(status.rows.map((x) => `${x.target}/${x.tenant}:${x.steps}`), ['alpha/tenant_acme:1', 'beta/tenant_acme:1', 'beta/tenant_globex:1', 'gamma/tenant_acme:1']);

  // beta's tenant_globex already has the column by hand: its file fails there, the others migrate.
  await sqlOn(dbs[1]!.url, `ALTER TABLE tenant_globex.notes ADD COLUMN pinned text`);
  r = await cli('migrate', '--tenants');
  assert.is(r.code, 1, r.stdout);
  assert.match(r.stdout, /beta +tenant_globex +failed +0 +\d{14}_pins \(line \d+\): column "pinned" of relation "notes" already exists \(rolled back\)/);
  assert.match(r.stdout, /3 databases, 4 tenants: 3 migrated, 1 failed/);
  await sqlOn(dbs[1]!.url, `ALTER TABLE tenant_globex.notes DROP COLUMN pinned`);
  r = await cli('migrate', '--tenants', '--json');
  assert.is(r.code, 0, r.stdout);
  assert.equal((JSON.parse(r.stdout) as typeof status).counts, { converged: 3, pending: 0, changed: 1, refused: 0, failed: 0 });

  r = await cli('rollback', '--tenants', '--only', 'alpha');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /alpha +tenant_acme +rolled back +1/);
  assert.match(r.stdout, /1 database, 1 tenants: 1 rolled back/);
  r = await cli('status', '--tenants', '--except', 'beta');
  assert.is(r.code, 0);
  assert.match(r.stdout, /alpha +tenant_acme +pending +1 +1 applied, 1 pending/);
  assert.match(r.stdout, /gamma +tenant_acme +up to date +0/);
  r = await cli('migrate', '--tenants');
  assert.is(r.code, 0);
  assert.match(r.stdout, /4 tenants: 3 up to date, 1 migrated/);
  // What the migrations built is what the files declare, on every database.
  r = await cli('plan', '--tenants', '--exit-code');
  assert.is(r.code, 0, r.stdout + r.stderr);
});

test('a fleet of an embedded database and a PostgreSQL 18 one: apply converges on both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-fleet-lite-'));
  dirs.push(dir);
  const pg = await freshDatabase((await servers()).find((s) => s.name === 'pg18')!, 'fleet_lite');
  drops.push(pg.drop);
  writeFileSync(join(dir, 'resources.yaml'), FILES.replace(/ {4}fleet:\n(?: {6}.*\n)+/, '').replace('repos:\n  default:\n', ''));
  const cli = (...argv: string[]) => runCli([...argv, '--db', 'pglite:one', '--db', pg.url], { cwd: dir });
  let r = await cli('apply', '--yes');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /2 databases: 2 changed/);
  r = await cli('plan', '--exit-code', '--json');
  assert.is(r.code, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as { targets: { name: string }[]; counts: Record<string, number> };
  assert.is(doc.targets[0]!.name, `embedded database ${join(dir, 'one')}`);
  assert.match(doc.targets[1]!.name, /^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/fleet_lite_/);
  assert.is(doc.counts.converged, 2);
});

test.after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const drop of drops) await drop();
  await stopOwnServers();
});
test.run();
