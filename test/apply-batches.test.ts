/**
 * Transactional steps without a hazard are sent in batches, one query each: every step is
 * still reported, and a statement that fails inside a batch is named exactly (the batch is
 * rolled back to its savepoint and run again one step at a time), with nothing applied.
 * PostgreSQL 18, 15 and the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps, type ApplyEvent } from '../src/apply/apply.js';
import type { Target } from '../src/targets/target.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';

const tables = Array.from({ length: 6 }, (_, i) => `  T${i}:
    attributes:
      id: integer_primary_key
      code: { type: string, allow_nil: false, constraints: { max_length: 12 } }
    identities:
      unique_code: { keys: [code] }
    postgres: { table: t${i} }`).join('\n');
const FILES = `version: 1\nresources:\n${tables}\n`;

async function check(t: Target, label: string): Promise<void> {
  const project = (await loadProjectFromText('batches.yaml', FILES)).project!;
  const p = await planProject(t, project);
  const steps = p.plan.steps;
  assert.ok(steps.length >= 12, `${label}: a plan of ${steps.length} steps`);

  // A statement in the middle of a batch fails: it is the one reported, and nothing stays.
  const k = Math.floor(steps.length / 2);
  const broken = steps.map((s, i) => (i === k ? { ...s, sql: ['CREATE TABLE public.broken (x integer REFERENCES public.nowhere (id))'] } : s));
  const failed = await applySteps(t, broken, { locked: false });
  assert.ok(failed.failure, `${label}: the apply failed`);
  assert.is(failed.failure!.step.id, steps[k]!.id, `${label}: the failing step`);
  assert.is(failed.failure!.statement, 'CREATE TABLE public.broken (x integer REFERENCES public.nowhere (id))');
  assert.match(failed.failure!.error.message, /nowhere/);
  assert.ok(failed.results.every((r) => r.status !== 'applied'), `${label}: nothing reported as applied`);
  const left = await t.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = 'public'");
  assert.is(left[0]!.n, 0, `${label}: the database is as it was`);

  // The plan as planned: every step reported once, in order, most of them in batches.
  const events: ApplyEvent[] = [];
  const ok = await applySteps(t, steps, { locked: false, onEvent: (e) => events.push(e) });
  assert.is(ok.failure, undefined);
  const started = events.filter((e) => e.type === 'step').map((e) => (e.type === 'step' ? e.step.id : 0));
  assert.equal(started, steps.map((s) => s.id), `${label}: each step reported once, in order`);
  const done = events.filter((e): e is Extract<ApplyEvent, { type: 'step-done' }> => e.type === 'step-done');
  assert.is(done.length, steps.length);
  assert.ok(done.some((e) => (e.batch?.size ?? 0) > 1), `${label}: steps were batched`);
  assert.ok(ok.results.every((r) => r.status === 'applied'));
  assert.equal((await planProject(t, project)).plan.steps, [], `${label}: converged`);
}

test('batches on PostgreSQL 18 and 15', async () => {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await check(t, s.name);
    } finally {
      await t.drop();
    }
  }
});

test('batches on the embedded database', async () => {
  const t = await pglite([]);
  try {
    await check(t, 'embedded');
  } finally {
    await t.close();
  }
});

test.after(stopOwnServers);
test.run();
