/**
 * docs/reference.md is generated from the schema (scripts/gen-docs.ts): it must be up to
 * date, list every key in the section of its object, and have no broken links.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PATHS, anchor, flow, main, renderReference, type JsonSchema } from '../scripts/gen-docs.js';

const schema = JSON.parse(readFileSync(DEFAULT_PATHS.schema, 'utf8')) as JsonSchema;
const reference = readFileSync(DEFAULT_PATHS.reference, 'utf8');

/** The text of `## title` up to the next `## `. */
function section(doc: string, title: string): string | undefined {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) return undefined;
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The object shapes of the schema: [section title, schema with the keys]. */
function shapes(s: JsonSchema): [string, JsonSchema][] {
  const out: [string, JsonSchema][] = [['Top level', s]];
  for (const [name, d] of Object.entries(s.$defs ?? {})) {
    const obj = d.properties ? d : d.anyOf?.find((b) => b.properties);
    if (obj) out.push([d.title ?? name, obj]);
  }
  return out;
}

test('docs/reference.md is up to date (run `npm run docs`)', () => {
  const fresh = renderReference(schema);
  if (fresh !== reference) {
    const a = fresh.split('\n');
    const b = reference.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.unreachable(`docs/reference.md is stale from line ${line + 1}:\n  file:   ${b[line]}\n  schema: ${a[line]}\nrun \`npm run docs\``);
  }
});

test('rendering is deterministic and ends with one newline', () => {
  assert.is(renderReference(schema), renderReference(JSON.parse(JSON.stringify(schema)) as JsonSchema));
  assert.ok(reference.endsWith('\n') && !reference.endsWith('\n\n'));
});

test('every key of the schema is in the table of its section, with its default', () => {
  let keys = 0;
  const list = shapes(schema);
  assert.ok(list.length >= 20, `${list.length} object shapes`);
  for (const [title, obj] of list) {
    const text = section(reference, title);
    assert.ok(text, `a section "## ${title}"`);
    const required = new Set(obj.required ?? []);
    for (const [key, p] of Object.entries(obj.properties ?? {})) {
      if (typeof p === 'boolean') continue;
      keys++;
      const table = text!.slice(text!.indexOf('| key | type | default | description |'));
      const row = table.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      assert.ok(row, `${title}: a row for ${key}`);
      if (required.has(key)) assert.ok(row!.includes('**required**'), `${title}.${key} is marked required`);
      if (p.default !== undefined) assert.ok(row!.includes(`| \`${flow(p.default)}\` |`), `${title}.${key}: default ${JSON.stringify(p.default)} in ${row}`);
      else if (!required.has(key)) assert.ok(row!.includes('| — |'), `${title}.${key}: no default`);
    }
  }
  assert.ok(keys >= 90, `${keys} keys`);
  // The rendering of defaults, spelled out once.
  assert.equal([flow('public'), flow(''), flow([]), flow({ default: {} }), flow(false), flow('1.6')], ['public', '""', '[]', '{ default: {} }', 'false', '"1.6"']);
});

test('enum values and their meanings are listed', () => {
  for (const t of ['uuid_primary_key', 'ci_string', 'tstzrange', 'nilify', 'initially', 'many_to_many', 'instead_of', 'immutable']) {
    assert.ok(reference.includes(t), t);
  }
  const onUpdate = reference.split('\n').find((l) => l.startsWith('| `on_update` |'));
  assert.ok(onUpdate?.includes('"nothing" \\| "restrict" \\| "update" \\| "nilify"'), onUpdate);
  const deferrable = reference.split('\n').find((l) => l.startsWith('| `deferrable` |'));
  assert.ok(deferrable?.includes('false \\| true \\| "initially"'), deferrable);
  assert.ok(reference.includes('| `attributes` | map of [Attribute](#attribute) |'));
  assert.ok(reference.includes('| `custom_indexes` | list of [Custom index](#custom-index) |'));
});

test('every link inside the reference points at a heading or an anchor', () => {
  const targets = new Set<string>();
  for (const m of reference.matchAll(/^#+ (.+)$/gm)) targets.add(anchor(m[1]!.replace(/`/g, '')));
  for (const m of reference.matchAll(/<a id="([^"]+)"><\/a>/g)) targets.add(m[1]!);
  const links = [...reference.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(links.length > 100, `${links.length} links`);
  assert.equal(links.filter((l) => !targets.has(l)), []);
});

test('--check exits 1 on a stale file and 0 on a fresh one; without it the file is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-docs-'));
  const error = console.error;
  const log = console.log;
  const said: string[] = [];
  console.error = console.log = (m: string) => void said.push(m);
  try {
    const paths = { schema: DEFAULT_PATHS.schema, reference: join(dir, 'reference.md') };
    writeFileSync(paths.reference, reference.replace('## Repo', '## Repos'));
    assert.is(main(['--check'], paths), 1);
    assert.match(said.join('\n'), /out of date/);
    assert.is(main([], paths), 0);
    assert.is(readFileSync(paths.reference, 'utf8'), renderReference(schema));
    assert.is(main(['--check'], paths), 0);
  } finally {
    console.error = error;
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
