/**
 * The tenant commands users of other tools look for, and their `--json`: `status --tenants`,
 * `rollback --tenants`, `apply --tenants --dry-run` (changes nothing), the `--json` of
 * generate, migrate, rollback and `tenants create|rename`, and the warning of `tenants
 * create` when the files' tenant list will not name the new tenant. On PostgreSQL 18, 15 and
 * the embedded database, ending converged.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';
import { openTarget, parseSpec } from '../src/targets/resolve.js';

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
      id: integer_primary_key
      body: { type: string, allow_nil: false }
    postgres: { table: notes }
`;

const EVOLVED = `${FILES}  Tag:
    multitenancy: { strategy: context }
    attributes:
      id: integer_primary_key
      name: string
    postgres: { table: tags }
`;

async function query(url: string, cwd: string, q: string): Promise<Record<string, unknown>[]> {
  const t = await openTarget(parseSpec(url, 'default', cwd));
  try {
    return await t.query(q);
  } finally {
    await t.close();
  }
}

const json = (s: string) => JSON.parse(s) as Record<string, any>;

test('status, rollback and apply --dry-run over tenants; --json of generate, migrate, rollback, tenants create and rename', async () => {
  const envs: { label: string; url: string; drop?: () => Promise<void> }[] = [];
  for (const s of await servers()) {
    const d = await freshDatabase(s);
    envs.push({ label: s.name, url: d.url, drop: d.drop });
  }
  envs.push({ label: 'embedded', url: `pglite:${join(mkdtempSync(join(tmpdir(), 'pgdecl-te-db-')), 'db')}` });
  for (const env of envs) {
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-te-'));
    const cli = (...argv: string[]) => runCli([...argv, '--db', env.url], { cwd: dir });
    const sql = (q: string) => query(env.url, dir, q);
    const at = (what: string, r: { stdout: string; stderr: string }) => `${env.label}: ${what}\n${r.stdout}${r.stderr}`;
    try {
      writeFileSync(join(dir, 'resources.yaml'), FILES);
      let r = await runCli(['generate', 'initial', '--pg-version', '15', '--json'], { cwd: dir });
      assert.is(r.code, 0, at('generate', r));
      let doc = json(r.stdout);
      assert.is(doc.mode, 'write');
      assert.equal(doc.parts.map((p: { part: string }) => p.part).sort(), ['ordinary', 'tenant']);
      assert.ok(doc.written.some((f: string) => /^migrations\/tenants\/\d{14}_initial\.sql$/.test(f)), doc.written.join(' '));

      r = await cli('migrate', '--json');
      assert.is(r.code, 0, at('migrate', r));
      doc = json(r.stdout);
      assert.is(doc.direction, 'up');
      assert.equal(doc.results.map((x: { status: string }) => x.status), ['applied']);
      assert.is(doc.failure, null);
      await sql(`INSERT INTO orgs (slug) VALUES ('acme'), ('globex')`);

      r = await cli('status', '--tenants');
      assert.is(r.code, 0, at('status --tenants', r));
      assert.match(r.stdout, /tenant_acme +0 +1 +0 +0  none/);
      assert.match(r.stdout, /2 tenants: 0 up to date, 2 with pending migrations/);

      r = await cli('migrate', '--tenants', '--json');
      assert.is(r.code, 0, at('migrate --tenants', r));
      assert.equal(json(r.stdout).counts, { changed: 2, unchanged: 0, failed: 0 });

      writeFileSync(join(dir, 'resources.yaml'), EVOLVED);
      r = await runCli(['generate', 'tags', '--pg-version', '15', '--json'], { cwd: dir });
      assert.equal(json(r.stdout).parts.map((p: { part: string }) => p.part), ['tenant']);
      assert.is((await cli('migrate', '--tenants')).code, 0);
      assert.is((await cli('plan', '--tenants', '--exit-code')).code, 0, `${env.label}: migrated tenants converge`);

      r = await cli('rollback', '--tenants', '--step', '1', '--json');
      assert.is(r.code, 0, at('rollback --tenants', r));
      doc = json(r.stdout);
      assert.is(doc.direction, 'down');
      assert.equal(doc.counts, { changed: 2, unchanged: 0, failed: 0 });
      assert.equal(doc.tenants.map((t: { tenant: string; results: { name: string; status: string }[] }) => [t.tenant, t.results.map((x) => `${x.name}:${x.status}`)]), [
        ['tenant_acme', ['tags:rolled_back']],
        ['tenant_globex', ['tags:rolled_back']],
      ]);
      assert.equal(await sql(`SELECT to_regclass('tenant_acme.tags') IS NULL AS gone, to_regclass('tenant_acme.notes') IS NOT NULL AS kept`), [{ gone: true, kept: true }]);
      r = await cli('status', '--tenants', '--json');
      assert.equal(json(r.stdout).tenants.map((t: { tenant: string; counts: Record<string, number> }) => [t.tenant, t.counts.applied, t.counts.pending]), [
        ['tenant_acme', 1, 1],
        ['tenant_globex', 1, 1],
      ]);

      r = await cli('rollback', '--dry-run', '--json');
      assert.is(r.code, 0, at('rollback --dry-run --json', r));
      doc = json(r.stdout);
      assert.is(doc.dryRun, true);
      assert.equal(doc.selected.map((m: { name: string }) => m.name), ['initial']);

      // The files declare tags; the tenants do not have it: a dry run rehearses and changes nothing.
      r = await cli('apply', '--tenants', '--dry-run');
      assert.is(r.code, 0, at('apply --tenants --dry-run', r));
      assert.match(r.stdout, /Dry run: the steps of 2 tenants ran and were rolled back.*nothing was changed/);
      assert.equal(await sql(`SELECT to_regclass('tenant_acme.tags') IS NULL AS gone`), [{ gone: true }]);
      assert.is((await cli('plan', '--tenants', '--exit-code')).code, 2, `${env.label}: still pending after the dry run`);

      r = await cli('tenants', 'create', 'tenant_new', '--json');
      assert.is(r.code, 0, at('tenants create', r));
      assert.equal(json(r.stdout), { ...json(r.stdout), tenant: 'tenant_new', created: true, listed: false });
      assert.match(r.stderr, /manage_tenant of resource Org does not list tenant_new/);
      await sql(`INSERT INTO orgs (slug) VALUES ('listed')`);
      r = await cli('tenants', 'create', 'tenant_listed');
      assert.is(r.code, 0, at('tenants create (listed)', r));
      assert.not.match(r.stderr, /does not list/);
      r = await cli('tenants', 'rename', 'tenant_new', 'tenant_newer', '--json');
      assert.equal(json(r.stdout), { from: 'tenant_new', to: 'tenant_newer', renamed: true });

      assert.is((await cli('migrate', '--tenants', '--only-tenants', 'tenant_acme,tenant_globex')).code, 0);
      assert.is((await cli('plan', '--tenants', '--exit-code')).code, 0, `${env.label}: converged at the end`);
    } finally {
      await env.drop?.();
    }
  }
});

test.after(stopOwnServers);
test.run();
