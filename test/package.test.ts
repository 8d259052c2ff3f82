/**
 * The package as others use it: `pgdecl` (the library entry), `pgdecl/schema.json`, and the
 * `pgdecl` bin. The library flow runs through the public exports only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pgdecl from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  engines: { node: string };
  files: string[];
};

test('package.json publishes the bin, the library and the schema', () => {
  assert.is(pkg.name, 'pgdecl');
  assert.is(pkg.bin.pgdecl, 'bin/pgdecl.js');
  assert.ok(existsSync(new URL('../bin/pgdecl.js', import.meta.url)));
  assert.is(pkg.exports['./schema.json'], './schema/pgdecl.schema.json');
  assert.is(pkg.engines.node, '>=20');
  for (const f of ['bin', 'dist', 'schema']) assert.ok(pkg.files.includes(f), f);
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('pgdecl/schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $id: string; $schema: string };
  assert.is(schema.$id, 'https://pgdecl.dev/schema/pgdecl.schema.json');
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

test('the library entry: files to an applied, converged database through public exports only', async () => {
  const loaded = await pgdecl.loadProjectFromText(
    'lib.yaml',
    `version: 1\nresources:\n  Item:\n    attributes:\n      id: integer_primary_key\n      label: { type: string, allow_nil: false }\n    postgres: { table: items }\n`,
  );
  assert.ok(loaded.project, 'valid');
  const target = await pgdecl.openTarget(pgdecl.parseSpec('pglite:memory', 'test', process.cwd()));
  try {
    const p = await pgdecl.planProject(target, loaded.project!);
    assert.match(pgdecl.formatPlanText(p.plan), /\+ table public\.items/);
    assert.ok(p.plan.steps.every((s) => !pgdecl.isDestructive(s)));
    const r = await pgdecl.applySteps(target, p.plan.steps, { lockTimeout: '5s' });
    assert.is(r.failure, undefined);
    assert.equal(await pgdecl.remainingChanges(target, p), []);
    const inspected = await pgdecl.inspect(target, { schemas: ['public'] });
    assert.equal(inspected.catalog.tables.map((t) => t.name), ['items']);
    assert.ok(pgdecl.CHANGE_KINDS.includes('create_table'));
    assert.is(pgdecl.redactUrl('postgres://u:secret@h/db'), 'postgres://u:***@h/db');
  } finally {
    await target.close();
  }
});

// The repository itself, not the compiled copy the test runner runs this file from
// (scripts/test-build.mjs), whose package.json is a link to it: npm packs no linked folder.
const ROOT = dirname(realpathSync(fileURLToPath(new URL('../package.json', import.meta.url))));
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

test('the packed package ships dist/ and LICENSE, has no install script, and installs without an install-script warning', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.match(scripts.prepack ?? '', /tsc/, 'npm pack and npm publish build dist/');
  assert.ok(existsSync(join(ROOT, 'dist/cli/main.js')), 'dist/ is built (npm run build) before this test packs with --ignore-scripts');
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-pack-'));
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.is(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  const shipped = info!.files.map((f) => f.path);
  for (const f of ['bin/pgdecl.js', 'dist/cli/main.js', 'dist/bundle/main.js', 'schema/pgdecl.schema.json', 'LICENSE']) assert.ok(shipped.includes(f), f);
  const tgz = join(dir, info!.filename);
  const extracted = spawnSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' });
  const packedScripts = (JSON.parse(extracted.stdout) as { scripts?: Record<string, string> }).scripts ?? {};
  assert.equal(INSTALL_SCRIPTS.filter((s) => s in packedScripts), [], 'no install lifecycle script in the package');
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}\n');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tgz], { cwd: app, encoding: 'utf8' });
  assert.is(install.status, 0, install.stderr);
  assert.not.match(install.stdout + install.stderr, /install.scripts?/i, 'no install-script warning');
  const help = spawnSync(join(app, 'node_modules/.bin/pgdecl'), ['--help'], { cwd: app, encoding: 'utf8' });
  assert.is(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: pgdecl <command>/);
  // Installed, the bundle finds the package's own files (the schema, the built validator).
  cpSync(join(ROOT, 'resources.example.yaml'), join(app, 'resources.yaml'));
  const validate = spawnSync(join(app, 'node_modules/.bin/pgdecl'), ['validate', 'resources.yaml'], { cwd: app, encoding: 'utf8' });
  assert.is(validate.status, 0, validate.stderr);
  assert.match(validate.stdout, /12 resources in resources\.yaml/);
});

test('the bin runs dist/bundle/ when it was built after dist/cli/, and dist/cli/ when the bundle is older', () => {
  const clone = mkdtempSync(join(tmpdir(), 'pgdecl-bundle-'));
  try {
    cpSync(join(ROOT, 'bin'), join(clone, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(clone, 'package.json'));
    for (const d of ['src', 'schema', 'node_modules']) symlinkSync(join(ROOT, d), join(clone, d));
    mkdirSync(join(clone, 'dist', 'bundle'), { recursive: true });
    for (const d of readdirSync(join(ROOT, 'dist')).filter((d) => d !== 'bundle')) symlinkSync(join(ROOT, 'dist', d), join(clone, 'dist', d));
    const bundle = join(clone, 'dist', 'bundle', 'main.js');
    writeFileSync(bundle, "throw new Error('the bundle ran');\n");
    const built = statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtime;
    const run = () => spawnSync(process.execPath, [join(clone, 'bin/pgdecl.js'), '--version'], { cwd: clone, encoding: 'utf8' });
    utimesSync(bundle, new Date(built.getTime() - 60_000), new Date(built.getTime() - 60_000));
    const older = run();
    assert.is(older.status, 0, older.stderr);
    utimesSync(bundle, new Date(built.getTime() + 60_000), new Date(built.getTime() + 60_000));
    assert.match(run().stderr, /the bundle ran/);
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});

test('in a clone where dist/ is not built (npm ci only), the bin runs the sources through tsx', () => {
  const clone = mkdtempSync(join(tmpdir(), 'pgdecl-clone-'));
  cpSync(join(ROOT, 'bin'), join(clone, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(clone, 'package.json'));
  for (const d of ['src', 'schema', 'node_modules']) symlinkSync(join(ROOT, d), join(clone, d));
  assert.ok(!existsSync(join(clone, 'dist')));
  const r = spawnSync(process.execPath, [join(clone, 'bin/pgdecl.js'), 'validate', join(ROOT, 'resources.example.yaml')], { cwd: clone, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /resources in/);
});

test.run();
