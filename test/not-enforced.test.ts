/**
 * NOT ENFORCED checks and foreign keys (PostgreSQL 18: `enforced: false`): created so, pulled
 * so, and changed in either direction (the constraint is dropped and added again; enforcing
 * it checks the rows), converging on PostgreSQL 18 and the embedded database. On PostgreSQL
 * 15 the option is an error at the file.
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

test.run();
