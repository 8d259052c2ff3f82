/**
 * After `generate` writes (or would write) migrations: lints them with the project's lint
 * config and names, as warnings, the steps that are not safe on a table serving traffic.
 */
import { loadLintConfig } from '../lint/config.js';
import { lintMigrations } from '../lint/lint.js';
import type { CommandContext } from './command.js';

export async function lintWritten(files: readonly { path: string; content: string }[], ctx: Pick<CommandContext, 'io' | 'err'>): Promise<void> {
  const sql = files.filter((f) => f.path.endsWith('.sql'));
  if (sql.length === 0) return;
  const loaded = loadLintConfig(ctx.io.cwd);
  // A broken lint config is `pgdecl lint`'s to report; generate lints with the defaults then.
  const findings = await lintMigrations(sql, 'config' in loaded ? loaded.config : undefined);
  if (findings.length === 0) return;
  const { err, io } = ctx;
  io.stderr.write(`${err.yellow('warning:')} ${findings.length} step${findings.length === 1 ? ' is' : 's are'} not safe on a live table (pgdecl lint; see docs/lint.md):\n`);
  for (const f of findings) io.stderr.write(`  ${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}\n`);
}
