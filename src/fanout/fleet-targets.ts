/**
 * Which databases a fleet command works on: several `--db`, else (the caller has checked that
 * DATABASE_URL is not set) the repo's `fleet:` in the files (named URLs, or a query on a directory database that lists them), then narrowed by
 * `--only` / `--except`. One `--db`, or no fleet in the files: not a fleet, the command works
 * on one database as it always did. Every target has a name fit to print: the name the list
 * gives it, else its URL without the password.
 */
import type { Project } from '../model/resource.js';
import { PgdeclError } from '../model/diagnostic.js';
import { openTarget, parseSpec, type TargetSpec } from '../targets/resolve.js';
import { redactSecrets } from '../targets/redact.js';

export interface FleetTarget {
  /** How output names it, and what --only / --except pick. */
  readonly name: string;
  readonly spec: TargetSpec;
}

export interface Fleet {
  readonly targets: readonly FleetTarget[];
  /** Where the list came from, for messages. */
  readonly source: string;
}

export interface FleetOptions {
  /** Every `--db` given, in order. */
  readonly dbs: readonly string[];
  readonly project?: Project;
  readonly repo: string;
  readonly cwd: string;
}

function unique(targets: readonly FleetTarget[], source: string): FleetTarget[] {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) {
      throw new PgdeclError({
        code: 'fleet_duplicate_target',
        severity: 'error',
        message: `${source} names the database ${t.name} twice`,
        suggestion: 'list each database once (give two databases of one server different names)',
      });
    }
    seen.add(t.name);
  }
  return [...targets];
}

/** The fleet, or undefined when the command works on one database. */
export async function resolveFleet(o: FleetOptions): Promise<Fleet | undefined> {
  if (o.dbs.length > 1) {
    const targets = o.dbs.map((db) => {
      const spec = parseSpec(db.trim(), '--db', o.cwd);
      return { name: spec.label, spec };
    });
    return { targets: unique(targets, '--db'), source: '--db' };
  }
  if (o.dbs.length === 1) return undefined;
  const fleet = o.project?.repos.find((r) => r.name === o.repo)?.fleet;
  if (!fleet) return undefined;
  const source = `the fleet of repo "${o.repo}"`;
  if (fleet.targets) {
    return { targets: unique(fleet.targets.map((t) => ({ name: t.name, spec: parseSpec(t.url.trim(), `${source} (${t.name})`, o.cwd) })), source), source };
  }
  if (fleet.query) return { targets: unique(await queryFleet(fleet.query.sql, fleet.query.directory, source, o.cwd), source), source: `${source} (its query)` };
  return undefined;
}

/** Runs the fleet query on the directory database: one database per row. */
async function queryFleet(sql: string, directory: string, source: string, cwd: string): Promise<FleetTarget[]> {
  const spec = parseSpec(directory.trim(), `the directory of ${source}`, cwd);
  const dir = await openTarget(spec);
  let rows: Record<string, unknown>[];
  try {
    rows = await dir.query(sql);
  } catch (e) {
    throw new PgdeclError({
      code: 'fleet_query_failed',
      severity: 'error',
      message: `listing the databases with the query of ${source} on ${spec.label} failed: ${redactSecrets((e as Error).message)}`,
      suggestion: 'check the query; it must return one row per database, with a url column (or the URL first) and optionally a name column',
    });
  } finally {
    await dir.close();
  }
  return rows.flatMap((row) => {
    const url = row.url ?? Object.values(row)[0];
    if (url === null || url === undefined || String(url).trim() === '') return [];
    const spec = parseSpec(String(url).trim(), `the query of ${source}`, cwd);
    const name = row.name === null || row.name === undefined ? spec.label : String(row.name);
    return [{ name, spec }];
  });
}

/** `--only` / `--except`: targets by name; a name the fleet does not hold is an error. */
export function pickTargets(fleet: Fleet, only: readonly string[], except: readonly string[]): FleetTarget[] {
  const names = fleet.targets.map((t) => t.name);
  const unknown = [...only, ...except].filter((n) => !names.includes(n));
  if (unknown.length) {
    throw new PgdeclError({
      code: 'fleet_unknown_target',
      severity: 'error',
      message: `--only / --except name ${unknown.join(', ')}, which ${fleet.source} does not hold (it holds ${names.join(', ')})`,
      suggestion: 'use the names the fleet gives its databases, as the final table of a run prints them',
    });
  }
  const picked = fleet.targets.filter((t) => (only.length === 0 || only.includes(t.name)) && !except.includes(t.name));
  if (picked.length === 0) {
    throw new PgdeclError({ code: 'fleet_empty', severity: 'error', message: `no database is left to work on (${fleet.source}${only.length || except.length ? ', after --only / --except' : ''})`, suggestion: 'check the fleet list and --only / --except' });
  }
  return picked;
}
