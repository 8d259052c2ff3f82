/**
 * Test helpers for pull: the hand-written cases of fixtures/pull/<case>/ (schema.sql, and the
 * reviewed expected.yaml and expected-report.txt), and the round trip every test checks —
 * pull, the YAML validates, and a plan of it against the same database has no steps.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pull, pulledFile, describeUnsupported, type PullOptions, type PullResult } from '../../src/pull/index.js';
import { loadProjectFromText } from '../../src/validate/project.js';
import { planProject } from '../../src/plan/project-plan.js';
import { formatPlanText } from '../../src/render/plan-text.js';
import type { Target } from '../../src/targets/target.js';

export const PULL_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/pull/', import.meta.url));

/** The modeline of the golden files: the schema, from fixtures/pull/<case>/. */
export const GOLDEN_SCHEMA_PATH = '../../../schema/pgdecl.schema.json';

export interface PullCase {
  readonly name: string;
  readonly dir: string;
  readonly sql: string;
  /** From a `-- schemas: a, b` line of schema.sql; default public. */
  readonly schemas: readonly string[];
}

export function listPullCases(): PullCase[] {
  return readdirSync(PULL_FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(PULL_FIXTURES_DIR, d.name, 'schema.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(PULL_FIXTURES_DIR, name);
      const sql = readFileSync(join(dir, 'schema.sql'), 'utf8');
      const m = /^-- schemas: (.+)$/m.exec(sql);
      return { name, dir, sql, schemas: m ? m[1]!.split(',').map((s) => s.trim()) : ['public'] };
    });
}

/** What pull reports: the objects it did not pull, then what it could not write exactly. */
export function reportText(r: PullResult): string {
  const lines = [...r.unsupported.map(describeUnsupported), ...r.inexact.map((i) => `not exact: ${i}`)];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export interface RoundTrip {
  readonly result: PullResult;
  readonly text: string;
  /** Empty when the YAML validates and the plan against the database is empty. */
  readonly problems: string[];
}

/** pull → YAML → validate → plan against the same database. */
export async function roundTrip(t: Target, options: PullOptions = {}): Promise<RoundTrip> {
  const result = await pull(t, options);
  const text = pulledFile(result, { schemaPath: GOLDEN_SCHEMA_PATH });
  const problems = await planOf(t, text);
  return { result, text, problems };
}

/** Problems of a pulled text: diagnostics, or the steps a plan against `t` still has. */
export async function planOf(t: Target, text: string, name = 'pulled.yaml'): Promise<string[]> {
  const loaded = await loadProjectFromText(name, text, { env: {} });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.project || errors.length) return errors.map((d) => `invalid at ${d.pos?.line ?? '?'}:${d.pos?.column ?? '?'}: ${d.code} ${d.message}`);
  const warnings = loaded.diagnostics.map((d) => `warning at ${d.pos?.line ?? '?'}: ${d.code} ${d.message}`);
  const p = await planProject(t, loaded.project);
  return p.plan.steps.length ? [...warnings, `the plan is not empty:\n${formatPlanText(p.plan)}`] : warnings;
}
