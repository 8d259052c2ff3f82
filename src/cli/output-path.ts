/**
 * Where `-o FILE` writes. pgdecl does not create folders for it: a missing folder is a usage
 * error that names the folder and says what to do, before anything is read or changed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from './parse.js';

/** The absolute path of `-o FILE`, once its folder is known to exist. */
export function outputPath(cwd: string, given: string): string {
  const file = resolve(cwd, given);
  const dir = dirname(file);
  const shown = relative(cwd, dir) || '.';
  if (!existsSync(dir)) {
    throw new UsageError(`cannot write ${given}: the folder ${shown} does not exist. Create it first (\`mkdir -p ${shown}\`) or write into an existing folder; pgdecl does not create folders for -o`);
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`cannot write ${given}: ${shown} is a file, not a folder`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`cannot write ${given}: it is a folder; name a file, e.g. -o ${given.replace(/\/+$/, '')}/out`);
  return file;
}
