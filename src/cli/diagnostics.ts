/** Prints diagnostics to stderr, coloured when stderr is a terminal. */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceIndex } from '../model/source.js';
import { formatDiagnostics } from '../render/diagnostics.js';
import type { CommandContext } from './command.js';

export function printDiagnostics(ds: readonly Diagnostic[], sources: SourceIndex | undefined, ctx: Pick<CommandContext, 'io' | 'err'>): void {
  const c = ctx.err;
  ctx.io.stderr.write(formatDiagnostics(ds, sources, { bold: c.bold, red: c.red, yellow: c.yellow, cyan: c.cyan, dim: c.dim }));
}
