/**
 * Tenant migrations: `generate` writes migrations/tenants/, `migrate --tenants` runs them once
 * per tenant schema (tracked per schema), `--only-tenants` narrows it, one failing tenant
 * does not stop the others, and the result equals what `plan --tenants` expects.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers, sqlOn } from './helpers/servers.js';

const FILES = `version: 1
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
      id: uuid_v7_primary_key
      body: { type: string, allow_nil: false }
      updated_at: update_timestamp
    postgres: { table: notes }
`;

const EVOLVED =
  FILES.replace('      body: { type: string, allow_nil: false }\n', '      body: { type: string, allow_nil: false }\n      pinned: { type: boolean, default: false }\n') +
  `  Tag:
    multitenancy: { strategy: context }
    attributes:
      id: integer_primary_key
      name: string
    postgres: { table: tags }
`;

const sql = sqlOn;

test('tenant migrations run once per tenant schema, tracked per schema', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-mt-'));
    const version = s.name === 'pg15' ? '15' : '18';
    const cli = (...argv: string[]) => runCli([...argv, '--db', db.url], { cwd: dir });
    try {
      writeFileSync(join(dir, 'resources.yaml'), FILES);
      let r = await runCli(['generate', 'initial', '--pg-version', version], { cwd: dir });
      assert.is(r.code, 0, r.stderr);
      assert.ok(existsSync(join(dir, 'migrations', 'tenants', 'pgdecl.sum')), 'a tenant part of its own');
      assert.is((await cli('migrate')).code, 0);
      await sql(db.url, `INSERT INTO orgs (slug) VALUES ('acme'), ('globex'), ('initech')`);

      r = await cli('migrate', '--tenants', '--concurrency', '2');
      assert.is(r.code, 0, `${s.name}\n${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /3 tenants from manage_tenant of resource Org/);
      assert.match(r.stdout, /tenant_acme +migrated 1 file/);
      assert.match(r.stdout, /Tenants: 3 migrated, 0 up to date, 0 failed/);
      const scopes = await sql(db.url, `SELECT scope, count(*)::int AS n FROM pgdecl.schema_migrations GROUP BY scope ORDER BY scope`);
      assert.equal(scopes, [{ scope: '', n: 1 }, { scope: 'tenant_acme', n: 1 }, { scope: 'tenant_globex', n: 1 }, { scope: 'tenant_initech', n: 1 }]);
      r = await cli('plan', '--tenants', '--exit-code');
      assert.is(r.code, 0, `${s.name}: migrated tenants equal what the files declare\n${r.stdout}`);

      writeFileSync(join(dir, 'resources.yaml'), EVOLVED);
      assert.is((await runCli(['generate', 'pins_and_tags', '--pg-version', version], { cwd: dir })).code, 0);
      r = await cli('migrate', '--tenants', '--only-tenants', 'tenant_acme');
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /Tenants: 1 migrated, 0 up to date, 0 failed/);

      // A hand-made view where the new table goes: that tenant fails, the other migrates.
      await sql(db.url, `CREATE VIEW tenant_globex.tags AS SELECT 1 AS x`);
      r = await cli('migrate', '--tenants');
      assert.is(r.code, 1);
      assert.match(r.stdout, /tenant_acme +up to date/);
      assert.match(r.stdout, /tenant_globex +failed in \d{14}_pins_and_tags/);
      assert.match(r.stdout, /tenant_initech +migrated 1 file/);
      assert.equal(await sql(db.url, `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'tenant_globex' AND column_name = 'pinned'`), [{ n: 0 }], 'the failed file was rolled back');
      await sql(db.url, `DROP VIEW tenant_globex.tags`);
      r = await cli('migrate', '--tenants');
      assert.is(r.code, 0, r.stdout);
      assert.match(r.stdout, /Tenants: 1 migrated, 2 up to date, 0 failed/);
      assert.is((await cli('plan', '--tenants', '--exit-code')).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test.after(stopOwnServers);
test.run();
