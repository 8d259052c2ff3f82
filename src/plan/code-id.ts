/**
 * pgdecl's own code as a hash: its version and every source file under `dir` (path and bytes,
 * in a fixed order). The build writes it to dist/build-id.json (scripts/build-id.mjs); running
 * from the sources computes the same value, so the files' cache (./project-cache.ts) keys an
 * entry the same way wherever the same code runs.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export function codeId(dir: string, version: string, extension: '.ts' | '.js'): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(extension)) files.push(p);
    }
  };
  walk(dir);
  const h = createHash('sha256').update(`${version}\n`);
  for (const f of files.sort()) h.update(`${relative(dir, f).split(sep).join('/')}\n`).update(readFileSync(f));
  return h.digest('hex').slice(0, 32);
}
