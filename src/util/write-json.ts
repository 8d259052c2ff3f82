/**
 * Writes a file so that a reader sees the old file or the new one, never half of either: to a
 * temporary file beside it (named by the process), then renamed over it. Creates the folder.
 * Throws what the file system throws: callers of a cache decide what a failure means.
 */
import { makeDirs } from './make-dirs.js';
import { renameSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
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

let written = 0;

/**
 * writeFileAtomic with the writing on libuv's threads: the caller goes on meanwhile and awaits
 * the promise before it exits. Each call has its own temporary file, so two in flight for one
 * file never share it; the last renamed wins.
 */
export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  makeDirs(dirname(file));
  const tmp = `${file}.${process.pid}.${++written}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}
