/**
 * Convergence of the embedded database, known without opening it (PGlite takes seconds to
 * open): its stamp is its data directory's files (`embeddedStamp`), taken after it was closed.
 * Records are kept in `.pgdecl/cache` beside the files' entry, and in the data directory itself
 * (`pgdecl-converged.json`, left out of the stamp), so that another folder planning the same
 * files against the same directory (a fresh clone, CI with a kept directory) knows it too, as
 * `pgdecl.converged` tells a fresh clone about a PostgreSQL server.
 */
import { createHash } from 'node:crypto';
import { pgliteVersion } from '../targets/pglite-version.js';
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { writeJsonAtomic } from '../util/write-json.js';
import { join } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { readLocal, rememberConverged, type ConvergedPlace, type ConvergedRecord } from './converged.js';

/** The record file in the data directory, and its temporary copies while written: not part of the stamp. */
const IN_DIRECTORY = 'pgdecl-converged.json';
const KEEP_IN_DIRECTORY = 16;

/**
 * The embedded database's stamp, taken without opening it: every file of its data directory
 * (path, size, modification time in nanoseconds) and PGlite's version. Any change to the
 * database writes a file, and so does opening it, so a record is taken after the database
 * was closed (`rememberEmbeddedConverged`) and matches only until the next time anything opens
 * it. PGlite does not share a data directory between processes: a second process writing it
 * at the moment a plan closes it is already unsupported.
 */
export function embeddedStamp(dir: string): string | undefined {
  const h = createHash('sha256').update(`${pgliteVersion()}\n`);
  const walk = (d: string, rel: string): boolean => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return false;
    }
    for (const e of entries) {
      if (rel === '' && e.name.startsWith(IN_DIRECTORY)) continue;
      const path = join(d, e.name);
      if (e.isDirectory()) {
        if (!walk(path, `${rel}${e.name}/`)) return false;
      } else {
        const st = statSync(path, { bigint: true, throwIfNoEntry: false });
        if (!st) return false;
        h.update(`${rel}${e.name}\0${st.size}\0${st.mtimeNs}\n`);
      }
    }
    return true;
  };
  return walk(dir, '') ? 'files:' + h.digest('hex').slice(0, 40) : undefined;
}

/** The records kept in the data directory (for every set of files that planned empty against it). */
function readInDirectory(dir: string): (ConvergedRecord & { readonly key: string })[] {
  try {
    const doc = JSON.parse(readFileSync(join(dir, IN_DIRECTORY), 'utf8')) as { records?: (ConvergedRecord & { key: string })[] };
    return Array.isArray(doc.records) ? doc.records.filter((r) => r && typeof r.key === 'string' && typeof r.stamp === 'string' && Array.isArray(r.warnings)) : [];
  } catch {
    return [];
  }
}

/**
 * Whether the plan of `place` against the embedded database in `dir` is known to be empty: a
 * record in `.pgdecl/cache`, or in the data directory, of these files and variant at the
 * directory's stamp. A record found in the directory is kept locally too.
 */
export function knownEmbeddedConverged(place: ConvergedPlace, dir: string): { readonly warnings: readonly Diagnostic[]; readonly serverVersion: number } | undefined {
  const mine = (r: ConvergedRecord) => r.variant === place.variant && r.stamp.startsWith('files:') && r.serverVersion !== undefined;
  const local = place.cacheDir !== undefined ? readLocal(place.cacheDir, place.key).filter(mine) : [];
  const kept = readInDirectory(dir).filter((r) => r.key === place.key && mine(r));
  if (local.length === 0 && kept.length === 0) return undefined;
  const stamp = embeddedStamp(dir);
  const r = local.find((x) => x.stamp === stamp) ?? kept.find((x) => x.stamp === stamp);
  if (r && !local.includes(r)) rememberConverged(place, r.stamp, r.warnings, r.serverVersion);
  return r ? { warnings: r.warnings, serverVersion: r.serverVersion! } : undefined;
}

/** After a plan of the embedded database in `dir` came out empty and the database was closed: records it, locally and in the directory. */
export function rememberEmbeddedConverged(place: ConvergedPlace, dir: string, serverVersion: number, warnings: readonly Diagnostic[]): void {
  const stamp = embeddedStamp(dir);
  if (stamp === undefined) return;
  rememberConverged(place, stamp, warnings, serverVersion);
  // Only records of the directory's current state are worth keeping there: any other is stale.
  const records = [{ key: place.key, variant: place.variant, stamp, warnings, serverVersion }, ...readInDirectory(dir).filter((r) => r.stamp === stamp && !(r.key === place.key && r.variant === place.variant))].slice(0, KEEP_IN_DIRECTORY);
  try {
    writeJsonAtomic(join(dir, IN_DIRECTORY), { records });
  } catch {
    // A directory that cannot be written only makes another folder's plan open the database.
  }
}

