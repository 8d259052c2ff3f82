import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, initSqlParser } from '../src/compile/index.js';
import { postgresTypeSql, attrTypeSql } from '../src/compile/types.js';
import { SCALAR_TYPES, type Resource } from '../src/model/resource.js';
import { TENANT_SCHEMA, type Catalog, type Table } from '../src/ir/catalog.js';
import { canonicalCatalog, catalogEquals, stableStringify } from '../src/ir/canonical.js';
import { instantiateTenant } from '../src/ir/tenant.js';
import { keys } from '../src/ir/keys.js';
import { attr, belongsTo, fn, intPk, project, reference, resource, sql, src, uuidPk } from './helpers/fixtures.js';

test.before(async () => {
  await initSqlParser();
});

const table = (c: Catalog, name: string, schema = 'public'): Table => {
  const t = c.tables.find((x) => x.name === name && x.schema === schema);
  assert.ok(t, `table ${schema}.${name}`);
  return t!;
};

const one = (r: Resource, options: Parameters<typeof compile>[1] = {}) => compile(project([r]), options);

test('every scalar type maps to the spelling format_type prints', () => {
  const expected: Record<string, string> = {
    integer: 'bigint', string: 'text', atom: 'text', ci_string: 'citext', uuid: 'uuid', uuid_v7: 'uuid', boolean: 'boolean',
    float: 'double precision', decimal: 'numeric', date: 'date', time: 'time(0) without time zone', time_usec: 'time without time zone',
    utc_datetime: 'timestamp(0) without time zone', utc_datetime_usec: 'timestamp without time zone',
    naive_datetime: 'timestamp(0) without time zone', naive_datetime_usec: 'timestamp without time zone', datetime: 'timestamp without time zone',
    timestamptz: 'timestamp(0) with time zone', timestamptz_usec: 'timestamp with time zone', map: 'jsonb', keyword: 'jsonb', struct: 'jsonb',
    union: 'jsonb', tuple: 'jsonb', binary: 'bytea', term: 'bytea', duration: 'interval', ltree: 'ltree', tsvector: 'tsvector', tsquery: 'tsquery',
  };
  for (const t of SCALAR_TYPES) assert.is(attrTypeSql({ kind: 'scalar', name: t }), expected[t], t);
  assert.is(attrTypeSql({ kind: 'scalar', name: 'decimal' }, { precision: 12, scale: 2 }), 'numeric(12,2)');
  assert.is(attrTypeSql({ kind: 'scalar', name: 'decimal' }, { precision: 10 }), 'numeric(10,0)');
  assert.is(attrTypeSql({ kind: 'array', of: { kind: 'scalar', name: 'string' } }), 'text[]');
  assert.is(attrTypeSql({ kind: 'array', of: { kind: 'array', of: { kind: 'scalar', name: 'integer' } } }), 'bigint[]');
  assert.is(attrTypeSql({ kind: 'range', of: 'integer' }), 'int8range');
  assert.is(attrTypeSql({ kind: 'range', of: 'decimal' }), 'numrange');
  assert.is(attrTypeSql({ kind: 'range', of: 'date' }), 'daterange');
  assert.is(attrTypeSql({ kind: 'range', of: 'utc_datetime_usec' }), 'tsrange');
  assert.is(attrTypeSql({ kind: 'range', of: 'timestamptz_usec' }), 'tstzrange');
});

test('postgres_type: common aliases become the format_type spelling', () => {
  const cases: [string, string][] = [
    ['varchar(16)', 'character varying(16)'], ['VARCHAR', 'character varying'], ['int', 'integer'], ['int4', 'integer'], ['int8', 'bigint'],
    ['int2', 'smallint'], ['float8', 'double precision'], ['float4', 'real'], ['float', 'double precision'], ['bool', 'boolean'],
    ['timestamptz', 'timestamp with time zone'], ['timestamptz(3)', 'timestamp(3) with time zone'], ['timestamp', 'timestamp without time zone'],
    ['time(0)', 'time(0) without time zone'], ['timetz', 'time with time zone'], ['char(3)', 'character(3)'], ['char', 'character(1)'],
    ['decimal(10,2)', 'numeric(10,2)'], ['numeric(5)', 'numeric(5,0)'], ['decimal', 'numeric'], ['text[]', 'text[]'], ['int[][]', 'integer[]'],
    ['  uuid ', 'uuid'], ['jsonb', 'jsonb'], ['vector(3)', 'vector(3)'], ['interval day to second', 'interval day to second'], ['interval(3)', 'interval(3)'],
    ['bit varying(5)', 'bit varying(5)'], ['"MyType"', '"MyType"'], ['app.money_amount', 'app.money_amount'], ['citext', 'citext'],
    // The grammar gives `bit` and `char` a length of 1; quoted, they are other types.
    ['bit', 'bit(1)'], ['bit(3)', 'bit(3)'], ['"bit"', '"bit"'], ['"bit"[]', '"bit"[]'], ['"char"', '"char"'],
  ];
  for (const [raw, want] of cases) {
    const r = postgresTypeSql(raw);
    assert.ok(r.ok, raw);
    if (r.ok) assert.is(r.type, want, raw);
  }
});

test('serial is not a type name, but a serial attribute is an integer column numbered by its own sequence', () => {
  for (const s of ['serial', 'bigserial', 'serial8', 'smallserial']) {
    const r = postgresTypeSql(s);
    assert.not.ok(r.ok);
    if (!r.ok) {
      assert.match(r.message, /sequence default/);
      assert.match(r.suggestion ?? '', /identity/);
    }
  }
  const c = one(resource('T', 't', { attributes: [attr('n', 'integer', { postgresType: sql('bigserial', '/pt') })] }));
  assert.equal(c.diagnostics, []);
  const col = c.catalog.tables[0]!.columns[0]!;
  assert.equal(col, { name: 'n', type: 'bigint', nullable: false, default: "nextval('public.t_n_seq'::regclass)" });
  assert.equal(c.catalog.sequences, [
    { schema: 'public', name: 't_n_seq', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false, ownedBy: { table: 't', column: 'n' } },
  ]);
});

test('macros: uuid keys, integer identity keys and timestamps', () => {
  const r = resource('T', 't', {
    attributes: [
      uuidPk(),
      attr('n', 'integer', { identity: 'always' }),
      attr('inserted_at', 'utc_datetime_usec', { macro: 'create_timestamp', allowNil: false, default: { kind: 'sql', sql: "(now() AT TIME ZONE 'utc')", src: src('/d') } }),
    ],
  });
  const t = table(one(r).catalog, 't');
  assert.equal(t.columns[0], { name: 'id', type: 'uuid', nullable: false, default: 'gen_random_uuid()' });
  assert.equal(t.columns[1], { name: 'n', type: 'bigint', nullable: false, identity: 'always' }); // identity implies NOT NULL
  assert.is(t.columns[2]!.default, "(now() AT TIME ZONE 'utc'::text)");
  assert.equal(t.primaryKey, { name: 't_pkey', columns: ['id'] });
  const i = table(one(resource('T', 't', { attributes: [intPk()] })).catalog, 't');
  assert.equal(i.columns[0], { name: 'id', type: 'bigint', nullable: false, identity: 'by_default' });
});

test('uuid v7: uuidv7() on PostgreSQL 18, a pgdecl function in the table schema before', () => {
  const r = resource('T', 't', { schema: 'app', attributes: [attr('id', 'uuid_v7', { macro: 'uuid_v7_primary_key', allowNil: false, primaryKey: true })] });
  const on18 = one(r, { pgVersion: 18 }).catalog;
  assert.is(table(on18, 't', 'app').columns[0]!.default, 'uuidv7()');
  assert.is(on18.functions.length, 0);
  for (const v of [undefined, 15, 150004]) {
    const c = one(r, { pgVersion: v }).catalog;
    assert.is(table(c, 't', 'app').columns[0]!.default, 'app.pgdecl_uuid_v7()');
    assert.is(c.functions.length, 1);
    const f = c.functions[0]!;
    assert.equal([f.schema, f.name, f.returns, f.language, f.managedBy], ['app', 'pgdecl_uuid_v7', 'uuid', 'sql', 'pgdecl']);
    assert.match(f.body, /clock_timestamp\(\)/);
    assert.match(f.body, /gen_random_uuid\(\)/);
  }
});

test('literal defaults are written as PostgreSQL prints them', () => {
  const d = (name: string, type: Parameters<typeof attr>[1], value: unknown, extra = {}) =>
    attr(name, type, { default: { kind: 'literal', value: value as never, src: src('/d') }, ...extra });
  const r = resource('T', 't', {
    attributes: [
      d('s', 'string', "it's"), d('n', 'integer', 0), d('neg', 'integer', -1), d('big', 'integer', 10000000000), d('f', 'float', 1.5),
      d('dec', 'decimal', 2.5, { constraints: { precision: 12, scale: 2, src: src('/c') } }), d('negdec', 'decimal', -1.5), d('b', 'boolean', true),
      d('m', 'map', { b: 1, aa: [1, 2], a: 'x' }), d('tags', { kind: 'array', of: { kind: 'scalar', name: 'string' } }, []),
      d('tags2', { kind: 'array', of: { kind: 'scalar', name: 'string' } }, ['a', 'b c', '']), d('ci', 'ci_string', 'x'), d('day', 'date', '2020-01-01'),
      d('at', 'utc_datetime', '2020-01-01T10:00:00'), d('dur', 'duration', '1 day'), d('none', 'string', null),
      d('code', 'string', 'EUR', { postgresType: sql('char(3)') }), d('v', 'string', 'x', { postgresType: sql('varchar(16)') }),
    ],
  });
  const c = one(r);
  assert.equal(c.diagnostics, []);
  const defaults = Object.fromEntries(table(c.catalog, 't').columns.map((col) => [col.name, col.default]));
  assert.equal(defaults, {
    s: "'it''s'::text", n: '0', neg: "'-1'::integer", big: "'10000000000'::bigint", f: '1.5', dec: '2.5', negdec: "'-1.5'::numeric", b: 'true',
    m: `'{"a": "x", "b": 1, "aa": [1, 2]}'::jsonb`, tags: "'{}'::text[]", tags2: `'{a,"b c",""}'::text[]`, ci: "'x'::citext",
    day: "'2020-01-01'::date", at: "'2020-01-01 10:00:00'::timestamp without time zone", dur: "'1 day'::interval", none: undefined,
    code: "'EUR'::bpchar", v: "'x'::character varying",
  });
});

test('a literal default of the wrong kind is an error at the default', () => {
  const c = one(resource('T', 't', { attributes: [attr('n', 'integer', { default: { kind: 'literal', value: 'many', src: src('/dflt') } })] }));
  assert.is(c.diagnostics[0]?.code, 'default_type');
  assert.is(c.diagnostics[0]?.src?.pointer, '/dflt');
});

test('attribute constraints become one named check per rule', () => {
  const cs = (x: object) => ({ constraints: { src: src('/c'), ...x } });
  const r = resource('T', 't', {
    attributes: [
      attr('role', 'atom', cs({ oneOf: ['admin', 'member'] })),
      attr('rating', 'integer', cs({ min: 1, max: 5 })),
      attr('price', 'decimal', cs({ min: 0, max: 0.5 })),
      attr('ratio', 'float', cs({ min: -1 })),
      attr('name', 'string', cs({ minLength: 1, maxLength: 100, match: '^[a-z]+$' })),
      attr('email', 'ci_string', cs({ maxLength: 200, oneOf: ['a', 'b'] })),
      attr('code', 'string', { postgresType: sql('varchar(10)'), ...cs({ oneOf: ['x'], match: '^x' }) }),
      attr('tags', { kind: 'array', of: { kind: 'scalar', name: 'string' } }, cs({ maxLength: 5, oneOf: ['a', 'b'] })),
      attr('level', 'integer', cs({ oneOf: [-1, 2] })),
    ],
  });
  const c = one(r);
  assert.equal(c.diagnostics, []);
  const checks = Object.fromEntries(table(c.catalog, 't').checks.map((k) => [k.name, k.expression]));
  assert.equal(checks, {
    t_role_one_of: "(role = ANY (ARRAY['admin'::text, 'member'::text]))",
    t_rating_min: '(rating >= 1)',
    t_rating_max: '(rating <= 5)',
    t_price_min: '(price >= (0)::numeric)',
    t_price_max: '(price <= 0.5)',
    t_ratio_min: "(ratio >= ('-1'::integer)::double precision)",
    t_name_min_length: '(char_length(name) >= 1)',
    t_name_max_length: '(char_length(name) <= 100)',
    t_name_match: "(name ~ '^[a-z]+$'::text)",
    t_email_one_of: "(email = ANY (ARRAY['a'::citext, 'b'::citext]))",
    t_email_max_length: '(char_length((email)::text) <= 200)',
    t_code_one_of: "((code)::text = ANY (ARRAY['x'::text]))",
    t_code_match: "((code)::text ~ '^x'::text)",
    t_tags_one_of: "(tags <@ ARRAY['a'::text, 'b'::text])",
    t_tags_max_length: '(cardinality(tags) <= 5)',
    t_level_one_of: "(level = ANY (ARRAY['-1'::integer, 2]))",
  });
});

test('a constraint that does not fit the type is an error', () => {
  const c = one(resource('T', 't', { attributes: [attr('ok', 'boolean', { constraints: { src: src('/c'), match: 'x' } })] }));
  assert.is(c.diagnostics[0]?.code, 'constraint_type');
  assert.is(c.diagnostics[0]?.src?.pointer, '/c/match');
});

const post = () => resource('Post', 'posts', { attributes: [uuidPk()] });
const comment = (ref: Parameters<typeof reference>[1], relExtra = {}, attrs = [attr('post_id', 'uuid', { fromRelationship: 'post' })]) =>
  resource('Comment', 'comments', { attributes: [intPk(), ...attrs], relationships: [belongsTo('post', 'Post', relExtra)], references: [reference('post', ref)] });

test('references: every option maps to its foreign key clause', () => {
  const fk = (ref: Parameters<typeof reference>[1], v?: number) => {
    const c = compile(project([post(), comment(ref)]), { pgVersion: v });
    return { fk: table(c.catalog, 'comments').foreignKeys[0], diagnostics: c.diagnostics };
  };
  assert.equal(fk({}).fk, { name: 'comments_post_id_fkey', columns: ['post_id'], refSchema: 'public', refTable: 'posts', refColumns: ['id'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION', match: 'SIMPLE', deferrable: false, initiallyDeferred: false });
  assert.is(fk({ onDelete: { action: 'restrict' } }).fk?.onDelete, 'RESTRICT');
  assert.is(fk({ onDelete: { action: 'delete' } }).fk?.onDelete, 'CASCADE');
  assert.is(fk({ onDelete: { action: 'nilify' } }).fk?.onDelete, 'SET NULL');
  const cols = fk({ onDelete: { action: 'nilify_columns', columns: ['post_id'] } });
  assert.equal([cols.fk?.onDelete, cols.fk?.onDeleteColumns], ['SET NULL', ['post_id']]);
  assert.is(fk({ onDelete: { action: 'nilify_columns', columns: ['post_id'] } }, 14).diagnostics[0]?.code, 'requires_pg15');
  assert.equal(fk({ onDelete: { action: 'nilify_columns', columns: ['post_id'] } }, 15).diagnostics, []);
  assert.is(fk({ onUpdate: 'update' }).fk?.onUpdate, 'CASCADE');
  assert.is(fk({ onUpdate: 'nilify' }).fk?.onUpdate, 'SET NULL');
  assert.is(fk({ onUpdate: 'restrict' }).fk?.onUpdate, 'RESTRICT');
  assert.is(fk({ name: 'custom_fk' }).fk?.name, 'custom_fk');
  assert.equal([fk({ deferrable: true }).fk?.deferrable, fk({ deferrable: true }).fk?.initiallyDeferred], [true, false]);
  assert.equal([fk({ deferrable: true, initiallyDeferred: true }).fk?.initiallyDeferred], [true]);
  assert.equal([fk({ deferrable: 'initially' }).fk?.deferrable, fk({ deferrable: 'initially' }).fk?.initiallyDeferred], [true, true]);
  assert.is(fk({ matchType: 'full' }).fk?.match, 'FULL');
  assert.is(fk({ ignore: true }).fk, undefined);
});

test('references: match_with adds column pairs; index and index_where make an index', () => {
  const r = comment({ matchWith: [['org_id', 'org_id']], index: true, indexWhere: sql('post_id IS NOT NULL') }, {}, [attr('post_id', 'uuid', { fromRelationship: 'post' }), attr('org_id', 'uuid')]);
  const p = resource('Post', 'posts', { attributes: [uuidPk(), attr('org_id', 'uuid')], identities: [{ name: 'org_id', src: src('/i'), keys: ['id', 'org_id'], nilsDistinct: true, allTenants: false }] });
  const c = compile(project([p, r]));
  const t = table(c.catalog, 'comments');
  assert.equal([t.foreignKeys[0]?.columns, t.foreignKeys[0]?.refColumns], [['post_id', 'org_id'], ['id', 'org_id']]);
  assert.equal(t.indexes[0], { name: 'comments_post_id_org_id_index', unique: false, method: 'btree', keys: [{ kind: 'column', column: 'post_id', desc: false }, { kind: 'column', column: 'org_id', desc: false }], include: [], where: 'post_id IS NOT NULL', nullsNotDistinct: false });
});

test('a foreign key column takes the exact type of the key it points at', () => {
  const country = resource('Country', 'countries', { attributes: [attr('code', 'string', { primaryKey: true, allowNil: false, postgresType: sql('char(2)') })] });
  const addr = resource('Address', 'addresses', {
    attributes: [intPk(), attr('country_code', 'string', { fromRelationship: 'country' })],
    relationships: [belongsTo('country', 'Country', { sourceAttributes: ['country_code'], destinationAttributes: ['code'] })],
  });
  const c = compile(project([country, addr]));
  assert.is(table(c.catalog, 'addresses').columns[1]!.type, 'character(2)');
});

test('a foreign key to a migrate: false resource is still emitted; that table is not', () => {
  const acct = resource('Account', 'accounts', { schema: 'auth', migrate: false, attributes: [uuidPk()] });
  const u = resource('User', 'users', { attributes: [uuidPk(), attr('account_id', 'uuid', { fromRelationship: 'account' })], relationships: [belongsTo('account', 'Account')] });
  const c = compile(project([acct, u]));
  assert.equal(c.catalog.tables.map((t) => t.name), ['users']);
  assert.equal(c.catalog.schemas, [{ name: 'public' }]);
  assert.is(table(c.catalog, 'users').foreignKeys[0]?.refSchema, 'auth');
});

test('identities: unique indexes with where and NULLS NOT DISTINCT (15+)', () => {
  const r = resource('T', 't', {
    attributes: [uuidPk(), attr('slug', 'string'), attr('deleted_at', 'utc_datetime_usec')],
    identities: [{ name: 'unique_slug', src: src('/i'), keys: ['slug'], where: sql('deleted_at IS NULL'), nilsDistinct: false, allTenants: false }],
  });
  const c = one(r);
  assert.equal(table(c.catalog, 't').indexes[0], { name: 't_unique_slug_index', unique: true, method: 'btree', keys: [{ kind: 'column', column: 'slug', desc: false }], include: [], where: 'deleted_at IS NULL', nullsNotDistinct: true });
  assert.is(one(r, { pgVersion: 14 }).diagnostics[0]?.code, 'requires_pg15');
});

test('custom indexes: every option; an expression needs a name', () => {
  const base = { src: src('/ci'), unique: false, include: [], nullsDistinct: true, concurrently: false, allTenants: false, constraint: false, deferrable: false as const, initiallyDeferred: false };
  const r = resource('T', 't', {
    attributes: [uuidPk(), attr('title', 'string'), attr('at', 'utc_datetime_usec'), attr('n', 'integer')],
    customIndexes: [
      { ...base, fields: [{ kind: 'column', column: 'title', order: 'asc', src: src('/f') }, { kind: 'column', column: 'at', order: 'desc', src: src('/f') }] },
      { ...base, name: 't_lower_title_index', fields: [{ kind: 'expression', sql: ' lower(title) ', order: 'asc', src: src('/f') }], using: 'GIN', opclass: { 'lower(title)': 'gin_trgm_ops' } },
      { ...base, unique: true, fields: [{ kind: 'column', column: 'n', order: 'asc', src: src('/f') }], where: sql('n > 0'), include: ['title'], nullsDistinct: false, concurrently: true },
      { ...base, fields: [{ kind: 'expression', sql: 'upper(title)', order: 'asc', src: src('/f') }] },
    ],
  });
  const c = one(r);
  assert.is(c.diagnostics.length, 1);
  assert.is(c.diagnostics[0]?.code, 'index_name_required');
  const ix = Object.fromEntries(table(c.catalog, 't').indexes.map((i) => [i.name, i]));
  assert.equal(ix.t_title_at_index?.keys, [{ kind: 'column', column: 'title', desc: false }, { kind: 'column', column: 'at', desc: true }]);
  assert.equal(ix.t_lower_title_index?.keys, [{ kind: 'expression', expression: 'lower(title)', desc: false, opclass: 'gin_trgm_ops' }]);
  assert.is(ix.t_lower_title_index?.method, 'gin');
  assert.equal(ix.t_n_index, { name: 't_n_index', unique: true, method: 'btree', keys: [{ kind: 'column', column: 'n', desc: false }], include: ['title'], where: 'n > 0', nullsNotDistinct: true, concurrently: true });
  assert.equal(c.catalog.extensions, [{ name: 'pg_trgm' }]);
});

test('triggers resolve their function; update_timestamp gets a touch trigger and function', () => {
  const r = resource('T', 't', {
    attributes: [uuidPk(), attr('updated_at', 'utc_datetime_usec', { macro: 'update_timestamp', allowNil: false }), attr('changed_at', 'utc_datetime_usec', { macro: 'update_timestamp', allowNil: false })],
    triggers: [
      { name: 't_audit', src: src('/t'), timing: 'after', events: ['delete', 'insert', 'update'], updateOf: ['changed_at'], forEach: 'row', function: 'audit', arguments: ['x'], constraint: false, deferrable: false, when: sql(' true ') },
      { name: 't_other', src: src('/t2'), timing: 'before', events: ['truncate'], updateOf: [], forEach: 'statement', function: 'ext.stamp', arguments: [], constraint: false, deferrable: false },
      { name: 't_bad', src: src('/t3'), timing: 'before', events: ['insert'], updateOf: [], forEach: 'row', function: 'adit', arguments: [], constraint: false, deferrable: false },
    ],
  });
  const c = compile(project([r], { functions: [fn('audit', 'BEGIN RETURN NEW; END', { schema: 'app' })] }));
  assert.is(c.diagnostics.length, 1);
  assert.is(c.diagnostics[0]?.code, 'unknown_function');
  assert.match(c.diagnostics[0]?.suggestion ?? '', /audit/);
  const t = table(c.catalog, 't');
  assert.equal(t.triggers.map((x) => x.name), ['t_audit', 't_other', 't_touch_timestamps']);
  assert.equal(t.triggers[0], { name: 't_audit', timing: 'AFTER', events: ['INSERT', 'UPDATE', 'DELETE'], updateOf: ['changed_at'], forEach: 'ROW', functionSchema: 'app', functionName: 'audit', arguments: ['x'], when: 'true' });
  assert.equal([t.triggers[1]?.functionSchema, t.triggers[1]?.functionName, t.triggers[1]?.forEach], ['ext', 'stamp', 'STATEMENT']);
  assert.equal(t.triggers[2], { name: 't_touch_timestamps', timing: 'BEFORE', events: ['UPDATE'], updateOf: [], forEach: 'ROW', functionSchema: 'public', functionName: 't_touch_timestamps', arguments: [] });
  const touch = c.catalog.functions.find((f) => f.name === 't_touch_timestamps')!;
  assert.is(touch.managedBy, 'pgdecl');
  assert.match(touch.body, /NEW\.updated_at := \(now\(\) AT TIME ZONE 'utc'::text\);\n {2}NEW\.changed_at := /);
  assert.equal(c.catalog.schemas.map((s) => s.name), ['app', 'public']);
});

test('SQL syntax errors point into the fragment with the words of the brief', () => {
  const r = resource('T', 't', { attributes: [uuidPk(), attr('rating', 'integer')], checkConstraints: [{ name: 'rating_range', src: src('/cc'), check: sql('  rating >> > 5', '/cc/check'), attributes: [], noInherit: false, notValid: false, notEnforced: false }] });
  const c = one(r);
  assert.equal(c.diagnostics, [{ code: 'sql_syntax', severity: 'error', message: 'syntax error in the check `rating_range`: syntax error at or near ">"', src: src('/cc/check'), fragmentOffset: 12 }]);
  const f = compile(project([], { functions: [fn('bad', 'BEGIN\n  NEW.x = foo bar baz;\nEND', {})] }));
  assert.is(f.diagnostics[0]?.code, 'sql_syntax');
  assert.match(f.diagnostics[0]!.message, /the body of the function `bad`/);
  const s = compile(project([], { functions: [fn('s', 'SELEC 1', { language: 'sql', returns: 'integer' })] }));
  assert.is(s.diagnostics[0]?.fragmentOffset, 0);
});

test('sql_body: an SQL-standard body is kept trimmed and unquoted; checked where CREATE FUNCTION puts it; only in language sql, never verbatim', () => {
  const ok = compile(project([], { functions: [
    fn('add', '  RETURN a + b\n', { language: 'sql', returns: 'integer', arguments: 'a integer, b integer', sqlBody: true }),
    fn('bump', 'BEGIN ATOMIC\n  UPDATE t SET n = n + 1;\nEND', { language: 'sql', returns: '', procedure: true, sqlBody: true }),
  ] }));
  assert.equal(ok.diagnostics, []);
  const add = ok.catalog.functions.find((f) => f.name === 'add')!;
  assert.equal([add.body, add.sqlBody], ['RETURN a + b', true]);
  assert.is(ok.catalog.functions.find((f) => f.name === 'bump')?.body, 'BEGIN ATOMIC\n  UPDATE t SET n = n + 1;\nEND');
  const bad = (body: string, extra: Parameters<typeof fn>[2]) => compile(project([], { functions: [fn('f', body, { language: 'sql', returns: 'integer', sqlBody: true, ...extra })] })).diagnostics;
  assert.equal(bad('RETURN 1', { language: 'plpgsql' }).map((d) => [d.code, d.src?.pointer]), [['sql_body_options', '/functions/f/sql_body']]);
  assert.equal(bad('RETURN 1', { verbatim: true }).map((d) => [d.code, d.src?.pointer]), [['sql_body_options', '/functions/f/verbatim']]);
  assert.equal(bad('SELECT 1', {}).map((d) => [d.code, d.fragmentOffset]), [['sql_syntax', 0]]);
  assert.equal(bad('  RETURN 1 +', {}).map((d) => [d.code, d.fragmentOffset]), [['sql_syntax', 12]]);
  assert.match(bad('BEGIN ATOMIC SELECT 1; END; DROP TABLE t', {})[0]!.message, /one BEGIN ATOMIC … END block or one RETURN expression/);
  assert.match(bad('RETURN 1', { procedure: true, returns: '' })[0]!.message, /must be one BEGIN ATOMIC … END block$/);
});

test('extensions: the repo list plus implied ones (types, functions, opclasses)', () => {
  const r = resource('T', 't', {
    attributes: [uuidPk(), attr('email', 'ci_string'), attr('path', 'ltree'), attr('token', 'string', { default: { kind: 'sql', sql: "encode(gen_random_bytes(16), 'hex')", src: src('/d') } }),
      attr('legacy', 'uuid', { default: { kind: 'sql', sql: 'uuid_generate_v4()', src: src('/d') } })],
    checkConstraints: [{ name: 'c', src: src('/c'), check: sql("similarity(email::text, 'x') >= 0"), attributes: [], noInherit: false, notValid: false, notEnforced: false }],
  });
  const c = compile(project([r], { repos: [{ name: 'default', extensions: [{ name: 'hstore', schema: 'ext', src: src('/r') }] }] }));
  assert.equal(c.catalog.extensions, [{ name: 'citext' }, { name: 'hstore', schema: 'ext' }, { name: 'ltree' }, { name: 'pg_trgm' }, { name: 'pgcrypto' }, { name: 'uuid-ossp' }]);
  assert.equal(c.catalog.schemas.map((s) => s.name), ['ext', 'public']);
  assert.equal(compile(project([resource('U', 'u', { attributes: [uuidPk()] })])).catalog.extensions, []);
});

test('context multitenancy: tables in $tenant, global copies, foreign keys by placement', () => {
  const mt = (global = false) => ({ src: src('/m'), strategy: 'context' as const, global, rowLevelSecurity: false });
  const user = resource('User', 'users', { attributes: [uuidPk()] });
  const tag = resource('Tag', 'tags', { attributes: [uuidPk()], multitenancy: mt(true) });
  const p = resource('Post', 'posts', {
    attributes: [uuidPk(), attr('author_id', 'uuid', { fromRelationship: 'author' }), attr('tag_id', 'uuid', { fromRelationship: 'tag' }), attr('updated_at', 'utc_datetime_usec', { macro: 'update_timestamp', allowNil: false })],
    relationships: [belongsTo('author', 'User'), belongsTo('tag', 'Tag')],
    multitenancy: mt(),
  });
  const c = compile(project([user, tag, p]));
  assert.equal(c.diagnostics, []);
  assert.equal(c.catalog.tables.map((t) => `${t.schema}.${t.name}`), ['$tenant.posts', '$tenant.tags', 'public.tags', 'public.users']);
  const posts = table(c.catalog, 'posts', TENANT_SCHEMA);
  assert.equal(posts.tenancy, { strategy: 'context' });
  assert.equal(posts.foreignKeys.map((f) => [f.name, f.refSchema]), [['posts_author_id_fkey', 'public'], ['posts_tag_id_fkey', TENANT_SCHEMA]]);
  assert.is(table(c.catalog, 'tags').tenancy, undefined);
  assert.equal(c.catalog.schemas, [{ name: 'public' }]);
  const acme = instantiateTenant(c.catalog, 'tenant_acme');
  assert.equal(acme.schemas, [{ name: 'tenant_acme' }]);
  assert.equal(acme.tables.map((t) => `${t.schema}.${t.name}`), ['tenant_acme.posts', 'tenant_acme.tags']);
  assert.equal(acme.tables[0]!.foreignKeys.map((f) => f.refSchema), ['public', 'tenant_acme']);
  assert.equal(acme.tables[0]!.triggers[0]!.functionSchema, 'tenant_acme');
  assert.equal(acme.functions.map((f) => `${f.schema}.${f.name}`), ['tenant_acme.posts_touch_timestamps']);
  // An ordinary table cannot point at a tenant-only table.
  const bad = resource('Note', 'notes', { attributes: [uuidPk(), attr('post_id', 'uuid', { fromRelationship: 'post' })], relationships: [belongsTo('post', 'Post')] });
  assert.is(compile(project([p, user, tag, bad])).diagnostics[0]?.code, 'tenant_reference');
});

test('attribute multitenancy: tenant column in indexes, composite foreign keys, unique key, RLS', () => {
  const mt = (rls = false) => ({ src: src('/m'), strategy: 'attribute' as const, attribute: 'org_id', global: false, rowLevelSecurity: rls });
  const p = resource('Post', 'posts', { attributes: [uuidPk(), attr('org_id', 'uuid', { allowNil: false })], multitenancy: mt() });
  const cm = resource('Comment', 'comments', {
    attributes: [uuidPk(), attr('org_id', 'uuid', { allowNil: false }), attr('post_id', 'uuid', { fromRelationship: 'post' }), attr('slug', 'string')],
    relationships: [belongsTo('post', 'Post')],
    references: [reference('post', { index: true, onDelete: { action: 'delete' }, matchTenant: true })],
    identities: [
      { name: 'unique_slug', src: src('/i'), keys: ['slug'], nilsDistinct: true, allTenants: false },
      { name: 'global_slug', src: src('/i2'), keys: ['slug'], nilsDistinct: true, allTenants: true },
      { name: 'own', src: src('/i3'), keys: ['org_id', 'slug'], nilsDistinct: true, allTenants: false },
    ],
    multitenancy: mt(true),
  });
  const c = compile(project([p, cm]));
  assert.equal(c.diagnostics, []);
  const comments = table(c.catalog, 'comments');
  assert.equal(comments.tenancy, { strategy: 'attribute', column: 'org_id' });
  const ix = Object.fromEntries(comments.indexes.map((i) => [i.name, i.keys.map((k) => (k.kind === 'column' ? k.column : k.expression))]));
  assert.equal(ix, { comments_unique_slug_index: ['org_id', 'slug'], comments_global_slug_index: ['slug'], comments_own_index: ['org_id', 'slug'], comments_post_id_index: ['org_id', 'post_id'] });
  assert.equal(comments.foreignKeys[0], { name: 'comments_post_id_fkey', columns: ['org_id', 'post_id'], refSchema: 'public', refTable: 'posts', refColumns: ['org_id', 'id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION', match: 'SIMPLE', deferrable: false, initiallyDeferred: false });
  assert.equal(table(c.catalog, 'posts').indexes, [{ name: 'posts_org_id_id_index', unique: true, method: 'btree', keys: [{ kind: 'column', column: 'org_id', desc: false }, { kind: 'column', column: 'id', desc: false }], include: [], nullsNotDistinct: false }]);
  const predicate = "(org_id = (current_setting('pgdecl.tenant'::text))::uuid)";
  assert.equal(comments.rowLevelSecurity, { enabled: true, force: true, policies: [{ name: 'comments_tenant_isolation', command: 'ALL', permissive: true, roles: ['public'], using: predicate, withCheck: predicate }] });
  assert.ok(c.origins[keys.policy('public', 'comments', 'comments_tenant_isolation')]);
  assert.ok(c.origins[keys.index('public', 'posts_org_id_id_index')]);
});

test('origins name every object of the catalog', () => {
  const r = comment({ index: true, onDelete: { action: 'delete' } });
  const c = compile(project([post(), r]));
  const expected: string[] = [];
  for (const s of c.catalog.schemas) expected.push(keys.schema(s.name));
  for (const t of c.catalog.tables) {
    expected.push(keys.table(t.schema, t.name), ...t.columns.map((col) => keys.column(t.schema, t.name, col.name)));
    if (t.primaryKey) expected.push(keys.primaryKey(t.schema, t.name));
    expected.push(...t.foreignKeys.map((f) => keys.foreignKey(t.schema, t.name, f.name)), ...t.indexes.map((i) => keys.index(t.schema, i.name)));
  }
  for (const k of expected) assert.ok(c.origins[k], k);
});

test('identifiers over 63 bytes and colliding names are errors', () => {
  const long = 'x'.repeat(60);
  const c = one(resource('T', long, { attributes: [uuidPk(), attr('n', 'integer', { constraints: { src: src('/c'), min: 1 } })] }));
  assert.ok(c.diagnostics.some((d) => d.code === 'identifier_too_long' && d.message.includes(`${long}_n_min`)));
});

test('the catalog is canonical and deterministic whatever the input order', () => {
  const a = compile(project([post(), comment({ index: true })])).catalog;
  const b = compile({ ...project([]), resources: [comment({ index: true }), post()] }).catalog;
  assert.ok(catalogEquals(a, b));
  assert.is(stableStringify(a), stableStringify(canonicalCatalog(a)));
  assert.not.ok(catalogEquals(a, compile(project([post()])).catalog));
  assert.is(stableStringify({ b: 1, a: { d: undefined, c: [2, 1] } }), '{"a":{"c":[2,1]},"b":1}');
});

test('custom statements keep their text and order; after_tables resolve to schema.table', () => {
  const st = (name: string, after: string[]) => ({ name, src: src('/s'), up: sql(` CREATE VIEW ${name} AS SELECT 1 `), down: sql(`DROP VIEW ${name}`), afterTables: after });
  const r = resource('T', 't', { schema: 'app', attributes: [uuidPk()], customStatements: [st('v2', ['t', 'public.x']), st('v1', ['Post', 'elsewhere'])] });
  const c = compile(project([r, post()]));
  assert.equal(c.catalog.statements, [
    { name: 'v2', up: 'CREATE VIEW v2 AS SELECT 1', down: 'DROP VIEW v2', afterTables: ['app.t', 'public.x'], owner: 'app.t' },
    { name: 'v1', up: 'CREATE VIEW v1 AS SELECT 1', down: 'DROP VIEW v1', afterTables: ['public.posts', 'app.elsewhere'], owner: 'app.t' },
  ]);
});

test.run();
