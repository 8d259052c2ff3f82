/**
 * `pgdecl compile [paths…] [--json] [--pg-version N]`: resources → IR.
 *
 *   without --json: a readable summary per table (stdout)
 *   --json: {formatVersion, extensions, schemas, functions, tables, statements} (stdout)
 *
 * Errors (invalid files, SQL that does not parse, ...) go to stderr with exit 1.
 */
import { relative, isAbsolute } from 'node:path';
import { compileProject, type CompileResult } from '../../compile/index.js';
import { stableStringify } from '../../ir/canonical.js';
import { PgdeclError } from '../../model/diagnostic.js';
import type { Project } from '../../model/resource.js';
import type { SourceIndex } from '../../model/source.js';
import { renderSummary } from '../../render/summary.js';
import { offlineChecks } from '../../compile/offline-checks.js';
import { loadProjectOrThrow } from '../../validate/project.js';
import { flag, str, type CommandContext, type Handler, type ParsedArgs } from '../command.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT } from '../exit-codes.js';
import { inputPaths } from '../inputs.js';
import { UsageError } from '../parse.js';

/** `15`, `18`, or a server_version_num such as `150004`. */
export function pgVersionOption(args: ParsedArgs): number | undefined {
  const raw = str(args, 'pg-version');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok = Number.isInteger(n) && ((n >= 14 && n < 100) || (n >= 140000 && n < 1000000));
  if (!ok) throw new UsageError(`--pg-version must be a PostgreSQL major version (14 or later, e.g. 15 or 18) or a server_version_num (e.g. 150004), not \`${raw}\``);
  return n;
}

export interface Compiled extends CompileResult {
  readonly project: Project;
  readonly sources: SourceIndex;
  /** The files read, relative to the working directory. */
  readonly files: readonly string[];
  readonly pgVersion?: number;
}

/** Loads, validates and compiles; prints warnings; throws a PgdeclError on any error. */
export async function compileFromArgs(args: ParsedArgs, ctx: CommandContext): Promise<Compiled> {
  const pgVersion = pgVersionOption(args);
  const { io } = ctx;
  const { project, sources, warnings } = await loadProjectOrThrow(inputPaths(args.positionals, io.cwd), { env: io.env, cwd: io.cwd, check: offlineChecks({ full: false }) });
  const result = await compileProject(project, { ...(pgVersion !== undefined ? { pgVersion } : {}) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new PgdeclError(result.diagnostics, sources);
  const shown = [...warnings, ...result.diagnostics];
  if (shown.length) printDiagnostics(shown, sources, ctx);
  const files = project.files.map((f) => (isAbsolute(f) ? relative(io.cwd, f) || f : f));
  return { ...result, project, sources, files, ...(pgVersion !== undefined ? { pgVersion } : {}) };
}

export const run: Handler = async (args, ctx) => {
  const c = await compileFromArgs(args, ctx);
  if (flag(args, 'json')) {
    ctx.io.stdout.write(stableStringify(c.catalog, 2) + '\n');
    return EXIT.ok;
  }
  ctx.io.stdout.write(renderSummary(c.catalog, { bold: ctx.out.bold, dim: ctx.out.dim }));
  return EXIT.ok;
};
