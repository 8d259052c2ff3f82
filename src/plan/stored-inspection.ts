/**
 * Inspections kept in the database: `pgdecl.inspections (key, entry, stored_at)`. An apply that
 * recorded its convergence (./converged.ts) stores, in the same transaction, the inspection its
 * proof made, under the stamp it recorded (./inspection-cache.ts: the key covers pgdecl's code,
 * the stamp and the scope). A plan of edited files against that database, from any clone, reads
 * it in one query instead of sending the catalog queries; any change to the catalog since
 * changes the stamp, and the entry is not found.
 *
 * Stored gzip-compressed; the newest two are kept. Best effort, under a savepoint.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Inspection } from '../inspect/inspect.js';
import type { Target } from '../targets/target.js';
import { underSavepoint } from './savepoint.js';

const KEEP = 2;

/** Creates `pgdecl.inspections` when it is missing (in the caller's transaction). */
export async function ensureInspectionTable(target: Target): Promise<void> {
  await target.exec(`CREATE SCHEMA IF NOT EXISTS pgdecl;
CREATE TABLE IF NOT EXISTS pgdecl.inspections (
  key text PRIMARY KEY,
  entry bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
)`);
}

/** Stores an inspection inside the caller's open transaction; false when the role may not. */
export async function storeInspection(target: Target, key: string, inspection: Inspection): Promise<boolean> {
  const bytes = gzipSync(JSON.stringify(inspection), { level: 1 });
  return underSavepoint(target, 'pgdecl_store_inspection', async () => {
    await ensureInspectionTable(target);
    await target.query(
      `INSERT INTO pgdecl.inspections (key, entry) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET entry = EXCLUDED.entry, stored_at = now()`,
      [key, bytes],
    );
    await target.exec(`DELETE FROM pgdecl.inspections WHERE key NOT IN (SELECT key FROM pgdecl.inspections ORDER BY stored_at DESC LIMIT ${KEEP})`);
  });
}

/** The inspection stored under `key`, or undefined (no table, no row, a damaged row). One query. */
export async function readStoredInspection(target: Target, key: string): Promise<Inspection | undefined> {
  try {
    const rows = await target.query<{ entry: Uint8Array | null }>(
      `SELECT (SELECT entry FROM pgdecl.inspections WHERE key = $1) AS entry WHERE pg_catalog.to_regclass('pgdecl.inspections') IS NOT NULL`,
      [key],
    );
    const bytes = rows[0]?.entry;
    return bytes ? (JSON.parse(gunzipSync(bytes).toString('utf8')) as Inspection) : undefined;
  } catch {
    return undefined;
  }
}
