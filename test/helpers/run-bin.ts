/**
 * Runs the real `pgdecl` binary (bin/pgdecl.js) in a child process, through real pipes, with
 * an environment of its own (PATH and HOME, plus what the test gives; never the developer's
 * DATABASE_URL) and a working directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/pgdecl.js', import.meta.url));

export interface BinRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BinOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
}

/** The child and a promise of its result, for tests that signal it while it runs. */
export function startBin(argv: readonly string[], options: BinOptions): { child: ChildProcess; done: Promise<BinRun>; stderrSoFar: () => string } {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...options.env };
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.end(options.stdin ?? '');
  const done = new Promise<BinRun>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
  return { child, done, stderrSoFar: () => stderr };
}

export function runBin(argv: readonly string[], options: BinOptions): Promise<BinRun> {
  return startBin(argv, options).done;
}
