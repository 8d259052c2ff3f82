/**
 * An embedded database's data directory must exist (or be creatable) and be writable before
 * PGlite opens it: PGlite itself does not report a path it cannot use. The missing levels are
 * made by ../util/make-dirs.ts (Node's recursive mkdir never returns on some paths, `/proc/x/y`),
 * and the first one that fails is named with its reason.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { makeDirs } from '../util/make-dirs.js';
import { PgdeclError } from '../model/diagnostic.js';

function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (code === 'ENOENT') return 'the parent directory does not accept new directories';
  return e instanceof Error ? e.message : String(e);
}

function unusable(dir: string, what: string, reason: string): PgdeclError {
  return new PgdeclError({
    code: 'embedded_path_unusable',
    severity: 'error',
    message: `the embedded database directory ${dir} ${what}: ${reason}`,
    suggestion: 'use --db pglite:<directory> with a directory you can write to, or pglite:memory',
  });
}

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** Creates `dir` if needed; throws `embedded_path_unusable` with the reason when it cannot be used. */
export function ensureDataDir(dir: string): void {
  try {
    makeDirs(dir);
  } catch (e) {
    const at = (e as { path?: string }).path ?? dir;
    if (kindOf(at) === 'other') throw unusable(dir, at === dir ? 'is not a directory' : 'cannot be created', `${at} is a file`);
    throw unusable(dir, 'cannot be created', `${at}: ${reasonOf(e)}`);
  }
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (e) {
    throw unusable(dir, 'is not writable', reasonOf(e));
  }
}
