/**
 * Lint findings as text (`file:line:col rule severity: message` and the safe way), as JSON, or
 * as GitHub Actions workflow commands (annotations on the pull request's lines).
 */
import type { LintFinding, LintResult } from '../lint/lint.js';

export interface LintColors {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function lintSummary(r: LintResult): string {
  if (r.findings.length === 0) return `no findings in ${plural(r.files.length, 'file')}`;
  const parts = [r.errors ? plural(r.errors, 'error') : '', r.warnings ? plural(r.warnings, 'warning') : ''].filter(Boolean);
  return `${parts.join(' and ')} in ${plural(new Set(r.findings.map((f) => f.file)).size, 'file')} (${plural(r.files.length, 'file')} linted)`;
}

export function formatLintText(r: LintResult, c: LintColors): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
    lines.push(`${c.bold(`${f.file}:${f.line}:${f.column}`)} ${f.rule} ${sev}: ${f.message}`);
    lines.push(c.dim(`  = safe: ${f.fix}`));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function lintJson(r: LintResult): string {
  return JSON.stringify({ files: r.files, errors: r.errors, warnings: r.warnings, findings: r.findings }, null, 2) + '\n';
}

/** GitHub's escaping for workflow command data and properties. */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function lintGithub(r: LintResult): string {
  return r.findings
    .map((f: LintFinding) => `::${f.severity === 'error' ? 'error' : 'warning'} file=${prop(f.file)},line=${f.line},col=${f.column},title=${prop(`pgdecl lint ${f.rule}`)}::${data(`${f.message}. Safe: ${f.fix}`)}\n`)
    .join('');
}
