#!/usr/bin/env node
// Writes dist/build-id.json after `tsc`: a hash of the sources and the version, which names
// pgdecl's code in the keys of the files' cache (src/plan/project-cache.ts). The same sources
// give the same id on every machine, so a cache entry an apply stored in the database is found
// again by a plan from a fresh clone.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.ts')) files.push(p);
  }
};
walk(join(root, 'src'));
files.sort();
const h = createHash('sha256');
h.update(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version + '\n');
for (const f of files) h.update(`${relative(root, f)}\n`).update(readFileSync(f));
writeFileSync(join(root, 'dist', 'build-id.json'), JSON.stringify({ id: h.digest('hex').slice(0, 32) }) + '\n');
