/**
 * Apply at the edges: an index left INVALID by a failed CREATE INDEX CONCURRENTLY is found
 * and rebuilt by the next plan; a first apply that exhausts the server's lock table says
 * what to raise, and changes nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers, sqlOn } from './helpers/servers.js';

const sql = sqlOn;

const BASE = `version: 1
resources:
  Coupon:
    attributes:
      id: integer_primary_key
      code: { type: string, allow_nil: false }
    postgres:
      table: coupons
`;
const WITH_INDEX = BASE + `      custom_indexes:
        - { fields: [code], unique: true, concurrently: true }
`;

test('a failed concurrent build leaves an INVALID index, and the next apply rebuilds it', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-invalid-'));
    const cli = (...argv: string[]) => runCli([...argv, '--db', db.url], { cwd: dir });
    try {
      writeFileSync(join(dir, 'resources.yaml'), BASE);
      assert.is((await cli('apply', '--yes')).code, 0);
      await sql(db.url, `INSERT INTO coupons (code) VALUES ('SPRING'), ('SPRING'), ('FALL')`);
      writeFileSync(join(dir, 'resources.yaml'), WITH_INDEX);
      let r = await cli('plan');
      assert.match(r.stdout, /\+ index coupons_code_index UNIQUE \(code\)  ! index_build, not_transactional/);
      r = await cli('apply', '--yes');
      assert.is(r.code, 1, `${s.name}: the build fails on the duplicate`);
      assert.match(r.stderr, /could not create unique index "coupons_code_index"/);
      assert.match(r.stderr, /an index left INVALID is rebuilt by the next apply/);
      assert.equal(await sql(db.url, `SELECT indisvalid AS v FROM pg_index WHERE indexrelid = 'coupons_code_index'::regclass`), [{ v: false }], 'PostgreSQL left it INVALID');
      r = await cli('plan');
      assert.match(r.stdout, /- index coupons_code_index/, `${s.name}: the next plan drops it…\n${r.stdout}`);
      assert.match(r.stdout, /\+ index coupons_code_index UNIQUE/, '…and builds it again');
      await sql(db.url, `DELETE FROM coupons WHERE ctid = (SELECT max(ctid) FROM coupons WHERE code = 'SPRING')`);
      r = await cli('apply', '--yes');
      assert.is(r.code, 0, r.stderr);
      assert.equal(await sql(db.url, `SELECT indisvalid AS v FROM pg_index WHERE indexrelid = 'coupons_code_index'::regclass`), [{ v: true }]);
      assert.is((await cli('plan', '--exit-code')).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test('running out of lock slots on a big first apply says what to raise, and changes nothing', async () => {
  // @ts-expect-error plain JavaScript module
  const { startPg18 } = (await import('../scripts/test-servers.mjs')) as { startPg18: (root: string, extra: string[]) => Promise<{ url: string; stop: () => Promise<void> }> };
  const root = mkdtempSync(join(tmpdir(), 'pgdecl-locks-'));
  chmodSync(root, 0o755); // the server runs as its own user
  const server = await startPg18(root, ['max_locks_per_transaction=10', 'max_connections=10']);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-locks-files-'));
  try {
    const resources = Array.from({ length: 400 }, (_, i) => `  R${i}:\n    attributes: { id: integer_primary_key, name: string }\n    postgres: { table: t${i} }`).join('\n');
    writeFileSync(join(dir, 'resources.yaml'), `version: 1\nresources:\n${resources}\n`);
    const r = await runCli(['apply', '--yes', '--db', server.url], { cwd: dir });
    assert.is(r.code, 1);
    assert.match(r.stderr, /out of shared memory/);
    assert.match(r.stderr, /raise max_locks_per_transaction/);
    assert.match(r.stderr, /nothing was changed/);
    assert.equal(await sql(server.url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`), [{ n: 0 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test.after(stopOwnServers);
test.run();
