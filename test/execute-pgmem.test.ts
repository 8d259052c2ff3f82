/**
 * The simple subset of the compiler's SQL on pg-mem (plain tables, identity columns, plain
 * foreign keys, checks, unique and partial indexes, views): a fast smoke test, never proof
 * (docs: DESIGN.md §3). Every fixture pg-mem cannot take is named below with the reason, and
 * the test checks the list is exact: a fixture that starts to work (or to fail) shows up.
 *
 * pg-mem has no gen_random_uuid(); the test registers one (node:crypto's randomUUID), since
 * most fixtures use uuid keys and the function is core PostgreSQL.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { DataType, newDb, type IMemoryDb } from 'pg-mem';
import { initSqlParser } from '../src/compile/index.js';
import { createScriptStatements } from '../src/render/create-script.js';
import { compileFixture, listFixtures, type Fixture } from './helpers/fixtures.js';

/** Fixture → why pg-mem cannot build it (the first thing it refuses). */
const REFUSED: Readonly<Record<string, string>> = {
  aggregates: 'no composite types, no CREATE AGGREGATE',
  'check-constraints': 'no btrim() function',
  collations: 'no CREATE COLLATION',
  'constraints-length-match': 'no extensions (citext)',
  'constraints-one-of': 'no extensions (citext)',
  'defaults-literal': 'no extensions (citext)',
  'defaults-sql': 'no extensions (pgcrypto)',
  'example-blog': 'no extensions (citext)',
  'extensions-explicit': 'no extensions (cube, hstore, pg_trgm)',
  'extensions-implied': 'no extensions (btree_gist, ...), no operator classes',
  'functions-sql': 'no LANGUAGE sql functions',
  'functions-triggers': 'no PL/pgSQL functions, no triggers',
  'functions-verbatim': 'no PL/pgSQL functions, no triggers',
  'generated-columns': 'no tsvector type',
  'identity-basic': 'no extensions (citext)',
  'identity-where-nulls': 'no NULLS NOT DISTINCT',
  'index-concurrently': 'no CREATE INDEX CONCURRENTLY',
  'index-fields': 'no date_trunc() in index expressions',
  'index-nulls-not-distinct': 'no NULLS NOT DISTINCT',
  'index-partial-include-unique': 'no INCLUDE',
  'index-using-opclass': 'no extensions (btree_gist, pg_trgm), no operator classes',
  inheritance: 'no CHECK … NO INHERIT, no INHERITS',
  'macro-timestamps': 'no PL/pgSQL functions (the update_timestamp trigger)',
  'macro-uuid-v7-primary-key': 'no LANGUAGE sql functions (pgdecl_uuid_v7)',
  'naming-defaults': 'no PL/pgSQL functions (the update_timestamp trigger)',
  'physical-options': 'no COMPRESSION, SET STATISTICS, SET STORAGE, REPLICA IDENTITY nor CLUSTER ON',
  'range-types': 'no CREATE TYPE … AS RANGE',
  'reference-deferrable': 'no DEFERRABLE foreign keys',
  'reference-match': 'no MATCH FULL on keys of several columns',
  'reference-nilify-columns': 'no ON DELETE SET NULL (columns)',
  'relationships-other': 'no AT TIME ZONE (the create_timestamp default)',
  'schema-non-public': 'no PL/pgSQL functions (the update_timestamp trigger)',
  'tenant-attribute-rls': 'no row-level security',
  'types-arrays-ranges': 'no range types',
  'types-postgres-type': 'no interval fields (interval day to second)',
  'types-scalar': 'no extensions (citext, ltree)',
};

const fixtures = listFixtures();

test.before(async () => {
  await initSqlParser();
});

function memoryDb(): IMemoryDb {
  const db = newDb();
  db.public.registerFunction({ name: 'gen_random_uuid', returns: DataType.uuid, implementation: () => randomUUID(), impure: true });
  return db;
}

/** Builds a fixture on a fresh pg-mem database; the error of the first refused statement, if any. */
async function build(f: Fixture): Promise<{ db: IMemoryDb; error?: string }> {
  const c = await compileFixture(f);
  const db = memoryDb();
  const { inTransaction, afterTransaction } = createScriptStatements(c.catalog);
  for (const st of [...(f.setupSql ? [f.setupSql] : []), ...inTransaction, ...afterTransaction]) {
    try {
      db.public.none(st);
    } catch (e) {
      return { db, error: `${st.split('\n')[0]}: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return { db };
}

test('the list of refused fixtures names existing fixtures', () => {
  const names = new Set(fixtures.map((f) => f.name));
  assert.equal(Object.keys(REFUSED).filter((n) => !names.has(n)), []);
});

for (const f of fixtures) {
  const reason = REFUSED[f.name];
  test(`pg-mem: ${f.name}${reason ? ` is refused (${reason})` : ' builds'}`, async () => {
    const { error } = await build(f);
    if (reason) assert.ok(error, `pg-mem now builds ${f.name}: remove it from REFUSED`);
    else assert.is(error, undefined, `pg-mem refused ${f.name}: ${error}`);
  });
}

const fixture = (name: string) => fixtures.find((f) => f.name === name)!;
const fails = (db: IMemoryDb, sql: string) => assert.throws(() => db.public.none(sql), undefined, sql);

test('pg-mem: a foreign key refuses a missing parent; ON DELETE CASCADE and SET NULL act', async () => {
  const { db } = await build(fixture('reference-on-delete'));
  const a = randomUUID();
  db.public.none(`INSERT INTO public.authors (id, name) VALUES ('${a}', 'Ann')`);
  fails(db, `INSERT INTO public.articles (owner_id) VALUES ('${randomUUID()}')`);
  db.public.none(`INSERT INTO public.articles (owner_id, reviewer_id) VALUES ('${a}', NULL)`);
  db.public.none(`DELETE FROM public.authors WHERE id = '${a}'`);
  assert.is(db.public.one('SELECT count(*)::int AS n FROM public.articles').n, 0);
});

test('pg-mem: derived checks reject bad rows and accept good ones', async () => {
  const { db } = await build(fixture('constraints-min-max'));
  db.public.none('INSERT INTO public.reviews (stars, price, ratio) VALUES (5, 10.5, 0.5)');
  fails(db, 'INSERT INTO public.reviews (stars) VALUES (6)');
  fails(db, 'INSERT INTO public.reviews (price) VALUES (-1)');
  fails(db, 'INSERT INTO public.reviews (ratio) VALUES (2)');
});

test('pg-mem: identity unique indexes reject duplicates; the identity generates', async () => {
  const { db } = await build(fixture('reference-self'));
  db.public.none("INSERT INTO public.folders (name) VALUES ('root')");
  const { id } = db.public.one("SELECT id FROM public.folders WHERE name = 'root'") as { id: number };
  db.public.none(`INSERT INTO public.folders (name, parent_id) VALUES ('docs', ${id})`);
  fails(db, `INSERT INTO public.folders (name, parent_id) VALUES ('docs', ${id})`);
});

test.run();
