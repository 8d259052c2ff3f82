/**
 * Every fixture's create script runs on the embedded database (PGlite, PostgreSQL 18 in
 * WASM): one instance for the file, emptied between fixtures. The version-less script, the
 * tenant script, and the script compiled for 18 where it differs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initSqlParser } from '../src/compile/index.js';
import { instantiateTenant, ordinaryPart } from '../src/ir/tenant.js';
import type { Target } from '../src/targets/target.js';
import { compileFixture, emptyDatabase, execScript, FIXTURE_TENANT, listFixtures, spellingDifferences, type CompiledFixture, type Fixture } from './helpers/fixtures.js';
import { pglite, TEST_PGLITE_EXTENSIONS } from './helpers/servers.js';

const fixtures = listFixtures();
let db: Target;
const started = Date.now();

test.before(async () => {
  await initSqlParser();
  // extensions-explicit also installs hstore and cube.
  db = await pglite([...TEST_PGLITE_EXTENSIONS, 'hstore', 'cube']);
});

test.after(async () => {
  await db.close();
  console.log(`pglite: ${fixtures.length} fixtures in ${((Date.now() - started) / 1000).toFixed(1)} s (including the 2-3 s start)`);
});

async function build(f: Fixture, c: CompiledFixture, label: string): Promise<void> {
  await emptyDatabase(db);
  if (f.setupSql) await db.exec(f.setupSql);
  try {
    await execScript(db, c.catalog);
    if (c.tenantSql) await execScript(db, c.catalog, { tenant: FIXTURE_TENANT });
  } catch (e) {
    assert.unreachable(`${label}: ${(e as Error).message}`);
  }
  const catalogs = [ordinaryPart(c.catalog), ...(c.tenantSql ? [instantiateTenant(c.catalog, FIXTURE_TENANT)] : [])];
  assert.equal(await spellingDifferences(db, c, catalogs), [], `${label}: pgdecl's spelling differs from PGlite's`);
}

const body = (sql: string) => sql.split('\n').filter((l) => !l.startsWith('-- ')).join('\n');

for (const f of fixtures) {
  test(`pglite: ${f.name}`, async () => {
    const plain = await compileFixture(f);
    await build(f, plain, `pglite ${f.name}`);
    const own = await compileFixture(f, 18);
    if (body(own.sql) !== body(plain.sql) || body(own.tenantSql ?? '') !== body(plain.tenantSql ?? '')) await build(f, own, `pglite ${f.name} --pg-version 18`);
  });
}

test.run();
