/**
 * Limits the files can cross: the total size of one run's files (each file has its own limit
 * already) and PostgreSQL's 1,600 columns per table. Both are refused at validate time with
 * a position, before anything heavy happens.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES } from '../src/load/limits.js';
import { MAX_COLUMNS } from '../src/validate/checks/limits.js';

test('files that are each under the file limit but over the total are refused, positioned, and none is parsed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-total-'));
  try {
    // Each file just under the per-file limit: valid YAML made of one long comment line.
    const each = MAX_FILE_BYTES - 1024;
    const count = Math.ceil(MAX_TOTAL_BYTES / each) + 1;
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `part-${i}.yaml`), `version: 1\n# ${'x'.repeat(each - 20)}\n`);
    const r = await runCli(['validate', '.'], { cwd: dir, env: {} });
    assert.is(r.code, 1, r.stderr);
    const crossing = Math.floor(MAX_TOTAL_BYTES / each);
    assert.match(r.stderr, new RegExp(`^part-${crossing}\\.yaml:1:1  the ${count} files are [\\d.]+ MB together .*pgdecl reads up to 16\\.0 MB in one run, so it read none of them`, 'm'), r.stderr);
    assert.match(r.stderr, /= validate, plan or apply fewer files at a time/);
    assert.is(r.stderr.match(/^\S+:\d+:\d+ {2}/gm)?.length, 1, 'one message, not one per file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('more than 1,600 columns in a resource is refused at validate time, at its attributes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-columns-'));
  try {
    const attrs = Array.from({ length: MAX_COLUMNS - 1 }, (_, i) => `      c${i}: { type: integer }`).join('\n');
    const file = (extra: string) => `version: 1
resources:
  Owner:
    attributes:
      id: integer_primary_key
    postgres:
      table: owners
  Wide:
    attributes:
      id: integer_primary_key
${attrs}
${extra}    postgres:
      table: wide
`;
    // 1 + 1,599 = 1,600 columns: allowed.
    writeFileSync(join(dir, 'resources.yaml'), file(''));
    let r = await runCli(['validate', '.'], { cwd: dir, env: {} });
    assert.is(r.code, 0, r.stderr);
    // A belongs_to adds the 1,601st.
    writeFileSync(join(dir, 'resources.yaml'), file('    relationships:\n      owner: { type: belongs_to, destination: Owner }\n'));
    r = await runCli(['validate', '.'], { cwd: dir, env: {} });
    assert.is(r.code, 1);
    assert.match(r.stderr, /^resources\.yaml:9:5 {2}resource Wide has 1601 columns \(1 of them added by belongs_to relationships\); a PostgreSQL table holds at most 1600/m, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
