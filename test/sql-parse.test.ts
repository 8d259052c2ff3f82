import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  calledNames,
  checkDefault,
  checkExpression,
  checkPlpgsqlFunction,
  checkStatements,
  initSqlParser,
  parseTypeName,
  sqlParserReady,
} from '../src/sql/parse.js';

test.before(async () => {
  await initSqlParser();
});

const fail = (r: ReturnType<typeof checkExpression>) => {
  assert.not.ok(r.ok, 'expected an error');
  return (r as { error: { message: string; offset?: number } }).error;
};

test('the parser loads once and reports itself ready', async () => {
  await initSqlParser();
  assert.ok(sqlParserReady());
});

test('a valid expression passes and names the functions it calls', () => {
  const r = checkExpression("char_length(lower(name)) <= 100 AND crypt(x, gen_salt('bf')) IS NOT NULL");
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.functions, ['char_length', 'crypt', 'gen_salt', 'lower']);
});

test('syntax errors carry a 0-based offset into the fragment', () => {
  const e = fail(checkExpression('rating >> > 5'));
  assert.is(e.message, 'syntax error at or near ">"');
  assert.is(e.offset, 10); // the second `>`
  const end = fail(checkExpression('rating >'));
  assert.is(end.offset, 8); // end of input
});

test('offsets count JavaScript string indexes, also after multi-byte and astral characters', () => {
  const frag = "name = '日本😀' AND >";
  const e = fail(checkExpression(frag));
  assert.is(e.offset, frag.indexOf('>'));
});

test('a fragment cannot smuggle a second statement or escape its parentheses', () => {
  const smuggle = fail(checkExpression('1); DROP TABLE x; --'));
  assert.match(smuggle.message, /`;`/);
  assert.is(smuggle.offset, 2);
  const escape = fail(checkExpression('a) OR (b'));
  assert.match(escape.message, /closes a parenthesis/);
  assert.is(escape.offset, 1);
  const from = fail(checkExpression('1) FROM pg_class WHERE (true'));
  assert.match(from.message, /parenthesis/);
  // Semicolons and parentheses inside literals and comments are fine.
  assert.ok(checkExpression("note <> ';)' /* ) ; */").ok);
});

test('a trailing line comment would swallow the closing parenthesis: rejected', () => {
  assert.not.ok(checkExpression('rating > 0 -- positive').ok);
  assert.ok(checkExpression('rating > 0 -- positive\n AND rating < 10').ok);
});

test('defaults are checked where DEFAULT puts them (a restricted expression)', () => {
  assert.ok(checkDefault('now()').ok);
  assert.ok(checkDefault("(now() AT TIME ZONE 'utc')").ok);
  const e = checkDefault('a AND b');
  assert.not.ok(e.ok);
  if (!e.ok) assert.is(e.error.offset, 2);
  assert.not.ok(checkDefault("1); DROP TABLE users; --").ok);
});

test('statement lists: any number of statements, at least one', () => {
  assert.ok(checkStatements('CREATE VIEW v AS SELECT 1; COMMENT ON VIEW v IS $$x$$').ok);
  assert.not.ok(checkStatements('-- nothing').ok);
  const e = checkStatements('CREATE VIEW v AS SELEC 1');
  assert.not.ok(e.ok);
  if (!e.ok) assert.is(e.error.offset, 17);
});

test('PL/pgSQL bodies are parsed as the function PostgreSQL would create', () => {
  assert.ok(checkPlpgsqlFunction({ arguments: '', returns: 'trigger', body: 'BEGIN NEW.edited_at := now(); RETURN NEW; END' }).ok);
  const e = checkPlpgsqlFunction({ arguments: '', returns: 'trigger', body: 'BEGIN\n  NEW.x = foo bar baz;\n  RETURN NEW;\nEND' });
  assert.not.ok(e.ok);
  if (!e.ok) {
    assert.is(e.error.message, 'syntax error at or near "baz"');
    assert.is(e.error.offset, 'BEGIN\n  NEW.x = foo bar '.length);
  }
  const sig = checkPlpgsqlFunction({ arguments: 'a integer,', returns: 'trigger', body: 'BEGIN RETURN NEW; END' });
  assert.not.ok(sig.ok);
  if (!sig.ok) assert.match(sig.error.message, /signature/);
});

test('called names in procedural code', () => {
  assert.equal(calledNames("BEGIN NEW.token := encode(gen_random_bytes(16), 'hex'); RETURN NEW; END"), ['encode', 'gen_random_bytes']);
});

test('type names resolve through the parser', () => {
  const t = parseTypeName('varchar(16)[]');
  assert.ok(t.ok);
  if (t.ok) assert.equal(t.type, { names: ['pg_catalog', 'varchar'], typmods: [16], arrayDims: 1 });
  assert.not.ok(parseTypeName('int); DROP TABLE x; --').ok);
});

test.run();
