/** `pgdecl schema`: prints the JSON Schema of the resource format. */
import { readFileSync } from 'node:fs';
import { schemaUrl } from '../../util/package-file.js';
import type { Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const run: Handler = async (_args, ctx) => {
  ctx.io.stdout.write(readFileSync(schemaUrl(), 'utf8'));
  return EXIT.ok;
};
