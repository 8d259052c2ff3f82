/**
 * Files of pgdecl's own package (the JSON Schema, the catalog queries, what the build wrote),
 * found from the running module: from the sources, from dist/ and from the CLI's bundle
 * (dist/bundle/, where every module sits at one depth) alike. A path written relative to a
 * module's own place would depend on where the module ended up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder of pgdecl's package.json, above the running module. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isPgdecl(manifest)) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`pgdecl's package.json is not in a folder above ${here}`);
  }
}

function isPgdecl(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'pgdecl';
  } catch {
    return false;
  }
}

/** A path inside pgdecl's package: `packageFile('schema', 'pgdecl.schema.json')`. */
export function packageFile(...parts: readonly string[]): string {
  return join(packageRoot(), ...parts);
}
