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
import { ensureGzipTable, readGzip, readNewestGzip, storeGzip, type GzipTable } from './stored-gzip.js';

/** Keys kept: the applied files of the last few applies (branches deployed in turn). */
const TABLE: GzipTable = { name: 'project_cache', keep: 8, level: 6 };
/**
 * The pieces of the applied files, parsed (../load/chunk-memo.ts): a plan of edited files that
 * has no entry for its key parses only the pieces the newest apply did not have.
 */
const CHUNKS: GzipTable = { name: 'chunk_cache', keep: 2, level: 6 };

export interface StoredEntry {
  readonly format: number;
  readonly project: unknown;
  readonly warnings: readonly unknown[];
  readonly stages: Readonly<Record<string, unknown>>;
  /** The files' pieces, parsed: stored beside the entry (`pgdecl.chunk_cache`), not in it. */
  readonly chunks?: Readonly<Record<string, string>>;
}

/** The entry of `key`, or undefined (no table, no row, or a damaged row). One query. */
export function readStoredProject(target: Target, key: string): Promise<StoredEntry | undefined> {
  return readGzip<StoredEntry>(target, TABLE, key);
}

/** Creates `pgdecl.project_cache` and `pgdecl.chunk_cache` when they are missing (in the caller's transaction). */
export async function ensureProjectTable(target: Target): Promise<void> {
  await ensureGzipTable(target, TABLE);
  await ensureGzipTable(target, CHUNKS);
}

/**
 * Stores an entry inside the caller's open transaction, under a savepoint; returns whether it
 * was stored (false when the role may not, or the server refuses: the transaction goes on).
 */
export async function storeProject(target: Target, key: string, entry: StoredEntry): Promise<boolean> {
  const { chunks, ...rest } = entry;
  if (chunks && Object.keys(chunks).length) await storeGzip(target, CHUNKS, key, chunks);
  return storeGzip(target, TABLE, key, rest);
}

/** The pieces of files the newest apply stored, or undefined. One query. */
export function readStoredChunks(target: Target): Promise<Readonly<Record<string, string>> | undefined> {
  return readNewestGzip(target, CHUNKS);
}
