/**
 * The core of saved plans and of the convergence proof, on PostgreSQL 18, PostgreSQL 15 and
 * PGlite: `verifySavedPlan` refuses every kind of edit (changed SQL, an appended statement,
 * an added, removed or reordered step, the transactional flag, hazards, the desired catalog
 * or `inspect` alone, another major version), reports a plan applied twice, and passes the
 * plan as made; `applyPlan` proves convergence inside the transaction (a CONCURRENTLY step
 * still to run is expected) and rolls back a result that does not match the desired catalog.
 * `parseSavedPlan` names the part of a broken plan file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freshTarget, pglite, resetDatabase, servers, stopOwnServers } from './helpers/servers.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { planDocument, type PlanDocument } from '../src/render/plan-json.js';
import { verifySavedPlan } from '../src/plan/verify-saved.js';
import { looksLikePlanFile, parseSavedPlan } from '../src/plan/saved-plan-file.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Target } from '../src/targets/target.js';
import { planTargetSpec, savedDatabase } from '../src/targets/saved-target.js';
import { parseSpec } from '../src/targets/resolve.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const V1 = `version: 1
resources:
  Victim:
    attributes:
      id: integer_primary_key
      note: string
    postgres: { table: victim }
  Author:
    attributes:
      id: integer_primary_key
      name: { type: string, allow_nil: false }
    postgres: { table: authors }
`;

// A column, a table, and an index built CONCURRENTLY (a step outside the transaction).
const V2 =
  V1.replace('      name: { type: string, allow_nil: false }\n', '      name: { type: string, allow_nil: false }\n      bio: string\n').replace(
    '    postgres: { table: authors }\n',
    `    postgres:
      table: authors
      custom_indexes:
        - { fields: [name], concurrently: true }
`,
  ) +
  `  Book:
    attributes:
      id: integer_primary_key
      title: string
    postgres: { table: books }
`;

const V3 = V2 + `  Extra:
    attributes:
      id: integer_primary_key
    postgres: { table: extra }
`;

async function planFor(t: Target, yaml: string) {
  const { project } = await loadProjectFromText('resources.yaml', yaml, { env: {} });
  return planProject(t, project!);
}

async function savedPlan(t: Target, yaml: string): Promise<PlanDocument> {
  const p = await planFor(t, yaml);
  const doc = planDocument(p.plan, {
    pgdecl: '0.0.0-test',
    createdAt: '2026-12-06T00:00:00.000Z',
    target: 'test',
    database: { kind: 'pglite', location: 'memory' },
    serverVersion: p.serverVersion,
    fingerprint: p.fingerprint,
    inspect: p.scope,
    files: ['resources.yaml'],
    desired: p.desired,
    renames: p.renames,
  });
  // As written to a file and read back.
  return parseSavedPlan(JSON.stringify(doc, null, 2), 'plan.json');
}

type Edit = (p: { -readonly [K in keyof PlanDocument]: any }) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

const EDITS: readonly [string, Edit, string][] = [
  ['changed sql', (p) => (p.steps[0].sql = ['DROP TABLE public.victim']), 'plan_tampered'],
  ['appended statement', (p) => (p.steps[0].sql = [`${p.steps[0].sql[0]}; DROP TABLE public.victim`]), 'plan_tampered'],
  ['added step', (p) => (p.steps = [...p.steps, { ...p.steps[0], id: p.steps.length + 1, sql: ['DROP TABLE public.victim'] }]), 'plan_tampered'],
  ['removed step', (p) => (p.steps = p.steps.slice(0, -1)), 'plan_tampered'],
  ['reordered steps', (p) => (p.steps = [...p.steps].reverse()), 'plan_tampered'],
  ['reordered steps, ids kept in order', (p) => (p.steps = [...p.steps].reverse().map((s: object, i: number) => ({ ...s, id: i + 1 }))), 'plan_tampered'],
  ['transactional flipped', (p) => (p.steps = p.steps.map((s: { transactional: boolean }) => ({ ...s, transactional: !s.transactional }))), 'plan_tampered'],
  ['hazards changed', (p) => (p.steps[0] = { ...p.steps[0], hazards: ['data_loss'] }), 'plan_tampered'],
  ['reverse changed', (p) => (p.steps[0] = { ...p.steps[0], reverse: ['DROP TABLE public.victim'] }), 'plan_tampered'],
  ['summary counts changed', (p) => (p.summary = { create: 0, change: 0, drop: 0 }), 'plan_tampered'],
  ['desired catalog edited alone', (p) => (p.desired = { ...p.desired, tables: p.desired.tables.filter((t: { name: string }) => t.name !== 'victim') }), 'plan_tampered'],
  ['inspect widened', (p) => (p.inspect = { ...p.inspect, schemas: [...p.inspect.schemas, 'secret'] }), 'plan_tampered'],
  ['renames added', (p) => (p.renames = { ...p.renames, tables: [{ from: { schema: 'public', name: 'victim' }, to: { schema: 'public', name: 'books' } }] }), 'plan_tampered'],
  ['another major version', (p) => (p.serverVersion = p.serverVersion >= 180000 ? 150010 : 180001), 'plan_server_version'],
];

async function check(label: string, t: Target): Promise<void> {
  const q = async (sql: string) => t.query<Record<string, unknown>>(sql);
  const first = await planFor(t, V1);
  const r1 = await applyPlan(t, first);
  assert.is(r1.failure, undefined, label);
  assert.equal(r1.convergence, { checked: 'in_transaction', converged: true, remaining: [] }, `${label}: proved before COMMIT`);
  await t.exec(`INSERT INTO victim (note) VALUES ('keep me'), ('and me')`);

  const good = await savedPlan(t, V2);
  assert.ok(good.steps.length >= 3 && good.steps.some((s) => !s.transactional), `${label}: several steps, one outside the transaction`);
  for (const [name, edit, code] of EDITS) {
    const doc = structuredClone(good) as unknown as Parameters<Edit>[0];
    edit(doc);
    const verdict = await verifySavedPlan(t, doc as PlanDocument, { file: 'plan.json' });
    assert.is(verdict.status, 'refused', `${label}, ${name}`);
    if (verdict.status !== 'refused') continue;
    assert.is(verdict.diagnostic.code, code, `${label}, ${name}: ${verdict.diagnostic.message}`);
    assert.match(verdict.diagnostic.message, /Nothing was changed$/);
  }
  const changed = structuredClone(good) as unknown as Parameters<Edit>[0];
  changed.steps[1].sql = ['DROP TABLE public.victim'];
  const named = await verifySavedPlan(t, changed as PlanDocument, { file: 'plan.json', pgdecl: '0.0.0-test' });
  assert.ok(named.status === 'refused' && named.difference?.position === 2 && named.difference.field === 'sql', `${label}: names the first differing step`);
  assert.equal(await q(`SELECT count(*)::int AS n FROM victim`), [{ n: 2 }], `${label}: nothing ran`);

  const ready = await verifySavedPlan(t, good, { file: 'plan.json' });
  assert.is(ready.status, 'ready', label);
  if (ready.status !== 'ready') return;
  const applied = await applyPlan(t, ready, { locked: false });
  assert.is(applied.failure, undefined, label);
  assert.ok(applied.results.every((r) => r.status === 'applied'), `${label}: every step applied`);
  assert.equal(applied.convergence, { checked: 'after', converged: true, remaining: [] }, `${label}: the CONCURRENTLY step, checked after it ran`);
  assert.is((await verifySavedPlan(t, good, { file: 'plan.json' })).status, 'already_applied', `${label}: applied twice`);
  assert.is((await planFor(t, V2)).plan.steps.length, 0, `${label}: converged`);

  // Steps that do not lead to the desired catalog: proved wrong inside the transaction, rolled back.
  const more = await planFor(t, V3);
  const wrong = await applyPlan(t, { ...more, desired: good.desired });
  assert.is(wrong.rolledBack, 'before_commit', label);
  assert.is(wrong.convergence?.converged, false, label);
  assert.is(wrong.convergence?.checked, 'in_transaction', label);
  assert.ok(wrong.convergence!.remaining.some((c) => c.kind === 'drop_table'), `${label}: names what differs`);
  assert.ok(wrong.results.every((r) => r.status === 'skipped'), `${label}: nothing applied`);
  assert.equal(await q(`SELECT to_regclass('public.extra') IS NULL AS none`), [{ none: true }], `${label}: rolled back`);
  // A rehearsal proves convergence too, and rolls back.
  const rehearsal = await applyPlan(t, more, { rehearse: true });
  assert.is(rehearsal.rolledBack, 'rehearsal', label);
  assert.is(rehearsal.convergence?.converged, true, label);
  assert.equal(await q(`SELECT to_regclass('public.extra') IS NULL AS none`), [{ none: true }], `${label}: rehearsal rolled back`);
}

test('saved plans are checked against the steps pgdecl derives; convergence is proved before COMMIT', async () => {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await check(s.name, t);
    } finally {
      await t.drop();
    }
  }
  const t = await pglite([]);
  try {
    await resetDatabase(t);
    await check('pglite', t);
  } finally {
    await t.close();
  }
});

test('a broken plan file is refused naming the file and the part', () => {
  const doc = {
    formatVersion: 2,
    pgdecl: '0.1.0',
    createdAt: 'x',
    target: 't',
    database: { kind: 'postgres', url: 'postgres://app@db/app' },
    serverVersion: 180001,
    fingerprint: `sha256:${'0'.repeat(64)}`,
    inspect: { schemas: ['public'], extensions: [] },
    files: [],
    desired: { formatVersion: 1, extensions: [], schemas: [], functions: [], tables: [], statements: [] },
    renames: { tables: [], columns: [], schemas: [] },
    summary: { create: 0, change: 0, drop: 0 },
    steps: [],
  };
  parseSavedPlan(JSON.stringify(doc), 'plan.json');
  const fails = (text: string, message: RegExp) => {
    try {
      parseSavedPlan(text, 'plan.json');
    } catch (e) {
      assert.instance(e, PgdeclError);
      const d = (e as PgdeclError).diagnostics[0]!;
      assert.is(d.code, 'plan_file_invalid');
      assert.match(d.message, /^plan\.json is not a usable pgdecl plan: /);
      assert.match(d.message, message);
      assert.match(d.suggestion!, /pgdecl plan -o plan\.json/);
      return;
    }
    assert.unreachable(`accepted: ${text.slice(0, 80)}`);
  };
  const without = (k: string) => JSON.stringify(Object.fromEntries(Object.entries(doc).filter(([key]) => key !== k)));
  fails('{"formatVersion": 2, "steps": [', /it is not JSON \(/);
  fails('[]', /it is not a JSON object/);
  fails(JSON.stringify({ ...doc, formatVersion: 1 }), /it has plan formatVersion 1; this pgdecl reads formatVersion 2 \(the plan was made by pgdecl 0\.1\.0\)/);
  for (const part of ['formatVersion', 'database', 'serverVersion', 'fingerprint', 'inspect', 'desired', 'renames', 'steps']) fails(without(part), new RegExp(`the part "${part}" is missing`));
  fails(JSON.stringify({ ...doc, desired: { tables: 3 } }), /the part "desired" is malformed/);
  fails(JSON.stringify({ ...doc, database: { kind: 'postgres', url: 'mysql://x' } }), /the part "database" is malformed/);
  fails(JSON.stringify({ ...doc, steps: [{ id: 1, sql: 'DROP TABLE x' }] }), /step 1 of "steps" is incomplete/);
});

test('apply tells a plan file (whole or broken) from a resource file', () => {
  assert.ok(looksLikePlanFile('/p/plan.json', '{"formatVersion": 2'), 'not JSON, named like a plan');
  assert.ok(looksLikePlanFile('/p/deploy.json', '{"steps": [], "desired": {'), 'not JSON, with a plan key');
  assert.ok(looksLikePlanFile('/p/deploy.json', '{"steps": []}'), 'a plan key, no formatVersion');
  assert.ok(looksLikePlanFile('/p/plan.json', '{}'), 'an empty object named like a plan');
  assert.not.ok(looksLikePlanFile('/p/resources.json', '{"version": 1, "resources": {}}'), 'a resource file');
  assert.not.ok(looksLikePlanFile('/p/plan.json', '{"resources": {}}'), 'a resource file named plan.json');
  assert.not.ok(looksLikePlanFile('/p/resources.json', '{"version": 1, "resources": {'), 'a broken resource file');
  assert.not.ok(looksLikePlanFile('/p/plan.yaml', 'steps: []'), 'not .json');
});

test("a saved plan's database: no password kept, the same database required, never the embedded default", () => {
  const pgUrl = 'postgres://app:s3cret@db.internal:5433/app?sslmode=require&password=s3cret';
  const saved = savedDatabase(parseSpec(pgUrl, '--db', '/'));
  assert.equal(saved, { kind: 'postgres', url: 'postgres://app@db.internal:5433/app?sslmode=require' });
  const base = { env: {}, cwd: '/', file: 'plan.json' };
  assert.is(planTargetSpec(saved, { ...base, env: { PGPASSWORD: 'p@ss' } }).location, 'postgres://app:p%40ss@db.internal:5433/app?sslmode=require');
  assert.is(planTargetSpec(saved, { ...base, db: pgUrl }).location, pgUrl, '--db gives the password of the same database');
  const refused = (f: () => unknown, code: string, message: RegExp) => {
    try {
      f();
    } catch (e) {
      assert.is((e as PgdeclError).diagnostics[0]!.code, code);
      assert.match((e as PgdeclError).diagnostics[0]!.message, message);
      return;
    }
    assert.unreachable('accepted');
  };
  refused(() => planTargetSpec(saved, { ...base, db: 'postgres://app:x@db.internal:5433/other' }), 'plan_target_mismatch', /made for postgres:\/\/app@db\.internal:5433\/app\?sslmode=require, but --db names postgres:\/\/app:\*\*\*@db\.internal:5433\/other/);
  refused(() => planTargetSpec(saved, { ...base, env: { DATABASE_URL: 'pglite:memory' } }), 'plan_target_mismatch', /but DATABASE_URL names embedded database \(in memory\)/);

  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-target-'));
  try {
    const local = savedDatabase(parseSpec(`pglite:${dir}`, '--db', '/'));
    assert.equal(planTargetSpec(local, base), { kind: 'pglite', location: dir, source: 'plan.json', label: `embedded database ${dir}` });
    refused(() => planTargetSpec(local, { ...base, db: `pglite:${dir}-other` }), 'plan_target_mismatch', /but --db names embedded database/);
    refused(() => planTargetSpec({ kind: 'pglite', location: join(dir, 'gone') }, base), 'plan_target_unavailable', /which does not exist/);
    refused(() => planTargetSpec({ kind: 'pglite', location: 'memory' }, base), 'plan_target_unavailable', /which ended with the run that made the plan/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(stopOwnServers);
test.run();
