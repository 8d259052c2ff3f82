/**
 * Every fixture's create script runs on real PostgreSQL 18 and 15, exactly as a user runs it
 * (`psql -v ON_ERROR_STOP=1 -f`), one fresh database per fixture: the version-less script
 * (the golden expected.sql), the tenant script for one tenant schema, and, where it differs,
 * the script compiled for the server's own version. Then the server prints back what pgdecl
 * spelled itself (column types, its defaults, its checks) and the two must agree.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initSqlParser } from '../src/compile/index.js';
import { instantiateTenant, ordinaryPart } from '../src/ir/tenant.js';
import { compileFixture, FIXTURE_TENANT, listFixtures, PSQL, runPsql, spellingDifferences, execScript, type CompiledFixture, type Fixture } from './helpers/fixtures.js';
import { freshDatabase, freshTarget, servers, stopOwnServers, type ServerInfo } from './helpers/servers.js';
import { openPostgres } from '../src/targets/postgres.js';

const fixtures = listFixtures();
const list = await servers();
const timings: string[] = [];

test.before(async () => {
  await initSqlParser();
});

test.after(async () => {
  console.log(timings.join('\n'));
  await stopOwnServers();
});

const body = (sql: string) => sql.split('\n').filter((l) => !l.startsWith('-- ')).join('\n');

async function build(server: ServerInfo, f: Fixture, c: CompiledFixture, label: string): Promise<void> {
  const db = await freshDatabase(server);
  const t = await openPostgres(db.url);
  try {
    if (f.setupSql) await t.exec(f.setupSql);
    const url = db.url;
    if (PSQL) {
      const r = runPsql(url, c.sql);
      assert.ok(r.ok, `${label}: psql failed:\n${r.output}`);
      if (c.tenantSql) {
        const rt = runPsql(url, c.tenantSql);
        assert.ok(rt.ok, `${label} (tenant ${FIXTURE_TENANT}): psql failed:\n${rt.output}`);
      }
    } else {
      await execScript(t, c.catalog);
      if (c.tenantSql) await execScript(t, c.catalog, { tenant: FIXTURE_TENANT });
    }
    const catalogs = [ordinaryPart(c.catalog), ...(c.tenantSql ? [instantiateTenant(c.catalog, FIXTURE_TENANT)] : [])];
    const diffs = await spellingDifferences(t, c, catalogs);
    assert.equal(diffs, [], `${label}: pgdecl's spelling differs from the server's`);
  } finally {
    await t.close();
    await db.drop();
  }
}

for (const server of list) {
  const started = { at: 0 };
  test(`${server.name}: start`, async () => {
    started.at = Date.now();
    const t = await freshTarget(server);
    const v = await t.serverVersionNum();
    await t.drop();
    assert.ok(v >= 150000);
  });
  for (const f of fixtures) {
    test(`${server.name}: ${f.name}`, async () => {
      const plain = await compileFixture(f);
      await build(server, f, plain, `${server.name} ${f.name}`);
      const major = server.name === 'pg18' ? 18 : 15;
      const own = await compileFixture(f, major);
      if (body(own.sql) !== body(plain.sql) || body(own.tenantSql ?? '') !== body(plain.tenantSql ?? '')) {
        await build(server, f, own, `${server.name} ${f.name} --pg-version ${major}`);
      }
    });
  }
  test(`${server.name}: done`, () => {
    timings.push(`${server.name}: ${fixtures.length} fixtures in ${((Date.now() - started.at) / 1000).toFixed(1)} s`);
  });
}

test.run();
