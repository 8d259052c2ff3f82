/** Which resource files a command reads when none are named. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './parse.js';

export const DEFAULT_INPUTS = ['resources.yaml', 'resources.yml', 'resources.json', 'resources'];

/** The paths given, or the first default that exists in the working directory. */
export function inputPaths(positionals: readonly string[], cwd: string): string[] {
  if (positionals.length) return positionals.map((p) => resolve(cwd, p));
  for (const d of DEFAULT_INPUTS) {
    const p = resolve(cwd, d);
    if (existsSync(p)) return [p];
  }
  throw new UsageError(`no resource files named, and none of ${DEFAULT_INPUTS.join(', ')} is in ${cwd}: pass a file or a folder, e.g. \`pgdecl validate resources.example.yaml\``);
}
