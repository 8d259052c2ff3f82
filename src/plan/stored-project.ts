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
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Target } from '../targets/target.js';
import { underSavepoint } from './savepoint.js';

/** Keys kept: the applied files of the last few applies (branches deployed in turn). */
const KEEP = 8;

export interface StoredEntry {
  readonly format: number;
  readonly project: unknown;
  readonly warnings: readonly unknown[];
  readonly stages: Readonly<Record<string, unknown>>;
}

/** The entry of `key`, or undefined (no table, no row, or a damaged row). One query. */
export async function readStoredProject(target: Target, key: string): Promise<StoredEntry | undefined> {
  try {
    const rows = await target.query<{ entry: Uint8Array | null }>(
      `SELECT (SELECT entry FROM pgdecl.project_cache WHERE key = $1) AS entry WHERE to_regclass('pgdecl.project_cache') IS NOT NULL`,
      [key],
    );
    const bytes = rows[0]?.entry;
    if (!bytes) return undefined;
    return JSON.parse(gunzipSync(bytes).toString('utf8')) as StoredEntry;
  } catch {
    return undefined;
  }
}

/** Creates `pgdecl.project_cache` when it is missing (in the caller's transaction). */
export async function ensureProjectTable(target: Target): Promise<void> {
  await target.exec(`CREATE SCHEMA IF NOT EXISTS pgdecl;
CREATE TABLE IF NOT EXISTS pgdecl.project_cache (
  key text PRIMARY KEY,
  entry bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
)`);
}

/**
 * Stores an entry inside the caller's open transaction, under a savepoint; returns whether it
 * was stored (false when the role may not, or the server refuses: the transaction goes on).
 */
export async function storeProject(target: Target, key: string, entry: StoredEntry): Promise<boolean> {
  const bytes = gzipSync(JSON.stringify(entry), { level: 6 });
  return underSavepoint(target, 'pgdecl_store_project', async () => {
    await ensureProjectTable(target);
    await target.query(
      `INSERT INTO pgdecl.project_cache (key, entry) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET entry = EXCLUDED.entry, stored_at = now()`,
      [key, bytes],
    );
    await target.query(`DELETE FROM pgdecl.project_cache WHERE key NOT IN (SELECT key FROM pgdecl.project_cache ORDER BY stored_at DESC, key LIMIT ${KEEP})`);
  });
}
