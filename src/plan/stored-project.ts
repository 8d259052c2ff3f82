/**
 * The files' cache in the database: an apply that proved convergence also stores, in
 * `pgdecl.project_cache`, what it made of the files (the loaded project, the compiled catalog
 * and the normalised one), under the files' key (./project-cache.ts: pgdecl's code, the files'
 * bytes, the variables they name). A plan in a fresh clone of the same files (CI) reads that
 * row instead of parsing, validating, compiling and normalising: only the inspection is left.
 *
 * Stored gzip-compressed; the newest few keys are kept. A role that may not write in the
 * `pgdecl` schema still applies (a savepoint takes the refusal).
 */
import type { Target } from '../targets/target.js';
import { ensureGzipTable, readGzip, storeGzip, type GzipTable } from './stored-gzip.js';

/** Keys kept: the applied files of the last few applies (branches deployed in turn). */
const TABLE: GzipTable = { name: 'project_cache', keep: 8, level: 6 };

export interface StoredEntry {
  readonly format: number;
  readonly project: unknown;
  readonly warnings: readonly unknown[];
  readonly stages: Readonly<Record<string, unknown>>;
}

/** The entry of `key`, or undefined (no table, no row, or a damaged row). One query. */
export function readStoredProject(target: Target, key: string): Promise<StoredEntry | undefined> {
  return readGzip<StoredEntry>(target, TABLE, key);
}

/** Creates `pgdecl.project_cache` when it is missing (in the caller's transaction). */
export function ensureProjectTable(target: Target): Promise<void> {
  return ensureGzipTable(target, TABLE);
}

/**
 * Stores an entry inside the caller's open transaction, under a savepoint; returns whether it
 * was stored (false when the role may not, or the server refuses: the transaction goes on).
 */
export function storeProject(target: Target, key: string, entry: StoredEntry): Promise<boolean> {
  return storeGzip(target, TABLE, key, entry);
}
