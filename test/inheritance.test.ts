/**
 * Table inheritance in the differ (src/diff/inheritance.ts), on catalogs written by hand: what
 * a parent's change does to a child's own copy of a column, a parent outside the managed
 * schemas, and what PostgreSQL cannot do in place (refused with `inheritance_change`). The
 * round trip on real servers is fixtures/roundtrip/xc-inheritance and fixtures/evolve/57-inheritance.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diff } from '../src/diff/diff.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Catalog, Column, Table } from '../src/ir/catalog.js';

const col = (name: string, type = 'text', extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, ...extra });
const table = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({ schema: 'public', name, columns, foreignKeys: [], checks: [], indexes: [], triggers: [], ...extra });
const catalog = (...tables: Table[]): Catalog => ({ formatVersion: 1, extensions: [], schemas: [{ name: 'public' }], functions: [], tables, statements: [] });
const parent = (...names: string[]) => ({ inherits: names.map((name) => ({ schema: 'public', name })) });
const kinds = (cs: ReturnType<typeof diff>) => cs.map((c) => `${c.kind} ${'table' in c && typeof c.table === 'object' && 'name' in c.table ? c.table.name : ''}`.trim());

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.instance(e, PgdeclError);
    const d = (e as PgdeclError).diagnostics[0]!;
    assert.is(d.code, 'inheritance_change');
    return d.message;
  }
  throw new Error('not refused');
}

test("a parent's new type and default reach a child's own copy: the child is altered only back to its own default", () => {
  const cur = catalog(table('events', [col('kind', 'character varying(20)', { default: "'e'::character varying" })]), table('payments', [col('kind', 'character varying(20)', { default: "'p'::character varying" })], parent('events')));
  const des = catalog(table('events', [col('kind', 'character varying(40)', { default: "'x'::character varying" })]), table('payments', [col('kind', 'character varying(40)', { default: "'p'::character varying" })], parent('events')));
  const changes = diff(cur, des);
  assert.equal(kinds(changes), ['alter_column events', 'alter_column payments']);
  const child = changes[1]!;
  assert.ok(child.kind === 'alter_column' && child.changed.join() === 'default', JSON.stringify(child));
});

test('a column added to a parent is not added to its children; one the child declares too is added to it first', () => {
  const cur = catalog(table('events', [col('id')]), table('logins', [col('ip')], parent('events')), table('notes', [col('body')], parent('events')));
  const des = catalog(table('events', [col('id'), col('source')]), table('logins', [col('ip')], parent('events')), table('notes', [col('body'), col('source')], parent('events')));
  const changes = diff(cur, des);
  assert.equal(kinds(changes), ['add_column events', 'add_column notes']);
  assert.ok(changes[1]!.kind === 'add_column' && changes[1]!.beforeParent === true);
});

test('NO INHERIT: the columns and checks the child had from the parent are its own, and go when the files leave them out', () => {
  const check = { name: 'events_id_check', expression: '(id > 0)' };
  const cur = catalog(table('events', [col('id', 'integer', { nullable: false }), col('kind')], { checks: [check] }), table('archived', [col('extra')], parent('events')));
  const des = catalog(table('events', [col('id', 'integer', { nullable: false }), col('kind')], { checks: [check] }), table('archived', [col('id', 'integer', { nullable: false }), col('extra')], { checks: [check] }));
  assert.equal(kinds(diff(cur, des)), ['uninherit_table archived', 'drop_column archived']);
});

test('INHERIT: made before the parent gains columns; NOT NULL only where the child lacks it', () => {
  const cur = catalog(table('events', [col('id', 'integer', { nullable: false }), col('kind', 'text', { nullable: false })]), table('notes', [col('id', 'integer', { nullable: false }), col('kind'), col('body')]));
  const des = catalog(table('events', [col('id', 'integer', { nullable: false }), col('kind', 'text', { nullable: false }), col('source')]), table('notes', [col('id', 'integer'), col('kind'), col('body')], parent('events')));
  const changes = diff(cur, des);
  assert.equal(kinds(changes), ['inherit_table notes', 'add_column events']);
  assert.equal(changes[0]!.kind === 'inherit_table' && changes[0]!.notNull, ['kind']);
});

test('a parent outside the managed schemas is left as it is', () => {
  const cur = catalog(table('marks', [col('label')], { inherits: [{ schema: 'other', name: 'stamped' }] }));
  assert.equal(diff(cur, catalog(table('marks', [col('label')]))), []);
});

test('what PostgreSQL cannot do in place is refused, naming the table', () => {
  const events = table('events', [col('id')]);
  const tagged = table('tagged', [col('tag')]);
  assert.match(refusal(() => diff(catalog(events, tagged, table('c', [col('x')], parent('events', 'tagged'))), catalog(events, tagged, table('c', [col('x')], parent('tagged', 'events'))))), 'cannot reorder');
  assert.match(refusal(() => diff(catalog(events, table('c', [col('x')])), catalog(events, table('c', [col('x')], parent('events'))))), 'does not have the column `id`');
  assert.match(refusal(() => diff(catalog(events, table('c', [col('x')], parent('events'))), catalog(events, table('c', [col('x'), col('id')], parent('events'))))), 'cannot make an inherited column');
  assert.match(refusal(() => diff(catalog(events, table('c', [col('id'), col('x')], parent('events'))), catalog(events, table('c', [col('x')], parent('events'))))), 'cannot drop a column the table inherits');
});

test.run();
