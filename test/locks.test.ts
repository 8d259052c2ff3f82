/** The lock a plan says a step takes, where it depends on what the step changes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockOf } from '../src/plan/locks.js';
import type { Change } from '../src/diff/change.js';

const storage = (from: Record<string, string>, to: Record<string, string>): Change => ({ kind: 'set_table_storage', table: { schema: 'public', name: 't' }, from, to });

test('storage parameters: SHARE UPDATE EXCLUSIVE for the vacuum, TOAST and planner ones', () => {
  assert.is(lockOf(storage({}, { fillfactor: '70' }), false), 'SHARE UPDATE EXCLUSIVE');
  assert.is(lockOf(storage({ 'toast.autovacuum_enabled': 'false' }, { autovacuum_vacuum_scale_factor: '0.01', parallel_workers: '4' }), false), 'SHARE UPDATE EXCLUSIVE');
  assert.is(lockOf(storage({ vacuum_truncate: 'false' }, { vacuum_truncate: 'false', toast_tuple_target: '256' }), false), 'SHARE UPDATE EXCLUSIVE');
});

test('storage parameters: ACCESS EXCLUSIVE once user_catalog_table (or a parameter not known) is set or reset', () => {
  assert.is(lockOf(storage({}, { fillfactor: '70', user_catalog_table: 'true' }), false), 'ACCESS EXCLUSIVE');
  assert.is(lockOf(storage({ user_catalog_table: 'true' }, {}), false), 'ACCESS EXCLUSIVE');
  assert.is(lockOf(storage({}, { some_extension_option: '1' }), false), 'ACCESS EXCLUSIVE');
  // Unchanged, user_catalog_table does not count.
  assert.is(lockOf(storage({ user_catalog_table: 'true' }, { user_catalog_table: 'true', fillfactor: '80' }), false), 'SHARE UPDATE EXCLUSIVE');
});

test.run();
