/**
 * `pgdecl pull [--db URL] [--schema s1,s2] [--tables pattern] [-o FILE | --out-dir DIR]`:
 * writes the resources that describe an existing database, so that `pgdecl plan` against it
 * plans nothing. What the format does not model is named at the top of the output and on
 * stderr. Without -o or --out-dir, the YAML goes to stdout.
 */
import { makeDirs } from '../../util/make-dirs.js';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { list, str, type CommandContext, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';
import { outputPath } from '../output-path.js';
import { openTarget, resolveTarget } from '../../targets/resolve.js';
import { describeUnsupported, pull, pulledFile, pulledFilesPerSchema, type PullResult } from '../../pull/index.js';
import { schemaFile } from '../../util/package-file.js';

/** Where `npm install pgdecl` puts the schema, below a project folder. */
const INSTALLED_SCHEMA = join('node_modules', 'pgdecl', 'schema', 'pgdecl.schema.json');

/**
 * The modeline's path, relative to the folder of the written file (editors resolve it from
 * there): the project's installed pgdecl (node_modules/pgdecl in that folder or above), else
 * this pgdecl's schema when it lies inside the working directory (a checkout of pgdecl), else
 * where `npm install pgdecl` in the working directory puts it.
 */
function schemaPathFrom(dir: string, cwd: string): string {
  const from = (file: string) => {
    const rel = relative(dir, file).split(sep).join('/');
    return rel.startsWith('../') ? rel : `./${rel}`;
  };
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, INSTALLED_SCHEMA))) return from(join(d, INSTALLED_SCHEMA));
    if (dirname(d) === d) break;
  }
  const own = relative(cwd, schemaFile());
  if (!own.startsWith('..') && !isAbsolute(own)) return from(schemaFile());
  return from(join(cwd, INSTALLED_SCHEMA));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function warn(ctx: CommandContext, r: PullResult): void {
  const w = ctx.err.yellow('warning:');
  for (const s of r.missingSchemas) ctx.io.stderr.write(`${w} the database has no schema ${s}\n`);
  for (const p of r.unmatchedPatterns) ctx.io.stderr.write(`${w} no schema of the database matches ${p}\n`);
  if (r.unsupported.length) {
    const one = r.unsupported.length === 1;
    const removed = r.unsupported.some((u) => u.planRemoves);
    ctx.io.stderr.write(`${w} ${plural(r.unsupported.length, 'object')} not pulled: pgdecl does not manage ${one ? 'it' : 'them'}, so plans leave ${one ? 'it as it is' : 'them as they are'}${removed ? ' (but for what a plan removes)' : ''}\n`);
    for (const u of r.unsupported) ctx.io.stderr.write(`  ${describeUnsupported(u)}\n`);
  }
  if (r.inexact.length) {
    ctx.io.stderr.write(`${w} ${plural(r.inexact.length, 'thing')} the format cannot say exactly: a plan against this database changes ${r.inexact.length === 1 ? 'it' : 'them'}\n`);
    for (const i of r.inexact) ctx.io.stderr.write(`  ${i}\n`);
  }
}

export const run: Handler = async (args, ctx) => {
  const output = str(args, 'output');
  const outDir = str(args, 'out-dir');
  if (output !== undefined && outDir !== undefined) throw new UsageError('choose one of -o/--output and --out-dir');
  const file = output === undefined ? undefined : outputPath(ctx.io.cwd, output);
  const schemas = list(args, 'schema');
  const tables = list(args, 'tables');
  const spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, cwd: ctx.io.cwd });
  const target = await openTarget(spec);
  let result: PullResult;
  try {
    result = await pull(target, { ...(schemas.length ? { schemas } : {}), ...(tables.length ? { tables } : {}) });
  } finally {
    await target.close();
  }
  const source = spec.label;
  const stubs = result.resources.filter((x) => x.stub).length;
  const what = `${plural(result.resources.length - stubs, 'table')}${stubs ? ` (and ${plural(stubs, 'table')} their keys point at)` : ''} and ${plural(result.functions.length, 'function')} from ${plural(result.schemas.length, 'schema')} (${result.schemas.join(', ')})`;
  if (outDir !== undefined) {
    const dir = resolve(ctx.io.cwd, outDir);
    makeDirs(dir);
    const files = pulledFilesPerSchema(result, { schemaPath: schemaPathFrom(dir, ctx.io.cwd), source });
    for (const f of files) writeFileSync(join(dir, f.name!), f.text);
    warn(ctx, result);
    ctx.io.stderr.write(`${ctx.err.green('✓')} pulled ${what} into ${files.map((f) => join(outDir, f.name!)).join(', ')}\n`);
  } else if (file !== undefined) {
    writeFileSync(file, pulledFile(result, { schemaPath: schemaPathFrom(dirname(file), ctx.io.cwd), source }));
    warn(ctx, result);
    ctx.io.stderr.write(`${ctx.err.green('✓')} pulled ${what} into ${output}\n`);
  } else {
    ctx.io.stdout.write(pulledFile(result, { schemaPath: schemaPathFrom(ctx.io.cwd, ctx.io.cwd), source }));
    warn(ctx, result);
  }
  return EXIT.ok;
};
