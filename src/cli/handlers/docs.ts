/** `pgdecl docs [paths… | --db URL] -o DIR`: the data dictionary as DIR/index.html. */
import { makeDirs } from '../../util/make-dirs.js';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataDictionary } from '../../docs/index.js';
import { list, str, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';
import { readSchemaSource } from '../schema-source.js';

export const run: Handler = async (args, ctx) => {
  const out = str(args, 'output');
  if (out === undefined) throw new UsageError('-o DIR is required: the folder to write index.html into');
  const source = await readSchemaSource(args, ctx);
  const html = await dataDictionary(source, { schemas: list(args, 'schema'), resources: list(args, 'resources') });
  const dir = resolve(ctx.io.cwd, out);
  makeDirs(dir);
  writeFileSync(join(dir, 'index.html'), html);
  ctx.io.stderr.write(`${ctx.err.green('✓')} wrote ${join(out, 'index.html')}\n`);
  return EXIT.ok;
};
