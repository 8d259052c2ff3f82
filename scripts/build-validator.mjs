#!/usr/bin/env node
// Writes dist/validate/schema/standalone.cjs after `tsc`: the JSON Schema's validator compiled
// ahead of time (src/validate/schema/standalone.ts), so a command that validates files does
// not compile the schema with Ajv first.
import { readFileSync, writeFileSync } from 'node:fs';
import { standaloneSource } from '../dist/validate/schema/standalone.js';

const text = readFileSync(new URL('../schema/pgdecl.schema.json', import.meta.url), 'utf8');
writeFileSync(new URL('../dist/validate/schema/standalone.cjs', import.meta.url), await standaloneSource(text));
