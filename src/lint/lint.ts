/**
 * `lintSql` / `lintPaths`: the lint rules over migration files and plain SQL files, as
 * findings with a file, line and column, the rule, its severity under the project's config,
 * what is wrong and the safe way to write it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadParser } from '../diff/owned.js';
import { closest } from '../util/suggest.js';
import { checkSource } from './check.js';
import { defaultConfig, type LintConfig } from './config.js';
import { RULE_NAMES, RULES, type RuleName, type Severity } from './rules.js';
import { LintParseError, readLintSource } from './source.js';

export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** A rule name, or `syntax-error` / `unknown-rule` (always errors, never configurable). */
  readonly rule: RuleName | 'syntax-error' | 'unknown-rule';
  readonly severity: Severity;
  readonly message: string;
  /** The safe way to write it. */
  readonly fix: string;
}

export interface LintResult {
  readonly files: readonly string[];
  readonly findings: readonly LintFinding[];
  readonly errors: number;
  readonly warnings: number;
}

/** Lints one file's text; `file` is how findings name it. Needs the parser loaded. */
export function lintSql(file: string, text: string, config: LintConfig = defaultConfig()): LintFinding[] {
  let source;
  try {
    source = readLintSource(file, text);
  } catch (e) {
    if (!(e instanceof LintParseError)) throw e;
    return [{ file, line: e.line, column: e.column, rule: 'syntax-error', severity: 'error', message: e.message, fix: 'fix the SQL: PostgreSQL would refuse the whole migration' }];
  }
  const findings: LintFinding[] = [];
  const fileIgnored = new Set(source.fileIgnores.map((c) => c.rule));
  const ignored = new Map(source.statements.map((s) => [s.start, new Set(s.ignores.map((c) => c.rule))]));
  const starts = source.statements.map((s) => s.start);
  // Which statement a finding belongs to: the last that starts at or before it.
  const owner = (at: number) => {
    let best = starts[0] ?? 0;
    for (const s of starts) if (s <= at) best = s;
    return best;
  };
  for (const c of [...source.fileIgnores, ...source.statements.flatMap((s) => s.ignores)]) {
    if ((RULE_NAMES as readonly string[]).includes(c.rule)) continue;
    const guess = closest(c.rule, RULE_NAMES);
    findings.push({ file, ...source.position(c.at), rule: 'unknown-rule', severity: 'error', message: `the comment names an unknown lint rule \`${c.rule}\``, fix: guess ? `did you mean \`${guess}\`?` : 'the rules are listed by `pgdecl lint --help`' });
  }
  for (const f of checkSource(source)) {
    const setting = config.rules[f.rule];
    if (setting === 'off' || fileIgnored.has(f.rule) || ignored.get(owner(f.at))?.has(f.rule)) continue;
    findings.push({ file, ...source.position(f.at), rule: f.rule, severity: setting, message: f.message, fix: RULES[f.rule].fix });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The .sql files a path names: itself, or those in a folder (sorted, not recursive). */
function sqlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((n) => n.endsWith('.sql'))
    .sort()
    .map((n) => join(path, n));
}

/** Lints files and folders of SQL; paths in findings are relative to `cwd`. */
export async function lintPaths(paths: readonly string[], cwd: string, config: LintConfig = defaultConfig()): Promise<LintResult> {
  await loadParser();
  const files = paths.flatMap((p) => sqlFiles(resolve(cwd, p)));
  const findings = files.flatMap((f) => lintSql(relative(cwd, f) || f, readFileSync(f, 'utf8'), config));
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { files: files.map((f) => relative(cwd, f) || f), findings, errors, warnings: findings.length - errors };
}

/** Lints migration texts (e.g. those `generate` writes) by the paths they will have. */
export async function lintMigrations(files: readonly { readonly path: string; readonly content: string }[], config: LintConfig = defaultConfig()): Promise<LintFinding[]> {
  await loadParser();
  return files.flatMap((f) => lintSql(f.path, f.content, config));
}
