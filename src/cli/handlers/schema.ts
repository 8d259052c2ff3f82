/** `pgdecl schema`: prints the JSON Schema of the resource format. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packageFile } from '../../util/package-file.js';
import type { Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const SCHEMA_URL = pathToFileURL(packageFile('schema', 'pgdecl.schema.json'));

export const run: Handler = async (_args, ctx) => {
  ctx.io.stdout.write(readFileSync(SCHEMA_URL, 'utf8'));
  return EXIT.ok;
};
