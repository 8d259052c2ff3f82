/**
 * The PostgreSQL version named in the header of `pgdecl sql` and of a migration, without
 * --pg-version: the lowest version the SQL runs on, computed from what it uses. For every
 * compile fixture the label agrees with compiling for PostgreSQL 14 (which refuses the
 * 15-only syntax); through the real binary, a script labelled 15 runs on PostgreSQL 15.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSqlParser } from '../src/compile/index.js';
import { versionFloor } from '../src/render/version-floor.js';
import { compileFixture, listFixtures, FIXTURES_DIR } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';

const BIN = fileURLToPath(new URL('../bin/pgdecl.js', import.meta.url));
const label = (sql: string) => /^-- For (PostgreSQL .*)\.$/m.exec(sql)?.[1];

test.before(async () => {
  await initSqlParser();
});

test.after(async () => {
  await stopOwnServers();
});

test('the floor: 14 by default, 15 for NULLS NOT DISTINCT and ON DELETE SET NULL (columns), anywhere in the data', () => {
  assert.equal(versionFloor({ tables: [{ indexes: [{ nullsNotDistinct: false }] }] }), { major: 14, because: [] });
  assert.equal(versionFloor([{ change: { index: { nullsNotDistinct: true } } }]), { major: 15, because: ['NULLS NOT DISTINCT'] });
  assert.equal(versionFloor({ foreignKeys: [{ onDeleteColumns: ['a'] }, { onDeleteColumns: [] }] }), { major: 15, because: ['ON DELETE SET NULL (columns)'] });
});

test('every compile fixture: the label agrees with what compiling for PostgreSQL 14 accepts', async () => {
  const seen = new Set<string>();
  for (const f of listFixtures()) {
    const c = await compileFixture(f);
    const named = label(c.sql);
    assert.ok(named, `${f.name}: a version in the header`);
    seen.add(named!);
    if (named === 'PostgreSQL 14 and later') {
      const on14 = await compileFixture(f, 14);
      assert.is(on14.sql.replace(/^-- For .*$/m, ''), c.sql.replace(/^-- For .*$/m, ''), `${f.name}: the same SQL when compiled for 14`);
    } else {
      assert.match(named!, /^PostgreSQL 15 and later \(/, f.name);
      try {
        await compileFixture(f, 14);
        assert.unreachable(`${f.name}: labelled ${named} but compiles for PostgreSQL 14`);
      } catch (e) {
        assert.match(String(e), /requires_pg15/, f.name);
      }
    }
  }
  assert.ok(seen.has('PostgreSQL 14 and later') && seen.has('PostgreSQL 15 and later (NULLS NOT DISTINCT)') && seen.has('PostgreSQL 15 and later (ON DELETE SET NULL (columns))'), [...seen].join(', '));
});

test('pgdecl sql (the binary, through a pipe) names PostgreSQL 15 for 15-only syntax, and the script runs on PostgreSQL 15', async () => {
  const file = join(FIXTURES_DIR, 'reference-nilify-columns', 'resources.yaml');
  const r = spawnSync(process.execPath, [BIN, 'sql', file], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^-- For PostgreSQL 15 and later \(ON DELETE SET NULL \(columns\)\)\.$/m);
  assert.match(r.stdout, /ON DELETE SET NULL \(/);
  const pg15 = (await servers()).find((s) => s.name === 'pg15');
  if (!pg15) return;
  const db = await freshDatabase(pg15);
  try {
    const setup = join(FIXTURES_DIR, 'reference-nilify-columns', 'setup.sql');
    const run = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', '-'], { input: (readdirSync(join(FIXTURES_DIR, 'reference-nilify-columns')).includes('setup.sql') ? readFileSync(setup, 'utf8') : '') + r.stdout, encoding: 'utf8', env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } });
    assert.is(run.status, 0, run.stderr);
  } finally {
    await db.drop();
  }
});

test('a migration names the lowest version its up and down sections run on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-floor-'));
  try {
    const base = `version: 1
resources:
  Tag:
    attributes:
      id: integer_primary_key
      name: { type: string }
    postgres: { table: tags }
`;
    writeFileSync(join(dir, 'resources.yaml'), base);
    assert.is((await runCli(['generate', 'initial'], { cwd: dir })).code, 0);
    writeFileSync(join(dir, 'resources.yaml'), base + '    identities:\n      unique_name: { keys: [name], nils_distinct: false }\n');
    assert.is((await runCli(['generate', 'unique'], { cwd: dir })).code, 0);
    const files = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
    assert.match(readFileSync(join(dir, 'migrations', files[0]!), 'utf8'), /, for PostgreSQL 14 and later\.\n/);
    assert.match(readFileSync(join(dir, 'migrations', files[1]!), 'utf8'), /, for PostgreSQL 15 and later \(NULLS NOT DISTINCT\)\.\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
