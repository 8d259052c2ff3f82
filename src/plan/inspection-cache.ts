/**
 * Inspections kept by the catalog's stamp (../inspect/stamp.ts): an inspection is a function
 * of pgdecl's code, what is inspected (schemas, extensions) and what the server holds, and
 * the stamp sums up the last. A plan after an edit of the files, against a database that did
 * not change since the last plan, reads the inspection from `.pgdecl/cache/inspect-<key>.json`
 * instead of sending the catalog queries again.
 *
 * An entry is written only when the stamp was the same before and after the plan that made
 * it, so it holds what the server held at that stamp; the newest few are kept. An apply also
 * keeps the inspection its proof of convergence made, here and in the database
 * (`pgdecl.inspections`, ./stored-inspection.ts), under the stamp it recorded: a plan after an
 * edit, in any clone, then reads it in one query.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../util/write-json.js';
import { join } from 'node:path';
import type { Inspection } from '../inspect/inspect.js';
import type { Target } from '../targets/target.js';
import { codeVersion } from './project-cache.js';
import { readStoredInspection } from './stored-inspection.js';

const KEEP = 4;

export interface InspectionScope {
  readonly schemas: readonly string[];
  readonly extensions: readonly string[];
}

/** An inspection's key: pgdecl's code, the stamp and what is inspected. */
export function inspectionKey(stamp: string, scope: InspectionScope): string {
  return createHash('sha256').update(`${codeVersion()}\n${stamp}\n${JSON.stringify(scope)}`).digest('hex').slice(0, 40);
}

function file(cacheDir: string, stamp: string, scope: InspectionScope): string {
  return join(cacheDir, `inspect-${inspectionKey(stamp, scope)}.json`);
}

/** The inspection of `scope` at `stamp`, if a plan kept one. */
export function cachedInspection(cacheDir: string, stamp: string, scope: InspectionScope): Inspection | undefined {
  try {
    return JSON.parse(readFileSync(file(cacheDir, stamp, scope), 'utf8')) as Inspection;
  } catch {
    return undefined;
  }
}

/** The inspection of `scope` at `stamp` a plan kept in `cacheDir`, else one an apply stored in the database (one query). */
export async function keptInspection(target: Target, stamp: string, scope: InspectionScope, cacheDir: string | undefined): Promise<Inspection | undefined> {
  return (cacheDir !== undefined ? cachedInspection(cacheDir, stamp, scope) : undefined) ?? (await readStoredInspection(target, inspectionKey(stamp, scope)));
}

/** Keeps an inspection made at `stamp` (or its JSON, made already), best effort, and the newest few others. */
export function keepInspection(cacheDir: string, stamp: string, scope: InspectionScope, inspection: Inspection | string): void {
  try {
    writeFileAtomic(file(cacheDir, stamp, scope), typeof inspection === 'string' ? inspection : JSON.stringify(inspection));
    const others = readdirSync(cacheDir)
      .filter((n) => /^inspect-[0-9a-f]+\.json$/.test(n))
      .map((n) => ({ n, t: statSync(join(cacheDir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.t - a.t);
    for (const o of others.slice(KEEP)) rmSync(join(cacheDir, o.n), { force: true });
  } catch {
    // Only slower next time.
  }
}
