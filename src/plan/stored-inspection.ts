/**
 * Inspections kept in the database: `pgdecl.inspections`. An apply that recorded its
 * convergence (./converged.ts) stores, in the same transaction, the inspection its proof made,
 * under the stamp it recorded (./inspection-cache.ts: the key covers pgdecl's code, the stamp
 * and the scope). A plan of edited files against that database, from any clone, reads it in one
 * query instead of sending the catalog queries; any change to the catalog since changes the
 * stamp, and the entry is not found. Gzip-compressed, the newest two kept (./stored-gzip.ts).
 */
import type { Inspection } from '../inspect/inspect.js';
import type { Target } from '../targets/target.js';
import { ensureGzipTable, gzipLater, readGzip, storeGzip, type Gzipped, type GzipTable } from './stored-gzip.js';

const TABLE: GzipTable = { name: 'inspections', keep: 2, level: 1 };

/** Creates `pgdecl.inspections` when it is missing (in the caller's transaction). */
export function ensureInspectionTable(target: Target): Promise<void> {
  return ensureGzipTable(target, TABLE);
}

/** Stores an inspection (or its JSON compressed by `gzipInspection`) inside the caller's open transaction; false when the role may not. */
export function storeInspection(target: Target, key: string, inspection: Inspection | Gzipped): Promise<boolean> {
  return storeGzip(target, TABLE, key, inspection);
}

/** An inspection's JSON compressed as it is stored, off the main thread. */
export function gzipInspection(json: string): Promise<Gzipped> {
  return gzipLater(json, TABLE.level);
}

/** The inspection stored under `key`, or undefined (no table, no row, a damaged row). One query. */
export function readStoredInspection(target: Target, key: string): Promise<Inspection | undefined> {
  return readGzip<Inspection>(target, TABLE, key);
}
