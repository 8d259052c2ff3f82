/**
 * A new embedded data directory starts from a copy of a freshly initialised cluster, kept in
 * the user's cache: `$XDG_CACHE_HOME/pgdecl/` (else `~/.cache/pgdecl/`), one gzip-compressed
 * tarball per PGlite version (`pglite-<version>-cluster.tar.gz`, about 4.5 MB). PGlite's
 * initdb is 3-5 s of a first command on a new directory; loading the copy is about 1 s.
 *
 * The first new directory on a machine (for a PGlite version) runs initdb and writes the copy
 * right after it, before anything is created in the cluster: the copy is exactly what initdb
 * made. It is written as a whole or not at all (../util/write-json.ts), and gzip's checksum
 * rejects a damaged one, which is then made again. Only an empty directory is started from the
 * copy, claimed first (`claimForCopy`); when PGlite cannot start from it, what the copy wrote
 * is removed again (never anything else) and initdb runs instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { writeFileAtomic } from '../util/write-json.js';
import { pgliteVersion } from './pglite-version.js';

/** The folder of pgdecl's per-user cache, from the environment the command runs in. */
export function userCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  return xdg ? join(xdg, 'pgdecl') : join(env.HOME?.trim() || homedir(), '.cache', 'pgdecl');
}

/** The copy's file in a cache folder: a cluster of one PGlite version only fits that version. */
export function clusterCopyFile(cacheDir: string): string {
  return join(cacheDir, `pglite-${pgliteVersion() || 'unknown'}-cluster.tar.gz`);
}

/** Whether `dir` holds nothing yet: a cluster may be started there from the copy. */
export function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/** The copy's tarball; undefined when there is none, it is damaged, or it is not a tarball. */
export function readClusterCopy(file: string): Uint8Array | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const tar = gunzipSync(readFileSync(file));
    // A POSIX tarball: "ustar" at offset 257 of its first header (PGlite fails on anything else outside its promise).
    if (tar.length < 1024 || tar.subarray(257, 262).toString('latin1') !== 'ustar') return undefined;
    return new Uint8Array(tar.buffer, tar.byteOffset, tar.length);
  } catch {
    return undefined;
  }
}

/** The top-level names a tarball writes (`/PG_VERSION`, `base/…` → PG_VERSION, base). */
export function tarTopNames(tar: Uint8Array): string[] {
  const names = new Set<string>();
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) => Buffer.from(header.subarray(from, from + len)).toString('latin1').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const top = name.split('/').find((p) => p !== '' && p !== '.');
    if (top && top !== '..') names.add(top);
    const size = parseInt(field(124, 12).trim() || '0', 8) || 0;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return [...names];
}
/** Writes the copy of a cluster initdb has just made (best effort: a cache). */
export async function writeClusterCopy(db: PGlite, file: string): Promise<boolean> {
  try {
    const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
    writeFileAtomic(file, gzipSync(tar, { level: 1 }));
    return true;
  } catch {
    return false;
  }
}

/**
 * A cluster started from the copy has the copy's system identifier, which the catalog's stamp
 * relies on to tell clusters apart: each gets a random identity of its own, in a file of its
 * data directory (PostgreSQL ignores it). The file is also the claim on the directory: created
 * only if it does not exist, while the directory is empty, before the copy is loaded, so two
 * processes never both start a cluster there from the copy, and the identity is there as soon
 * as the cluster is.
 */
const IDENTITY_FILE = 'pgdecl-cluster-id';

/** Claims an empty directory for the copy; the new identity, or undefined when another claim or a file is there. */
export function claimForCopy(dir: string): string | undefined {
  if (!isEmptyDir(dir)) return undefined;
  const id = randomBytes(16).toString('hex');
  try {
    writeFileSync(join(dir, IDENTITY_FILE), `${id}\n`, { flag: 'wx' });
    return id;
  } catch {
    return undefined;
  }
}

/** The identity of a cluster started from the copy; undefined for one initdb made. */
export function clusterIdentity(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, IDENTITY_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * After a failed start from the copy: the claim goes, and, unless the failure was a cluster
 * already there (someone else's), what the copy holds (its top-level names) goes too. Nothing
 * else in the directory is touched.
 */
export function undoCopyStart(dir: string, tar: Uint8Array, error: unknown): void {
  rmSync(join(dir, IDENTITY_FILE), { force: true });
  if (/already exists/i.test(error instanceof Error ? error.message : String(error))) return;
  for (const name of tarTopNames(tar)) if (name !== IDENTITY_FILE) rmSync(join(dir, name), { recursive: true, force: true });
}
