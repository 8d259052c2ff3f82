/**
 * `pgdecl erd [paths… | --db URL] [--format mermaid|dot|svg] [-o FILE] [--schema S] [--resources A,B]`:
 * the entity-relationship diagram of the files or of a database.
 */
import { makeDirs } from '../../util/make-dirs.js';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { erd, ERD_FORMATS, type ErdFormat } from '../../erd/index.js';
import { didYouMean } from '../../util/suggest.js';
import { list, str, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';
import { readSchemaSource } from '../schema-source.js';

function formatOption(raw: string | undefined): ErdFormat {
  if (raw === undefined) return 'mermaid';
  const f = ERD_FORMATS.find((x) => x === raw);
  if (f) return f;
  const hint = didYouMean(raw, ERD_FORMATS);
  throw new UsageError(`--format ${raw}: the formats are ${ERD_FORMATS.join(', ')}${hint ? `; ${hint}` : ''}`);
}

export const run: Handler = async (args, ctx) => {
  const format = formatOption(str(args, 'format'));
  const source = await readSchemaSource(args, ctx);
  const text = await erd(source, format, { schemas: list(args, 'schema'), resources: list(args, 'resources') });
  const out = str(args, 'output');
  if (out === undefined) {
    ctx.io.stdout.write(text);
    return EXIT.ok;
  }
  const file = resolve(ctx.io.cwd, out);
  makeDirs(dirname(file));
  writeFileSync(file, text);
  ctx.io.stderr.write(`${ctx.err.green('✓')} wrote ${out}\n`);
  return EXIT.ok;
};
