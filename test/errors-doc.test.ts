/**
 * Every diagnostic code pgdecl can report is documented in docs/errors.md: the sources are
 * scanned for codes, so a new one without a section fails here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Codes written as `code: 'x'`, `code: a ? 'x' : 'y'`, `compileError(ctx, 'x', …)`, or in a `codes.ts` table. */
function codes(): Set<string> {
  const out = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bcode: '([a-z][a-z0-9_]*)'/g)) out.add(m[1]!);
    for (const m of text.matchAll(/\bcode: [^,\n]*\? '([a-z][a-z0-9_]*)' : '([a-z][a-z0-9_]*)'/g)) (out.add(m[1]!), out.add(m[2]!));
    for (const m of text.matchAll(/compileError\(\s*ctx,\s*'([a-z][a-z0-9_]*)'/g)) out.add(m[1]!);
    if (file.endsWith('codes.ts')) for (const m of text.matchAll(/: '([a-z][a-z0-9_]*)',?$/gm)) out.add(m[1]!);
  }
  return out;
}

test('every code in the sources has a section in docs/errors.md', () => {
  const doc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const found = codes();
  assert.ok(found.size >= 70, `found only ${found.size} codes: the scan is broken`);
  const missing = [...found].filter((c) => !doc.includes(`### \`${c}\``)).sort();
  assert.equal(missing, []);
});

test.run();
