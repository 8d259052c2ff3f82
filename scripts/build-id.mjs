#!/usr/bin/env node
// Writes dist/build-id.json after `tsc`: pgdecl's code as a hash of its version and sources
// (src/plan/code-id.ts), which names the code in the keys of the files' cache. The same sources
// give the same id on every machine, so a cache entry an apply stored in the database is found
// again by a plan from a fresh clone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeId } from '../dist/plan/code-id.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(root, 'dist', 'build-id.json'), JSON.stringify({ id: codeId(join(root, 'src'), version, '.ts') }) + '\n');
