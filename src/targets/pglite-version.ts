/**
 * The installed PGlite's version, from its package.json (which the package does not export:
 * found in the folders above its entry). Empty when it cannot be read.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let version: string | undefined;

export function pgliteVersion(): string {
  if (version !== undefined) return version;
  try {
    let d = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (let i = 0; i < 6 && version === undefined; i++, d = dirname(d)) {
      try {
        const doc = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (doc.name === '@electric-sql/pglite') version = doc.version ?? '';
      } catch {
        // No package.json at this level: one up.
      }
    }
  } catch {
    // Unknown: left empty.
  }
  return (version ??= '');
}
