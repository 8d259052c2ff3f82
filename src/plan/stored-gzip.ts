/**
 * Keyed JSON documents kept gzip-compressed in a table of the `pgdecl` schema
 * (`key text PRIMARY KEY, entry bytea, stored_at`): the files' cache (./stored-project.ts) and
 * the inspections an apply keeps (./stored-inspection.ts). Stored inside the caller's
 * transaction under a savepoint (a role that may not write there still applies), the newest
 * few kept; read in one query, and a missing table, row or damaged entry reads as nothing.
 */
import { gunzipSync, gzip as gzipCb, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { Target } from '../targets/target.js';
import { ident } from '../sql/quote.js';
import { underSavepoint } from './savepoint.js';

export interface GzipTable {
  /** The table's name in the schema `pgdecl`. */
  readonly name: string;
  /** How many keys are kept, the newest first. */
  readonly keep: number;
  /** zlib's level: faster for what is written on every apply and read at once. */
  readonly level: number;
}

const qualified = (t: GzipTable) => `pgdecl.${ident(t.name)}`;

/** Creates the table when it is missing (in the caller's transaction). */
export async function ensureGzipTable(target: Target, table: GzipTable): Promise<void> {
  await target.exec(`CREATE SCHEMA IF NOT EXISTS pgdecl;
CREATE TABLE IF NOT EXISTS ${qualified(table)} (
  key text PRIMARY KEY,
  entry bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
)`);
}

/**
 * JSON already gzip-compressed (`gzipLater`), possibly as several gzip members one after the
 * other: what is read back is their texts joined (gunzip reads every member).
 */
export class Gzipped {
  constructor(readonly bytes: Buffer) {}
}

const gzipAsync = promisify(gzipCb);

/** A text gzip-compressed on libuv's threads: the main thread goes on meanwhile. */
export async function gzipLater(text: string, level: number): Promise<Gzipped> {
  return new Gzipped(await gzipAsync(text, { level }));
}

/** Stores `value` (or JSON compressed before) under `key`; false when the role may not, or the server refuses (the transaction goes on). */
export async function storeGzip(target: Target, table: GzipTable, key: string, value: unknown): Promise<boolean> {
  const bytes = value instanceof Gzipped ? value.bytes : gzipSync(JSON.stringify(value), { level: table.level });
  return underSavepoint(target, `pgdecl_store_${table.name}`, async () => {
    await ensureGzipTable(target, table);
    await target.query(
      `INSERT INTO ${qualified(table)} (key, entry) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET entry = EXCLUDED.entry, stored_at = now()`,
      [key, bytes],
    );
    await target.query(`DELETE FROM ${qualified(table)} WHERE key NOT IN (SELECT key FROM ${qualified(table)} ORDER BY stored_at DESC, key LIMIT ${table.keep})`);
  });
}

/** The value stored under `key`, or undefined. One query. */
export function readGzip<T>(target: Target, table: GzipTable, key: string): Promise<T | undefined> {
  return readOne<T>(target, table, `SELECT entry FROM ${qualified(table)} WHERE key = $1`, [key]);
}

/** The newest value stored, or undefined. One query. */
export function readNewestGzip<T>(target: Target, table: GzipTable): Promise<T | undefined> {
  return readOne<T>(target, table, `SELECT entry FROM ${qualified(table)} ORDER BY stored_at DESC, key LIMIT 1`, []);
}

/** The entry `select` finds, read only when the table exists; a missing table, row or damaged entry is undefined. */
async function readOne<T>(target: Target, table: GzipTable, select: string, params: readonly unknown[]): Promise<T | undefined> {
  try {
    const rows = await target.query<{ entry: Uint8Array | null }>(`SELECT (${select}) AS entry WHERE pg_catalog.to_regclass('${qualified(table)}') IS NOT NULL`, params);
    const bytes = rows[0]?.entry;
    return bytes ? (JSON.parse(gunzipSync(bytes).toString('utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}
