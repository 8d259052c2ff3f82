/**
 * schema/pgdecl.schema.json: it compiles with the validator's exact ajv setup, agrees with
 * the model's type lists, accepts the example project, rejects typical mistakes at the
 * right place, and documents every key (the editor shows these texts on hover).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { ATTRIBUTE_MACROS, RANGE_ELEMENT_TYPES, SCALAR_TYPES } from '../src/model/resource.js';

const root = new URL('..', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schema/pgdecl.schema.json', root), 'utf8')) as Record<string, any>;
const SCHEMA_ID = 'https://pgdecl.dev/schema/pgdecl.schema.json';

// The validator's setup, as is. Extra (non-standard) keywords used by the schema: the four
// yaml-language-server / VS Code annotations below; nothing else.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
addFormats(ajv);
ajv.addKeyword('markdownDescription');
ajv.addKeyword('defaultSnippets');
ajv.addKeyword('markdownEnumDescriptions');
ajv.addKeyword('enumDescriptions');
const validate = ajv.compile(schema);

function errorsOf(doc: unknown): ErrorObject[] {
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
const show = (errors: readonly ErrorObject[]) => errors.map((e) => `${e.instancePath || '(root)'} ${e.keyword} ${e.message}`).join('\n');

/** Every subschema with its JSON pointer and whether it sits under if/then/else. */
function* walk(node: unknown, ptr = '', conditional = false): Generator<{ node: Record<string, any>; ptr: string; conditional: boolean }> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const n = node as Record<string, any>;
  yield { node: n, ptr, conditional };
  for (const key of ['properties', '$defs', 'patternProperties']) {
    for (const [k, v] of Object.entries((n[key] ?? {}) as Record<string, unknown>)) yield* walk(v, `${ptr}/${key}/${k}`, conditional);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not', 'contains']) yield* walk(n[key], `${ptr}/${key}`, conditional);
  for (const key of ['if', 'then', 'else']) yield* walk(n[key], `${ptr}/${key}`, true);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    for (const [i, v] of ((n[key] ?? []) as unknown[]).entries()) yield* walk(v, `${ptr}/${key}/${i}`, conditional);
  }
}
const all = [...walk(schema)];

test('the schema is draft 2020-12 with its id, title and description', () => {
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.is(schema.$id, SCHEMA_ID);
  assert.type(schema.title, 'string');
  assert.type(schema.description, 'string');
  assert.type(schema.markdownDescription, 'string');
  assert.is(typeof validate, 'function');
});

test('type, range and macro lists equal the model', () => {
  assert.equal(schema.$defs.ScalarType.enum, [...SCALAR_TYPES]);
  assert.equal(schema.$defs.RangeElementType.enum, [...RANGE_ELEMENT_TYPES]);
  const shorthand = schema.$defs.Attribute.anyOf[0];
  assert.is(shorthand.type, 'string');
  assert.equal(shorthand.enum, [...ATTRIBUTE_MACROS, ...SCALAR_TYPES]);
});

test('every enum has one plain and one markdown description per value', () => {
  const enums = all.filter(({ node, conditional }) => !conditional && Array.isArray(node.enum) && node.enum.length > 1);
  assert.ok(enums.length >= 15, `found ${enums.length} enums`);
  for (const { node, ptr } of enums) {
    assert.is(node.enumDescriptions?.length, node.enum.length, `${ptr}: enumDescriptions`);
    assert.is(node.markdownEnumDescriptions?.length, node.enum.length, `${ptr}: markdownEnumDescriptions`);
  }
});

test('resources.example.yaml is valid (YAML 1.2)', () => {
  const text = readFileSync(new URL('resources.example.yaml', root), 'utf8');
  assert.ok(text.startsWith('# yaml-language-server: $schema=./schema/pgdecl.schema.json\n'), 'the modeline comes first');
  const doc = parse(text) as { resources: Record<string, unknown> };
  assert.equal(errorsOf(doc), [], show(errorsOf(doc)));
  assert.ok(Object.keys(doc.resources).length >= 6);
});

const BASE = `
version: 1
repos:
  default: { url: "\${DATABASE_URL:-}", extensions: [citext] }
resources:
  Post:
    multitenancy: { strategy: context }
    attributes:
      id: uuid_primary_key
      title: { type: string, allow_nil: false }
    relationships:
      author: { type: belongs_to, destination: User }
      comments: { type: has_many, destination: Comment }
      tags: { type: many_to_many, destination: Tag, through: PostTag }
    postgres:
      table: posts
      references:
        author: { on_delete: nilify, deferrable: true }
      custom_indexes:
        - { fields: [{ desc: title }] }
      triggers:
        - { name: t, timing: before, events: [update], function: f }
functions:
  f: { returns: trigger, body: "BEGIN RETURN NEW; END" }
`;

test('the base document of the invalid cases is valid', () => {
  assert.equal(errorsOf(parse(BASE)), [], show(errorsOf(parse(BASE))));
});

/** [what, text replaced in BASE, replacement, instancePath expected, keyword expected] */
const INVALID: [string, string, string, string, string][] = [
  ['a misspelled reference key', 'on_delete: nilify', 'on_delet: nilify', '/resources/Post/postgres/references/author', 'additionalProperties'],
  ['a wrong on_delete action', 'on_delete: nilify', 'on_delete: cascade', '/resources/Post/postgres/references/author/on_delete', 'enum'],
  ['deferrable: maybe', 'deferrable: true', 'deferrable: maybe', '/resources/Post/postgres/references/author/deferrable', 'enum'],
  ['match_type: partial (refused)', 'deferrable: true', 'match_type: partial', '/resources/Post/postgres/references/author/match_type', 'enum'],
  ['{nilify: column} instead of a list', 'on_delete: nilify', 'on_delete: { nilify: author_id }', '/resources/Post/postgres/references/author/on_delete/nilify', 'type'],
  ['a missing table', 'table: posts', 'schema: blog', '/resources/Post/postgres', 'required'],
  ['an object attribute without type', '{ type: string, allow_nil: false }', '{ allow_nil: false }', '/resources/Post/attributes/title', 'required'],
  ['an unknown type', 'type: string, allow_nil', 'type: text, allow_nil', '/resources/Post/attributes/title/type', 'enum'],
  ['an unknown macro', 'id: uuid_primary_key', 'id: uuid_pk', '/resources/Post/attributes/id', 'enum'],
  ['YAML 1.2: "no" is not a boolean', 'allow_nil: false', 'allow_nil: no', '/resources/Post/attributes/title/allow_nil', 'type'],
  ['a top-level typo', 'resources:', 'resource:', '', 'additionalProperties'],
  ['a resource name with a dash', '  Post:', '  Blog-Post:', '/resources', 'pattern'],
  ['many_to_many without through', ', through: PostTag', '', '/resources/Post/relationships/tags', 'required'],
  ['a belongs_to option on has_many', '{ type: has_many, destination: Comment }', '{ type: has_many, destination: Comment, allow_nil: false }', '/resources/Post/relationships/comments/allow_nil', 'false schema'],
  ['attribute multitenancy without its column', '{ strategy: context }', '{ strategy: attribute }', '/resources/Post/multitenancy', 'required'],
  ['an index field with both asc and desc', '{ desc: title }', '{ desc: title, asc: id }', '/resources/Post/postgres/custom_indexes/0/fields/0', 'additionalProperties'],
  ['an unknown trigger event', 'events: [update]', 'events: [upsert]', '/resources/Post/postgres/triggers/0/events/0', 'enum'],
  ['an extension object with a typo', 'extensions: [citext]', 'extensions: [{ name: citext, schemas: ext }]', '/repos/default/extensions/0', 'additionalProperties'],
  ['a function without body', '{ returns: trigger, body: "BEGIN RETURN NEW; END" }', '{ returns: trigger }', '/functions/f', 'required'],
  ['version 2', 'version: 1', 'version: 2', '/version', 'enum'],
];

for (const [what, from, to, path, keyword] of INVALID) {
  test(`rejected: ${what}`, () => {
    assert.ok(BASE.includes(from), `the base contains ${from}`);
    const errors = errorsOf(parse(BASE.replace(from, to)));
    assert.ok(errors.length > 0, 'the document is invalid');
    assert.ok(
      errors.some((e) => e.instancePath === path && e.keyword === keyword),
      `expected ${keyword} at ${path || '(root)'}, got:\n${show(errors)}`,
    );
    // Nothing is reported outside the mistake's subtree (one typo, one place).
    for (const e of errors) assert.ok(e.instancePath.startsWith(path) || path.startsWith(e.instancePath), `stray error ${e.instancePath}`);
  });
}

test('a map literal default is accepted, a {sql:} default with extra keys is not', () => {
  const ok = parse(BASE.replace('{ type: string, allow_nil: false }', '{ type: map, default: { theme: dark } }'));
  assert.equal(errorsOf(ok), [], show(errorsOf(ok)));
  const bad = errorsOf(parse(BASE.replace('{ type: string, allow_nil: false }', '{ type: map, default: { sql: "now()", x: 1 } }')));
  assert.ok(bad.some((e) => e.instancePath === '/resources/Post/attributes/title/default'), show(bad));
});

test('every object with properties is closed (additionalProperties: false), or says why not', () => {
  const open = all.filter(({ node, conditional }) => node.properties && !conditional && node.additionalProperties !== false && !/additionalProperties/.test(node.$comment ?? ''));
  assert.equal(open.map((o) => o.ptr), []);
  // Conditions and their consequences constrain an object its parent already closes; they add no key.
  for (const { node, ptr, conditional } of all) {
    if (!conditional || !node.properties) continue;
    const parentPtr = ptr.replace(/\/allOf\/\d+\/(if|then|else)$/, '');
    const parent = all.find((a) => a.ptr === parentPtr)?.node;
    assert.ok(parent?.additionalProperties === false, `${ptr}: the parent is closed`);
    for (const k of Object.keys(node.properties)) assert.ok(k in parent.properties, `${ptr}: ${k} is a key of the parent`);
  }
  assert.ok(all.filter((a) => a.node.additionalProperties === false).length >= 20);
});

test('every property has a description and a markdownDescription', () => {
  let count = 0;
  for (const { node, ptr, conditional } of all) {
    if (conditional || !node.properties) continue;
    for (const [k, p] of Object.entries(node.properties as Record<string, any>)) {
      count++;
      assert.type(p.description, 'string', `${ptr}/properties/${k}: description`);
      assert.type(p.markdownDescription, 'string', `${ptr}/properties/${k}: markdownDescription`);
      assert.ok(p.description.length > 5 && !p.description.includes('```'), `${ptr}/properties/${k}: a plain description`);
    }
  }
  assert.ok(count >= 90, `${count} properties`);
});

test('examples are plain values: an editor lists them by their text (an object would show as [object Object])', () => {
  for (const { node, ptr } of all) {
    for (const e of (node.examples as unknown[]) ?? []) assert.ok(e === null || typeof e !== 'object' || ptr === '', `${ptr}: the example ${JSON.stringify(e)} is an object; offer it as a labelled defaultSnippet`);
  }
});

test("Ajv's strict mode compiles the schema once the editor annotations it names in $comment are declared", () => {
  const STANDARD = new Set(['$schema', '$id', '$ref', '$defs', '$comment', 'title', 'description', 'default', 'examples', 'type', 'enum', 'const', 'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'required', 'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems', 'deprecated', 'readOnly', 'writeOnly']);
  const used = new Set<string>();
  const scan = (n: unknown, inData: boolean): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach((x) => scan(x, inData));
    for (const [k, v] of Object.entries(n)) {
      if (!inData && !STANDARD.has(k)) used.add(k);
      const mapOfSchemas = !inData && ['properties', 'patternProperties', '$defs', 'dependentSchemas'].includes(k);
      const data = inData || ['default', 'examples', 'const', 'enum', 'defaultSnippets', 'required'].includes(k) || !STANDARD.has(k);
      if (mapOfSchemas) for (const s of Object.values(v as object)) scan(s, false);
      else scan(v, data);
    }
  };
  scan(schema, false);
  const named = [...String(schema.$comment).matchAll(/\b(markdownDescription|defaultSnippets|markdownEnumDescriptions|enumDescriptions|[a-z]+[A-Z]\w*)\b/g)].map((m) => m[1]!).filter((k) => used.has(k));
  assert.equal([...used].sort(), [...new Set(named)].sort(), 'the $comment names every non-standard keyword the schema uses');
  const strict = () => {
    const a = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(a);
    return a;
  };
  assert.throws(() => strict().compile(schema), /unknown keyword: "markdownDescription"/, 'undeclared, an annotation is an error in strict mode');
  const a = strict();
  for (const k of used) a.addKeyword(k);
  assert.not.throws(() => a.compile(schema));
});

test('every default and example is valid for its own key', () => {
  let checked = 0;
  for (const { node, ptr } of all) {
    const values = [...('default' in node ? [node.default] : []), ...((node.examples as unknown[]) ?? [])];
    if (values.length === 0 || ptr === '') continue;
    const v = ajv.getSchema(`${SCHEMA_ID}#${ptr}`);
    assert.ok(v, `${ptr} resolves`);
    for (const value of values) {
      checked++;
      assert.ok(v!(value), `${ptr}: ${JSON.stringify(value)} is invalid: ${show(v!.errors ?? [])}`);
    }
  }
  assert.ok(checked >= 50, `${checked} values`);
});

test('the YAML examples in markdownDescription parse, and whole-object examples validate', () => {
  let count = 0;
  for (const { node, ptr } of all) {
    for (const [, yaml] of String(node.markdownDescription ?? '').matchAll(/```yaml\n([\s\S]*?)```/g)) {
      count++;
      // Some examples show alternatives for one key, one per line: duplicate keys are fine here.
      assert.not.throws(() => parse(yaml!, { uniqueKeys: false }), `${ptr}: ${yaml}`);
    }
  }
  assert.ok(count >= 80, `${count} examples`);
  const top = /```yaml\n([\s\S]*?)```/.exec(schema.markdownDescription)![1]!;
  assert.equal(errorsOf(parse(top)), [], 'the top-level example is a valid file');
});

test('defaultSnippets insert valid objects', () => {
  const fill = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/\$\{\d+:([^}]*)\}/g, '$1'));
  const snippets = all.filter(({ node }) => Array.isArray(node.defaultSnippets));
  const labels = snippets.flatMap(({ node }) => node.defaultSnippets.map((s: { label: string }) => s.label));
  for (const label of ['New resource', 'Attribute', 'Reference', 'Custom index', '{array: T}', '{range: T}']) assert.ok(labels.includes(label), `a ${label} snippet`);
  for (const { node, ptr } of snippets) {
    const v = ajv.getSchema(`${SCHEMA_ID}#${ptr}`)!;
    for (const s of node.defaultSnippets as { label: string; body: unknown }[]) {
      assert.ok(v(fill(s.body)), `${ptr} snippet ${s.label}: ${show(v.errors ?? [])}`);
    }
  }
});

test.run();
