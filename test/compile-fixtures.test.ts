/**
 * Golden fixtures: each case of fixtures/compile compiles without diagnostics, and its SQL
 * (and IR) equal the reviewed expected files. `UPDATE_GOLDEN=1 npm test -- compile` rewrites
 * them; review the diff before committing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { initSqlParser } from '../src/compile/index.js';
import { checkGolden, compileFixture, irJson, listFixtures } from './helpers/fixtures.js';

const fixtures = listFixtures();

test.before(async () => {
  await initSqlParser();
});

test('there are at least 40 fixture cases', () => {
  assert.ok(fixtures.length >= 40, `${fixtures.length} fixtures`);
});

for (const f of fixtures) {
  test(`fixture ${f.name}`, async () => {
    const c = await compileFixture(f);
    assert.equal(c.diagnostics, [], 'no warnings either');
    const problems = [
      checkGolden(join(f.dir, 'expected.sql'), c.sql),
      checkGolden(join(f.dir, 'expected.ir.json'), irJson(c)),
      c.tenantSql !== undefined ? checkGolden(join(f.dir, 'expected.tenant.sql'), c.tenantSql) : undefined,
    ].filter((p): p is string => p !== undefined);
    if (c.tenantSql === undefined) assert.not.ok(existsSync(join(f.dir, 'expected.tenant.sql')), 'a stale expected.tenant.sql');
    if (problems.length) assert.unreachable(problems.join('\n\n'));
  });
}

test.run();
