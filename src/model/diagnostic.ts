import type { Pos, SourceIndex, Src } from './source.js';

/**
 * A problem found in the user's files or while talking to a database.
 * `code` is stable (documented in docs/errors.md) so editors and CI can match on it.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** What is wrong, in words. */
  readonly message: string;
  /** How to fix it ("did you mean `on_delete`?"). */
  readonly suggestion?: string;
  /** Where, when it comes from a file: a pointer (resolved later) or a position. */
  readonly src?: Src;
  readonly pos?: Pos;
  /** For errors inside an SQL fragment: 0-based offset into the fragment's text. */
  readonly fragmentOffset?: number;
}

/** Thrown by core code when it cannot go on; carries every diagnostic found so far. */
export class PgdeclError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  /** The loaded files, so a printer can show the offending line. */
  readonly sources?: SourceIndex;
  constructor(diagnostics: readonly Diagnostic[] | Diagnostic, sources?: SourceIndex) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics as Diagnostic];
    super(list.map((d) => d.message).join('\n'));
    this.name = 'PgdeclError';
    this.diagnostics = list;
    this.sources = sources;
  }
}

export function error(code: string, message: string, where?: { src?: Src; pos?: Pos; suggestion?: string }): Diagnostic {
  return { code, severity: 'error', message, ...where };
}
