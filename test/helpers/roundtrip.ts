/**
 * The adoption round trip, as teams adopting pgdecl on an existing database meet it: load
 * `old.sql` into database A and `new.sql` into database B; pull B; apply what was pulled to A
 * (destructive steps allowed); then the apply succeeds, a plan of it against A is empty
 * (`plan --exit-code` is 0), a pull of A equals the pull of B, and — where a pg_dump of the
 * server's major version is installed — `pg_dump --schema-only` of A equals B's.
 *
 *   const r = await roundTrip(server, oldSql, newSql);   // server: a ServerInfo or 'pglite'
 *   assert.equal(r.problems, []);
 *
 * Cases live in fixtures/roundtrip/<case>/{old.sql,new.sql} (`listRoundTripCases`). A first
 * line `-- schemas: a, b` in new.sql names the schemas to pull (default public). Where data
 * matters, old.sql inserts rows, new.sql the rows A must end with, and an optional `check.sql`
 * is a query whose rows on A after the apply must equal its rows on B.
 * PGlite has one database per instance: two instances are kept per process and emptied
 * between cases; pg_dump cannot run on PGlite, so there the pulls are compared alone.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { applySteps } from '../../src/apply/apply.js';
import { planProject, remainingChanges } from '../../src/plan/project-plan.js';
import { plan } from '../../src/plan/plan.js';
import { pull, pulledFile } from '../../src/pull/index.js';
import { describeUnsupported } from '../../src/pull/unsupported.js';
import { openPostgres } from '../../src/targets/postgres.js';
import type { Target } from '../../src/targets/target.js';
import { loadProjectFromText } from '../../src/validate/project.js';
import { GOLDEN_SCHEMA_PATH } from './pull.js';
import { freshDatabase, pglite, resetDatabase, type ServerInfo } from './servers.js';

export const ROUNDTRIP_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/roundtrip/', import.meta.url));

export type RoundTripServer = ServerInfo | 'pglite';

export interface RoundTripCase {
  readonly name: string;
  readonly oldSql: string;
  readonly newSql: string;
  /** A query whose rows on A after the apply equal its rows on B. */
  readonly checkSql?: string;
}

export interface RoundTripResult {
  /** Empty when every check holds; otherwise one line (or block) per failed check. */
  readonly problems: string[];
  /** The pulled file of B (what was applied to A). */
  readonly pulled: string;
  /** The summaries of the steps applied to A. */
  readonly applied: readonly string[];
  /** What pull left out of B, as it says on stderr. */
  readonly leftOut: readonly string[];
  /** Whether pg_dump compared the two databases (false on PGlite, or without a matching pg_dump). */
  readonly dumped: boolean;
}

export function listRoundTripCases(dir = ROUNDTRIP_FIXTURES_DIR): RoundTripCase[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'old.sql')) && existsSync(join(dir, d.name, 'new.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      name,
      oldSql: readFileSync(join(dir, name, 'old.sql'), 'utf8'),
      newSql: readFileSync(join(dir, name, 'new.sql'), 'utf8'),
      ...(existsSync(join(dir, name, 'check.sql')) ? { checkSql: readFileSync(join(dir, name, 'check.sql'), 'utf8') } : {}),
    }));
}

/** pg_dump binaries by server major version (a pg_dump refuses a newer server). */
const PG_DUMP: Readonly<Record<string, string>> = { pg15: '/usr/lib/postgresql/15/bin/pg_dump' };

let pglitePair: Promise<[Target, Target]> | undefined;

/** Two PGlite databases for the whole process, emptied for each case. */
async function pgliteDatabases(): Promise<{ a: Target; b: Target; done: () => Promise<void> }> {
  pglitePair ??= Promise.all([pglite(), pglite()]);
  const [a, b] = await pglitePair;
  await resetDatabase(a);
  await resetDatabase(b);
  return { a, b, done: async () => {} };
}

/** Closes the PGlite databases the round trips kept open. */
export async function closeRoundTripDatabases(): Promise<void> {
  if (!pglitePair) return;
  const p = pglitePair;
  pglitePair = undefined;
  for (const t of await p) await t.close();
}

async function serverDatabases(server: ServerInfo): Promise<{ a: Target; b: Target; urls: [string, string]; done: () => Promise<void> }> {
  const [da, db] = await Promise.all([freshDatabase(server, 'rta'), freshDatabase(server, 'rtb')]);
  const [a, b] = await Promise.all([openPostgres(da.url), openPostgres(db.url)]);
  return {
    a,
    b,
    urls: [da.url, db.url],
    done: async () => {
      await Promise.all([a.close(), b.close()]);
      await Promise.all([da.drop(), db.drop()]);
    },
  };
}

const run = promisify(execFile);

/** The schema of a database as pg_dump prints it, without its session-specific lines and pgdecl's bookkeeping. */
async function schemaDump(pgDump: string, url: string, schemas: readonly string[]): Promise<string> {
  const args = ['--schema-only', '--no-owner', ...schemas.map((s) => `--schema=${s}`), url];
  const { stdout } = await run(pgDump, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((l) => !/^\\(un)?restrict /.test(l) && !l.startsWith('-- Dumped '))
    .join('\n');
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  A: ${la[i] ?? '(end)'}\n  B: ${lb[i] ?? '(end)'}`;
  }
  return '';
}

function schemasOf(sql: string): string[] {
  const m = /^-- schemas: (.+)$/m.exec(sql);
  return m ? m[1]!.split(',').map((s) => s.trim()) : ['public'];
}

export async function roundTrip(server: RoundTripServer, oldSql: string, newSql: string, checkSql?: string): Promise<RoundTripResult> {
  const dbs: { a: Target; b: Target; urls?: readonly [string, string]; done: () => Promise<void> } = server === 'pglite' ? await pgliteDatabases() : await serverDatabases(server);
  const problems: string[] = [];
  const schemas = schemasOf(newSql);
  let pulled = '';
  let applied: string[] = [];
  let leftOut: string[] = [];
  let dumped = false;
  try {
    await dbs.a.exec(oldSql);
    await dbs.b.exec(newSql);
    const fromB = await pull(dbs.b, { schemas });
    leftOut = fromB.unsupported.map(describeUnsupported);
    pulled = pulledFile(fromB, { schemaPath: GOLDEN_SCHEMA_PATH });
    const loaded = await loadProjectFromText('pulled.yaml', pulled, { env: {} });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (!loaded.project || errors.length) return { problems: errors.map((d) => `the pull of B does not validate at ${d.pos?.line ?? '?'}:${d.pos?.column ?? '?'}: ${d.code} ${d.message}`), pulled, applied, leftOut, dumped };
    const p = await planProject(dbs.a, loaded.project);
    applied = p.plan.steps.map((s) => s.summary);
    const result = await applySteps(dbs.a, p.plan.steps);
    if (result.failure) return { problems: [`apply to A failed at ${result.failure.step.summary}: ${result.failure.error.message}\n  ${result.failure.statement}`], pulled, applied, leftOut, dumped };
    // What `plan --exit-code` sees: the same desired catalog against A inspected again.
    const left = await remainingChanges(dbs.a, p);
    if (left.length) problems.push(`after apply, a plan of A still has: ${plan(left).steps.map((s) => s.summary).join('; ')}`);
    if (checkSql !== undefined) {
      const [rowsA, rowsB] = await Promise.all([dbs.a.query(checkSql), dbs.b.query(checkSql)]);
      if (JSON.stringify(rowsA) !== JSON.stringify(rowsB)) problems.push(`check.sql differs: A ${JSON.stringify(rowsA)}, B ${JSON.stringify(rowsB)}`);
    }
    const fromA = pulledFile(await pull(dbs.a, { schemas }), { schemaPath: GOLDEN_SCHEMA_PATH });
    if (fromA !== pulled) problems.push(`the pull of A differs from the pull of B at ${firstDifference(fromA, pulled)}`);
    const pgDump = server === 'pglite' ? undefined : PG_DUMP[server.name];
    if (pgDump && dbs.urls && existsSync(pgDump)) {
      dumped = true;
      const [da, db] = await Promise.all([schemaDump(pgDump, dbs.urls[0], schemas), schemaDump(pgDump, dbs.urls[1], schemas)]);
      if (da !== db) problems.push(`pg_dump --schema-only of A differs from B's at ${firstDifference(da, db)}`);
    }
    return { problems, pulled, applied, leftOut, dumped };
  } finally {
    await dbs.done();
  }
}
