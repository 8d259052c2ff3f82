/**
 * How the `pgdecl` process ends. Output to a pipe is written asynchronously: exiting right
 * after the last `write` would cut it at the pipe's buffer (64 KiB), so the process waits
 * until stdout and stderr have handed everything to the reader, then exits explicitly (an
 * embedded database or a connection pool must never keep it alive).
 *
 * A reader that goes away early (`pgdecl sql | head`) is not an error: the rest of the output
 * is dropped without a stack trace, the command finishes what it was doing (an apply is never
 * cut in the middle), and the process exits with the command's own code.
 */

interface OutputStream {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  readonly destroyed: boolean;
}

/** Makes a closed reader (EPIPE) end output quietly; other write errors are reported once. */
export function guardOutput(streams: readonly OutputStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      // stdout failed for another reason (a full disk, ...): say so on stderr, without retrying it.
      if (stream !== process.stderr && !process.stderr.destroyed) process.stderr.write(`error: cannot write the output: ${error.message}\n`);
      process.exitCode = 1;
    });
  }
}

/** Resolves once everything written to `stream` so far has been handed over (or cannot be). */
export function flushed(stream: OutputStream): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    // The callback of an (empty) write runs after every earlier write is flushed, or with an error.
    stream.write('', () => resolve());
  });
}

/** Waits for stdout and stderr to drain, then exits with `code` (or 1 when output failed). */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  const failed = typeof process.exitCode === 'number' && process.exitCode !== 0;
  process.exit(failed && code === 0 ? 1 : code);
}
