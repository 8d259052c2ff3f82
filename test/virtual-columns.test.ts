/**
 * VIRTUAL generated columns (PostgreSQL 18: `generated: {sql, virtual: true}`): created, pulled
 * back, switched to stored and back (the column is built again, values computed), their
 * expression changed in place, and refused with the way there when the files make one a plain
 * column; on PostgreSQL 18 and the embedded database. Before 18 the option is an error at the file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { roundTrip } from './helpers/pull.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Target } from '../src/targets/target.js';

test.after(() => stopOwnServers());

const files = (label: string) => `version: 1
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

async function project(text: string) {
  const loaded = await loadProjectFromText('resources.yaml', text, { env: {} });
  assert.equal(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return loaded.project!;
}

const shape = async (t: Target) =>
  (await t.query<{ s: string }>(`SELECT attgenerated::text || ' ' || (SELECT string_agg(label, ',' ORDER BY id) FROM items) AS s FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'label'`))[0]!.s;

async function applyFiles(t: Target, label: string) {
  const p = await planProject(t, await project(files(label)));
  assert.equal((await applySteps(t, p.plan.steps)).failure, undefined);
  assert.equal(await remainingChanges(t, p), []);
  return p.plan.steps;
}

async function cycle(t: Target): Promise<void> {
  await applyFiles(t, VIRTUAL);
  await t.exec(`INSERT INTO items (id, name, price) VALUES (1, 'pen', 2), (2, 'ink', 5)`);
  assert.is(await shape(t), 'v PEN,INK');
  const pulled = await roundTrip(t);
  assert.equal(pulled.result.unsupported, []);
  assert.ok(pulled.text.includes('generated: { sql: upper(name), virtual: true }'), pulled.text);
  assert.equal(pulled.problems, []);
  // Stored, then virtual again: the column is built again, its values computed (no hazard of loss).
  const stored = await applyFiles(t, STORED);
  assert.not.ok(stored.some((s) => s.hazards.includes('data_loss')));
  assert.is(await shape(t), 's PEN,INK');
  const back = await applyFiles(t, VIRTUAL);
  assert.not.ok(back.some((s) => s.hazards.includes('table_rewrite')), back.map((s) => s.hazards.join(',')).join(' / '));
  assert.is(await shape(t), 'v PEN,INK');
  // A new expression in place.
  const lower = await applyFiles(t, VIRTUAL_LOWER);
  assert.ok(lower.some((s) => s.sql.some((q) => q.includes('SET EXPRESSION'))), lower.flatMap((s) => s.sql).join('\n'));
  assert.is(await shape(t), 'v pen,ink');
  // Virtual to plain: refused with the way there, nothing changed.
  let refused: unknown;
  try {
    await planProject(t, await project(files(PLAIN)));
  } catch (e) {
    refused = e;
  }
  assert.ok(refused instanceof PgdeclError && refused.diagnostics.some((d) => d.code === 'virtual_column_change'), String(refused));
  assert.is(await shape(t), 'v pen,ink');
  await applyFiles(t, STORED);
  await applyFiles(t, PLAIN);
  assert.is(await shape(t), ' PEN,INK');
}

test('virtual generated columns on PostgreSQL 18', async () => {
  const t = await freshTarget((await servers()).find((s) => s.name === 'pg18')!);
  try {
    await cycle(t);
  } finally {
    await t.drop();
  }
});

test('virtual generated columns on the embedded database', async () => {
  const t = await pglite([]);
  try {
    await cycle(t);
  } finally {
    await t.close();
  }
});

test('before PostgreSQL 18 a virtual generated column is an error at the file', async () => {
  const old = await compileProject(await project(files(VIRTUAL)), { pgVersion: 150000 });
  assert.equal(old.diagnostics.map((d) => `${d.code} ${d.src?.pointer}`), ['requires_pg18 /resources/Item/attributes/label/generated/virtual']);
});

test.run();
