/**
 * `pgdecl lint [files… | folder] [--json | --format text|json|github] [--config FILE]`:
 * the lint rules over hand-written migration SQL. Exit 1 when an error-level finding remains.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadLintConfig } from '../../lint/config.js';
import { lintPaths } from '../../lint/lint.js';
import { formatLintText, lintGithub, lintJson, lintSummary } from '../../render/lint.js';
import { flag, str, type Handler } from '../command.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';

const FORMATS = ['text', 'json', 'github'] as const;

export const run: Handler = async (args, ctx) => {
  const { io } = ctx;
  const format = flag(args, 'json') ? 'json' : (str(args, 'format') ?? 'text');
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not \`${format}\``);
  const paths = args.positionals.length ? [...args.positionals] : ['migrations'];
  for (const p of paths) {
    if (!existsSync(resolve(io.cwd, p))) {
      throw new UsageError(args.positionals.length ? `${p} does not exist` : 'no path named and there is no migrations/ folder here: pass SQL files or a folder, e.g. `pgdecl lint migrations/`');
    }
  }
  const loaded = loadLintConfig(io.cwd, str(args, 'config'));
  if ('diagnostics' in loaded) {
    printDiagnostics(loaded.diagnostics, undefined, ctx);
    return EXIT.error;
  }
  const result = await lintPaths(paths, io.cwd, loaded.config);
  if (format === 'json') io.stdout.write(lintJson(result));
  else if (format === 'github') io.stdout.write(lintGithub(result));
  else {
    io.stdout.write(formatLintText(result, ctx.out));
    const summary = lintSummary(result);
    io.stderr.write((result.errors ? ctx.err.red(summary) : result.warnings ? ctx.err.yellow(summary) : `${ctx.err.green('✓')} ${summary}`) + '\n');
  }
  return result.errors > 0 ? EXIT.error : EXIT.ok;
};
