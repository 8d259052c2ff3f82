/**
 * Golden invalid inputs: every folder of fixtures/invalid holds resource files and
 * expected-errors.txt, exactly what `pgdecl validate .` prints on stderr (no colour) when
 * run in that folder. `UPDATE_GOLDEN=1 npm test -- invalid` rewrites them; review the diff.
 * Also the hostile inputs too large to commit: 100,000 levels of nesting and a 10 MB file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './helpers/cli.js';
import { BIN } from './helpers/run-bin.js';
import { spawnSync } from 'node:child_process';
import { loadProjectFromText } from '../src/validate/project.js';

const root = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(root)
  .filter((d) => statSync(join(root, d)).isDirectory())
  .sort();

/** Output that would betray a bug rather than explain the user's mistake. */
function assertClean(text: string, label: string): void {
  assert.not.match(text, /undefined|\[object Object\]|NaN/, `${label}: no undefined, [object Object] or NaN`);
  assert.not.match(text, /^\s+at .+\(.*:\d+:\d+\)$/m, `${label}: no stack trace`);
  assert.not.match(text, /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/, `${label}: no JavaScript error`);
}

test('there are at least 30 golden cases', () => {
  assert.ok(cases.length >= 30, `${cases.length} cases`);
});

for (const name of cases) {
  test(`invalid: ${name}`, async () => {
    const dir = join(root, name);
    const run = await runCli(['validate', '.'], { cwd: dir, env: {} });
    assert.is(run.code, 1, `${name}: exit code 1`);
    assert.is(run.stdout, '', `${name}: nothing on stdout`);
    assertClean(run.stderr, name);
    assert.match(run.stderr, /^\S+:\d+:\d+ {2}/m, `${name}: at least one positioned message`);
    const golden = join(dir, 'expected-errors.txt');
    if (UPDATE) writeFileSync(golden, run.stderr);
    let expected = '';
    try {
      expected = readFileSync(golden, 'utf8');
    } catch {
      assert.unreachable(`${name}: expected-errors.txt is missing; run UPDATE_GOLDEN=1 npm test -- invalid and review it`);
    }
    assert.fixture(run.stderr, expected);
  });
}

const DEEP = ['['.repeat(100_000), '- '.repeat(100_000), '{a: '.repeat(100_000), Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n')];

test('100,000 levels of nesting are refused without a stack overflow', async () => {
  for (const text of DEEP) {
    const r = await loadProjectFromText('deep.yaml', text, { env: {} });
    assert.is(r.project, undefined);
    assert.is(r.diagnostics.length, 1);
    assert.is(r.diagnostics[0]!.code, 'nested_too_deep');
    assert.is(r.diagnostics[0]!.pos?.line !== undefined, true);
  }
  // Twice in one process: V8 can abort on a second overflow, so the parser must never get there.
  const again = await loadProjectFromText('deep.yaml', '['.repeat(100_000), { env: {} });
  assert.is(again.diagnostics[0]!.code, 'nested_too_deep');
});

/**
 * Each input read to the end, as a user's command would: `pgdecl validate` in a child process,
 * killed if it has not finished after 15 s (each needs about a second of CPU or less). A guard
 * against a hang, not a measure of speed, which bench/ measures: a scan quadratic in a line's
 * length, fixed on 2026-12-07, took 6–7 s of CPU on the long lines below and passed it.
 */
test('hostile layouts are read or refused by a process that ends: deep nesting, long lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-hostile-'));
  try {
    // One resource whose description is 4 MB of lines just under the 1,000 characters the fast parser takes.
    const longLines = 'version: 1\nresources:\n  R:\n    description: |\n' + Array.from({ length: 4_000 }, (_, i) => `      ${i} `.padEnd(998, 'a')).join('\n') + '\n';
    for (const [i, text] of [...DEEP, longLines].entries()) {
      writeFileSync(join(dir, 'resources.yaml'), text);
      const r = spawnSync(process.execPath, [BIN, 'validate', 'resources.yaml'], { cwd: dir, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      assert.is(r.signal, null, `input ${i}: killed after 15 s`);
      assert.is(r.status, 1, `input ${i}: ${r.stderr.slice(0, 500)}`);
      assert.match(r.stderr, /^resources\.yaml:\d+:\d+ {2}/m, `input ${i}: a positioned message`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 10 MB file is refused before it is parsed, by the CLI too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-big-'));
  try {
    const unit = '  R{i}:\n    attributes:\n      id: uuid_primary_key\n      name: { type: string, allow_nil: false }\n    postgres:\n      table: r_{i}\n';
    let text = 'version: 1\nresources:\n';
    for (let i = 0; text.length < 10 * 1024 * 1024; i++) text += unit.replaceAll('{i}', String(i));
    writeFileSync(join(dir, 'resources.yaml'), text);
    const run = await runCli(['validate', 'resources.yaml'], { cwd: dir, env: {} });
    assert.is(run.code, 1);
    assert.match(run.stderr, /resources\.yaml:1:1 {2}the file is 10\.0 MB; pgdecl reads files up to 5\.0 MB/);
    assert.match(run.stderr, /split the resources into several files/);
    const r = await loadProjectFromText('big.yaml', text, { env: {} });
    assert.is(r.diagnostics[0]!.code, 'file_too_large');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
