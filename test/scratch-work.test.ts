/**
 * What scratch normalisation creates (src/plan/scratch-work.ts): the functions not cached, the
 * functions the tables it creates call (a trigger, a default), what those call in turn, and
 * nothing else; statements in bounded batches, in order.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Function, Table, UserType } from '../src/ir/catalog.js';
import { functionsFor } from '../src/plan/scratch-work.js';
import { batches } from '../src/apply/apply.js';
import type { Step } from '../src/plan/step.js';

const fn = (name: string, body = 'SELECT 1', schema = 'public'): Function => ({ schema, name, arguments: '', returns: 'integer', language: 'sql', body, volatility: 'volatile', security: 'invoker' });
const table = (name: string, extra: Partial<Table> = {}): Table => ({ schema: 'public', name, columns: [{ name: 'id', type: 'integer', nullable: false }], foreignKeys: [], checks: [], indexes: [], triggers: [], ...extra });

test('the functions a table calls, transitively, and those not cached; not the others', () => {
  const touch = fn('notes_touch');
  const helper = fn('helper');
  const caller = fn('calls_helper', 'BEGIN ATOMIC SELECT helper(); END');
  const unrelated = fn('unrelated');
  const uncached = fn('uncached');
  const quoted = fn('Needs Quotes');
  const all = [touch, helper, caller, unrelated, uncached, quoted];
  const notes = table('notes', {
    triggers: [{ name: 'notes_touch', timing: 'BEFORE', events: ['UPDATE'], updateOf: [], forEach: 'ROW', functionSchema: 'public', functionName: 'notes_touch', arguments: [] }],
    columns: [{ name: 'n', type: 'integer', nullable: false, default: 'calls_helper()' }],
  });
  assert.equal(functionsFor(all, [uncached], [notes]).map((f) => f.name), ['notes_touch', 'helper', 'calls_helper', 'uncached', 'Needs Quotes']);
  assert.equal(functionsFor(all, [], []).map((f) => f.name), ['Needs Quotes']);
});

test('the functions a declared type calls (a domain check), which is created in scratch schemas every time', () => {
  const isEmail = fn('is_email', "SELECT $1 LIKE '%@%'");
  const other = fn('other');
  const email = { kind: 'domain', schema: 'public', name: 'email', base: 'text', notNull: false, checks: [{ name: 'email_check', expression: 'is_email(VALUE)' }] } as unknown as UserType;
  assert.equal(functionsFor([isEmail, other], [], [email]).map((f) => f.name), ['is_email']);
});

test('statements go in batches of at most 200 (the batches apply sends), in order, each with its step', () => {
  const steps = Array.from({ length: 150 }, (_, i) => ({ id: i, hazards: [], change: { kind: 'create_table' }, sql: [`CREATE TABLE t${i} ()`, `COMMENT ON TABLE t${i} IS 'x'`] }) as unknown as Step);
  const sent = [...batches(steps)];
  assert.equal(sent.map((b) => b.flatMap((s) => s.sql).length), [200, 100]);
  assert.equal(sent.flat().flatMap((s) => s.sql), steps.flatMap((s) => s.sql));
  assert.is(sent[1]![0]!.id, 100);
});

test.run();
