/**
 * Tables and functions an apply creates as compiled are taken as the server made them only
 * when they have the declared shape (src/plan/settle-deferred.ts); anything else stays as
 * compiled, so the proof before COMMIT sees the difference and rolls back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Catalog, Function, Table } from '../src/ir/catalog.js';
import { sameShape, settleDeferred } from '../src/plan/settle-deferred.js';

const declared: Table = {
  schema: 'public',
  name: 'orders',
  columns: [
    { name: 'id', type: 'bigint', nullable: true, identity: 'always' },
    { name: 'amount', type: 'numeric(12,2)', nullable: false, default: '0' },
  ],
  primaryKey: { name: 'orders_pkey', columns: ['id'] },
  foreignKeys: [],
  checks: [{ name: 'orders_amount_min', expression: 'amount >= 0' }],
  indexes: [{ name: 'orders_amount_index', unique: false, method: 'btree', keys: [{ kind: 'column', column: 'amount', desc: false }], include: [], nullsNotDistinct: false }],
  triggers: [],
};
// What the server prints: expressions rewritten, the key's column NOT NULL.
const made: Table = {
  ...declared,
  columns: [
    { name: 'id', type: 'bigint', nullable: false, identity: 'always' },
    { name: 'amount', type: 'numeric(12,2)', nullable: false, default: '0.00' },
  ],
  checks: [{ name: 'orders_amount_min', expression: '(amount >= (0)::numeric)' }],
};
const touch: Function = { schema: 'public', name: 'orders_touch', arguments: '', returns: 'trigger', language: 'plpgsql', body: 'BEGIN RETURN NEW; END', volatility: 'volatile', security: 'invoker', managedBy: 'pgdecl' };
const catalog = (tables: Table[], functions: Function[] = []): Catalog => ({ formatVersion: 1, extensions: [], schemas: [{ name: 'public' }], functions, tables, statements: [] });

test('a table of the declared shape is taken as the server made it, and stored', () => {
  assert.ok(sameShape(declared, made));
  const s = settleDeferred(catalog([declared], [touch]), catalog([made], [{ ...touch, managedBy: undefined, body: 'BEGIN RETURN NEW; END' }]), { tables: new Map([['public.orders', 'tkey']]), functions: new Map([['public.orders_touch', 'fkey']]) });
  assert.equal(s.unsettled, []);
  assert.is(s.desired.tables[0]!.checks[0]!.expression, '(amount >= (0)::numeric)');
  assert.is(s.desired.functions[0]!.managedBy, 'pgdecl');
  assert.equal([...s.normalized.keys()].sort(), ['fkey', 'tkey']);
});

test('a table of another shape stays as declared, and is named', () => {
  const variants: [string, Table][] = [
    ['columns in another order', { ...made, columns: [...made.columns].reverse() }],
    ['a declared NOT NULL column made nullable', { ...made, columns: [made.columns[0]!, { ...made.columns[1]!, nullable: true }] }],
    ['no identity', { ...made, columns: [{ ...made.columns[0]!, identity: undefined }, made.columns[1]!] }],
    ['another primary key name', { ...made, primaryKey: { name: 'orders_pk', columns: ['id'] } }],
    ['a missing check', { ...made, checks: [] }],
    ['a unique index instead', { ...made, indexes: [{ ...made.indexes[0]!, unique: true }] }],
    ['an extra trigger', { ...made, triggers: [{ name: 't', timing: 'BEFORE', events: ['UPDATE'], updateOf: [], forEach: 'ROW', functionSchema: 'public', functionName: 'f', arguments: [] }] }],
    ['row level security on', { ...made, rowLevelSecurity: { enabled: true, force: false, policies: [] } }],
  ];
  for (const [what, real] of variants) {
    assert.not.ok(sameShape(declared, real), what);
    const s = settleDeferred(catalog([declared]), catalog([real]), { tables: new Map([['public.orders', 'tkey']]), functions: new Map() });
    assert.equal(s.unsettled, ['public.orders'], what);
    assert.equal(s.desired.tables[0], declared, what);
    assert.is(s.normalized.size, 0, what);
  }
  const missing = settleDeferred(catalog([declared]), catalog([]), { tables: new Map([['public.orders', 'tkey']]), functions: new Map() });
  assert.equal(missing.unsettled, ['public.orders']);
});

test('a function in another language stays as declared', () => {
  const s = settleDeferred(catalog([], [touch]), catalog([], [{ ...touch, language: 'sql' }]), { tables: new Map(), functions: new Map([['public.orders_touch', 'fkey']]) });
  assert.equal(s.unsettled, ['public.orders_touch()']);
  assert.equal(s.desired.functions[0], touch);
});

test.run();
