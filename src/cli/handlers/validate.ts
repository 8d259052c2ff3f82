/**
 * `pgdecl validate [paths…] [--json]`: checks resource files and reports every problem, the
 * compiler's included (SQL fragments, types, names): everything that needs no database.
 *
 *   ✓ 7 resources in resources.example.yaml          (stdout, exit 0; warnings on stderr)
 *   file:LINE:COL  message … / 3 errors in 2 files   (stderr, exit 1)
 *   --json: {"valid", "resources", "files", "diagnostics"} on stdout, same exit codes
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnosticJson } from '../../render/diagnostics.js';
import { validateFiles } from '../../compile/offline-checks.js';
import { flag, type Handler } from '../command.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT } from '../exit-codes.js';
import { inputPaths } from '../inputs.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 errors in 2 files`, `1 error and 2 warnings in 1 file`. */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.length - errors.length;
  const files = new Set(diagnostics.map((d) => d.pos?.file ?? d.src?.file ?? ''));
  const counts = [errors.length ? plural(errors.length, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(' and ');
  return `${counts} in ${plural(files.size, 'file')}`;
}

export const run: Handler = async (args, ctx) => {
  const { io } = ctx;
  const paths = inputPaths(args.positionals, io.cwd);
  const result = await validateFiles(paths, { env: io.env, cwd: io.cwd });
  const valid = result.project !== undefined;
  const resources = result.project?.resources.length ?? 0;
  if (flag(args, 'json')) {
    const out = { valid, resources, files: result.files, diagnostics: result.diagnostics.map((d) => diagnosticJson(d, result.sources)) };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return valid ? EXIT.ok : EXIT.error;
  }
  if (result.diagnostics.length > 0) {
    printDiagnostics(result.diagnostics, result.sources, ctx);
    const summary = summaryLine(result.diagnostics);
    io.stderr.write('\n' + (valid ? ctx.err.yellow(summary) : ctx.err.red(ctx.err.bold(summary))) + '\n');
  }
  if (!valid) return EXIT.error;
  const where = result.files.length === 1 ? result.files[0]! : plural(result.files.length, 'file');
  io.stdout.write(`${ctx.out.green('✓')} ${plural(resources, 'resource')} in ${where}\n`);
  return EXIT.ok;
};
