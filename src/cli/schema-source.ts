/**
 * The schema `erd` and `docs` describe: resource files (compiled), or with --db a live
 * database (inspected as `pgdecl pull` does). Never both.
 */
import { sourceFromDatabase, sourceFromProject, type SchemaSource } from '../erd/index.js';
import { openTarget, resolveTarget } from '../targets/resolve.js';
import { list, str, type CommandContext, type ParsedArgs } from './command.js';
import { compileFromArgs } from './handlers/compile.js';
import { UsageError } from './parse.js';

export async function readSchemaSource(args: ParsedArgs, ctx: CommandContext): Promise<SchemaSource> {
  const db = str(args, 'db');
  if (db === undefined) {
    const c = await compileFromArgs(args, ctx);
    return sourceFromProject(c.project, c.catalog, c.files.join(', '));
  }
  if (args.positionals.length) throw new UsageError(`choose resource files or --db, not both (got ${args.positionals.join(' ')} and --db)`);
  const spec = resolveTarget({ db, env: ctx.io.env, cwd: ctx.io.cwd });
  const target = await openTarget(spec);
  try {
    return await sourceFromDatabase(target, list(args, 'schema'), spec.label);
  } finally {
    await target.close();
  }
}
