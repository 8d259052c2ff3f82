/**
 * Property: for a random schema A and a random edit B of it, applying A (as `pgdecl apply`
 * does: new tables settled in its transaction) and then B leaves a database whose inspection
 * equals compile(B) as the server prints it, and a second plan is empty. Runs on the embedded database (PGLITE_RUNS, default 40)
 * and on PostgreSQL 18 (SERVER_RUNS, default 20); every run draws new
 * seeds, so the cases add up across runs. On failure fast-check prints the seed and
 * the shrunk counterexample; the test prints both resource files.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { formatDiagnostics } from '../src/render/diagnostics.js';
import { formatPlanText } from '../src/render/plan-text.js';
import type { Target } from '../src/targets/target.js';
import { applyEdits, editArb, schemaArb, toYaml } from './helpers/random-schema.js';
import { freshTarget, pglite, resetDatabase, servers, stopOwnServers } from './helpers/servers.js';

const PGLITE_RUNS = Number(process.env.PGLITE_RUNS ?? 40);
const SERVER_RUNS = Number(process.env.SERVER_RUNS ?? 20);
/** Replays a reported failure: SEED=<seed> PATH_=<path> npm test -- property. */
const REPLAY = process.env.SEED ? { seed: Number(process.env.SEED), path: process.env.PATH_ } : {};

async function project(yaml: string) {
  const r = await loadProjectFromText('random.yaml', yaml);
  if (!r.project) throw new Error(`the generator wrote an invalid file:\n${formatDiagnostics(r.diagnostics, r.sources)}\n${yaml}`);
  return r.project;
}

/**
 * Applies the file; returns a description of what went wrong, or undefined. `asCommand`: as
 * `pgdecl apply` does it: new tables and functions created as compiled and settled inside the
 * transaction, where the proof of convergence runs; then, with the results it stored
 * forgotten, a plan that normalises in scratch schemas must be empty too.
 */
async function converge(t: Target, yaml: string, label: string, asCommand = false): Promise<string | undefined> {
  const p = await planProject(t, await project(yaml), asCommand ? { deferNewTables: true } : {});
  if (asCommand) {
    const r = await applyPlan(t, p);
    if (r.failure) return `${label}: step ${r.failure.step.summary} failed: ${r.failure.error.message}\n${r.failure.statement}\n--- plan\n${formatPlanText(p.plan)}`;
    if (!r.convergence?.converged) return `${label}: the proof before COMMIT failed: ${JSON.stringify(r.convergence?.remaining ?? null, null, 1).slice(0, 2000)}`;
    await t.exec(`DO $$ BEGIN IF to_regclass('pgdecl.normalized') IS NOT NULL THEN DELETE FROM pgdecl.normalized; END IF; END $$`);
  } else {
    const r = await applySteps(t, p.plan.steps);
    if (r.failure) return `${label}: step ${r.failure.step.summary} failed: ${r.failure.error.message}\n${r.failure.statement}\n--- plan\n${formatPlanText(p.plan)}`;
    const left = await remainingChanges(t, p);
    if (left.length) return `${label}: after apply, still ${left.map((c) => c.kind).join(', ')}\n${JSON.stringify(left, null, 1).slice(0, 2000)}`;
  }
  const again = await planProject(t, await project(yaml), asCommand ? { memory: false } : {});
  if (again.plan.steps.length) return `${label}: a second plan is not empty:\n${formatPlanText(again.plan)}`;
  return undefined;
}

async function property(runs: number, fresh: () => Promise<{ t: Target; done: () => Promise<void> }>) {
  await fc.assert(
    fc.asyncProperty(schemaArb, editArb, async (a, edits) => {
      const b = applyEdits(a, edits);
      const ya = toYaml(a);
      const yb = toYaml(b);
      const { t, done } = await fresh();
      try {
        // A as the command applies it (new tables settled in the transaction), B step by step.
        const problem = (await converge(t, ya, 'A', true)) ?? (await converge(t, yb, 'B'));
        if (problem) {
          // fast-check reports the input; the reason is printed here.
          console.error(`${problem}\n--- A\n${ya}\n--- B\n${yb}`);
          throw new Error(problem);
        }
      } finally {
        await done();
      }
    }),
    { numRuns: runs, endOnFailure: true, verbose: 1, ...REPLAY },
  );
}

test(`apply A then B converges on the embedded database (${PGLITE_RUNS} runs)`, async () => {
  const t = await pglite();
  try {
    await property(PGLITE_RUNS, async () => {
      await resetDatabase(t);
      return { t, done: async () => {} };
    });
  } finally {
    await t.close();
  }
});

test(`apply A then B converges on PostgreSQL 18 (${SERVER_RUNS} runs)`, async () => {
  const pg18 = (await servers()).find((s) => s.name === 'pg18')!;
  await property(SERVER_RUNS, async () => {
    const t = await freshTarget(pg18);
    return { t, done: () => t.drop() };
  });
});

test.after(stopOwnServers);
test.run();
