/**
 * `pgdecl init` as a user runs it (the real binary): the starter file and its modeline, the
 * .gitignore line (created, appended, never twice), the refusal to overwrite, and the starter
 * validating, applying and converging on PostgreSQL 18, 15 and the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBin } from './helpers/run-bin.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'pgdecl-init-'));
const modeline = (text: string) => /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];

test('init writes a starter with a modeline that resolves, ignores .pgdecl/, prints next steps', async () => {
  const dir = tmp();
  const r = await runBin(['init'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'resources.yaml'), 'utf8');
  const schema = modeline(text);
  assert.ok(schema, 'modeline on the first line');
  assert.ok(existsSync(resolve(dir, schema!)), `the modeline resolves from the file: ${schema}`);
  assert.is(readFileSync(join(dir, '.gitignore'), 'utf8'), '.pgdecl/\n');
  assert.match(r.stdout, /Next:/);
  assert.match(r.stdout, /pgdecl plan/);
  assert.is(r.stderr, '');
});

test('init points at node_modules/pgdecl when pgdecl is installed in the project', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'node_modules/pgdecl/schema'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/pgdecl/schema/pgdecl.schema.json'), '{}');
  const r = await runBin(['init'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.is(modeline(readFileSync(join(dir, 'resources.yaml'), 'utf8')), './node_modules/pgdecl/schema/pgdecl.schema.json');
});

test('init refuses to overwrite resources.yaml (exit 1, nothing written) unless --force; .gitignore is appended once', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'resources.yaml'), 'mine\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/');
  const refused = await runBin(['init'], { cwd: dir });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /resources\.yaml already exists/);
  assert.match(refused.stderr, /--force/);
  assert.is(readFileSync(join(dir, 'resources.yaml'), 'utf8'), 'mine\n');
  assert.is(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules/', 'a refused init writes nothing');
  const forced = await runBin(['init', '--force'], { cwd: dir });
  assert.is(forced.code, 0, forced.stderr);
  assert.match(readFileSync(join(dir, 'resources.yaml'), 'utf8'), /^# yaml-language-server/);
  assert.is(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules/\n.pgdecl/\n');
  const again = await runBin(['init', '--force'], { cwd: dir });
  assert.is(again.code, 0);
  assert.is(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules/\n.pgdecl/\n', 'idempotent');
});

test('the starter validates, applies and converges on PostgreSQL 18, 15 and the embedded database', async () => {
  const dir = tmp();
  assert.is((await runBin(['init'], { cwd: dir })).code, 0);
  const v = await runBin(['validate'], { cwd: dir });
  assert.is(v.code, 0, v.stderr);
  const dbs: { label: string; url: string; drop?: () => Promise<void> }[] = [{ label: 'embedded', url: `pglite:${join(dir, '.pgdecl/default')}` }];
  for (const s of await servers()) {
    const d = await freshDatabase(s);
    dbs.push({ label: s.name, url: d.url, drop: d.drop });
  }
  for (const d of dbs) {
    try {
      const a = await runBin(['apply', '--yes', '--db', d.url], { cwd: dir });
      assert.is(a.code, 0, `${d.label}: ${a.stderr}`);
      assert.match(a.stdout, /\+ table public\.users/);
      const p = await runBin(['plan', '--exit-code', '--db', d.url], { cwd: dir });
      assert.is(p.code, 0, `${d.label} converges: ${p.stdout}`);
    } finally {
      await d.drop?.();
    }
  }
});

test.after(stopOwnServers);
test.run();
