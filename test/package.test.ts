/**
 * The package as others use it: `pgdecl` (the library entry), `pgdecl/schema.json`, and the
 * `pgdecl` bin. The library flow runs through the public exports only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

test.run();
