/**
 * Diagnostics as text for people and as JSON for editors and CI.
 *
 *   resources.yaml:12:7  unknown key `on_delet` in reference `post`
 *     12 |       on_delet: delete
 *        |       ^^^^^^^^
 *     = did you mean `on_delete`?
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Pos, SourceIndex } from '../model/source.js';

export interface DiagnosticStyle {
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly dim: (s: string) => string;
}

const plain: DiagnosticStyle = { bold: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, dim: (s) => s };

/** The position of a diagnostic: its own, or its source pointer resolved (inside a fragment when it has an offset). */
export function diagnosticPosition(d: Diagnostic, sources?: SourceIndex): Pos | undefined {
  if (d.pos) return d.pos;
  if (!d.src || !sources) return undefined;
  if (d.fragmentOffset !== undefined) return sources.fragmentPosition(d.src, d.fragmentOffset) ?? sources.position(d.src, 'value');
  return sources.position(d.src, 'key') ?? sources.position(d.src, 'value');
}

export function formatDiagnostic(d: Diagnostic, sources?: SourceIndex, style: DiagnosticStyle = plain): string {
  const pos = diagnosticPosition(d, sources);
  const where = pos ? `${pos.file}:${pos.line}:${pos.column}` : d.src ? d.src.file : '';
  const label = d.severity === 'warning' ? style.yellow('warning:') + ' ' : '';
  const lines = [`${where ? style.bold(where) + '  ' : style.red('error:') + ' '}${label}${d.message}`];
  if (pos && sources) {
    const text = sources.lineText(pos.file, pos.line);
    if (text !== undefined) {
      const num = String(pos.line);
      const gutter = ' '.repeat(num.length);
      const shown = text.replace(/\t/g, ' ');
      const start = Math.max(0, pos.column - 1);
      const end = pos.endLine === pos.line && pos.endColumn !== undefined && pos.endColumn > pos.column ? pos.endColumn - 1 : start + 1;
      const width = Math.max(1, Math.min(end, Math.max(shown.length, start + 1)) - start);
      lines.push(style.dim(`  ${num} | `) + shown);
      lines.push(style.dim(`  ${gutter} | `) + ' '.repeat(start) + style.red('^'.repeat(width)));
    }
  }
  if (d.suggestion) lines.push(`  ${style.cyan('=')} ${d.suggestion}`);
  return lines.join('\n');
}

export function formatDiagnostics(ds: readonly Diagnostic[], sources?: SourceIndex, style: DiagnosticStyle = plain): string {
  return ds.map((d) => formatDiagnostic(d, sources, style)).join('\n\n') + (ds.length ? '\n' : '');
}

export interface DiagnosticJson {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly suggestion: string | null;
}

export function diagnosticJson(d: Diagnostic, sources?: SourceIndex): DiagnosticJson {
  const pos = diagnosticPosition(d, sources);
  return {
    file: pos?.file ?? d.src?.file ?? null,
    line: pos?.line ?? null,
    column: pos?.column ?? null,
    severity: d.severity,
    code: d.code,
    message: d.message,
    suggestion: d.suggestion ?? null,
  };
}
