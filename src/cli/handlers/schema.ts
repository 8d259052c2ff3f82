/** `pgdecl schema`: prints the JSON Schema of the resource format. */
import { readFileSync } from 'node:fs';
import type { Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const SCHEMA_URL = new URL('../../../schema/pgdecl.schema.json', import.meta.url);

export const run: Handler = async (_args, ctx) => {
  ctx.io.stdout.write(readFileSync(SCHEMA_URL, 'utf8'));
  return EXIT.ok;
};
