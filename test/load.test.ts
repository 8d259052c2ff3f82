/**
 * The loader: files and folders, merging, environment interpolation, YAML 1.2 semantics,
 * JSON input, positions of keys, values and characters inside values, hostile input.
 */
import { test } from 'uvu';
import { Lexer } from 'yaml';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, loadProjectFromText, type LoadResult } from '../src/validate/project.js';
import { interpolate, originalOffset } from '../src/load/interpolate.js';
import { tooDeepAt } from '../src/load/nesting.js';
import { displayPath } from '../src/load/discover.js';
import { MAX_SHOWN_LINE } from '../src/load/source-index.js';

const src = (file: string, pointer: string) => ({ file, pointer });
const codes = (r: LoadResult) => r.diagnostics.map((d) => d.code);

function tempDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-load-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

const resource = (name: string, table: string) => `  ${name}:\n    attributes:\n      id: uuid_primary_key\n    postgres:\n      table: ${table}\n`;

test('a folder: recursive, sorted, .yaml/.yml/.json only, hidden entries and node_modules skipped', async () => {
  const dir = tempDir({
    'b.yaml': `resources:\n${resource('B', 'bs')}`,
    'a/c.yml': `resources:\n${resource('C', 'cs')}`,
    'a/d.json': JSON.stringify({ resources: { D: { attributes: { id: 'uuid_primary_key' }, postgres: { table: 'ds' } } } }),
    'notes.txt': 'not: a resource file',
    '.hidden.yaml': 'garbage: [',
    '.git/x.yaml': 'garbage: [',
    'node_modules/pkg/x.yaml': 'garbage: [',
  });
  try {
    const r = await loadProject(['.'], { cwd: dir, env: {} });
    assert.equal(r.diagnostics, []);
    assert.equal(r.files, ['a/c.yml', 'a/d.json', 'b.yaml']);
    assert.equal(r.project?.resources.map((x) => x.name), ['B', 'C', 'D']);
    assert.equal(r.project?.files, ['a/c.yml', 'a/d.json', 'b.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('several files merge repos, resources and functions; a name defined twice names both places', async () => {
  const dir = tempDir({
    'one.yaml': `version: 1\nrepos:\n  analytics: { url: "postgres://a" }\nresources:\n${resource('User', 'users')}functions:\n  f: { returns: trigger, body: "BEGIN RETURN NEW; END" }\n`,
    'two.yaml': `resources:\n${resource('Post', 'posts')}${resource('User', 'people')}functions:\n  f: { returns: trigger, body: "BEGIN RETURN NULL; END" }\n`,
  });
  try {
    const ok = await loadProject(['one.yaml'], { cwd: dir, env: {} });
    assert.equal(ok.project?.repos.map((r) => r.name), ['analytics', 'default']);
    const r = await loadProject(['one.yaml', 'two.yaml'], { cwd: dir, env: {} });
    assert.is(r.project, undefined);
    const dups = r.diagnostics.filter((d) => d.code === 'duplicate_definition');
    assert.equal(dups.map((d) => [d.pos?.file, d.pos?.line, d.pos?.column]), [
      ['two.yaml', 7, 3],
      ['two.yaml', 13, 3],
    ]);
    assert.match(dups[0]!.message, /resource `User` is defined twice: first in one\.yaml:5:3/);
    assert.match(dups[1]!.message, /function `f` is defined twice: first in one\.yaml:11:3/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing paths, empty folders, binary and non-UTF-8 files are positioned errors, never exceptions', async () => {
  const dir = tempDir({ 'empty/README.md': '# nothing', 'bin.yaml': new Uint8Array([0x50, 0, 0x4b]), 'latin1.yaml': new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]) });
  try {
    const r = await loadProject(['nope.yaml', 'empty', 'bin.yaml', 'latin1.yaml'], { cwd: dir, env: {} });
    assert.equal(codes(r).sort(), ['file_not_found', 'no_resource_files', 'not_text', 'not_text']);
    assert.ok(r.diagnostics.every((d) => d.pos ?? d.src), 'every diagnostic names its file');
    assert.equal(r.diagnostics.find((d) => d.code === 'file_not_found')?.src, src('nope.yaml', ''));
    assert.match(r.diagnostics.find((d) => d.pos?.file === 'latin1.yaml')!.message, /not valid UTF-8/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('display paths are relative to cwd inside it, absolute outside', () => {
  assert.is(displayPath('/work/p/resources.yaml', '/work/p'), 'resources.yaml');
  assert.is(displayPath('/work/p/sub/r.yaml', '/work/p'), 'sub/r.yaml');
  assert.is(displayPath('/elsewhere/r.yaml', '/work/p'), '/elsewhere/r.yaml');
});

test('interpolation: ${VAR}, ${VAR:-default} (unset or empty), $${ literal, keys untouched', () => {
  const env = { HOST: 'db', EMPTY: '' };
  assert.is(interpolate('postgres://${HOST}/app', env).value, 'postgres://db/app');
  assert.is(interpolate('${MISSING:-localhost}', env).value, 'localhost');
  assert.is(interpolate('${EMPTY:-fallback}', env).value, 'fallback');
  assert.is(interpolate('${EMPTY}', env).value, '');
  assert.is(interpolate('${HOST:-x}', env).value, 'db');
  assert.is(interpolate('cost $${price} and $$ and $x', env).value, 'cost ${price} and $$ and $x');
  assert.is(interpolate('plain', env).segments, undefined, 'untouched strings carry no map');
  const unset = interpolate('a ${NOPE} b', env);
  assert.equal(unset.problems.map((p) => [p.kind, p.offset, p.name]), [['unset', 2, 'NOPE']]);
  const bad = interpolate('x ${1BAD} ${OPEN', env);
  assert.equal(bad.problems.map((p) => [p.kind, p.offset]), [['syntax', 2], ['syntax', 10]]);
  // Offsets in the result map back to the string as written.
  const r = interpolate('ab${HOST}cd$${e', env);
  assert.is(r.value, 'abdbcd${e');
  assert.is(originalOffset(r.segments!, 0), 0);
  assert.is(originalOffset(r.segments!, 3), 2, 'inside a substitution: its `$`');
  assert.is(originalOffset(r.segments!, 4), 9);
  assert.is(originalOffset(r.segments!, 6), 12, 'the `$` of a literal `${`');
});

test('interpolation in a file: every string value, positioned errors at the `$`, keys never', async () => {
  const text = 'repos:\n  default:\n    url: "postgres://${DB_HOST}:${DB_PORT:-5432}/x"\n    tenants: ${TENANTS_SQL}\n  ${KEY}: {}\n';
  const r = await loadProjectFromText('r.yaml', text, { env: { DB_HOST: 'h' } });
  const unset = r.diagnostics.filter((d) => d.code === 'env_unset');
  assert.is(unset.length, 1);
  assert.equal([unset[0]!.pos?.line, unset[0]!.pos?.column, unset[0]!.pos?.endColumn], [4, 14, 28]);
  assert.is(unset[0]!.suggestion, 'set TENANTS_SQL or write ${TENANTS_SQL:-default}');
  const ok = await loadProjectFromText('r.yaml', text, { env: { DB_HOST: 'h', TENANTS_SQL: 'SELECT 1' } });
  assert.equal(ok.diagnostics, []);
  const repo = ok.project!.repos.find((x) => x.name === 'default')!;
  assert.is(repo.url, 'postgres://h:5432/x');
  assert.ok(ok.project!.repos.some((x) => x.name === '${KEY}'), 'keys are not interpolated');
  // A position inside an interpolated value maps back to the text as written.
  const at = ok.sources.fragmentPosition(src('r.yaml', '/repos/default/url'), 'postgres://h:'.length);
  assert.equal([at?.line, at?.column], [3, 33], 'the `$` of ${DB_PORT:-5432}');
});

test('aliases share values and are interpolated once; $${ stays literal through them', async () => {
  const text = 'repos:\n  a: &r { url: "$${X}-${Y}" }\n  b: *r\n';
  const r = await loadProjectFromText('r.yaml', text, { env: { Y: 'y' } });
  assert.equal(r.diagnostics, []);
  assert.equal(r.project!.repos.filter((x) => x.name !== 'default').map((x) => x.url), ['${X}-y', '${X}-y']);
});

test('YAML 1.2 core schema: yes/no/on/off are strings, 010 is ten, 0o10 is eight', async () => {
  const r = await loadProjectFromText('r.yaml', 'resources:\n  A:\n    attributes:\n      id: { type: integer, primary_key: true, default: 010 }\n      b: { type: integer, default: 0o10 }\n      c: { type: string, default: yes }\n      d: { type: string, default: off }\n    postgres: { table: as }\n', { env: {} });
  assert.equal(r.diagnostics, []);
  const a = r.project!.resources[0]!.attributes;
  assert.equal(a.map((x) => (x.default?.kind === 'literal' ? x.default.value : null)), [10, 8, 'yes', 'off']);
  const bad = await loadProjectFromText('r.yaml', 'resources:\n  A:\n    attributes:\n      id: { type: string, primary_key: true, allow_nil: yes }\n    postgres: { table: as }\n', { env: {} });
  assert.equal(codes(bad), ['schema_wrong_type']);
  assert.match(bad.diagnostics[0]!.suggestion!, /YAML 1\.2 reads `yes` as a string: write true/);
});

test('positions: key and value ranges with start and end, ancestors for missing pointers', async () => {
  const text = 'resources:\n  User:\n    attributes:\n      email: { type: ci_string }\n    postgres:\n      table: users\n';
  const r = await loadProjectFromText('u.yaml', text, { env: {} });
  const s = r.sources;
  assert.equal(s.position(src('u.yaml', '/resources/User'), 'key'), { file: 'u.yaml', line: 2, column: 3, endLine: 2, endColumn: 7 });
  assert.equal(s.position(src('u.yaml', '/resources/User/attributes/email/type'), 'value'), { file: 'u.yaml', line: 4, column: 22, endLine: 4, endColumn: 31 });
  assert.equal(s.position(src('u.yaml', '/resources/User/postgres/table'), 'key'), { file: 'u.yaml', line: 6, column: 7, endLine: 6, endColumn: 12 });
  // A pointer with no node of its own resolves to its nearest ancestor.
  assert.equal(s.position(src('u.yaml', '/resources/User/postgres/schema'), 'key')?.line, 5);
  assert.is(s.position(src('other.yaml', '/x')), undefined);
  assert.is(s.lineText('u.yaml', 6), '      table: users');
  assert.is(s.lineText('u.yaml', 99), undefined);
});

test('fragment positions: plain, quoted (with escapes), literal and folded block scalars', async () => {
  const text = [
    'functions:',
    '  f:',
    '    returns: trigger',
    "    language: 'it''s sql'",
    '    schema: "a\\tb\\u00e9c"',
    '    arguments: plain text here',
    '    body: |',
    '      BEGIN',
    '        NEW.x := 1;',
    '      END',
    '    volatility: volatile',
    '    security: invoker',
  ].join('\n');
  const r = await loadProjectFromText('f.yaml', text, { env: {} });
  const at = (ptr: string, offset: number) => {
    const p = r.sources.fragmentPosition(src('f.yaml', `/functions/f/${ptr}`), offset);
    return [p?.line, p?.column];
  };
  assert.equal(at('arguments', 6), [6, 22], 'plain: `text`');
  assert.equal(at('language', 3), [4, 20], "single-quoted: `''` is one character");
  assert.equal(at('language', 5), [4, 22]);
  assert.equal(at('schema', 2), [5, 17], 'double-quoted: `\\t` is one character');
  assert.equal(at('schema', 4), [5, 24], 'after a \\u escape');
  assert.equal(at('body', 0), [8, 7], 'literal block: first line');
  assert.equal(at('body', 'BEGIN\n  '.length), [9, 9], 'literal block: indentation kept beyond the block indent');
  assert.equal(at('body', 'BEGIN\n  NEW.x := 1;\n'.length), [10, 7]);
  const folded = await loadProjectFromText('g.yaml', 'functions:\n  g:\n    returns: text\n    body: >\n      SELECT 1\n      + 2\n', { env: {} });
  const p = folded.sources.fragmentPosition(src('g.yaml', '/functions/g/body'), 'SELECT 1 '.length);
  assert.equal([p?.line, p?.column], [6, 7], 'folded: the right line');
});

test('JSON files are read with positions (YAML is a superset of JSON)', async () => {
  const text = '{\n  "resources": {\n    "User": {\n      "attributes": { "id": "uuid_primary_key" },\n      "postgres": { "table": "users", "schema": 5 }\n    }\n  }\n}\n';
  const r = await loadProjectFromText('r.json', text, { env: {} });
  assert.equal(codes(r), ['schema_wrong_type']);
  assert.equal([r.diagnostics[0]!.pos?.line, r.diagnostics[0]!.pos?.column], [5, 39]);
  const dup = await loadProjectFromText('d.json', '{"version": 1, "version": 1}', { env: {} });
  assert.equal(codes(dup), ['duplicate_key']);
  assert.equal(dup.diagnostics[0]!.pos?.column, 16);
});

test('hostile input: empty, comments only, syntax errors, tags, multiple documents, complex keys, scalars', async () => {
  const cases: [string, string, RegExp][] = [
    ['', 'empty_file', /the file is empty/],
    ['   \n\n', 'empty_file', /the file is empty/],
    ['# just a comment\n', 'empty_file', /only comments/],
    ['a: [1, 2\n', 'yaml_syntax', /invalid YAML/],
    ['a: "open\n', 'yaml_syntax', /invalid YAML/],
    ['a:\n\tb: 1\n', 'yaml_syntax', /tab/],
    ['a: !!binary aGk=\n', 'yaml_tag', /`!!binary` is not supported/],
    ['a: !custom x\n', 'yaml_tag', /`!custom`/],
    ['a: 1\n---\nb: 2\n', 'yaml_syntax', /several YAML documents/],
    ['? [a, b]\n: 1\n', 'yaml_complex_key', /a key must be a name/],
    ['a: *nowhere\n', 'yaml_alias', /has no anchor/],
    ['just a string\n', 'top_level_not_map', /not a single value/],
    ['42\n', 'top_level_not_map', /not a single value \(42\)/],
    ['- a\n', 'top_level_not_map', /not a list/],
    ['\uFEFFversion: 1\n', '', /^$/],
  ];
  for (const [text, code, message] of cases) {
    const r = await loadProjectFromText('h.yaml', text, { env: {} });
    if (code === '') {
      assert.equal(r.diagnostics, [], 'a byte-order mark is fine');
      continue;
    }
    assert.is(r.project, undefined, JSON.stringify(text));
    assert.is(r.diagnostics[0]?.code, code, JSON.stringify(text));
    assert.match(r.diagnostics[0]!.message, message);
    assert.ok(r.diagnostics[0]!.pos, `${JSON.stringify(text)} is positioned`);
  }
});

test('the nesting guard measures with the lexer: quotes and comments do not fool it', () => {
  const deepAt = (text: string, limit: number) => tooDeepAt(new Lexer().lex(text), limit);
  assert.is(deepAt('a: ' + '"['.repeat(0) + '"' + '['.repeat(500) + '"\n', 128), undefined, 'brackets in a quoted string');
  assert.is(deepAt('a: 1 # ' + '['.repeat(500) + '\n', 128), undefined, 'brackets in a comment');
  assert.is(deepAt('body: |\n  ' + '['.repeat(500) + '\n', 128), undefined, 'brackets in a block scalar');
  assert.ok(deepAt('[ "]" '.repeat(300), 128) !== undefined, 'a quoted `]` does not close a `[`');
  assert.ok(deepAt(Array.from({ length: 300 }, (_, i) => ' '.repeat(i) + 'k:').join('\n'), 128) !== undefined, 'block nesting by indentation');
  assert.is(deepAt('['.repeat(60) + ']'.repeat(60), 128), undefined);
});

test('long lines are cut when shown under a message', async () => {
  const r = await loadProjectFromText('l.yaml', `a: ${'x'.repeat(1000)}\n`, { env: {} });
  const line = r.sources.lineText('l.yaml', 1)!;
  assert.is(line.length, MAX_SHOWN_LINE + 1);
  assert.ok(line.endsWith('…'));
});

test('property: any text yields a project or positioned diagnostics, and never throws', async () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.array(fc.constantFrom('[', ']', '{', '}', '- ', ': ', '\n', '  ', 'a', '"', "'", '#', '&x ', '*x', '!', '?', ',', '|', '>', '${', 'resources', 'version: 1\n'), { maxLength: 120 }).map((xs) => xs.join('')),
    fc.json().map((j) => `resources: ${j}\n`),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 4 })).map((d) => JSON.stringify({ resources: { A: d } })),
  );
  await fc.assert(
    fc.asyncProperty(yamlish, async (text) => {
      const r = await loadProjectFromText('p.yaml', text, { env: {} });
      if (r.project) return r.diagnostics.every((d) => d.severity === 'warning');
      return r.diagnostics.length > 0 && r.diagnostics.every((d) => d.pos !== undefined || d.src !== undefined);
    }),
    { numRuns: 400 },
  );
});

test.run();
