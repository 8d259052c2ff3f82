#!/usr/bin/env node
// pgdecl's command line. The TypeScript sources are compiled to dist/ by `npm run build`,
// which `npm install` / `npm ci` run for you (the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pgdecl is not built: run `npm run build` in the pgdecl folder (npm install does it for you).\n');
  process.exit(1);
}
const { main, guardOutput, exitWhenFlushed } = await import(entry.href);
// A reader that stops early (`pgdecl sql | head`) ends the output quietly.
guardOutput();
// Wait until stdout and stderr are drained (a pipe takes 64 KiB at a time), then exit
// explicitly: an embedded database or a pool must never keep the process alive.
await exitWhenFlushed(await main(process.argv.slice(2)));
