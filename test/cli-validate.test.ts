/** `pgdecl validate`: success and error output, the summary line, exit codes, --json. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, stripAnsi } from './helpers/cli.js';
import type { DiagnosticJson } from '../src/render/diagnostics.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const resource = (name: string, table: string) => `  ${name}:\n    attributes:\n      id: uuid_primary_key\n    postgres:\n      table: ${table}\n`;
const VALID = `version: 1\nresources:\n${resource('User', 'users')}${resource('Post', 'posts')}`;
const INVALID = `version: 1\nresources:\n  User:\n    attributes:\n      id: uuid_primary_key\n      email: { type: strng }\n    postgres:\n      table: users\n      shema: app\n`;

test('the example file validates: one line on stdout, exit 0', async () => {
  const r = await runCli(['validate', 'resources.example.yaml'], { cwd: root });
  assert.is(r.code, 0);
  assert.match(r.stdout, /^✓ \d+ resources in resources\.example\.yaml\n$/);
  assert.is(r.stderr, '');
});

test('several files: "in N files"; one resource is singular', async () => {
  const dir = tempDir({ 'a.yaml': VALID, 'b.yaml': `resources:\n${resource('Tag', 'tags')}`, 'c.yaml': `resources:\n${resource('One', 'ones')}` });
  try {
    const all = await runCli(['validate', '.'], { cwd: dir });
    assert.is(all.stdout, '✓ 4 resources in 3 files\n');
    const one = await runCli(['validate', 'c.yaml'], { cwd: dir });
    assert.is(one.stdout, '✓ 1 resource in c.yaml\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with no path: resources.yaml in the working directory, or a usage error naming the defaults', async () => {
  const dir = tempDir({ 'resources.yaml': VALID });
  const empty = tempDir({});
  try {
    assert.is((await runCli(['validate'], { cwd: dir })).stdout, '✓ 2 resources in resources.yaml\n');
    const none = await runCli(['validate'], { cwd: empty });
    assert.is(none.code, 1);
    assert.match(none.stderr, /none of resources\.yaml, resources\.yml, resources\.json, resources is in/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  }
});

test('errors: all of them on stderr with source lines and carets, a summary, exit 1', async () => {
  const dir = tempDir({ 'resources.yaml': INVALID, 'other.yaml': 'resources:\n  X: { postgres: { table: 5 } }\n' });
  try {
    const r = await runCli(['validate', 'resources.yaml', 'other.yaml'], { cwd: dir });
    assert.is(r.code, 1);
    assert.is(r.stdout, '');
    assert.fixture(
      r.stderr,
      [
        'other.yaml:2:20  `table` of the postgres block of resource X must be a string, not the number 5',
        '  2 |   X: { postgres: { table: 5 } }',
        '    |                    ^^^^^',
        '  = quote it: "5"',
        '',
        'resources.yaml:6:22  unknown type `strng` in attribute `email` of resource User',
        '  6 |       email: { type: strng }',
        '    |                      ^^^^^',
        '  = did you mean `string`?',
        '',
        'resources.yaml:9:7  unknown key `shema` in the postgres block of resource User',
        '  9 |       shema: app',
        '    |       ^^^^^',
        '  = did you mean `schema`?',
        '',
        '3 errors in 2 files',
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing file is an error naming it', async () => {
  const r = await runCli(['validate', 'missing.yaml'], { cwd: root });
  assert.is(r.code, 1);
  assert.is(r.stderr, 'missing.yaml  no such file or folder\n\n1 error in 1 file\n');
});

test('warnings are printed, and do not fail validation', async () => {
  const dir = tempDir({ 'resources.yaml': `resources:\n  Org:\n    attributes:\n      id: uuid_primary_key\n      slug: string\n      region: string\n    postgres:\n      table: orgs\n      manage_tenant: { template: [t_, slug, _, regoin] }\n` });
  try {
    const r = await runCli(['validate'], { cwd: dir });
    assert.is(r.code, 0);
    assert.is(r.stdout, '✓ 1 resource in resources.yaml\n');
    assert.match(r.stderr, /^resources\.yaml:9:48 {2}warning: `regoin` in the `template`/);
    assert.match(r.stderr, /\n1 warning in 1 file\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('colour on a terminal, none with NO_COLOR', async () => {
  const dir = tempDir({ 'resources.yaml': INVALID });
  try {
    const tty = await runCli(['validate'], { cwd: dir, tty: true });
    assert.match(tty.stderr, /\x1b\[/);
    assert.is(stripAnsi(tty.stderr), (await runCli(['validate'], { cwd: dir })).stderr);
    const off = await runCli(['validate'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } });
    assert.not.match(off.stderr, /\x1b\[/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--json: {valid, resources, files, diagnostics} on stdout, same exit codes', async () => {
  const ok = await runCli(['validate', 'resources.example.yaml', '--json'], { cwd: root });
  assert.is(ok.code, 0);
  const okJson = JSON.parse(ok.stdout) as { valid: boolean; resources: number; files: string[]; diagnostics: unknown[] };
  assert.equal(Object.keys(okJson), ['valid', 'resources', 'files', 'diagnostics']);
  assert.equal([okJson.valid, okJson.files, okJson.diagnostics], [true, ['resources.example.yaml'], []]);
  assert.ok(okJson.resources >= 6);
  const dir = tempDir({ 'resources.yaml': INVALID });
  try {
    const bad = await runCli(['validate', '--json'], { cwd: dir });
    assert.is(bad.code, 1);
    assert.is(bad.stderr, '');
    const json = JSON.parse(bad.stdout) as { valid: boolean; resources: number; files: string[]; diagnostics: DiagnosticJson[] };
    assert.equal([json.valid, json.resources, json.files], [false, 0, ['resources.yaml']]);
    assert.equal(json.diagnostics[0], { file: 'resources.yaml', line: 6, column: 22, severity: 'error', code: 'schema_unknown_type', message: 'unknown type `strng` in attribute `email` of resource User', suggestion: 'did you mean `string`?' });
    assert.is(json.diagnostics.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('environment variables come from the command environment', async () => {
  const dir = tempDir({ 'resources.yaml': `repos:\n  default: { url: "\${DATABASE_URL}" }\nresources:\n${resource('User', 'users')}` });
  try {
    assert.is((await runCli(['validate'], { cwd: dir, env: { DATABASE_URL: 'postgres://x' } })).code, 0);
    const unset = await runCli(['validate'], { cwd: dir, env: {} });
    assert.is(unset.code, 1);
    assert.match(unset.stderr, /the environment variable DATABASE_URL is not set/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validate (the binary) rejects what compile, sql and plan reject: SQL that does not parse, exit 1', () => {
  const dir = tempDir({ 'resources.yaml': `version: 1\nresources:\n  Book:\n    attributes:\n      id: uuid_primary_key\n      pages: integer\n    postgres:\n      table: books\n      check_constraints:\n        - { name: pages_positive, check: "pages >> > 0 AND" }\n` });
  try {
    const bin = join(root, 'bin', 'pgdecl.js');
    const text = spawnSync(process.execPath, [bin, 'validate'], { cwd: dir, encoding: 'utf8' });
    assert.is(text.status, 1);
    assert.is(text.stdout, '');
    assert.match(text.stderr, /^resources\.yaml:10:52 {2}syntax error in the check `pages_positive`: syntax error at or near ">"$/m);
    const json = spawnSync(process.execPath, [bin, 'validate', '--json'], { cwd: dir, encoding: 'utf8' });
    assert.is(json.status, 1);
    const out = JSON.parse(json.stdout) as { valid: boolean; diagnostics: DiagnosticJson[] };
    assert.is(out.valid, false);
    assert.equal(out.diagnostics.map((d) => d.code), ['sql_syntax']);
    for (const command of ['compile', 'sql']) assert.is(spawnSync(process.execPath, [bin, command], { cwd: dir, encoding: 'utf8' }).status, 1, command);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
