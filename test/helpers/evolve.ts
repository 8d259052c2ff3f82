/**
 * Evolution cases: a schema changes from one version of the files to the next on a database
 * that holds rows, and the plan between them is golden, applies, converges and keeps the data.
 *
 * One case is one folder fixtures/evolve/<NN-short-name>/:
 *
 *   before.yaml           the files as they were (applied first, from an empty database)
 *   after.yaml            the files as they are now
 *   seed.sql              rows inserted after `before` is applied
 *   check.sql             one SELECT run after `after` is applied; every value cast to text
 *   expected.check.json   its rows (golden)
 *   expected.plan.txt     formatPlanText of the plan before → after (golden, reviewed by hand)
 *   expected.sql          formatPlanSql of that plan, without header lines (golden, reviewed by hand)
 *   options.json          what the case expects, keys below
 *   setup.sql             (optional) run first, before `before` is planned: what the files need
 *                         and pgdecl does not create (roles, which belong to the whole cluster:
 *                         create them idempotently, with names of the case's own)
 *
 * options.json:
 *
 *   kinds             (required) ChangeKind[]: the kinds of the plan's changes, as a set; the
 *                     plan must contain exactly these ([] for a case whose plan is empty).
 *   allowDestructive  true: the plan has destructive steps (isDestructive). The runner shows that
 *                     apply refuses them (each named with the rows it would touch, all > 0 but for a
 *                     narrowing whose seeded values all fit, as
 *                     `pgdecl apply` prints them) and then applies with the flag. Without it, a
 *                     destructive step fails the case.
 *   goldenEngines     EngineName[] where expected.plan.txt and expected.sql are compared
 *                     (default: every engine). For steps whose SQL depends on the server's
 *                     version: the goldens are PostgreSQL 18's (PGlite is 18) and the other
 *                     engines are held to convergence and data only.
 *   online            true: the before → after plan is made online (`--online`): keys and checks
 *                     NOT VALID then VALIDATE, NOT NULL through a check, indexes CONCURRENTLY.
 *   note              a sentence for people: what the case proves.
 *
 * Goldens are rewritten from PGlite's results with UPDATE_GOLDEN=1; otherwise a mismatch
 * fails with a line diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANGE_KINDS, type Change, type ChangeKind } from '../../src/diff/change.js';
import { describe } from '../../src/plan/describe.js';
import { planProject, remainingChanges, type ProjectPlan } from '../../src/plan/project-plan.js';
import { isDestructive } from '../../src/plan/step.js';
import { applySteps } from '../../src/apply/apply.js';
import { destructiveSteps } from '../../src/apply/destructive.js';
import { formatPlanText } from '../../src/render/plan-text.js';
import { formatPlanSql } from '../../src/render/plan-sql.js';
import { loadProjectOrThrow } from '../../src/validate/project.js';
import { PgdeclError } from '../../src/model/diagnostic.js';
import type { Project } from '../../src/model/resource.js';
import type { Target } from '../../src/targets/target.js';

export type EngineName = 'pglite' | 'pg18' | 'pg15';
export const ENGINES: readonly EngineName[] = ['pglite', 'pg18', 'pg15'];

export const EVOLVE_ROOT = fileURLToPath(new URL('../../fixtures/evolve/', import.meta.url));
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

export interface CaseOptions {
  readonly kinds: readonly ChangeKind[];
  readonly allowDestructive?: boolean;
  readonly goldenEngines?: readonly EngineName[];
  readonly note?: string;
  readonly online?: boolean;
}

export interface EvolveCase {
  readonly name: string;
  readonly dir: string;
  readonly options: CaseOptions;
  readonly seed: string;
  readonly check: string;
  readonly setup?: string;
}

const OPTION_KEYS = new Set(['kinds', 'allowDestructive', 'goldenEngines', 'note', 'online']);

function readOptions(dir: string, name: string): CaseOptions {
  const file = join(dir, 'options.json');
  if (!existsSync(file)) throw new Error(`${name}: options.json is missing (it names the change kinds the case expects)`);
  const o = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !OPTION_KEYS.has(k));
  if (unknown.length) throw new Error(`${name}: options.json has unknown keys ${unknown.join(', ')} (known: ${[...OPTION_KEYS].join(', ')})`);
  if (!Array.isArray(o.kinds)) throw new Error(`${name}: options.json needs "kinds", a list of change kinds`);
  const bad = (o.kinds as unknown[]).filter((k) => !(CHANGE_KINDS as readonly unknown[]).includes(k));
  if (bad.length) throw new Error(`${name}: options.json names unknown change kinds ${bad.join(', ')}`);
  const engines = (o.goldenEngines ?? ENGINES) as unknown[];
  if (!Array.isArray(engines) || engines.some((e) => !(ENGINES as readonly unknown[]).includes(e))) throw new Error(`${name}: goldenEngines must be a list of ${ENGINES.join(', ')}`);
  return o as unknown as CaseOptions;
}

/** Every case folder, in name order. */
export function loadCases(root = EVOLVE_ROOT): EvolveCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      for (const f of ['before.yaml', 'after.yaml', 'seed.sql', 'check.sql']) if (!existsSync(join(dir, f))) throw new Error(`${name}: ${f} is missing`);
      const setup = existsSync(join(dir, 'setup.sql')) ? { setup: readFileSync(join(dir, 'setup.sql'), 'utf8') } : {};
      return { name, dir, options: readOptions(dir, name), seed: readFileSync(join(dir, 'seed.sql'), 'utf8'), check: readFileSync(join(dir, 'check.sql'), 'utf8'), ...setup };
    });
}

/** What one engine saw of one case. */
export interface Observation {
  readonly engine: EngineName;
  readonly planText: string;
  readonly planSql: string;
  /** The kinds of the before → after plan's changes, sorted, each once. */
  readonly kinds: readonly ChangeKind[];
  readonly checkRows: readonly Record<string, string | null>[];
  readonly ms: number;
}

export class CaseFailure extends Error {}

async function load(c: EvolveCase, file: string): Promise<Project> {
  try {
    return (await loadProjectOrThrow([join(c.dir, file)], { cwd: c.dir })).project;
  } catch (e) {
    throw new CaseFailure(`${file} is not valid: ${e instanceof PgdeclError ? e.diagnostics.map((d) => `${d.pos ? `${d.pos.line}:${d.pos.column} ` : ''}${d.message}`).join('; ') : String(e)}`);
  }
}

async function plan(target: Target, project: Project, what: string, online = false): Promise<ProjectPlan> {
  try {
    return await planProject(target, project, online ? { online: 'always' } : {});
  } catch (e) {
    throw new CaseFailure(`planning ${what} failed: ${e instanceof PgdeclError ? e.diagnostics.map((d) => d.message).join('; ') : String(e)}`);
  }
}

async function apply(target: Target, p: ProjectPlan, what: string): Promise<void> {
  const r = await applySteps(target, p.plan.steps, { lockTimeout: '10s' });
  if (r.failure) {
    const f = r.failure;
    throw new CaseFailure(`applying ${what} failed at step [${f.step.id}] ${f.step.summary}: ${f.error.message}${f.error.detail ? ` (${f.error.detail})` : ''}\n  statement: ${f.statement}`);
  }
}

const summaries = (changes: readonly Change[]) => changes.map((c) => describe(c).summary).join('; ');

/**
 * The no-op check: after an apply, re-inspecting finds nothing left to do, and a plan made
 * from scratch (compile, inspect, normalise, diff) is empty.
 */
async function assertConverged(target: Target, project: Project, p: ProjectPlan, what: string): Promise<void> {
  const left = await remainingChanges(target, p);
  if (left.length) throw new CaseFailure(`after applying ${what}, changes remain: ${summaries(left)}`);
  const again = await plan(target, project, `${what} again`);
  if (again.plan.steps.length) throw new CaseFailure(`after applying ${what}, a new plan is not empty:\n${formatPlanText(again.plan)}`);
  if (formatPlanText(again.plan) !== 'No changes: the database matches the files.\n') throw new CaseFailure(`an empty plan prints ${JSON.stringify(formatPlanText(again.plan))}`);
}

export const sortedKinds = (changes: readonly Change[]): ChangeKind[] => [...new Set(changes.map((c) => c.kind))].sort();

/** Runs one case on one engine, from an empty database. Throws CaseFailure with what went wrong. */
export async function runCase(c: EvolveCase, target: Target, engine: EngineName): Promise<Observation> {
  const t0 = performance.now();
  const before = await load(c, 'before.yaml');
  const after = await load(c, 'after.yaml');
  if (c.setup !== undefined) {
    try {
      await target.exec(c.setup);
    } catch (e) {
      throw new CaseFailure(`setup.sql failed: ${(e as Error).message}`);
    }
  }

  const p0 = await plan(target, before, 'before.yaml');
  if (p0.plan.steps.some(isDestructive)) throw new CaseFailure(`the plan of before.yaml from an empty database has destructive steps`);
  await apply(target, p0, 'before.yaml');
  await assertConverged(target, before, p0, 'before.yaml');

  try {
    await target.exec(c.seed);
  } catch (e) {
    throw new CaseFailure(`seed.sql failed: ${(e as Error).message}`);
  }

  const p1 = await plan(target, after, 'after.yaml', c.options.online === true);
  const kinds = sortedKinds(p1.changes);
  const want = [...new Set(c.options.kinds)].sort();
  if (kinds.join() !== want.join()) {
    throw new CaseFailure(`the plan's change kinds are [${kinds.join(', ')}], options.json expects [${want.join(', ')}]\n${formatPlanText(p1.plan)}`);
  }

  // Destructive steps: refused without the flag, as `pgdecl apply` refuses them (same function).
  const destructive = await destructiveSteps(target, p1.plan.steps);
  if (destructive.length !== p1.plan.steps.filter(isDestructive).length) throw new CaseFailure('destructiveSteps and isDestructive disagree');
  if (destructive.length && !c.options.allowDestructive) {
    throw new CaseFailure(`apply refuses destructive steps without allowDestructive: ${destructive.map((d) => `[${d.step.id}] ${d.step.summary}`).join('; ')}`);
  }
  if (c.options.allowDestructive) {
    if (!destructive.length) throw new CaseFailure('options.json says allowDestructive, but no step is destructive');
    // A guarded narrowing counts the values that do not fit: none, when every seeded value fits.
    const empty = destructive.filter((d) => d.rows === undefined || (d.rows === 0 && !/do not fit/.test(d.what)));
    if (empty.length) throw new CaseFailure(`destructive steps that should touch seeded rows count none: ${empty.map((d) => `${d.step.summary} (${d.rows ?? 'unknown'})`).join('; ')}`);
  }

  await apply(target, p1, 'after.yaml');
  await assertConverged(target, after, p1, 'after.yaml');

  let rows: Record<string, unknown>[];
  try {
    rows = await target.query(c.check);
  } catch (e) {
    throw new CaseFailure(`check.sql failed: ${(e as Error).message}`);
  }
  const notText = rows.flatMap((r) => Object.entries(r).filter(([, v]) => v !== null && typeof v !== 'string').map(([k, v]) => `${k}=${JSON.stringify(v)}`));
  if (notText.length) throw new CaseFailure(`check.sql must cast every value to text (engines differ otherwise): ${notText.slice(0, 5).join(', ')}`);

  return {
    engine,
    planText: formatPlanText(p1.plan),
    planSql: formatPlanSql(p1.plan),
    kinds,
    checkRows: rows as Record<string, string | null>[],
    ms: performance.now() - t0,
  };
}

/** A line diff (longest common subsequence): `-` expected, `+` actual, two lines of context. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { op: ' ' | '-' | '+'; line: string; at: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', line: a[i++]!, at: j++ });
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', line: a[i++]!, at: j });
    else ops.push({ op: '+', line: b[j]!, at: j++ });
  }
  const near = (k: number) => ops.slice(Math.max(0, k - 2), k + 3).some((o) => o.op !== ' ');
  const out: string[] = [];
  let skipped = false;
  ops.forEach((o, k) => {
    if (o.op !== ' ' || near(k)) {
      if (skipped) out.push('  …');
      skipped = false;
      out.push(`${o.op} ${o.line}`);
    } else skipped = true;
  });
  return out.join('\n');
}

/**
 * Compares `actual` with the golden file `dir/file`, or writes it under UPDATE_GOLDEN=1.
 * Returns a message on mismatch, undefined when equal.
 */
export function golden(dir: string, file: string, actual: string, label: string, write: boolean): string | undefined {
  const path = join(dir, file);
  if (write) {
    writeFileSync(path, actual);
    return undefined;
  }
  if (!existsSync(path)) return `${label}: ${file} is missing (run UPDATE_GOLDEN=1 npm test -- evolve, then review it)`;
  const expected = readFileSync(path, 'utf8');
  if (expected === actual) return undefined;
  return `${label}: ${file} differs (- golden, + actual):\n${lineDiff(expected, actual)}`;
}

export function checkJson(rows: readonly Record<string, string | null>[]): string {
  return '[\n' + rows.map((r) => '  ' + JSON.stringify(r)).join(',\n') + (rows.length ? '\n' : '') + ']\n';
}
