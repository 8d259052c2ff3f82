/**
 * What an apply stores of the files, made ready while the server runs its steps
 * (src/plan/stored-project.ts `PreparedEntry`, src/apply/idle-work.ts): read back, it is the
 * entry with every stage used, the stages keyed by the extensions installed stored again under
 * those installed after the apply, and the files' pieces beside it; the same whether the work
 * was done ahead or not. On the embedded database (the SQL is two INSERTs, the same on every
 * server; PostgreSQL 15 and 18 store through it in project-cache.test.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IdleWork } from '../src/apply/idle-work.js';
import { PreparedEntry, readStoredChunks, readStoredProject, type StoredPieces } from '../src/plan/stored-project.js';
import type { Target } from '../src/targets/target.js';
import { pglite } from './helpers/servers.js';

let db: Target | undefined;
const target = async () => (db ??= await pglite([]));
test.after(async () => {
  await db?.close();
});

const PIECES: StoredPieces = {
  entry: { format: 1, project: { resources: [{ name: 'Post', text: 'a "quoted" \\ line\n' }] }, warnings: [{ code: 'w', message: 'é' }], stages: { 'compile 150000 default': { tables: [1, 2] }, 'plan default | citext 1.6': { n: [true, null] } } },
  rekeyed: [['plan default', { n: [true, null] }]],
  chunks: { abc: '{"Post":{}}' },
};

/** Stores `pieces` in a transaction that commits, then reads the entry and the pieces back. */
async function roundTrip(pieces: StoredPieces, extensionsAfter: string, ahead: boolean) {
  const t = await target();
  const prepared = new PreparedEntry(pieces);
  if (ahead) await new IdleWork(prepared.tasks()).drain();
  await t.exec('BEGIN');
  assert.ok(await prepared.store(t, 'k1', extensionsAfter), 'stored');
  await t.exec('COMMIT');
  return { entry: await readStoredProject(t, 'k1'), chunks: await readStoredChunks(t) };
}

test('the stored entry is the entry, its rekeyed stages under the extensions installed after the apply, the pieces beside it', async () => {
  for (const ahead of [true, false]) {
    const { entry, chunks } = await roundTrip(PIECES, 'citext 1.6,pgcrypto 1.3', ahead);
    assert.equal(entry, { ...PIECES.entry, stages: { ...PIECES.entry.stages, 'plan default | citext 1.6,pgcrypto 1.3': { n: [true, null] } } }, `made ahead: ${ahead}`);
    assert.equal(chunks, PIECES.chunks);
  }
});

test('a stage whose key does not change is stored once; an entry without stages reads back', async () => {
  const same = await roundTrip(PIECES, 'citext 1.6', true);
  assert.equal(same.entry, PIECES.entry);
  const bare: StoredPieces = { entry: { format: 1, project: {}, warnings: [], stages: {} }, rekeyed: [] };
  assert.equal((await roundTrip(bare, '', false)).entry, bare.entry);
  const onlyRekeyed: StoredPieces = { entry: { format: 1, project: {}, warnings: [], stages: {} }, rekeyed: [['x', 1], ['y', 'two']] };
  assert.equal((await roundTrip(onlyRekeyed, 'e 1', true)).entry, { ...onlyRekeyed.entry, stages: { 'x | e 1': 1, 'y | e 1': 'two' } });
});

test('idle work runs one task per call in order, drops one that throws, and drain waits for what is running', async () => {
  const ran: string[] = [];
  let resolved = false;
  const work = new IdleWork([() => ran.push('a'), () => { throw new Error('dropped'); }]);
  work.add(() => new Promise<void>((r) => setTimeout(() => { resolved = true; r(); }, 20)), () => ran.push('d'));
  work.next();
  assert.equal(ran, ['a']);
  work.next();
  work.next();
  assert.equal(ran, ['a'], 'the task that throws is dropped; the third is running');
  assert.is(resolved, false);
  await work.drain();
  assert.equal(ran, ['a', 'd']);
  assert.is(resolved, true, 'drain waited for the running task');
  work.next();
  await work.drain();
});

test.run();
