/**
 * Writes a file so that a reader sees the old file or the new one, never half of either: to a
 * temporary file beside it (named by the process), then renamed over it. Creates the folder.
 * Throws what the file system throws: callers of a cache decide what a failure means.
 */
import { makeDirs } from './make-dirs.js';
import { renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  makeDirs(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** A JSON document, written as writeFileAtomic writes. */
export function writeJsonAtomic(file: string, doc: unknown): void {
  writeFileAtomic(file, JSON.stringify(doc));
}
