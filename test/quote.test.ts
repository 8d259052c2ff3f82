import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ident, literal, qname } from '../src/sql/quote.js';
import { NON_UNRESERVED_KEYWORDS } from '../src/sql/keywords.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';
import type { Target } from '../src/targets/target.js';

const TRICKY = ['users', 'User', 'select', 'order', 'window', 'asymmetric', 'returning', 'concurrently', 'fetch', 'lateral',
  'tablesample', 'variadic', 'symmetric', 'current_role', 'current_schema', 'current_catalog', 'json_table', 'a"b', 'a b',
  'ünïcödé', '日本語', '_x', 'x1', '1x', 'x$y', 'name', 'type', 'comment', 'UPPER', 'a.b', "it's"];

/** On every engine: the keyword snapshot covers pg_get_keywords(), and ident() agrees with quote_ident(). */
async function checkAgainst(t: Target, label: string) {
  const kw = await t.query<{ word: string; catcode: string }>('SELECT word, catcode FROM pg_get_keywords()');
  const missing = kw.filter((k) => k.catcode !== 'U' && !NON_UNRESERVED_KEYWORDS.has(k.word)).map((k) => k.word);
  assert.equal(missing, [], `${label}: keywords quote_ident quotes but our snapshot lacks`);
  const words = [...kw.map((k) => k.word), ...TRICKY];
  const rows = await t.query<{ w: string; q: string }>('SELECT w, quote_ident(w) AS q FROM unnest($1::text[]) AS w', [words]);
  const differ = rows.filter((r) => ident(r.w) !== r.q).map((r) => `${r.w}: ours ${ident(r.w)} server ${r.q}`);
  // Our list is the union over versions: on PostgreSQL 15 the json_* words are plain identifiers,
  // and quoting them anyway is harmless. Nothing else may differ.
  const allowed = differ.filter((d) => !/^(json|json_\w+|merge_action|system_user):/.test(d));
  assert.equal(allowed, [], `${label}: ident() differs from quote_ident()`);
  // Round trip: every tricky name works as a schema, table and column name and reads back unchanged.
  for (const name of TRICKY) {
    await t.exec(`CREATE SCHEMA ${ident(name)}; CREATE TABLE ${qname(name, name)} (${ident(name)} text DEFAULT ${literal(name)})`);
    await t.exec(`INSERT INTO ${qname(name, name)} DEFAULT VALUES`);
    const back = await t.query<{ v: string; c: string }>(
      `SELECT ${ident(name)} AS v, (SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum = 1) AS c FROM ${qname(name, name)}`,
      [qname(name, name)],
    );
    assert.equal(back, [{ v: name, c: name }], `${label}: ${name}`);
  }
}

test('ident quotes exactly the names quote_ident quotes', () => {
  assert.is(ident('users'), 'users');
  assert.is(ident('User'), '"User"');
  assert.is(ident('select'), '"select"');
  assert.is(ident('a"b'), '"a""b"');
  assert.is(ident('1x'), '"1x"');
  assert.is(ident('x$y'), '"x$y"');
  // The 13 keywords pg-format leaves bare.
  for (const w of ['asymmetric', 'collation', 'concurrently', 'current_catalog', 'current_role', 'current_schema', 'fetch', 'lateral', 'returning', 'symmetric', 'tablesample', 'variadic', 'window']) {
    assert.is(ident(w), `"${w}"`, w);
  }
  assert.throws(() => ident('a\0b'));
});

test('literal', () => {
  assert.is(literal("it's"), "'it''s'");
  assert.is(literal(3), '3');
  assert.is(literal(-1.5), '-1.5');
  assert.is(literal(true), 'true');
  assert.is(literal(null), 'NULL');
  assert.is(literal({ a: [1, 'x'] }), `'{"a":[1,"x"]}'`);
  assert.throws(() => literal('a\0'));
});

test('literal strings survive the server unchanged', async () => {
  const t = await pglite([]);
  try {
    const values = ["it's", 'back\\slash', 'tab\there', 'new\nline', '$$dollar$$', 'ünï', '', "'; DROP TABLE x; --"];
    for (const v of values) {
      const r = await t.query<{ v: string }>(`SELECT ${literal(v)}::text AS v`);
      assert.is(r[0]!.v, v);
    }
  } finally {
    await t.close();
  }
});

test('keywords and round trips on the real servers', async () => {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await checkAgainst(t, s.name);
    } finally {
      await t.drop();
    }
  }
});

test('keywords and round trips on PGlite', async () => {
  const t = await pglite([]);
  try {
    await checkAgainst(t, 'pglite');
  } finally {
    await t.close();
  }
});

test.after(stopOwnServers);
test.run();
