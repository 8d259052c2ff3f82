/**
 * A column's statistics target, storage and compression, and a table's replica identity and
 * clustered index, in the differ and the planner (pure): what each change renders, in which
 * order, what undoes it, the lock it takes. Their round trip on the servers is
 * fixtures/roundtrip/xc-physical-options; their validation fixtures/invalid/physical-options.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diff } from '../src/diff/diff.js';
import { plan } from '../src/plan/plan.js';
import { lockOf } from '../src/plan/locks.js';
import type { Catalog, Column, Index, Table } from '../src/ir/catalog.js';

const col = (name: string, extra: Partial<Column> = {}): Column => ({ name, type: 'text', nullable: false, ...extra });
const unique = (name: string, column: string): Index => ({ name, unique: true, method: 'btree', keys: [{ kind: 'column', column, desc: false }], include: [], nullsNotDistinct: false });
const table = (extra: Partial<Table> = {}): Table => ({
  schema: 'public',
  name: 'docs',
  columns: [col('id', { type: 'integer' }), col('code'), col('body', { nullable: true })],
  primaryKey: { name: 'docs_pkey', columns: ['id'] },
  foreignKeys: [],
  checks: [],
  indexes: [unique('docs_code', 'code')],
  triggers: [],
  ...extra,
});
const catalog = (t: Table): Catalog => ({ formatVersion: 1, extensions: [], schemas: [{ name: 'public' }], functions: [], tables: [t], statements: [] });
const sqlOf = (from: Table, to: Table) => plan(diff(catalog(from), catalog(to))).steps.flatMap((s) => s.sql);

test('a replica identity and a clustering that do not change are set again when their index is built again', () => {
  const from = table({ replicaIdentity: { index: 'docs_code' }, clusterOn: 'docs_code' });
  const to = { ...from, indexes: [{ ...unique('docs_code', 'code'), where: undefined, nullsNotDistinct: true }] };
  assert.equal(sqlOf(from, to), [
    'DROP INDEX public.docs_code',
    'CREATE UNIQUE INDEX docs_code ON public.docs (code) NULLS NOT DISTINCT',
    'ALTER TABLE public.docs REPLICA IDENTITY USING INDEX docs_code',
    'ALTER TABLE public.docs CLUSTER ON docs_code',
  ]);
  assert.equal(sqlOf(from, from), []);
});

test('a replica identity that names no index goes before a column of the old one drops NOT NULL; removed, it is DEFAULT; its reverse puts the index back', () => {
  const from = table({ replicaIdentity: { index: 'docs_code' }, clusterOn: 'docs_code' });
  const to = table({ columns: [col('id', { type: 'integer' }), col('code', { nullable: true }), col('body', { nullable: true })], indexes: [unique('docs_code', 'code')] });
  const p = plan(diff(catalog(from), catalog(to)));
  assert.equal(p.steps.flatMap((s) => s.sql), ['ALTER TABLE public.docs REPLICA IDENTITY DEFAULT', 'ALTER TABLE public.docs SET WITHOUT CLUSTER', 'ALTER TABLE public.docs ALTER COLUMN code DROP NOT NULL']);
  assert.equal(p.steps.flatMap((s) => s.hazards), []);
  assert.equal(p.steps[0]!.reverse, ['ALTER TABLE public.docs REPLICA IDENTITY USING INDEX docs_code']);
  assert.equal(p.steps[1]!.reverse, ['ALTER TABLE public.docs CLUSTER ON docs_code']);
});

test('column options: statistics with ONLY, storage back to the type\'s own, compression back to the default; a new type resets storage, which is set again', () => {
  const from = table({ columns: [col('id', { type: 'integer' }), col('code', { statistics: 500, compression: 'pglz' }), col('body', { nullable: true, type: 'character varying(40)', storage: 'external', typeStorage: 'extended' })] });
  const to = table({ columns: [col('id', { type: 'integer' }), col('code', { statistics: 0 }), col('body', { nullable: true, storage: 'external' })] });
  assert.equal(sqlOf(from, to), [
    'ALTER TABLE ONLY public.docs ALTER COLUMN code SET STATISTICS 0',
    'ALTER TABLE public.docs ALTER COLUMN code SET COMPRESSION default',
    'ALTER TABLE public.docs ALTER COLUMN body TYPE text',
    'ALTER TABLE public.docs ALTER COLUMN body SET STORAGE EXTERNAL',
  ]);
  const reset = table({ columns: [col('id', { type: 'integer' }), col('code'), col('body', { nullable: true, type: 'character varying(40)' })] });
  assert.equal(sqlOf(from, reset), [
    'ALTER TABLE ONLY public.docs ALTER COLUMN code SET STATISTICS -1',
    'ALTER TABLE public.docs ALTER COLUMN code SET COMPRESSION default',
    'ALTER TABLE public.docs ALTER COLUMN body SET STORAGE EXTENDED',
  ]);
  // Nothing is rewritten and no value is touched: no hazard.
  assert.equal(plan(diff(catalog(from), catalog(reset))).steps.flatMap((s) => s.hazards), []);
});

test('a new table: options after the columns, a replica identity and clustering that name an index after it', () => {
  const t = table({ columns: [col('id', { type: 'integer' }), col('code', { statistics: 1000, storage: 'main' }), col('body', { nullable: true, compression: 'pglz' })], replicaIdentity: 'full', clusterOn: 'docs_code' });
  const empty: Catalog = { ...catalog(t), tables: [] };
  assert.equal(plan(diff(empty, catalog(t))).steps.flatMap((s) => s.sql), [
    'CREATE TABLE public.docs (\n  id integer NOT NULL,\n  code text NOT NULL,\n  body text COMPRESSION pglz,\n  CONSTRAINT docs_pkey PRIMARY KEY (id)\n)',
    'ALTER TABLE ONLY public.docs ALTER COLUMN code SET STATISTICS 1000',
    'ALTER TABLE public.docs ALTER COLUMN code SET STORAGE MAIN',
    'ALTER TABLE public.docs REPLICA IDENTITY FULL',
    'CREATE UNIQUE INDEX docs_code ON public.docs (code)',
    'ALTER TABLE public.docs CLUSTER ON docs_code',
  ]);
  const byIndex = { ...t, replicaIdentity: { index: 'docs_code' } };
  assert.equal(plan(diff(empty, catalog(byIndex))).steps.flatMap((s) => s.sql).slice(-3), [
    'CREATE UNIQUE INDEX docs_code ON public.docs (code)',
    'ALTER TABLE public.docs REPLICA IDENTITY USING INDEX docs_code',
    'ALTER TABLE public.docs CLUSTER ON docs_code',
  ]);
});

test('online: a replica identity on an index built CONCURRENTLY waits for it, after the transaction', () => {
  const from = table({ indexes: [] });
  const to = table({ replicaIdentity: { index: 'docs_code' } });
  const steps = plan(diff(catalog(from), catalog(to)), { online: { tables: 'all' } }).steps;
  assert.equal(steps.map((s) => [s.sql.join('; '), s.transactional]), [
    ['CREATE UNIQUE INDEX CONCURRENTLY docs_code ON public.docs (code)', false],
    ['ALTER TABLE public.docs REPLICA IDENTITY USING INDEX docs_code', false],
  ]);
});

test('n_distinct: set, changed and reset with ONLY, in one ALTER per column; its reverse sets the old values back; alone it takes SHARE UPDATE EXCLUSIVE', () => {
  const from = table({ columns: [col('id', { type: 'integer' }), col('code', { nDistinct: 100, nDistinctInherited: -0.5 }), col('body', { nullable: true })] });
  const to = table({ columns: [col('id', { type: 'integer' }), col('code', { nDistinctInherited: -1 }), col('body', { nullable: true, nDistinct: -0.25 })] });
  const p = plan(diff(catalog(from), catalog(to)));
  assert.equal(p.steps.flatMap((s) => s.sql), [
    'ALTER TABLE ONLY public.docs ALTER COLUMN code SET (n_distinct_inherited = -1), ALTER COLUMN code RESET (n_distinct)',
    'ALTER TABLE ONLY public.docs ALTER COLUMN body SET (n_distinct = -0.25)',
  ]);
  assert.equal(p.steps[0]!.reverse, ['ALTER TABLE ONLY public.docs ALTER COLUMN code SET (n_distinct = 100, n_distinct_inherited = -0.5)']);
  assert.equal(p.steps[1]!.reverse, ['ALTER TABLE ONLY public.docs ALTER COLUMN body RESET (n_distinct)']);
  assert.equal(p.steps.map((s) => [s.lock, s.hazards]), [
    ['SHARE UPDATE EXCLUSIVE', []],
    ['SHARE UPDATE EXCLUSIVE', []],
  ]);
  assert.equal(sqlOf(to, to), []);
});

test('a primary key\'s INCLUDE columns rebuild it (clustered again); its comment alone is COMMENT ON CONSTRAINT; a new table gets both', () => {
  const from = table({ clusterOn: 'docs_pkey' });
  const withInclude = table({ clusterOn: 'docs_pkey', primaryKey: { name: 'docs_pkey', columns: ['id'], include: ['code'], comment: 'by id' } });
  assert.equal(sqlOf(from, withInclude), [
    'ALTER TABLE public.docs DROP CONSTRAINT docs_pkey',
    'ALTER TABLE public.docs ADD CONSTRAINT docs_pkey PRIMARY KEY (id) INCLUDE (code)',
    "COMMENT ON CONSTRAINT docs_pkey ON public.docs IS 'by id'",
    'ALTER TABLE public.docs CLUSTER ON docs_pkey',
  ]);
  const recommented = table({ clusterOn: 'docs_pkey', primaryKey: { name: 'docs_pkey', columns: ['id'], include: ['code'], comment: 'the key' } });
  assert.equal(sqlOf(withInclude, recommented), ["COMMENT ON CONSTRAINT docs_pkey ON public.docs IS 'the key'"]);
  const empty: Catalog = { ...catalog(recommented), tables: [] };
  const created = plan(diff(empty, catalog(recommented))).steps.flatMap((s) => s.sql);
  assert.ok(created[0]!.includes('CONSTRAINT docs_pkey PRIMARY KEY (id) INCLUDE (code)'), created[0]);
  assert.ok(created.includes("COMMENT ON CONSTRAINT docs_pkey ON public.docs IS 'the key'"), created.join('\n'));
});

test('locks: SET STATISTICS alone and CLUSTER ON take SHARE UPDATE EXCLUSIVE; storage, compression and REPLICA IDENTITY ACCESS EXCLUSIVE', () => {
  const t = { schema: 'public', name: 'docs' };
  const alter = (changed: ('statistics' | 'storage' | 'compression')[]) => lockOf({ kind: 'alter_column', table: t, from: col('a'), to: col('a'), changed }, false);
  assert.is(alter(['statistics']), 'SHARE UPDATE EXCLUSIVE');
  assert.is(alter(['statistics', 'storage']), 'ACCESS EXCLUSIVE');
  assert.is(alter(['compression']), 'ACCESS EXCLUSIVE');
  assert.is(lockOf({ kind: 'set_cluster_on', table: t, to: 'i' }, false), 'SHARE UPDATE EXCLUSIVE');
  assert.is(lockOf({ kind: 'set_replica_identity', table: t, to: 'full' }, false), 'ACCESS EXCLUSIVE');
});

test.run();
