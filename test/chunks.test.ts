/**
 * Files read in pieces (src/load/chunks.ts): the pieces give exactly the value of the whole
 * file, or the split gives up; a memo of pieces parses only new ones; and a project loaded
 * from pieces reports every problem at the same file, line and column as one parsed whole.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { splitChunks, valueFromChunks } from '../src/load/chunks.js';
import { ChunkMemo } from '../src/load/chunk-memo.js';
import { parseText } from '../src/load/parse-document.js';
import { loadProject } from '../src/validate/project.js';
import { formatDiagnostics } from '../src/render/diagnostics.js';
import { offlineChecks } from '../src/compile/offline-checks.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(n) ? [p] : [];
  });
}
const files = [...yamlFiles(join(root, 'fixtures')), join(root, 'resources.example.yaml')];

/** The pieces' value equals the whole parse's, or the split gave up. */
function agrees(text: string, label: string): 'split' | 'whole' {
  const whole = parseText('f.yaml', text);
  const pieces = valueFromChunks('f.yaml', text, new ChunkMemo());
  if (pieces === undefined) return 'whole';
  assert.ok(whole.diagnostics.length === 0, `${label}: the pieces were taken although the whole file has a problem: ${whole.diagnostics.map((d) => d.message).join('; ')}`);
  assert.equal(pieces, whole.value, label);
  return 'split';
}

test('every fixture: the pieces give the value of the whole file; most files are read in pieces', () => {
  let split = 0;
  for (const f of files) if (agrees(readFileSync(f, 'utf8'), f) === 'split') split++;
  assert.ok(files.length > 200, `${files.length} files`);
  assert.ok(split > files.length * 0.8, `${split} of ${files.length} files read in pieces`);
});

test('what the split cannot vouch for is parsed whole', () => {
  const whole = [
    '---\nversion: 1\n',
    '%YAML 1.2\n---\nversion: 1\n',
    '"version": 1\n',
    'resources:\n- a\n',
    'resources:\n  A: {}\n B: {}\n',
    'resources:\n  A: {}\n  - b\n',
    'resources:\n  A: {}\n  A: {}\n',
    'version: 1\nversion: 2\n',
    '\tversion: 1\n',
    'resources:\n  __proto__: {}\n',
    'resources:\n  A: &x { a: 1 }\n  B: *x\n',
    'resources:\n  A: { a: [1,\n  B: 2] }\n',
    'resources:\n  A: "a\n  B: b"\n',
    'resources:\n  A: !!binary aGk=\n',
    '  version: 1\n',
    '{ "version": 1 }\n',
  ];
  for (const t of whole) {
    assert.is(valueFromChunks('f.yaml', t, new ChunkMemo()), undefined, JSON.stringify(t));
    agrees(t, JSON.stringify(t));
  }
});

test('layouts the split reads give the whole parse\'s value', () => {
  const split = [
    'version: 1\nresources:\n  A:\n    d: |+\n      kept\n\n\n  B: {}\n',
    'resources:\n  A:\n    d: |\n      x\n# a comment at the margin\n  B: 1\n',
    'resources: # the model\n  A: { a: 1 }\n\n  # between\n  B:\n    b: [1, 2]\nrepos: { default: {} }\n',
    'resources:\r\n  A:\r\n    a: 1\r\n  B: 2\r\n',
    'resources:\n    A:\n        a: 1\n    B: 2\n',
    'resources:\n  A:\n    x: &y { k: 1 }\n    z: *y\n',
    'resources:\n  A:\n    n: .inf\n    m: -0\n',
    'resources:\n  A:\n    list:\n    - 1\n    - 2\n',
    'version: 1\nresources:\n',
  ];
  for (const t of split) assert.is(agrees(t, JSON.stringify(t)), 'split', JSON.stringify(t));
});

test('the memo: a second read parses nothing, an edit parses one piece, values are fresh copies', () => {
  const text = readFileSync(join(root, 'resources.example.yaml'), 'utf8');
  const tops = splitChunks(text)!;
  const pieces = tops.reduce((n, t) => n + ('entries' in t ? t.entries.length : 1), 0);
  const first = new ChunkMemo();
  const a = valueFromChunks('f.yaml', text, first)!;
  assert.ok(first.changed);
  assert.is(Object.keys(first.used()).length, pieces);
  const second = new ChunkMemo(first.used());
  const b = valueFromChunks('f.yaml', text, second)!;
  assert.equal(b, a);
  assert.not.ok(second.changed, 'nothing parsed again');
  (b.resources as Record<string, unknown>)['Mutated'] = 1;
  assert.equal(valueFromChunks('f.yaml', text, second), a, 'a value handed out is not the memo\'s');
  const name = Object.keys(a.resources as object)[0]!;
  const edited = text.replace(new RegExp(`^  ${name}:\\n`, 'm'), `  ${name}:\n    edited_here: 1\n`);
  const third = new ChunkMemo(first.used());
  const c = valueFromChunks('f.yaml', edited, third)!;
  assert.equal(c, parseText('f.yaml', edited).value);
  assert.is(Object.keys(third.used()).length, pieces);
  assert.is(Object.keys(third.used()).filter((h) => !(h in first.used())).length, 1, 'one piece parsed');
  const inf = new ChunkMemo();
  valueFromChunks('f.yaml', 'resources:\n  A: { n: .inf }\n  B: { n: 1 }\n', inf);
  assert.is(Object.keys(inf.used()).length, 1, 'a value JSON cannot carry is not remembered');
});

test('random documents written by a YAML library: the pieces agree with the whole parse', () => {
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: false }), fc.constantFrom('a: b', '# x', '|', '- y', 'k:\n  v', '  lead', '*a', '&b c', '"q"', "'s'", '${X}', 'a\nb', 'kept\n\n', '\n  y\n', 'tail  \n'));
  const key = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), fc.string({ maxLength: 6 }));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
  })).node;
  const doc = fc.record({ version: fc.constant(1), resources: fc.dictionary(key, value, { maxKeys: 6 }), repos: fc.dictionary(key, value, { maxKeys: 2 }) });
  const style = fc.record({ indent: fc.integer({ min: 2, max: 4 }), flowLevel: fc.constantFrom(undefined, 2, 3), comments: fc.boolean(), crlf: fc.boolean() });
  let split = 0;
  fc.assert(
    fc.property(doc, style, (d, s) => {
      let text = stringify(d, { indent: s.indent, ...(s.flowLevel ? { collectionStyle: 'block', flowCollectionPadding: true } : {}) });
      if (s.comments) text = text.replace(/\n(?=\S)/g, '\n# c\n');
      if (s.crlf) text = text.replace(/\n/g, '\r\n');
      if (agrees(text, JSON.stringify(text)) === 'split') split++;
    }),
    { numRuns: 400 },
  );
  assert.ok(split > 100, `${split} of 400 documents read in pieces`);
});

test('every invalid fixture: loaded from pieces (memo empty, then full), the same project and messages at the same places', async () => {
  const dir = join(root, 'fixtures', 'invalid');
  const cases = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory());
  const check = offlineChecks({ full: true });
  for (const c of [...cases.map((n) => join(dir, n)), join(root, 'fixtures', 'compile')]) {
    const plain = await loadProject([c], { cwd: c, env: {}, check });
    const memo = new ChunkMemo();
    for (const round of ['empty memo', 'full memo']) {
      const pieces = await loadProject([c], { cwd: c, env: {}, check, chunks: round === 'empty memo' ? memo : new ChunkMemo(memo.used()) });
      assert.equal(pieces.project, plain.project, `${c}: the project (${round})`);
      assert.fixture(formatDiagnostics(pieces.diagnostics, pieces.sources), formatDiagnostics(plain.diagnostics, plain.sources), `${c}: the messages (${round})`);
    }
  }
});

/** Loads `text` as resources.yaml with no memo, an empty one and a full one: the same project and messages. */
async function sameEverywhere(text: string, env: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-chunks-'));
  try {
    writeFileSync(join(dir, 'resources.yaml'), text);
    const plain = await loadProject([dir], { cwd: dir, env });
    const expected = formatDiagnostics(plain.diagnostics, plain.sources);
    const memo = new ChunkMemo();
    for (const chunks of [memo, new ChunkMemo(memo.used())]) {
      const r = await loadProject([dir], { cwd: dir, env, chunks });
      assert.equal(r.project, plain.project);
      assert.fixture(formatDiagnostics(r.diagnostics, r.sources), expected);
    }
    return expected;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('pieces an alias makes share an object, or hold themselves, are not remembered: the same messages, once', async () => {
  const memo = new ChunkMemo();
  const cyclic = 'resources:\n  A:\n    tags: &t [a, *t]\n  B: {}\n';
  valueFromChunks('f.yaml', cyclic, memo);
  assert.is(Object.keys(memo.used()).length, 1, 'only B is remembered');
  await sameEverywhere('version: 1\nresources:\n  User:\n    attributes:\n      id: uuid_primary_key\n    postgres:\n      table: users\n    tags: &t [a, *t]\n');
  const shared = await sameEverywhere('version: 1\nresources:\n  User:\n    attributes:\n      id: uuid_primary_key\n      meta: &m\n        type: text\n        default: "${NOPE}"\n      meta2: *m\n    postgres:\n      table: users\n');
  assert.is(shared.match(/NOPE is not set/g)?.length, 1, shared);
});

test('a piece holding a password, even as a default of a variable, is not remembered', () => {
  const memo = new ChunkMemo();
  valueFromChunks('f.yaml', 'repos:\n  default:\n    url: "${DB_URL:-postgres://app:s3cret@db/app}"\nresources:\n  A: {}\n', memo);
  assert.is(Object.keys(memo.used()).length, 1);
  assert.not.ok(JSON.stringify(memo.used()).includes('s3cret'));
});

test('the memo: another version of pgdecl parses again; a damaged entry is parsed again', () => {
  const text = 'resources:\n  A: { a: 1 }\n  B: { b: 2 }\n';
  const first = new ChunkMemo(undefined, 'one');
  valueFromChunks('f.yaml', text, first);
  const other = new ChunkMemo(first.used(), 'two');
  valueFromChunks('f.yaml', text, other);
  assert.is(other.parsed, 2, 'another code: both parsed');
  const damaged = Object.fromEntries(Object.keys(first.used()).map((k, i) => [k, i === 0 ? '{' : '1']));
  const again = new ChunkMemo(damaged, 'one');
  assert.equal(valueFromChunks('f.yaml', text, again), { resources: { A: { a: 1 }, B: { b: 2 } } });
  assert.is(again.parsed, 2, 'both damaged entries parsed again');
});

test('a resource written twice: the table it shares is reported at the later key, as before pieces', async () => {
  const text = 'version: 1\nresources:\n  A:\n    attributes:\n      id: uuid_primary_key\n    postgres:\n      table: t_a\n  B:\n    attributes:\n      id: uuid_primary_key\n    postgres:\n      table: shared\n  A:\n    attributes:\n      id: uuid_primary_key\n    postgres:\n      table: shared\n';
  const out = await sameEverywhere(text);
  assert.match(out, /resources\.yaml:17:14 .*resource A uses the table `shared`/, out);
});

test.run();
