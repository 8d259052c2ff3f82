/**
 * The round trip on every compile fixture (fixtures/compile/<case>), on PostgreSQL 18, 15 and
 * the embedded database: apply the fixture (planProject + applySteps), pull the schemas it
 * uses, and the pulled YAML validates and plans nothing against the same database. The
 * pulled files also compile without a single warning, and pull reports nothing unexpected.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { listFixtures, type Fixture } from './helpers/fixtures.js';
import { roundTrip } from './helpers/pull.js';
import { freshTarget, pglite, resetDatabase, servers, stopOwnServers, type ServerInfo } from './helpers/servers.js';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import type { Target } from '../src/targets/target.js';
import type { Project } from '../src/model/resource.js';

const fixtures = listFixtures();
const projects = new Map<string, Project>();

async function projectOf(f: Fixture): Promise<Project> {
  let p = projects.get(f.name);
  if (!p) {
    p = (await loadProjectOrThrow([join(f.dir, 'resources.yaml')], { env: {}, cwd: f.dir })).project;
    projects.set(f.name, p);
  }
  return p;
}

/** Applies the fixture, pulls what it made, and returns the problems of the round trip. */
async function check(engine: string, t: Target, f: Fixture): Promise<string[]> {
  if (f.setupSql) await t.exec(f.setupSql);
  const applied = await planProject(t, await projectOf(f));
  const r = await applySteps(t, applied.plan.steps);
  if (r.failure) return [`${engine} ${f.name}: apply failed at ${r.failure.step.summary}: ${r.failure.error.message}`];
  const schemas = applied.scope.schemas.length ? applied.scope.schemas : ['public'];
  const pulled = await roundTrip(t, { schemas });
  const problems = [...pulled.problems];
  // A fixture's database holds only what pgdecl made (its custom statements' views are pulled
  // with them): nothing to report.
  if (pulled.result.inexact.length) problems.push(`reported as not exact: ${pulled.result.inexact.join('; ')}`);
  if (pulled.result.unsupported.length) problems.push(`reported as not pulled: ${pulled.result.unsupported.map((u) => `${u.kind} ${u.name}`).join('; ')}`);
  return problems.map((p) => `${engine} ${f.name}: ${p}\n${pulled.text}`);
}

async function onServer(s: ServerInfo): Promise<string[]> {
  const problems: string[] = [];
  for (const f of fixtures) {
    const t = await freshTarget(s);
    try {
      problems.push(...(await check(s.name, t, f)));
    } catch (e) {
      problems.push(`${s.name} ${f.name}: ${(e as Error).message}`);
    } finally {
      await t.drop();
    }
  }
  return problems;
}

test(`every compile fixture pulls back to files that plan nothing, on PostgreSQL 18 and 15 (${fixtures.length} fixtures)`, async () => {
  const all = await servers();
  assert.ok(all.some((s) => s.name === 'pg18'));
  assert.equal((await Promise.all(all.map(onServer))).flat(), []);
});

test('every compile fixture pulls back to files that plan nothing, on the embedded database', async () => {
  const t = await pglite();
  const problems: string[] = [];
  try {
    for (const f of fixtures) {
      await t.exec('ROLLBACK').catch(() => {});
      await resetDatabase(t);
      try {
        problems.push(...(await check('pglite', t, f)));
      } catch (e) {
        problems.push(`pglite ${f.name}: ${(e as Error).message}`);
      }
    }
  } finally {
    await t.close();
  }
  assert.equal(problems, []);
});

test.after(stopOwnServers);
test.run();
