#!/usr/bin/env node
// pgdecl's command line. The package ships the TypeScript sources compiled to dist/ (built by
// `npm run build`, and by `npm pack` / `npm publish` through the `prepack` script). In a clone
// where dist/ is not built yet, it runs the sources through tsx, a development dependency.
import { statSync } from 'node:fs';

// Node 21 and later have a global `navigator`; Node 20 does not, and `pg` then tells whether it
// runs in a Cloudflare Worker by constructing a fetch Response, which loads Node's whole fetch
// implementation: 45 ms of every command that connects. This process is pgdecl's own, so it gets
// what Node 21 gives (the library, dist/index.js, leaves its users' globals alone).
if (globalThis.navigator === undefined) {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }, configurable: true, writable: true });
}

// dist/bundle/ (scripts/build-bundle.mjs) is dist/cli/ in a few files, faster to load; it is
// used only if it was built after dist/cli/ (a `tsc` run alone leaves it behind).
const built = new URL('../dist/cli/main.js', import.meta.url);
const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const mtime = (u) => statSync(u, { throwIfNoEntry: false })?.mtimeMs;
const builtAt = mtime(built);
const entry = builtAt === undefined ? undefined : mtime(bundle) >= builtAt ? bundle : built;
let cli;
if (entry) cli = await import(entry.href);
else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stderr.write('pgdecl is not built: run `npm run build` in the pgdecl folder.\n');
    process.exit(1);
  }
  cli = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
const { main, guardOutput, exitWhenFlushed } = cli;
// A reader that stops early (`pgdecl sql | head`) ends the output quietly.
guardOutput();
// Wait until stdout and stderr are drained (a pipe takes 64 KiB at a time), then exit
// explicitly: an embedded database or a pool must never keep the process alive.
await exitWhenFlushed(await main(process.argv.slice(2)));
