/**
 * PostgreSQL 18's constraints: NOT ENFORCED checks and foreign keys (`enforced: false`), and
 * temporal keys (`primary_key_without_overlaps`, a reference's `period: true`). Created so,
 * pulled so, and changed in either direction (the constraint is dropped and added again;
 * enforcing it checks the rows), converging on PostgreSQL 18 and the embedded database. On
 * PostgreSQL 15 the options are errors at the file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { roundTrip } from './helpers/pull.js';
import type { Target } from '../src/targets/target.js';

test.after(() => stopOwnServers());

const files = (enforced: boolean) => `version: 1
resources:
  Room:
    attributes:
      id: { type: integer, primary_key: true }
    postgres: { table: rooms }
  Stay:
    attributes:
      id: { type: integer, primary_key: true }
      nights: { type: integer }
    relationships:
      room: { type: belongs_to, destination: Room, attribute_type: integer }
    postgres:
      table: stays
      references:
        room: { enforced: ${enforced} }
      check_constraints:
        - { name: stays_nights, check: nights > 0, enforced: ${enforced} }
`;

async function project(text: string) {
  const loaded = await loadProjectFromText('resources.yaml', text, { env: {} });
  assert.equal(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return loaded.project!;
}

const constraints = async (t: Target) =>
  (await t.query<{ d: string }>(`SELECT conname || ': ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = 'stays'::regclass AND contype IN ('c', 'f') ORDER BY conname`)).map((r) => r.d);

async function applyFiles(t: Target, text: string): Promise<string[]> {
  const p = await planProject(t, await project(text));
  assert.equal((await applySteps(t, p.plan.steps)).failure, undefined);
  assert.equal(await remainingChanges(t, p), []);
  return p.plan.steps.flatMap((s) => s.sql);
}

async function cycle(t: Target): Promise<void> {
  await applyFiles(t, files(false));
  assert.equal(await constraints(t), ['stays_nights: CHECK ((nights > 0)) NOT ENFORCED', 'stays_room_id_fkey: FOREIGN KEY (room_id) REFERENCES rooms(id) NOT ENFORCED']);
  // Rows that break both: the server does not test them.
  await t.exec(`INSERT INTO stays (id, nights, room_id) VALUES (1, 0, 42)`);
  // Pull writes it back, and the plan of what pull wrote is empty.
  const pulled = await roundTrip(t);
  assert.equal(pulled.result.unsupported, []);
  assert.ok(pulled.text.includes('{ name: stays_nights, check: nights > 0, enforced: false }'), pulled.text);
  assert.ok(pulled.text.includes('enforced: false'), pulled.text);
  assert.equal(pulled.problems, []);
  // Enforcing them checks the rows: refused by the server while a row breaks them, nothing changed.
  const enforce = await planProject(t, await project(files(true)));
  assert.ok(enforce.plan.steps.flatMap((s) => s.hazards).includes('validates_rows'));
  const refused = await applySteps(t, enforce.plan.steps);
  assert.ok(refused.failure, 'the server refuses rows that break them');
  assert.equal((await constraints(t)).length, 2);
  assert.ok((await constraints(t)).every((c) => c.endsWith('NOT ENFORCED')));
  // Once the rows hold, enforced.
  await t.exec(`INSERT INTO rooms VALUES (42); UPDATE stays SET nights = 1`);
  await applyFiles(t, files(true));
  assert.equal(await constraints(t), ['stays_nights: CHECK ((nights > 0))', 'stays_room_id_fkey: FOREIGN KEY (room_id) REFERENCES rooms(id)']);
  // And back.
  const back = await applyFiles(t, files(false));
  assert.ok(back.some((s) => s.includes('NOT ENFORCED')), `plan: ${back.join('\n')}\n${(await constraints(t)).join('\n')}`);
  assert.equal(await constraints(t), ['stays_nights: CHECK ((nights > 0)) NOT ENFORCED', 'stays_room_id_fkey: FOREIGN KEY (room_id) REFERENCES rooms(id) NOT ENFORCED']);
}

test('NOT ENFORCED checks and foreign keys on PostgreSQL 18', async () => {
  const t = await freshTarget((await servers()).find((s) => s.name === 'pg18')!);
  try {
    await cycle(t);
  } finally {
    await t.drop();
  }
});

test('NOT ENFORCED checks and foreign keys on the embedded database', async () => {
  const t = await pglite([]);
  try {
    await cycle(t);
  } finally {
    await t.close();
  }
});

test('before PostgreSQL 18, and beside not_valid, `enforced: false` is an error at the file', async () => {
  const old = await compileProject(await project(files(false)), { pgVersion: 150000 });
  assert.equal(old.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`).sort(), ['requires_pg18 /resources/Stay/postgres/check_constraints/0/enforced', 'requires_pg18 /resources/Stay/postgres/references/room/enforced']);
  const both = await compileProject(await project(files(false).replace('enforced: false }\n      check', 'enforced: false, not_valid: true }\n      check')), { pgVersion: 180000 });
  assert.equal(both.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`), ['constraint_enforcement /resources/Stay/postgres/references/room/not_valid']);
});

const temporal = (period: boolean) => `version: 1
# ${period ? 'temporal' : 'ordinary'} keys
repos:
  default:
    extensions: [btree_gist]
resources:
  Room:
    attributes:
      room_id: { type: integer, primary_key: true }
      open: { type: { range: utc_datetime_usec }, primary_key: true }
    postgres: { table: rooms, primary_key_without_overlaps: ${period} }
  Booking:
    attributes:
      id: { type: integer, primary_key: true }
      during: { type: { range: utc_datetime_usec }, allow_nil: false }
    relationships:
      room: { type: belongs_to, destination: Room, source_attribute: room_id, destination_attribute: room_id, attribute_type: integer }
    postgres:
      table: bookings
      references:
        room: { match_with: { during: open }, period: ${period} }
`;

const temporalConstraints = async (t: Target) =>
  (await t.query<{ d: string }>(`SELECT conname || ': ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid IN ('rooms'::regclass, 'bookings'::regclass) AND contype IN ('p', 'f') ORDER BY conname`)).map((r) => r.d);

async function temporalCycle(t: Target): Promise<void> {
  await applyFiles(t, temporal(true));
  assert.equal(await temporalConstraints(t), [
    'bookings_pkey: PRIMARY KEY (id)',
    'bookings_room_id_fkey: FOREIGN KEY (room_id, PERIOD during) REFERENCES rooms(room_id, PERIOD open)',
    'rooms_pkey: PRIMARY KEY (room_id, open WITHOUT OVERLAPS)',
  ]);
  // Overlapping ranges of one room are refused; a booking must fall inside the room's open ranges.
  await t.exec(`INSERT INTO rooms VALUES (1, '[2026-01-01,2026-02-01)'), (1, '[2026-02-01,2026-03-01)')`);
  await t.exec(`INSERT INTO bookings (id, room_id, during) VALUES (1, 1, '[2026-01-20,2026-02-10)')`);
  let overlap = '';
  await t.exec(`INSERT INTO rooms VALUES (1, '[2026-01-15,2026-01-16)')`).catch((e: Error) => (overlap = e.message));
  assert.match(overlap, /conflicting key value violates exclusion constraint "rooms_pkey"/);
  const pulled = await roundTrip(t);
  assert.equal(pulled.result.unsupported, []);
  assert.ok(pulled.text.includes('primary_key_without_overlaps: true'), pulled.text);
  assert.ok(pulled.text.includes('period: true'), pulled.text);
  assert.equal(pulled.problems, []);
  // Ordinary keys instead (the foreign key goes before the key it references is rebuilt), and back.
  await t.exec(`UPDATE bookings SET during = '[2026-01-01,2026-02-01)'`);
  await applyFiles(t, temporal(false));
  assert.equal(await temporalConstraints(t), ['bookings_pkey: PRIMARY KEY (id)', 'bookings_room_id_fkey: FOREIGN KEY (room_id, during) REFERENCES rooms(room_id, open)', 'rooms_pkey: PRIMARY KEY (room_id, open)']);
  await applyFiles(t, temporal(true));
  assert.ok((await temporalConstraints(t)).includes('bookings_room_id_fkey: FOREIGN KEY (room_id, PERIOD during) REFERENCES rooms(room_id, PERIOD open)'));
  assert.equal((await t.query<{ n: string }>(`SELECT count(*)::text AS n FROM bookings`))[0]!.n, '1');
}

test('keys WITHOUT OVERLAPS and foreign keys with PERIOD on PostgreSQL 18', async () => {
  const t = await freshTarget((await servers()).find((s) => s.name === 'pg18')!);
  try {
    await temporalCycle(t);
  } finally {
    await t.drop();
  }
});

test('keys WITHOUT OVERLAPS and foreign keys with PERIOD on the embedded database', async () => {
  const t = await pglite(['btree_gist']);
  try {
    await temporalCycle(t);
  } finally {
    await t.close();
  }
});

test('before PostgreSQL 18 temporal keys are errors at the file', async () => {
  const old = await compileProject(await project(temporal(true)), { pgVersion: 150000 });
  assert.equal(old.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`).sort(), ['requires_pg18 /resources/Booking/postgres/references/room/period', 'requires_pg18 /resources/Room/postgres/primary_key_without_overlaps']);
});

test.run();
