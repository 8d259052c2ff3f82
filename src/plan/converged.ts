/**
 * What is known to be converged: "these files, planned this way, against a database whose
 * catalog had this stamp (../inspect/stamp.ts), gave an empty plan". A plan is a function of
 * the files (with pgdecl's code and the variables they name: the files' key of
 * ./project-cache.ts), of how it is asked for (the variant: repo and --online/--offline), and
 * of what it reads from the server (the stamp). When all three match a record, the plan is
 * empty without loading, compiling or inspecting anything: `plan --exit-code` in CI costs
 * the stamp's one or two queries.
 *
 * Records are written by a plan that came out empty, when the stamp was the same before and
 * after it (in `.pgdecl/cache`, next to the files' entry), and by an apply that proved
 * convergence, when the stamp was the same before the proof and after pgdecl's own writes (in
 * its transaction, `pgdecl.converged`, so a fresh clone knows it too, and locally after COMMIT).
 * Only empty plans are recorded: a plan with steps also counts rows, which no stamp covers.
 */
import { ensureInspectionTable } from './stored-inspection.js';
import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../util/write-json.js';
import { join } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { OnlineSetting } from '../model/resource.js';
import type { Target } from '../targets/target.js';
import { catalogStamp } from '../inspect/stamp.js';
import { underSavepoint } from './savepoint.js';
import { ensureNormalizedTable } from './stored-normalized.js';
import { ensureProjectTable } from './stored-project.js';

/** Records kept per set of files (a few databases, variants, states) and in the database. */
const KEEP_LOCAL = 16;
const KEEP_STORED = 32;

export interface ConvergedRecord {
  readonly variant: string;
  readonly stamp: string;
  /** The server's version, for records of the embedded database (answered without opening it). */
  readonly serverVersion?: number;
  /** The files' warnings, shown again by a plan that loads nothing. */
  readonly warnings: readonly Diagnostic[];
}

/** Where records of one set of files go. */
export interface ConvergedPlace {
  /** The files' key (./project-cache.ts). */
  readonly key: string;
  /** `.pgdecl/cache`, when records are kept locally. */
  readonly cacheDir?: string;
  /** Which plan: the repo and the online override (`planVariant`). */
  readonly variant: string;
}

/** A plan's variant: the repo planned and `--online` / `--offline` (undefined: the files' setting). */
export function planVariant(repo: string | undefined, online: OnlineSetting | undefined): string {
  return `${repo ?? 'default'} ${online ?? 'files'}`;
}

const localFile = (cacheDir: string, key: string) => join(cacheDir, `project-${key}`, 'converged.json');

export function readLocal(cacheDir: string, key: string): ConvergedRecord[] {
  try {
    const doc = JSON.parse(readFileSync(localFile(cacheDir, key), 'utf8')) as { records?: ConvergedRecord[] };
    return Array.isArray(doc.records) ? doc.records : [];
  } catch {
    return [];
  }
}

/** Records locally that the plan of `place` is empty at `stamp` (newest first; best effort). */
export function rememberConverged(place: ConvergedPlace, stamp: string, warnings: readonly Diagnostic[], serverVersion?: number): void {
  if (place.cacheDir === undefined) return;
  const file = localFile(place.cacheDir, place.key);
  const records = [{ variant: place.variant, stamp, warnings, ...(serverVersion !== undefined ? { serverVersion } : {}) }, ...readLocal(place.cacheDir, place.key).filter((r) => r.variant !== place.variant || r.stamp !== stamp)].slice(0, KEEP_LOCAL);
  try {
    writeJsonAtomic(file, { records });
  } catch {
    // A record that cannot be written only makes the next plan do the work.
  }
}

/** The records the database holds for these files and variant (none: no table, or a refusal). */
async function readStored(target: Target, place: ConvergedPlace): Promise<ConvergedRecord[]> {
  try {
    const rows = await target.query<{ stamp: string; warnings: unknown }>(
      'SELECT stamp, warnings FROM pgdecl.converged WHERE key = $1 AND variant = $2',
      [place.key, place.variant],
    );
    return rows.map((r) => ({ variant: place.variant, stamp: r.stamp, warnings: (typeof r.warnings === 'string' ? JSON.parse(r.warnings) : r.warnings) as Diagnostic[] }));
  } catch {
    return [];
  }
}

/**
 * Whether the plan of `place` against `target` is known to be empty: the database's stamp
 * matches a record, local or stored by an apply. Returns the files' warnings when it is.
 * Outside a transaction; one or two queries for the stamp, one more to read the database's
 * records when the local ones do not match. `seen` receives the stamp compared: a plan that
 * follows can start from it (../plan/project-plan.ts `stampBefore`).
 */
export async function knownConverged(target: Target, place: ConvergedPlace, seen?: (stamp: string) => void): Promise<{ readonly warnings: readonly Diagnostic[] } | undefined> {
  const stamp = await catalogStamp(target);
  if (stamp === undefined) return undefined;
  seen?.(stamp);
  const local = place.cacheDir !== undefined ? readLocal(place.cacheDir, place.key).find((r) => r.variant === place.variant && r.stamp === stamp) : undefined;
  if (local) return { warnings: local.warnings };
  const stored = (await readStored(target, place)).find((r) => r.stamp === stamp);
  if (!stored) return undefined;
  rememberConverged(place, stamp, stored.warnings);
  return { warnings: stored.warnings };
}

async function ensureConvergedTable(target: Target): Promise<void> {
  await target.exec(`CREATE SCHEMA IF NOT EXISTS pgdecl;
CREATE TABLE IF NOT EXISTS pgdecl.converged (
  key text NOT NULL,
  variant text NOT NULL,
  stamp text NOT NULL,
  warnings jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, variant, stamp)
)`);
}

/**
 * In an apply's open transaction, after its steps and before the proof of convergence: creates
 * pgdecl's tables the apply writes to (so that writing them later changes no catalog) and
 * returns the stamp the proof is about to see; undefined when the role may not create them
 * or the server has no stamp. Under a savepoint: a refusal never fails the apply.
 */
export async function stampBeforeProof(target: Target): Promise<string | undefined> {
  let stamp: string | undefined;
  const ok = await underSavepoint(target, 'pgdecl_converged_tables', async () => {
    await ensureNormalizedTable(target);
    await ensureProjectTable(target);
    await ensureConvergedTable(target);
    await ensureInspectionTable(target);
    stamp = await catalogStamp(target);
  });
  return ok ? stamp : undefined;
}

/**
 * Last in an apply's open transaction, after the proof and pgdecl's own writes: stores the
 * record when the stamp is still `proved` (the one `stampBeforeProof` returned), so nothing
 * committed by another session since the proof is recorded as converged. Returns the stamp
 * stored, or undefined. Under a savepoint: a refusal never fails the apply.
 */
export async function storeConverged(target: Target, place: ConvergedPlace, warnings: readonly Diagnostic[], proved: string): Promise<string | undefined> {
  let stored: string | undefined;
  const ok = await underSavepoint(target, 'pgdecl_store_converged', async () => {
    const stamp = await catalogStamp(target);
    if (stamp !== proved) return;
    await target.query(
      `INSERT INTO pgdecl.converged (key, variant, stamp, warnings) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (key, variant, stamp) DO UPDATE SET stored_at = now(), warnings = EXCLUDED.warnings`,
      [place.key, place.variant, stamp, JSON.stringify(warnings)],
    );
    await target.query(`DELETE FROM pgdecl.converged WHERE (key, variant, stamp) NOT IN (SELECT key, variant, stamp FROM pgdecl.converged ORDER BY stored_at DESC LIMIT ${KEEP_STORED})`);
    stored = stamp;
  });
  return ok ? stored : undefined;
}
