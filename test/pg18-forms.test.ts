/**
 * PostgreSQL 18's new forms, on PostgreSQL 18 and the embedded database: NOT ENFORCED checks and
 * foreign keys (`enforced: false`), temporal keys (`primary_key_without_overlaps`, a reference's
 * `period: true`) and VIRTUAL generated columns (`generated: {sql, virtual: true}`). Each is
 * created, pulled back with an empty plan, and changed in either direction (constraints are
 * dropped and added again, enforcing one checks the rows; a column is built again, its values
 * computed), converging; what PostgreSQL cannot do is refused before anything changes. Before
 * PostgreSQL 18 each option is an error at the file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { roundTrip } from './helpers/pull.js';
import type { Step } from '../src/plan/step.js';
import type { Target } from '../src/targets/target.js';

test.after(() => stopOwnServers());

async function project(text: string) {
  const loaded = await loadProjectFromText('resources.yaml', text, { env: {} });
  assert.equal(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return loaded.project!;
}

/** Plans the files, applies the plan (which must succeed) and checks that nothing remains; the steps. */
async function applyFiles(t: Target, text: string): Promise<readonly Step[]> {
  const p = await planProject(t, await project(text));
  assert.equal((await applySteps(t, p.plan.steps)).failure, undefined);
  assert.equal(await remainingChanges(t, p), []);
  return p.plan.steps;
}

/** `cycle` on a fresh PostgreSQL 18 database and on a fresh embedded one. */
function onPg18AndEmbedded(what: string, cycle: (t: Target) => Promise<void>): void {
  test(`${what} on PostgreSQL 18`, async () => {
    const t = await freshTarget((await servers()).find((s) => s.name === 'pg18')!);
    try {
      await cycle(t);
    } finally {
      await t.drop();
    }
  });
  test(`${what} on the embedded database`, async () => {
    const t = await pglite(['btree_gist']);
    try {
      await cycle(t);
    } finally {
      await t.close();
    }
  });
}

const enforcedFiles = (enforced: boolean) => `version: 1
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

const constraints = async (t: Target) =>
  (await t.query<{ d: string }>(`SELECT conname || ': ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = 'stays'::regclass AND contype IN ('c', 'f') ORDER BY conname`)).map((r) => r.d);

async function enforcementCycle(t: Target): Promise<void> {
  await applyFiles(t, enforcedFiles(false));
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
  const enforce = await planProject(t, await project(enforcedFiles(true)));
  assert.ok(enforce.plan.steps.flatMap((s) => s.hazards).includes('validates_rows'));
  const refused = await applySteps(t, enforce.plan.steps);
  assert.ok(refused.failure, 'the server refuses rows that break them');
  assert.equal((await constraints(t)).length, 2);
  assert.ok((await constraints(t)).every((c) => c.endsWith('NOT ENFORCED')));
  // Once the rows hold, enforced.
  await t.exec(`INSERT INTO rooms VALUES (42); UPDATE stays SET nights = 1`);
  await applyFiles(t, enforcedFiles(true));
  assert.equal(await constraints(t), ['stays_nights: CHECK ((nights > 0))', 'stays_room_id_fkey: FOREIGN KEY (room_id) REFERENCES rooms(id)']);
  // And back.
  const back = (await applyFiles(t, enforcedFiles(false))).flatMap((s) => s.sql);
  assert.ok(back.some((s) => s.includes('NOT ENFORCED')), `plan: ${back.join('\n')}\n${(await constraints(t)).join('\n')}`);
  assert.equal(await constraints(t), ['stays_nights: CHECK ((nights > 0)) NOT ENFORCED', 'stays_room_id_fkey: FOREIGN KEY (room_id) REFERENCES rooms(id) NOT ENFORCED']);
}

onPg18AndEmbedded('NOT ENFORCED checks and foreign keys', enforcementCycle);

test('before PostgreSQL 18, and beside not_valid, `enforced: false` is an error at the file', async () => {
  const old = await compileProject(await project(enforcedFiles(false)), { pgVersion: 150000 });
  assert.equal(old.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`).sort(), ['requires_pg18 /resources/Stay/postgres/check_constraints/0/enforced', 'requires_pg18 /resources/Stay/postgres/references/room/enforced']);
  const both = await compileProject(await project(enforcedFiles(false).replace('enforced: false }\n      check', 'enforced: false, not_valid: true }\n      check')), { pgVersion: 180000 });
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

onPg18AndEmbedded('keys WITHOUT OVERLAPS and foreign keys with PERIOD', temporalCycle);

test('before PostgreSQL 18 temporal keys are errors at the file', async () => {
  const old = await compileProject(await project(temporal(true)), { pgVersion: 150000 });
  assert.equal(old.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`).sort(), ['requires_pg18 /resources/Booking/postgres/references/room/period', 'requires_pg18 /resources/Room/postgres/primary_key_without_overlaps']);
});

const itemFiles = (label: string) => `version: 1
resources:
  Item:
    attributes:
      id: { type: integer, primary_key: true }
      name: { type: string, allow_nil: false }
      price: { type: integer, allow_nil: false }
${label}
    postgres: { table: items }
`;
const VIRTUAL = `      label: { type: string, generated: { sql: "upper(name)", virtual: true } }`;
const STORED = `      label: { type: string, generated: { sql: "upper(name)" } }`;
const VIRTUAL_LOWER = `      label: { type: string, generated: { sql: "lower(name)", virtual: true } }`;
const PLAIN = `      label: { type: string }`;

const shape = async (t: Target) =>
  (await t.query<{ s: string }>(`SELECT attgenerated::text || ' ' || (SELECT string_agg(label, ',' ORDER BY id) FROM items) AS s FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'label'`))[0]!.s;

async function virtualCycle(t: Target): Promise<void> {
  await applyFiles(t, itemFiles(VIRTUAL));
  await t.exec(`INSERT INTO items (id, name, price) VALUES (1, 'pen', 2), (2, 'ink', 5)`);
  assert.is(await shape(t), 'v PEN,INK');
  const pulled = await roundTrip(t);
  assert.equal(pulled.result.unsupported, []);
  assert.ok(pulled.text.includes('generated: { sql: upper(name), virtual: true }'), pulled.text);
  assert.equal(pulled.problems, []);
  // Stored, then virtual again: the column is built again, its values computed (no hazard of loss).
  const stored = await applyFiles(t, itemFiles(STORED));
  assert.not.ok(stored.some((s) => s.hazards.includes('data_loss')));
  assert.is(await shape(t), 's PEN,INK');
  const back = await applyFiles(t, itemFiles(VIRTUAL));
  assert.not.ok(back.some((s) => s.hazards.includes('table_rewrite')), back.map((s) => s.hazards.join(',')).join(' / '));
  assert.is(await shape(t), 'v PEN,INK');
  // A new expression in place.
  const lower = await applyFiles(t, itemFiles(VIRTUAL_LOWER));
  assert.ok(lower.some((s) => s.sql.some((q) => q.includes('SET EXPRESSION'))), lower.flatMap((s) => s.sql).join('\n'));
  assert.is(await shape(t), 'v pen,ink');
  // Virtual to plain: refused with the way there, nothing changed.
  let refused: unknown;
  try {
    await planProject(t, await project(itemFiles(PLAIN)));
  } catch (e) {
    refused = e;
  }
  assert.ok(refused instanceof PgdeclError && refused.diagnostics.some((d) => d.code === 'virtual_column_change'), String(refused));
  assert.is(await shape(t), 'v pen,ink');
  await applyFiles(t, itemFiles(STORED));
  await applyFiles(t, itemFiles(PLAIN));
  assert.is(await shape(t), ' PEN,INK');
}

onPg18AndEmbedded('virtual generated columns', virtualCycle);

test('before PostgreSQL 18 a virtual generated column is an error at the file', async () => {
  const old = await compileProject(await project(itemFiles(VIRTUAL)), { pgVersion: 150000 });
  assert.equal(old.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`), ['requires_pg18 /resources/Item/attributes/label/generated/virtual']);
});

test.run();
