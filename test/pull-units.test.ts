/**
 * The parts of pull that need no database: resource and relationship names, the type, default
 * and constraint inverses (each checked against the compiler), table patterns, SQL text
 * clean-ups, and the YAML layout (inline when short, block when long, blank lines between
 * resources, literal blocks for multi-line text).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { objectKeys } from '../src/pull/object-keys.js';
import { defaultMultirange } from '../src/ir/user-type.js';
import { collationSql, qualifiedCollation, type Collation } from '../src/ir/collation.js';
import { collationSpelling } from '../src/pull/collations.js';
import { parse } from 'yaml';
import { initSqlParser } from '../src/sql/parse.js';
import { attrTypeSql } from '../src/compile/types.js';
import { literalDefault } from '../src/compile/defaults.js';
import { RANGE_ELEMENT_TYPES, SCALAR_TYPES, type AttrType } from '../src/model/resource.js';
import { resourceNameOf, singularWord } from '../src/pull/inflect.js';
import { relationshipName, resourceNames } from '../src/pull/naming.js';
import { tableMatcher } from '../src/pull/select.js';
import { pullType } from '../src/pull/types.js';
import { arrayElements, pullDefault } from '../src/pull/defaults.js';
import { pullConstraint } from '../src/pull/constraints.js';
import { pullTypes } from '../src/pull/user-types.js';
import { pullSequences } from '../src/pull/sequences.js';
import type { Sequence } from '../src/ir/sequence.js';
import { readable, standardStrings, stripOuterParens, unqualifyPublic } from '../src/pull/sql-text.js';
import { block, renderYaml, spaced } from '../src/pull/render.js';
import { note, sqlValue, toJson, ymap, type Y } from '../src/pull/yaml-tree.js';

test.before(async () => {
  await initSqlParser();
});

test('resource names: PascalCase, the last word singular', () => {
  const cases: [string, string][] = [
    ['blog_posts', 'BlogPost'],
    ['people', 'Person'],
    ['categories', 'Category'],
    ['addresses', 'Address'],
    ['orgs', 'Org'],
    ['order_items', 'OrderItem'],
    ['UserAccounts', 'UserAccount'],
    ['Order Items', 'OrderItem'],
    ['statuses', 'Status'],
    ['analyses', 'Analysis'],
    ['boxes', 'Box'],
    ['movies', 'Movie'],
    ['children', 'Child'],
    ['news', 'News'],
    ['status', 'Status'],
    ['ids', 'Ids'],
    ['HTTPLogs', 'HttpLog'],
    ['2fa_codes', 'T2faCode'],
    ['größen', 'Grossen'],
  ];
  assert.equal(cases.map(([t]) => [t, resourceNameOf(t)]), cases);
  assert.is(singularWord('Wolves'), 'Wolf');
});

test('resource names collide deterministically: unsingularised, then schema-prefixed, then numbered', () => {
  const names = resourceNames([
    { schema: 'auth', name: 'users' },
    { schema: 'public', name: 'user' },
    { schema: 'public', name: 'users' },
    { schema: 'billing', name: 'user' },
    { schema: 'billing', name: 'User' },
  ]);
  assert.equal(Object.fromEntries(names), {
    'public.user': 'User',
    'public.users': 'Users',
    'auth.users': 'AuthUser',
    'billing.user': 'BillingUser',
    'billing.User': 'User2',
  });
});

test('relationship names: after the column, free of the other attributes and relationships', () => {
  assert.is(relationshipName('author_id', new Set()), 'author');
  assert.is(relationshipName('authorId', new Set()), 'author');
  assert.is(relationshipName('owner', new Set()), 'owner');
  assert.is(relationshipName('author_id', new Set(['author'])), 'author_id');
  assert.is(relationshipName('author_id', new Set(['author', 'author_id'])), 'author_2');
});

test('--tables patterns: * and ?, whole names, schema.table when the pattern has a dot', () => {
  const m = tableMatcher(['order*', 'p?sts', 'audit.*']);
  const names = ['orders', 'order_items', 'reorders', 'posts', 'pasts', 'postss', 'events'].filter((name) => m({ schema: 'public', name }));
  assert.equal(names, ['orders', 'order_items', 'posts', 'pasts']);
  assert.ok(m({ schema: 'audit', name: 'events' }));
  assert.ok(tableMatcher([])({ schema: 'x', name: 'y' }));
  assert.not.ok(tableMatcher(['a.b'])({ schema: 'public', name: 'a.b' }), 'a dot is literal and means schema.table');
});

function everyType(): AttrType[] {
  const scalars: AttrType[] = SCALAR_TYPES.map((name) => ({ kind: 'scalar', name }));
  return [...scalars, ...scalars.map((of): AttrType => ({ kind: 'array', of })), ...RANGE_ELEMENT_TYPES.map((of): AttrType => ({ kind: 'range', of }))];
}

test('types: every attribute type pulls back to a type that compiles to the same column type', () => {
  for (const t of everyType()) {
    const sql = attrTypeSql(t);
    const inspected = sql.replace(/^(citext|ltree)/, 'public.$1');
    const p = pullType(inspected);
    assert.is(p.postgresType, undefined, `${sql} is exact`);
    assert.is(attrTypeSql(p.attrType), sql, JSON.stringify(p.type));
  }
  assert.equal(toJson(pullType('numeric(12,2)').type), 'decimal');
  assert.equal([pullType('numeric(12,2)').precision, pullType('numeric(12,2)').scale], [12, 2]);
});

test('types: the others keep their spelling in postgres_type, short where PostgreSQL gives it back', () => {
  const cases: [string, string, string][] = [
    ['integer', 'integer', 'integer'],
    ['smallint', 'smallint', 'integer'],
    ['real', 'real', 'float'],
    ['character varying(16)', 'varchar(16)', 'string'],
    ['character varying', 'varchar', 'string'],
    ['character(2)', 'char(2)', 'string'],
    ['timestamp(3) without time zone', 'timestamp(3)', 'utc_datetime_usec'],
    ['timestamp(3) with time zone', 'timestamptz(3)', 'timestamptz_usec'],
    ['time with time zone', 'timetz', 'time_usec'],
    ['bit varying(8)', 'varbit(8)', 'string'],
    ['json', 'json', 'map'],
    ['integer[]', 'integer[]', '{"array":"integer"}'],
    ['interval day to second', 'interval day to second', 'duration'],
    ['public.mood', 'public.mood', 'string'],
    ['auth."Mood"', 'auth."Mood"', 'string'],
    ['ext.citext', 'ext.citext', 'ci_string'],
  ];
  const got = cases.map(([t]) => {
    const p = pullType(t);
    const type = toJson(p.type);
    return [t, p.postgresType ?? '', typeof type === 'string' ? type : JSON.stringify(type)];
  });
  assert.equal(got, cases);
});

test('defaults: literals where the compiler writes the same text back, SQL otherwise', () => {
  const cases: [string, string, boolean, unknown][] = [
    ["'member'::text", 'text', true, 'member'],
    ["'it''s'::character varying", 'character varying(10)', false, "it's"],
    ['0', 'bigint', true, 0],
    ["'-1'::integer", 'integer', false, -1],
    ["'10000000000'::bigint", 'bigint', true, 10000000000],
    ['1.10', 'numeric', true, '1.10'],
    ['9.99', 'numeric(10,2)', true, 9.99],
    ['true', 'boolean', true, true],
    ["'{}'::jsonb", 'jsonb', true, {}],
    [`'{"a": [1, 2]}'::jsonb`, 'jsonb', true, { a: [1, 2] }],
    [`'{"sql": "x"}'::jsonb`, 'jsonb', true, { sql: `'{"sql": "x"}'::jsonb` }],
    ["'{}'::text[]", 'text[]', true, []],
    [`'{a,"b c",NULL}'::text[]`, 'text[]', true, ['a', 'b c', null]],
    ["'{1,2}'::bigint[]", 'bigint[]', true, [1, 2]],
    ["'2024-01-01'::date", 'date', true, '2024-01-01'],
    ["'a\\b'::text", 'text', true, 'a\\b'],
    ['now()', 'timestamp with time zone', true, { sql: 'now()' }],
    ["(now() AT TIME ZONE 'utc'::text)", 'timestamp without time zone', true, { sql: "(now() AT TIME ZONE 'utc'::text)" }],
    ["public.gen_random_bytes(9)", 'bytea', true, { sql: 'gen_random_bytes(9)' }],
    ["'x'::public.citext", 'public.citext', true, 'x'],
  ];
  for (const [text, type, exact, want] of cases) {
    const d = pullDefault(text, type, exact);
    assert.equal(toJson(d.value), want, `${text} on ${type}`);
    if (d.literal !== undefined) assert.ok(literalDefault(d.literal, type).ok);
  }
  assert.equal(arrayElements('{{1,2},{3,"4"}}'), [['1', '2'], ['3', '4']]);
  assert.is(arrayElements('{a,b'), undefined);
});

test("constraints: a check that is exactly an attribute's constraint becomes it; anything else stays a check", () => {
  const cols = new Map([
    ['title', { attrType: { kind: 'scalar', name: 'string' } as AttrType, compiled: 'text' }],
    ['code', { attrType: { kind: 'scalar', name: 'string' } as AttrType, compiled: 'character varying(8)' }],
    ['rating', { attrType: { kind: 'scalar', name: 'integer' } as AttrType, compiled: 'bigint' }],
    ['price', { attrType: { kind: 'scalar', name: 'decimal' } as AttrType, compiled: 'numeric(10,2)' }],
    ['email', { attrType: { kind: 'scalar', name: 'ci_string' } as AttrType, compiled: 'citext' }],
    ['starts', { attrType: { kind: 'scalar', name: 'date' } as AttrType, compiled: 'date' }],
  ]);
  const ok: [string, string, unknown][] = [
    ['t_title_max_length', '(char_length(title) <= 200)', 200],
    ['t_code_min_length', '(char_length((code)::text) >= 2)', 2],
    ['t_title_match', "(title ~ '^[a-z]+$'::text)", '^[a-z]+$'],
    ['t_title_one_of', "(title = ANY (ARRAY['a'::text, 'b''c'::text]))", ['a', "b'c"]],
    ['t_rating_min', '(rating >= 1)', 1],
    ['t_rating_max', "(rating <= '-1'::integer)", -1],
    ['t_price_min', '(price >= (0)::numeric)', 0],
    ['t_email_one_of', "(email OPERATOR(public.=) ANY (ARRAY['x'::public.citext]))", ['x']],
    ['t_starts_min', "(starts >= '2024-01-01'::date)", '2024-01-01'],
  ];
  for (const [name, expression, value] of ok) assert.equal(pullConstraint('t', { name, expression }, cols)?.value, value, name);
  const kept: [string, string][] = [
    ['t_title_check', '(char_length(title) <= 200)'],
    ['t_title_max_length', '(char_length(title) < 200)'],
    ['t_title_max_length', '(length(title) <= 200)'],
    ['t_rating_min_length', '(char_length(title) >= 1)'],
    ['t_starts_max_length', '(char_length((starts)::text) <= 10)'],
    ['other_title_max_length', '(char_length(title) <= 200)'],
  ];
  for (const [name, expression] of kept) assert.is(pullConstraint('t', { name, expression }, cols), undefined, `${name}: ${expression}`);
});

test('SQL text: outer parentheses and public. qualifications go, strings and quoted names stay', () => {
  assert.is(stripOuterParens('((a > 0))'), 'a > 0');
  assert.is(stripOuterParens('(a > 0) OR (b > 0)'), '(a > 0) OR (b > 0)');
  assert.is(stripOuterParens("(a = ')(')"), "a = ')('");
  assert.is(unqualifyPublic("public.f(x, 'public.y') + \"public\".z + my_public.w + public.\"Q\""), "f(x, 'public.y') + \"public\".z + my_public.w + \"Q\"");
  assert.is(unqualifyPublic('x OPERATOR(public.=) y'), 'x OPERATOR(public.=) y');
  assert.is(readable("((x)::public.citext = 'a'::public.citext)"), "(x)::citext = 'a'::citext");
  assert.is(standardStrings("(a ~ E'^\\\\d+$'::text) AND b = E'it''s'"), "(a ~ '^\\d+$'::text) AND b = 'it''s'");
});

test('layout: short maps inline, long ones in block style; lists tight; blank lines between resources', () => {
  const attrs = block(
    ymap([
      ['email', ymap([['type', 'string'], ['allow_nil', false]])],
      ['bio', 'string'],
      ['long', ymap([['type', 'string'], ['default', 'x'.repeat(90)]])],
      ['tags', ymap([['type', ymap([['array', 'string']])], ['default', []]])],
      ['id', note('uuid_primary_key', 'a note')],
    ]),
  );
  const resources = spaced(
    ymap([
      ['User', block(ymap([['attributes', attrs], ['identities', block(ymap([['unique_email', ymap([['keys', ['email']]])]]))]]))],
      ['Post', block(ymap([['postgres', block(ymap([['table', 'posts']]))]]))],
    ]),
  );
  const fns = spaced(ymap([['f', block(ymap([['returns', 'trigger'], ['body', 'BEGIN\n  RETURN NEW;\nEND;\n']]))]]));
  const text = renderYaml(ymap([['version', 1], ['resources', resources], ['functions', fns]]), ['line one', '', 'line two']);
  const expected = `# line one
#
# line two

version: 1

resources:
  User:
    attributes:
      email: { type: string, allow_nil: false }
      bio: string
      long:
        type: string
        default: ${'x'.repeat(90)}
      tags: { type: { array: string }, default: [] }
      # a note
      id: uuid_primary_key
    identities:
      unique_email: { keys: [email] }

  Post:
    postgres:
      table: posts

functions:
  f:
    returns: trigger
    body: |
      BEGIN
        RETURN NEW;
      END;
`;
  assert.fixture(text, expected);
  const back = parse(text) as { functions: { f: { body: string } } };
  assert.is(back.functions.f.body, 'BEGIN\n  RETURN NEW;\nEND;\n');
});

test('layout: text is written so that it reads back exactly', () => {
  const tricky: Y[] = ['yes', 'on', '0123', '1e3', 'null', '- x', 'a: b', '#x', ' lead', 'trail ', '\n  indented\n', 'tab\there', 'line\r\nbreak', "it's", '"q"', '', '{}', '[a]'];
  const m = ymap(tricky.map((v, i) => [`k${i}`, v] as const));
  m.set('sql', sqlValue("encode(gen_random_bytes(9), 'hex'::text)"));
  const back = parse(renderYaml(block(m), []), { version: '1.2' }) as Record<string, unknown>;
  assert.equal(back, toJson(m));
});

test('a type with the name of another, in another schema, is written under another key with its name', () => {
  const catalog = { formatVersion: 1 as const, extensions: [], schemas: [{ name: 'public' }, { name: 'tenant1' }], functions: [], tables: [], statements: [], types: [
    { kind: 'enum' as const, schema: 'public', name: 'status', values: ['active', 'inactive'] },
    { kind: 'enum' as const, schema: 'tenant1', name: 'status', values: ['on', 'off'] },
    { kind: 'enum' as const, schema: 'tenant2', name: 'status', values: ['x'] },
  ] };
  const written = pullTypes(catalog);
  assert.equal(written.map((t) => [t.key, toJson(t.value)]), [
    ['status', { enum: ['active', 'inactive'] }],
    ['tenant1_status', { schema: 'tenant1', name: 'status', enum: ['on', 'off'] }],
    ['tenant2_status', { schema: 'tenant2', name: 'status', enum: ['x'] }],
  ]);
});

test('a sequence with the name of another, in another schema, is written under another key with its name', () => {
  const left: Parameters<typeof pullSequences>[4] = [];
  const seq = (schema: string): Sequence => ({ schema, name: 'ticket_seq', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false });
  const catalog = { formatVersion: 1 as const, extensions: [], schemas: [{ name: 'public' }, { name: 'tenant1' }], functions: [], tables: [], statements: [], sequences: [seq('public'), seq('tenant1')] };
  const written = pullSequences(catalog, new Map(), new Set(), () => false, left);
  assert.equal(written.map((s) => [s.key, toJson(s.value)]), [['ticket_seq', { as: 'bigint' }], ['tenant1_ticket_seq', { schema: 'tenant1', name: 'ticket_seq' }]]);
  assert.equal(left, []);
});

test("object keys: the name, public's first, then <schema>_<name>, then a number while taken", () => {
  const keys = objectKeys([['app', 'v'], ['public', 'v'], ['public', 'app_v'], ['app', 'v'], ['b', 'w']].map(([schema, name]) => ({ schema: schema!, name: name! })));
  assert.equal(keys, [
    { key: 'app_v_2', named: true },
    { key: 'v', named: false },
    { key: 'app_v', named: false },
    { key: 'app_v_3', named: true },
    { key: 'w', named: false },
  ]);
});

test('the multirange type PostgreSQL makes with a range type: "range" becomes "multirange", else _multirange is added', () => {
  assert.equal(['floatrange', 'tsrange_x', 'span', 'rangeish', 'x'.repeat(60)].map(defaultMultirange), ['floatmultirange', 'tsmultirange_x', 'span_multirange', 'multirangeish', `${'x'.repeat(52)}_multirange`]);
});

test('a collation as a column names it: pg_catalog\'s bare and quoted where it must be, any other schema-qualified', () => {
  assert.equal(['C', 'en_US.utf8', 'und-x-icu', 'public.ci', 'app."Ci"', '"My Schema".x'].map(collationSql), ['"C"', '"en_US.utf8"', '"und-x-icu"', 'public.ci', 'app."Ci"', '"My Schema".x']);
  assert.equal(qualifiedCollation('app."Ci"'), { schema: 'app', name: 'Ci' });
  assert.is(qualifiedCollation('en_US.utf8'), undefined);
});

test('pull names a written collation as the compiler finds it again: bare from its schema or public, else qualified; pg_catalog\'s bare unless a written one takes its name', () => {
  const c = (schema: string, name: string): Collation => ({ schema, name, provider: 'libc', locale: 'C', deterministic: true });
  const written = [c('public', 'ci'), c('app', 'ci'), c('app', 'only_app'), c('public', 'C')];
  assert.equal(
    [
      collationSpelling('public.ci', written, 'public'),
      collationSpelling('app.ci', written, 'app'),
      collationSpelling('app.ci', written, 'public'),
      collationSpelling('public.ci', written, 'app'),
      collationSpelling('app.only_app', written, 'lex'),
      collationSpelling('C', written, 'public'),
      collationSpelling('POSIX', written, 'public'),
      collationSpelling('other.ci', written, 'public'),
    ],
    ['ci', 'ci', 'app.ci', 'public.ci', 'only_app', 'pg_catalog."C"', 'POSIX', 'other.ci'],
  );
});

test.run();
