/**
 * Validation: JSON Schema errors in words, every semantic check (by code, message and
 * position), suggestions, all errors at once, and the model builder's expansions and defaults.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText, loadProjectOrThrow, type LoadResult } from '../src/validate/project.js';
import { PgdeclError, type Diagnostic } from '../src/model/diagnostic.js';
import type { Resource } from '../src/model/resource.js';
import { readFileSync } from 'node:fs';
import { LOAD } from '../src/load/codes.js';
import { CHECK, SCHEMA } from '../src/validate/codes.js';

async function load(text: string, env: Record<string, string> = {}): Promise<LoadResult> {
  return loadProjectFromText('r.yaml', text, { env });
}

/** [code, line, column, message] of each diagnostic. */
const brief = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.pos?.line, d.pos?.column, d.message] as const);

async function only(text: string, code: string): Promise<Diagnostic> {
  const r = await load(text);
  const found = r.diagnostics.filter((d) => d.code === code);
  assert.is(found.length, 1, `one ${code} in:\n${r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, d0(found[0]!) ? 1 : 0, `nothing else:\n${brief(r.diagnostics).join('\n')}`);
  return found[0]!;
}
const d0 = (d: Diagnostic) => d.severity === 'error';

const res = (name: string, body: string) => `  ${name}:\n${body.replace(/^/gm, '    ')}\n`;
const doc = (...resources: string[]) => `version: 1\nresources:\n${resources.join('')}`;
const POST = res('Post', 'attributes:\n  id: uuid_primary_key\n  title: string\npostgres:\n  table: posts');

test('a valid project has no diagnostics, a project, and its files', async () => {
  const r = await load(doc(POST));
  assert.equal(r.diagnostics, []);
  assert.is(r.project?.resources.length, 1);
  assert.equal(r.files, ['r.yaml']);
});

test('schema: unknown keys at each level, with did-you-mean and misplaced keys', async () => {
  const r = await load(`version: 1\nresourcs: {}\nresources:\n  Post:\n    atributes: {}\n    table: posts\n    postgres: { tabel: posts }\n`);
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.column, d.suggestion]),
    [
      ['schema_unknown_key', 2, 1, 'did you mean `resources`?'],
      ['schema_unknown_key', 5, 5, 'did you mean `attributes`?'],
      ['schema_unknown_key', 6, 5, '`table` goes under `postgres:`'],
      ['schema_missing_key', 7, 5, undefined],
      ['schema_unknown_key', 7, 17, 'did you mean `table`?'],
    ],
  );
  assert.is(r.diagnostics[3]!.message, 'the postgres block of resource Post needs `table`: the name of the table');
});

test('schema: one sentence per anyOf; the branch the value evidently meant explains it', async () => {
  const r = await load(doc(res('Post', 'attributes:\n  id: uuid_primery_key\n  n: 5\n  t: { type: { array: strng } }\n  d: { type: map, default: { sql: 5 } }\npostgres:\n  table: posts')));
  assert.equal(brief(r.diagnostics), [
    ['schema_unknown_type', 5, 11, 'unknown type or macro `uuid_primery_key` for attribute `id` of resource Post'],
    ['schema_wrong_form', 6, 7, 'attribute `n` of resource Post is the number 5; an attribute is a type name (`integer`), a macro (`uuid_primary_key`) or a map with `type`'],
    ['schema_unknown_type', 7, 27, 'unknown type `strng` in attribute `t` of resource Post'],
    ['schema_wrong_type', 8, 34, '`default.sql` of attribute `d` of resource Post must be a string, not the number 5'],
  ]);
  assert.is(r.diagnostics[0]!.suggestion, 'did you mean `uuid_primary_key`?');
  assert.is(r.diagnostics[2]!.suggestion, 'did you mean `string`?');
});

test('schema: enum values with synonyms (cascade → delete) and the MATCH PARTIAL refusal', async () => {
  const comment = res('Comment', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  post: { type: belongs_to, destination: Post }\npostgres:\n  table: comments\n  references:\n    post: { on_delete: cascade, on_update: set_null, deferrable: deferred, match_type: partial }');
  const r = await load(doc(POST, comment));
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.suggestion]),
    [
      ['schema_bad_value', 'did you mean `delete`?'],
      ['schema_bad_value', 'did you mean `nilify`?'],
      ['schema_bad_value', 'did you mean `initially`?'],
      ['match_partial', 'MATCH SIMPLE (the default) lets a key with a NULL column through; MATCH FULL does not'],
    ],
  );
  assert.is(r.diagnostics[2]!.message, '`deferrable` of reference `post` of resource Comment must be false, true or "initially", not `deferred`');
  assert.is(r.diagnostics[3]!.message, 'PostgreSQL does not implement MATCH PARTIAL; use simple or full');
  assert.ok(r.diagnostics.every((d) => d.pos?.line === 17), 'values are pointed at');
});

test('schema: keys that do not apply to a relationship type or a tenancy strategy', async () => {
  const r = await load(doc(res('Post', 'multitenancy: { strategy: context, attribute: org_id }\nattributes:\n  id: uuid_primary_key\nrelationships:\n  c: { type: has_many, destination: Post, allow_nil: false }\npostgres:\n  table: posts')));
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.message, d.suggestion]),
    [
      ['schema_key_not_allowed', '`attribute` does not apply to the multitenancy of resource Post with `strategy: context`', '`attribute` is for `strategy: attribute`: remove it here'],
      ['schema_key_not_allowed', '`allow_nil` does not apply to relationship `c` of resource Post, a has_many', '`allow_nil` is for belongs_to relationships: remove it here'],
    ],
  );
});

test('schema: wrong types, empty names, duplicates in lists, ranges, bad names, version', async () => {
  const r = await load(`version: 2\nresources:\n  Bad-Name: { postgres: { table: b } }\n  Post:\n    attributes:\n      id: { type: string, primary_key: true, allow_nil: "false" }\n      p: { type: decimal, constraints: { precision: 0 } }\n    postgres:\n      table: ""\n      triggers:\n        - { name: t, timing: before, events: [update, update], function: f }\n`);
  assert.equal(
    r.diagnostics.map((d) => d.code),
    // The empty table name does not hide the trigger's undefined function beside it.
    ['unsupported_version', 'schema_bad_name', 'schema_wrong_type', 'schema_out_of_range', 'schema_empty', 'schema_duplicate_item', 'unknown_function'],
  );
  assert.is(r.diagnostics[2]!.suggestion, 'remove the quotes: false');
  assert.is(r.diagnostics[5]!.message, '`events` of trigger `t` of resource Post lists `update` twice');
});

test('relationships: destinations, join resources and the columns they name', async () => {
  const dangling = await only(doc(res('Post', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  author: { type: belongs_to, destination: Usr }\npostgres:\n  table: posts'), res('User', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: users')), 'unknown_resource');
  assert.is(dangling.suggestion, 'did you mean `User`?');
  assert.equal([dangling.pos?.line, dangling.pos?.column], [7, 48]);
  const through = await only(doc(res('Post', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  tags: { type: many_to_many, destination: Post, through: PostTg }\npostgres:\n  table: posts')), 'unknown_resource');
  assert.match(through.message, /points at `PostTg`, which is not a resource/);
  const hasMany = await only(doc(res('Post', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  comments: { type: has_many, destination: Post, destination_attribute: post_idd }\npostgres:\n  table: posts')), 'unknown_column');
  assert.is(hasMany.message, 'relationship `comments` of resource Post: `destination_attribute` names the column `post_idd` on resource Post, which has no such attribute');
  const join = await only(doc(
    res('Post', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  tags: { type: many_to_many, destination: Tag, through: PostTag }\npostgres:\n  table: posts'),
    res('Tag', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: tags'),
    res('PostTag', 'relationships:\n  post: { type: belongs_to, destination: Post, primary_key: true }\npostgres:\n  table: post_tags'),
  ), 'unknown_column');
  assert.match(join.message, /expects \(by default, as its `destination_attribute_on_join_resource`\) the column `tag_id` on resource PostTag/);
  assert.is(join.suggestion, 'add a belongs_to `tag` to PostTag, or set `destination_attribute_on_join_resource`');
  // A manual relationship is implemented in code: only its destination is checked.
  const manual = await load(doc(res('Post', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  x: { type: has_many, destination: Post, manual: true }\npostgres:\n  table: posts')));
  assert.equal(manual.diagnostics, []);
});

test('belongs_to: clashes, define_attribute, key count, type and unique target', async () => {
  const target = res('Org', 'attributes:\n  id: uuid_primary_key\n  code: string\npostgres:\n  table: orgs');
  const clash = await only(doc(target, res('Team', 'attributes:\n  id: uuid_primary_key\n  org_id: uuid\nrelationships:\n  org: { type: belongs_to, destination: Org }\npostgres:\n  table: teams')), 'column_clash');
  assert.match(clash.suggestion!, /define_attribute: false/);
  const undeclared = await only(doc(target, res('Team', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  org: { type: belongs_to, destination: Org, define_attribute: false }\npostgres:\n  table: teams')), 'undeclared_column');
  assert.match(undeclared.message, /no attribute `org_id` is declared/);
  const count = await only(doc(target, res('Team', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  org: { type: belongs_to, destination: Org, source_attribute: [a, b] }\npostgres:\n  table: teams')), 'key_column_count');
  assert.match(count.message, /has 2 column\(s\) \(`a`, `b`\) for the 1-column key `id` of Org/);
  const type = await only(doc(target, res('Team', 'attributes:\n  id: uuid_primary_key\n  org_id: integer\nrelationships:\n  org: { type: belongs_to, destination: Org, define_attribute: false }\npostgres:\n  table: teams')), 'foreign_key_type');
  assert.is(type.message, 'the column `org_id` of resource Team is integer, but it references `id` of resource Org, which is uuid');
  const unique = await only(doc(target, res('Team', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  org: { type: belongs_to, destination: Org, destination_attribute: code, attribute_type: string }\npostgres:\n  table: teams')), 'foreign_key_target');
  assert.is(unique.suggestion, 'add an identity to Org with `keys: [code]`');
  const noKey = await only(doc(res('Log', 'attributes:\n  line: string\npostgres:\n  table: logs'), res('Team', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  log: { type: belongs_to, destination: Log }\npostgres:\n  table: teams')), 'missing_destination_key');
  assert.match(noKey.message, /points at resource Log, which has no primary key/);
});

test('every place that names a column: identity, index fields, include, opclass, check, update_of, tenant attribute', async () => {
  const body = (pg: string, extra = '') => doc(res('Post', `${extra}attributes:\n  id: uuid_primary_key\n  title: string\n  rating: integer\npostgres:\n  table: posts\n${pg}`));
  const cases: [string, string, string, string?][] = [
    ['identity keys', body('', 'identities:\n  u: { keys: [titel] }\n'), '`keys` of identity `u` of resource Post names `titel`'],
    ['index fields', body('  custom_indexes:\n    - { fields: [{ desc: titel }] }'), '`fields` of custom index 1 of resource Post names `titel`'],
    ['include', body('  custom_indexes:\n    - { fields: [title], include: [ratng] }'), '`include` of custom index 1 of resource Post names `ratng`'],
    ['opclass', body('  custom_indexes:\n    - { fields: [title], opclass: { titel: gin_trgm_ops } }'), '`opclass` of custom index 1 of resource Post names `titel`'],
    ['check', body('  check_constraints:\n    - { name: c, check: "rating > 0", attribute: [ratng] }'), '`attribute` of check constraint `c` of resource Post names `ratng`'],
    ['update_of', body('  triggers:\n    - { name: t, timing: before, events: [update], update_of: [titel], function: public.f }'), '`update_of` of trigger `t` of resource Post names `titel`'],
    ['tenant attribute', body('', 'multitenancy: { strategy: attribute, attribute: org_id }\n'), '`attribute` of the multitenancy of resource Post names `org_id`'],
  ];
  for (const [what, text, message] of cases) {
    const d = await only(text, 'unknown_column');
    assert.ok(d.message.startsWith(message), `${what}: ${d.message}`);
    assert.ok(d.pos, `${what} is positioned`);
  }
  const opclassNotField = await only(body('  custom_indexes:\n    - { fields: [title], opclass: { rating: gin_trgm_ops } }'), 'opclass_field');
  assert.match(opclassNotField.message, /names `rating`, which is not one of its fields/);
  const expression = await only(body('  custom_indexes:\n    - { fields: ["lower(title)"] }'), 'expression_needs_name');
  assert.match(expression.message, /indexes the SQL expression `lower\(title\)`, so it needs a `name`/);
  const updateOf = await only(body('  triggers:\n    - { name: t, timing: before, events: [insert], update_of: [title], function: public.f }'), 'trigger_update_of');
  assert.match(updateOf.message, /has `update_of` but no `update` among its `events`/);
  const using = await only(body('  custom_indexes:\n    - { fields: [title], using: btre }'), 'unknown_index_method');
  assert.match(using.suggestion!, /did you mean `btree`\?/);
  assert.equal((await load(body('  custom_indexes:\n    - { fields: [title], using: hnsw }'))).diagnostics, [], 'an extension method is accepted');
});

test('references: belongs_to only, match_with on both sides, nilify columns, deferral', async () => {
  const post = POST;
  const comment = (refs: string, rels = '') =>
    res('Comment', `attributes:\n  id: uuid_primary_key\nrelationships:\n  post: { type: belongs_to, destination: Post, allow_nil: false }\n  parent: { type: belongs_to, destination: Comment }\n${rels}identities:\n  u: { keys: [id, post_id] }\npostgres:\n  table: comments\n  references:\n${refs}`);
  const notBt = await only(doc(post, comment('    replies: {}', '  replies: { type: has_many, destination: Comment, destination_attribute: parent_id }\n')), 'reference_not_belongs_to');
  assert.match(notBt.message, /`replies` is a has_many/);
  const unknown = await only(doc(post, comment('    prent: {}')), 'reference_not_belongs_to');
  assert.is(unknown.suggestion, 'did you mean `parent`?');
  const r = await load(doc(post, comment('    parent: { match_with: { post_idd: post_id, post_id: pst_id }, on_delete: { nilify: [parent_id, post_id, id] } }')));
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.message.replace(/ of reference `parent` of resource Comment/, '')]),
    [
      ['unknown_column', '`match_with` names `post_idd`, which is not an attribute of Comment'],
      ['unknown_column', '`match_with` names `pst_id` on Comment (the destination), which has no such attribute'],
      ['nilify_column', '`on_delete: {nilify: [...]}` would set `post_id` to NULL, but it does not allow nil'],
      ['nilify_column', '`on_delete: {nilify: [...]}` names `id`, which is not a column of this foreign key'],
    ],
  );
  const deferral = await only(doc(post, comment('    parent: { initially_deferred: true, match_with: { post_id: post_id } }')), 'reference_options');
  assert.match(deferral.suggestion!, /deferrable: true/);
});

test('a belongs_to across repos is a warning: no foreign key can cross databases', async () => {
  const r = await load(doc(POST, res('Stat', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  post: { type: belongs_to, destination: Post }\npostgres:\n  table: stats\n  repo: analytics')) + 'repos:\n  analytics: {}\n');
  assert.ok(r.project);
  assert.equal(r.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'cross_repo_reference']]);
  const ignored = await load(doc(POST, res('Stat', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  post: { type: belongs_to, destination: Post }\npostgres:\n  table: stats\n  repo: analytics\n  references:\n    post: { ignore: true }')) + 'repos:\n  analytics: {}\n');
  assert.equal(ignored.diagnostics, []);
});

test('every diagnostic code is documented in docs/errors.md', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const all = [...Object.values(LOAD), ...Object.values(SCHEMA), ...Object.values(CHECK)];
  assert.ok(all.length >= 50);
  for (const code of all) assert.ok(doc.includes(`### \`${code}\``), `${code} has a section`);
});

test('functions and repos named by resources must exist', async () => {
  const fn = await only(doc(res('Post', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: posts\n  triggers:\n    - { name: t, timing: before, events: [update], function: touch }')) + 'functions:\n  touch_it: { returns: trigger, body: "BEGIN RETURN NEW; END" }\n', 'unknown_function');
  assert.is(fn.suggestion, 'did you mean `touch_it`?');
  const repo = await only(doc(res('Post', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: posts\n  repo: analytic')) + 'repos:\n  analytics: {}\n', 'unknown_repo');
  assert.is(repo.suggestion, 'did you mean `analytics`?');
  assert.equal((await load(doc(res('Post', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: posts\n  repo: default')))).diagnostics, [], '`default` always exists');
});

test('attributes: primary-key forms, nullable keys, constraints and defaults that fit the type', async () => {
  const attrs = (a: string) => doc(res('P', `attributes:\n${a.replace(/^/gm, '  ')}\npostgres:\n  table: ps`));
  assert.match((await only(attrs('id: uuid_primary_key\nid2: integer_primary_key'), 'primary_key_forms')).message, /two primary-key macros, `id` and `id2`/);
  assert.match((await only(attrs('id: uuid_primary_key\ncode: { type: string, primary_key: true }'), 'primary_key_forms')).message, /`code` is marked `primary_key: true`, but `id` \(uuid_primary_key\)/);
  assert.equal((await load(attrs('a: { type: string, primary_key: true }\nb: { type: integer, primary_key: true }'))).diagnostics, [], 'a composite key');
  assert.equal((await load(attrs('a: string'))).diagnostics, [], 'no primary key at all is allowed');
  assert.ok(await only(attrs('a: { type: string, primary_key: true, allow_nil: true }'), 'primary_key_nullable'));
  const constraint = async (a: string, re: RegExp) => assert.match((await only(attrs(a), 'constraint_type')).message, re);
  await constraint('a: { type: integer, constraints: { precision: 3 } }', /`constraints.precision` of attribute `a` of resource P applies to decimal attributes, and this one is integer/);
  await constraint('a: { type: decimal, constraints: { scale: 2 } }', /needs `precision` too/);
  await constraint('a: { type: integer, constraints: { max_length: 3 } }', /applies to string, atom and ci_string attributes/);
  await constraint('a: { type: string, constraints: { min_length: 5, max_length: 3 } }', /no value would fit/);
  await constraint('a: { type: boolean, constraints: { min: 1 } }', /applies to number, date and time attributes/);
  await constraint('a: { type: integer, constraints: { one_of: [1, "x"] } }', /lists the string "x", which is not a whole number/);
  await constraint('a: { type: map, constraints: { one_of: [a] } }', /applies to string and number attributes/);
  const def = async (a: string, re: RegExp) => assert.match((await only(attrs(a), 'default_type')).message, re);
  await def('a: { type: integer, default: "5" }', /the default of attribute `a` of resource P is the string "5", but the attribute is integer/);
  await def('a: { type: boolean, default: 1 }', /is the number 1, but the attribute is boolean/);
  await def('a: { type: uuid, default: "nope" }', /but the attribute is uuid \(a UUID string\)/);
  await def('a: { type: { array: integer }, default: [1, "2"] }', /is a list, but the attribute is \{array: integer\}/);
  await def('a: { type: atom, constraints: { one_of: [x, y] }, default: z }', /not among its `one_of` values/);
  assert.equal((await load(attrs('a: { type: decimal, default: "1.50" }\nb: { type: map, default: { k: [1] } }\nc: { type: date, default: "2024-01-01" }\nd: { type: integer, default: { sql: "1 + 1" } }'))).diagnostics, []);
  assert.match((await only(attrs('a: { type: uuid, identity: always }'), 'identity_type')).message, /needs an integer column, and this one is uuid/);
  assert.match((await only(attrs('a: { type: integer, identity: always, default: 1 }'), 'column_options')).message, /has both `identity` and `default`/);
  assert.match((await only(attrs('a: { type: integer, identity: always, allow_nil: true }'), 'column_options')).message, /PostgreSQL keeps NOT NULL/);
});

test('names: 63 bytes including derived names, unique per schema and table', async () => {
  const long = 'x'.repeat(60);
  const r = await load(doc(res('P', `attributes:\n  id: uuid_primary_key\n  ${long}: string\n  ${'y'.repeat(64)}: string\nidentities:\n  unique_thing: { keys: [${long}] }\npostgres:\n  table: ps\n  custom_indexes:\n    - { fields: [${long}] }`)));
  assert.equal(r.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.column]), [['identifier_too_long', 7, 7], ['identifier_too_long', 13, 11]], brief(r.diagnostics).join('\n'));
  assert.match(r.diagnostics[0]!.message, /the column name `y+` is 64 bytes/);
  assert.match(r.diagnostics[1]!.message, /the index name pgdecl derives `ps_x+_index` is 69 bytes/);
  assert.is(r.diagnostics[1]!.suggestion, 'give the index a shorter `name`');
  const bytes = await only(doc(res('P', `attributes:\n  id: uuid_primary_key\npostgres:\n  table: ${'é'.repeat(32)}`)), 'identifier_too_long');
  assert.match(bytes.message, /is 64 bytes/, 'bytes, not characters');
  const table = await only(doc(POST, res('Article', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: posts')), 'duplicate_table');
  assert.match(table.message, /resource Article uses the table `posts` in schema public, which is already the table of resource Post \(r\.yaml:8:7\)/);
  assert.equal((await load(doc(POST, res('Article', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: posts\n  schema: blog')))).diagnostics, [], 'another schema is fine');
  const index = await only(doc(res('P', 'attributes:\n  id: uuid_primary_key\n  a: string\npostgres:\n  table: ps\n  custom_indexes:\n    - { fields: [a] }\n    - { fields: [a], unique: true }')), 'duplicate_name');
  assert.match(index.message, /the index name `ps_a_index` is used twice in schema public/);
  const constraint = await only(doc(res('P', 'attributes:\n  id: uuid_primary_key\n  a: string\npostgres:\n  table: ps\n  check_constraints:\n    - { name: ps_pkey, check: "a <> \'\'" }')), 'duplicate_name');
  assert.match(constraint.message, /the name `ps_pkey` is used twice on table `ps`/);
  const statements = await only(doc(res('P', 'attributes:\n  id: uuid_primary_key\npostgres:\n  table: ps\n  custom_statements:\n    - { name: v, up: "SELECT 1", down: "SELECT 1" }\n    - { name: v, up: "SELECT 2", down: "SELECT 2" }')), 'duplicate_name');
  assert.match(statements.message, /the custom statement name `v` is used twice in this project/);
});

test('tenancy: a public table cannot reference a tenant table; global and ignored ones can', async () => {
  const tenant = (extra: string) => res('Post', `multitenancy: { strategy: context${extra} }\nattributes:\n  id: uuid_primary_key\npostgres:\n  table: posts`);
  const audit = (ref = '') => res('Audit', `attributes:\n  id: uuid_primary_key\nrelationships:\n  post: { type: belongs_to, destination: Post }\npostgres:\n  table: audits${ref}`);
  const d = await only(doc(tenant(''), audit()), 'tenant_reference');
  assert.ok(d.message.startsWith('a table outside the tenant schemas cannot reference a tenant table'));
  assert.equal((await load(doc(tenant(', global: true'), audit()))).diagnostics, []);
  assert.equal((await load(doc(tenant(''), audit('\n  references:\n    post: { ignore: true }')))).diagnostics, []);
  const template = await only(doc(res('Org', 'attributes:\n  id: uuid_primary_key\n  slug: string\npostgres:\n  table: orgs\n  manage_tenant: { template: [tenant_, slgu] }')), 'tenant_template');
  assert.is(template.suggestion, 'did you mean the attribute `slug`?');
  const warn = await load(doc(res('Org', 'attributes:\n  id: uuid_primary_key\n  slug: string\n  region: string\npostgres:\n  table: orgs\n  manage_tenant: { template: [tenant_, slug, _, regoin] }')));
  assert.ok(warn.project, 'a warning does not fail validation');
  assert.equal(warn.diagnostics.map((x) => [x.severity, x.code, x.suggestion]), [['warning', 'tenant_template', 'did you mean the attribute `region`?']]);
});

test('all errors at once, sorted by file, line and column; schema errors do not cascade', async () => {
  const r = await load(doc(
    res('Zed', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  a: { type: belongs_to, destination: Nope }\npostgres:\n  table: zeds'),
    res('Alpha', 'attributes:\n  id: uuid_primary_key\n  n: { type: strng, default: 5 }\nidentities:\n  u: { keys: [m] }\npostgres:\n  table: alphas'),
  ));
  assert.equal(r.diagnostics.map((d) => d.pos?.line), [...r.diagnostics.map((d) => d.pos!.line)].sort((a, b) => a - b));
  assert.equal(r.diagnostics.map((d) => d.code), ['unknown_resource', 'schema_unknown_type', 'unknown_column'], 'no default_type error for the attribute whose type is unknown');
});

test('loadProjectOrThrow: a PgdeclError with every diagnostic and the sources', async () => {
  try {
    await loadProjectOrThrow(['does-not-exist.yaml'], { env: {} });
    assert.unreachable('it throws');
  } catch (e) {
    assert.instance(e, PgdeclError);
    assert.equal((e as PgdeclError).diagnostics.map((d) => d.code), ['file_not_found']);
    assert.ok((e as PgdeclError).sources);
  }
  const ok = await loadProjectOrThrow(['resources.example.yaml'], { env: {} });
  assert.ok(ok.project.resources.length >= 6);
  assert.equal(ok.warnings, []);
});

// ── The model builder ───────────────────────────────────────────────────────────────────

async function model(text: string): Promise<Map<string, Resource>> {
  const r = await load(text);
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error'), [], brief(r.diagnostics).join('\n'));
  return new Map(r.project!.resources.map((x) => [x.name, x]));
}

test('macros expand to their columns', async () => {
  const m = await model(doc(res('A', 'attributes:\n  id: uuid_primary_key\n  at: create_timestamp\n  up: update_timestamp\npostgres:\n  table: as'), res('B', 'attributes:\n  id: uuid_v7_primary_key\npostgres:\n  table: bs'), res('C', 'attributes:\n  id: integer_primary_key\npostgres:\n  table: cs')));
  const [id, at, up] = m.get('A')!.attributes;
  assert.equal({ ...id, src: undefined, constraints: undefined }, { name: 'id', src: undefined, macro: 'uuid_primary_key', type: { kind: 'scalar', name: 'uuid' }, allowNil: false, primaryKey: true, default: { kind: 'sql', sql: 'gen_random_uuid()', src: { file: 'r.yaml', pointer: '/resources/A/attributes/id' } }, constraints: undefined });
  assert.equal([at!.type, at!.allowNil, at!.default?.kind === 'sql' && at!.default.sql, at!.macro], [{ kind: 'scalar', name: 'utc_datetime_usec' }, false, "(now() AT TIME ZONE 'utc')", 'create_timestamp']);
  assert.is(up!.macro, 'update_timestamp');
  const v7 = m.get('B')!.attributes[0]!;
  assert.equal([v7.type, v7.primaryKey, v7.allowNil, v7.default], [{ kind: 'scalar', name: 'uuid_v7' }, true, false, undefined]);
  const int = m.get('C')!.attributes[0]!;
  assert.equal([int.type, int.identity, int.primaryKey, int.allowNil], [{ kind: 'scalar', name: 'integer' }, 'by_default', true, false]);
});

test('belongs_to adds columns typed like the destination key: uuid_v7, identity integer, composite', async () => {
  const m = await model(doc(
    res('Org', 'attributes:\n  id: uuid_v7_primary_key\npostgres:\n  table: orgs'),
    res('Num', 'attributes:\n  id: integer_primary_key\npostgres:\n  table: nums'),
    res('Pair', 'attributes:\n  a: { type: string, primary_key: true, postgres_type: "varchar(8)" }\n  b: { type: integer, primary_key: true }\npostgres:\n  table: pairs'),
    res('T', 'attributes:\n  name: string\nrelationships:\n  org: { type: belongs_to, destination: Org, allow_nil: false }\n  num: { type: belongs_to, destination: Num, primary_key: true }\n  pair: { type: belongs_to, destination: Pair }\n  pair2: { type: belongs_to, destination: Pair, source_attribute: [x, y] }\npostgres:\n  table: ts\n  references:\n    pair: { on_delete: delete }'),
  ));
  const t = m.get('T')!;
  assert.equal(
    t.attributes.map((a) => [a.name, a.type.kind === 'scalar' ? a.type.name : a.type.kind, a.allowNil, a.primaryKey, a.identity ?? null, a.postgresType?.sql ?? null, a.fromRelationship ?? null]),
    [
      ['name', 'string', true, false, null, null, null],
      ['org_id', 'uuid_v7', false, false, null, null, 'org'],
      ['num_id', 'integer', false, true, null, null, 'num'],
      ['pair_a', 'string', true, false, null, 'varchar(8)', 'pair'],
      ['pair_b', 'integer', true, false, null, null, 'pair'],
      ['x', 'string', true, false, null, 'varchar(8)', 'pair2'],
      ['y', 'integer', true, false, null, null, 'pair2'],
    ],
  );
  const pair = t.relationships.find((r) => r.name === 'pair')!;
  assert.equal([pair.sourceAttributes, pair.destinationAttributes, pair.defineAttribute], [['pair_a', 'pair_b'], ['a', 'b'], true]);
  assert.equal(t.attributes[1]!.src, { file: 'r.yaml', pointer: '/resources/T/relationships/org' });
  // One reference per belongs_to, in relationship order, with every default.
  assert.equal(
    t.references.map((r) => ({ ...r, src: r.src.pointer })),
    [
      { relationship: 'org', src: '/resources/T/relationships/org', onDelete: { action: 'nothing' }, onUpdate: 'nothing', deferrable: false, initiallyDeferred: false, matchType: 'simple', matchWith: [], matchTenant: false, index: false, ignore: false, notValid: false, notEnforced: false, period: false },
      { relationship: 'num', src: '/resources/T/relationships/num', onDelete: { action: 'nothing' }, onUpdate: 'nothing', deferrable: false, initiallyDeferred: false, matchType: 'simple', matchWith: [], matchTenant: false, index: false, ignore: false, notValid: false, notEnforced: false, period: false },
      { relationship: 'pair', src: '/resources/T/postgres/references/pair', onDelete: { action: 'delete' }, onUpdate: 'nothing', deferrable: false, initiallyDeferred: false, matchType: 'simple', matchWith: [], matchTenant: false, index: false, ignore: false, notValid: false, notEnforced: false, period: false },
      { relationship: 'pair2', src: '/resources/T/relationships/pair2', onDelete: { action: 'nothing' }, onUpdate: 'nothing', deferrable: false, initiallyDeferred: false, matchType: 'simple', matchWith: [], matchTenant: false, index: false, ignore: false, notValid: false, notEnforced: false, period: false },
    ],
  );
});

test('defaults: schema, repo, migrate, renamed_from, comment, identities, indexes, triggers, functions, repos', async () => {
  const text =
    doc(res('P', 'description: Posts.\nattributes:\n  id: uuid_primary_key\n  t: { type: string, renamed_from: title }\n  n: { type: integer, identity: always }\nidentities:\n  u: { keys: [t] }\npostgres:\n  table: ps\n  renamed_from: old.posts\n  custom_indexes:\n    - { fields: [t, { desc: n }, "lower(t)"], name: ps_x_index }\n  triggers:\n    - { name: tr, timing: after, events: [insert], function: f }\n  manage_tenant: { template: [t_, t] }')) +
    'functions:\n  f: { returns: trigger, body: "BEGIN RETURN NEW; END" }\n';
  const r = await load(text);
  assert.equal(r.diagnostics, []);
  const p = r.project!;
  const res0 = p.resources[0]!;
  assert.equal([res0.schema, res0.repo, res0.migrate, res0.renamedFrom, res0.comment, res0.description], ['public', 'default', true, { schema: 'old', table: 'posts' }, 'Posts.', 'Posts.']);
  assert.equal(res0.attributes.map((a) => [a.name, a.allowNil, a.renamedFrom ?? null]), [['id', false, null], ['t', true, 'title'], ['n', false, null]], 'identity columns are NOT NULL by default');
  assert.equal({ ...res0.identities[0], src: undefined }, { name: 'u', src: undefined, keys: ['t'], nilsDistinct: true, allTenants: false });
  const x = res0.customIndexes[0]!;
  assert.equal(x.fields.map((f) => (f.kind === 'column' ? [f.kind, f.column, f.order, f.src.pointer] : [f.kind, f.sql, f.order, f.src.pointer])), [
    ['column', 't', 'asc', '/resources/P/postgres/custom_indexes/0/fields/0'],
    ['column', 'n', 'desc', '/resources/P/postgres/custom_indexes/0/fields/1/desc'],
    ['expression', 'lower(t)', 'asc', '/resources/P/postgres/custom_indexes/0/fields/2'],
  ]);
  assert.equal([x.unique, x.using, x.include, x.nullsDistinct, x.concurrently, x.allTenants], [false, 'btree', [], true, false, false]);
  const tr = res0.triggers[0]!;
  assert.equal([tr.forEach, tr.updateOf, tr.arguments, tr.when], ['row', [], [], undefined]);
  assert.equal(res0.manageTenant?.template, [{ kind: 'literal', text: 't_' }, { kind: 'attribute', name: 't' }]);
  assert.equal([res0.manageTenant?.create, res0.manageTenant?.update], [true, true]);
  const f = p.functions[0]!;
  assert.equal([f.schema, f.arguments, f.language, f.volatility, f.security, f.body.sql], ['public', '', 'plpgsql', 'volatile', 'invoker', 'BEGIN RETURN NEW; END']);
  assert.equal(p.repos, [{ name: 'default', extensions: [] }], 'a default repo exists when repos is omitted');
});

test('has_* and many_to_many defaults: the local key and <source>_id', async () => {
  const m = await model(doc(
    res('BlogPost', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  comments: { type: has_many, destination: Comment }\n  tags: { type: many_to_many, destination: Tag, through: BlogPostTag }\npostgres:\n  table: blog_posts'),
    res('Comment', 'attributes:\n  id: uuid_primary_key\nrelationships:\n  blog_post: { type: belongs_to, destination: BlogPost }\npostgres:\n  table: comments'),
    res('Tag', 'attributes:\n  id: integer_primary_key\npostgres:\n  table: tags'),
    res('BlogPostTag', 'relationships:\n  blog_post: { type: belongs_to, destination: BlogPost, primary_key: true }\n  tag: { type: belongs_to, destination: Tag, primary_key: true }\npostgres:\n  table: blog_post_tags'),
  ));
  const [comments, tags] = m.get('BlogPost')!.relationships;
  assert.equal([comments!.sourceAttributes, comments!.destinationAttributes], [['id'], ['blog_post_id']]);
  assert.equal([tags!.sourceAttributes, tags!.destinationAttributes, tags!.through, tags!.sourceAttributeOnJoinResource, tags!.destinationAttributeOnJoinResource], [['id'], ['id'], 'BlogPostTag', 'blog_post_id', 'tag_id']);
  assert.equal(m.get('BlogPostTag')!.attributes.filter((a) => a.primaryKey).map((a) => a.name), ['blog_post_id', 'tag_id']);
});

test('the example project validates and builds', async () => {
  const ok = await loadProjectOrThrow(['resources.example.yaml'], { env: {} });
  const names = ok.project.resources.map((r) => r.name);
  assert.equal(names, [...names].sort(), 'resources sorted by name');
  const membership = ok.project.resources.find((r) => r.name === 'Membership')!;
  assert.equal(membership.attributes.filter((a) => a.primaryKey).map((a) => a.name), ['org_id', 'user_id']);
});

test.run();
