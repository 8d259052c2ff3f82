/**
 * The limit on all files of one run together (./limits.ts), apart from the YAML parser so
 * that reading and hashing files (../plan/project-cache.ts) does not load it.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { LOAD } from './codes.js';
import type { FoundFile } from './discover.js';
import { formatBytes, MAX_TOTAL_BYTES } from './limits.js';

/** The files together are over the total limit: positioned at the file that crosses it. */
export function totalTooLarge(files: readonly FoundFile[]): Diagnostic | undefined {
  let total = 0;
  let crossing: FoundFile | undefined;
  for (const f of files) {
    total += f.size;
    if (total > MAX_TOTAL_BYTES && crossing === undefined) crossing = f;
  }
  if (crossing === undefined) return undefined;
  return {
    code: LOAD.filesTooLarge,
    severity: 'error',
    message: `the ${files.length} files are ${formatBytes(total)} together (over the limit from this file on); pgdecl reads up to ${formatBytes(MAX_TOTAL_BYTES)} in one run, so it read none of them`,
    pos: { file: crossing.display, line: 1, column: 1 },
    suggestion: 'validate, plan or apply fewer files at a time (a repo per folder), or remove files that are not resource files from the folder',
  };
}
