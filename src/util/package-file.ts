/**
 * Files of pgdecl's own package (the JSON Schema, the catalog queries, what the build wrote),
 * found from the running module: from the sources, from dist/ and from the command line's
 * bundle (dist/bundle/, where every module sits at one depth) alike. A path written relative to
 * a module's own place would depend on where the module ended up.
 *
 * The package's folder is the first one above the running module that holds a package.json and
 * the JSON Schema (whatever name the package is published under). It is looked for when a file
 * is first asked for, never when a module is imported: code that never reads one of these files
 * (a library bundled into another program) does not depend on them.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MARKER = join('schema', 'pgdecl.schema.json');
let root: string | undefined;

/** The folder of pgdecl's package, above the running module. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, MARKER))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`pgdecl's package (a package.json beside ${MARKER}) is not in a folder above ${here}`);
  }
}

/** A path inside pgdecl's package: `packageFile('dist', 'build-id.json')`. */
export function packageFile(...parts: readonly string[]): string {
  return join(packageRoot(), ...parts);
}

/** The JSON Schema of the resource format this pgdecl ships. */
export function schemaFile(): string {
  return packageFile(MARKER);
}

export function schemaUrl(): URL {
  return pathToFileURL(schemaFile());
}
