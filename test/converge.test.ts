/**
 * Convergence of every compile fixture (DESIGN §6), on PostgreSQL 18, PostgreSQL 15 and the
 * embedded database: plan and apply on an empty database, then the plan is empty (applied
 * step by step, or as the command applies it: see applyMode); and the
 * create script of `pgdecl sql` run as is, then the plan is empty too (but for custom
 * statements, which that script runs without recording them). Inspection takes the same
 * number of catalog queries for every fixture.
 *
 * The database each apply converged is then pulled (the round trip of pull on every fixture
 * and engine): the pulled YAML validates, compiles without a warning, plans nothing against
 * the same database, and pull reports nothing unexpected.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { listFixtures, execScript, type Fixture } from './helpers/fixtures.js';
import { roundTrip } from './helpers/pull.js';
import { freshTarget, pglite, resetDatabase, servers, stopOwnServers } from './helpers/servers.js';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { compileFor } from '../src/plan/compiled.js';
import { applySteps } from '../src/apply/apply.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { formatPlanText } from '../src/render/plan-text.js';
import type { Target } from '../src/targets/target.js';
import type { Project } from '../src/model/resource.js';

const fixtures = listFixtures();

async function projectOf(f: Fixture): Promise<Project> {
  return (await loadProjectOrThrow([join(f.dir, 'resources.yaml')], { env: {}, cwd: f.dir })).project;
}

const queryCounts = new Set<number>();
/** What an apply planned: the schemas the pull round trip reads. */
interface Seen {
  schemas: readonly string[];
}
const pullProblems: string[] = [];
/** Fixture databases pulled, per engine. */
const pulled = new Map<string, number>();

/**
 * After a converged apply: pull the schemas it planned; the pulled YAML validates and plans
 * nothing against the same database. A fixture's database holds only what pgdecl made (its
 * custom statements' views are pulled with them): pull reports nothing.
 */
async function pullBack(engine: string, t: Target, f: Fixture, seen: Seen): Promise<void> {
  try {
    const back = await roundTrip(t, { schemas: seen.schemas.length ? seen.schemas : ['public'] });
    pulled.set(engine, (pulled.get(engine) ?? 0) + 1);
    const problems = [...back.problems];
    if (back.result.inexact.length) problems.push(`reported as not exact: ${back.result.inexact.join('; ')}`);
    if (back.result.unsupported.length) problems.push(`reported as not pulled: ${back.result.unsupported.map((u) => `${u.kind} ${u.name}`).join('; ')}`);
    pullProblems.push(...problems.map((p) => `${engine} ${f.name}: ${p}\n${back.text}`));
  } catch (e) {
    pullProblems.push(`${engine} ${f.name}: ${(e as Error).message}`);
  }
}

/** plan → apply → nothing left; returns a problem or undefined. */
async function viaApply(t: Target, f: Fixture, project: Project, seen: Seen): Promise<string | undefined> {
  if (f.setupSql) await t.exec(f.setupSql);
  const p = await planProject(t, project);
  queryCounts.add(p.current.queries);
  seen.schemas = p.scope.schemas;
  const r = await applySteps(t, p.plan.steps);
  if (r.failure) return `apply failed at ${r.failure.step.summary}: ${r.failure.error.message}\n${r.failure.statement}`;
  const left = await remainingChanges(t, p);
  if (left.length) return `not converged after apply: ${left.map((c) => c.kind).join(', ')}\n${JSON.stringify(left, null, 1).slice(0, 1500)}`;
  const again = await planProject(t, project);
  queryCounts.add(again.current.queries);
  if (again.plan.steps.length) return `second plan not empty:\n${formatPlanText(again.plan)}`;
  return undefined;
}

let deferredTables = 0;
let deferredFunctions = 0;

/**
 * apply as the command runs it: new tables are created as compiled and settled from what the
 * server made of them inside the transaction (src/plan/settle-deferred.ts), where the proof
 * runs. Then, with the stored results forgotten, a plan that normalises everything in scratch
 * schemas finds nothing to do: the settled tables are what scratch normalisation makes.
 */
async function viaDeferredApply(t: Target, f: Fixture, project: Project, seen: Seen): Promise<string | undefined> {
  if (f.setupSql) await t.exec(f.setupSql);
  const p = await planProject(t, project, { deferNewTables: true });
  seen.schemas = p.scope.schemas;
  deferredTables += p.deferred?.tables.size ?? 0;
  deferredFunctions += p.deferred?.functions.size ?? 0;
  const r = await applyPlan(t, p);
  if (r.failure) return `apply failed at ${r.failure.step.summary}: ${r.failure.error.message}\n${r.failure.statement}`;
  if (!r.convergence?.converged) return `not converged in the transaction: ${JSON.stringify(r.convergence?.remaining ?? null, null, 1).slice(0, 1500)}`;
  await t.exec(`DO $$ BEGIN IF to_regclass('pgdecl.normalized') IS NOT NULL THEN DELETE FROM pgdecl.normalized; END IF; END $$`);
  const again = await planProject(t, project, { memory: false });
  if (again.plan.steps.length) return `plan with scratch normalisation not empty:\n${formatPlanText(again.plan)}`;
  return undefined;
}

/** `pgdecl sql` output run as is → the plan has nothing but the unrecorded custom statements. */
async function viaScript(t: Target, f: Fixture, project: Project): Promise<string | undefined> {
  if (f.setupSql) await t.exec(f.setupSql);
  const { catalog, serverVersion } = await compileFor(t, project);
  await execScript(t, catalog, { pgVersion: serverVersion });
  const p = await planProject(t, project);
  const other = p.plan.steps.filter((s) => s.change.kind !== 'run_statement');
  return other.length ? `after the create script the plan is not empty:\n${formatPlanText(p.plan)}` : undefined;
}

/**
 * Which apply a fixture gets on an engine: the two alternate by fixture, and the two servers
 * take opposite ones, so every fixture is applied both ways on PostgreSQL 15 and 18 and one
 * way on the embedded database.
 */
function applyMode(n: number): readonly ['apply' | 'apply deferred', typeof viaApply] {
  return n % 2 === 0 ? ['apply deferred', viaDeferredApply] : ['apply', viaApply];
}

test(`every compile fixture converges on the real servers (${fixtures.length} fixtures)`, async () => {
  const problems: string[] = [];
  // The two servers side by side: most of the time is spent waiting on them.
  await Promise.all(
    (await servers()).map(async (s, si) => {
      for (const [fi, f] of fixtures.entries()) {
        const project = await projectOf(f);
        for (const [how, run] of [applyMode(fi + si), ['script', viaScript] as const]) {
          const t = await freshTarget(s);
          try {
            const seen: Seen = { schemas: [] };
            const p = await run(t, f, project, seen);
            if (p) problems.push(`${s.name} ${f.name} (${how}): ${p}`);
            else if (how !== 'script') await pullBack(s.name, t, f, seen);
          } catch (e) {
            problems.push(`${s.name} ${f.name} (${how}): ${(e as Error).message}`);
          } finally {
            await t.drop();
          }
        }
      }
    }),
  );
  assert.equal(problems.sort(), []);
});

test(`every compile fixture converges on the embedded database`, async () => {
  const t = await pglite();
  const problems: string[] = [];
  try {
    for (const [fi, f] of fixtures.entries()) {
      const project = await projectOf(f);
      for (const [how, run] of [applyMode(fi), ['script', viaScript] as const]) {
        await t.exec('ROLLBACK').catch(() => {});
        await resetDatabase(t);
        try {
          const seen: Seen = { schemas: [] };
          const p = await run(t, f, project, seen);
          if (p) problems.push(`pglite ${f.name} (${how}): ${p}`);
          else if (how !== 'script') await pullBack('pglite', t, f, seen);
        } catch (e) {
          problems.push(`pglite ${f.name} (${how}): ${(e as Error).message}`);
        }
      }
    }
  } finally {
    await t.close();
  }
  assert.equal(problems, []);
});

test('every converged fixture pulls back to files that plan nothing, on every engine', async () => {
  assert.equal(pullProblems.sort(), []);
  // Every fixture converged and was pulled on every engine.
  const engines = [...(await servers()).map((s) => s.name), 'pglite'];
  assert.equal(Object.fromEntries(engines.map((e) => [e, pulled.get(e)])), Object.fromEntries(engines.map((e) => [e, fixtures.length])));
});

test('apply created new tables and functions without normalising them first', () => {
  assert.ok(deferredTables > 100, `tables deferred: ${deferredTables}`);
  assert.ok(deferredFunctions > 5, `functions deferred: ${deferredFunctions}`);
});

test('inspection sends a fixed number of queries whatever the fixture', () => {
  // 18 catalog queries, plus one for pgdecl's bookkeeping once it exists.
  assert.ok([...queryCounts].every((n) => n === 18 || n === 19), `query counts seen: ${[...queryCounts].join(', ')}`);
});

test.after(stopOwnServers);
test.run();
