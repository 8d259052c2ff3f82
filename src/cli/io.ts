/**
 * What a command may touch of the outside world. `main` gets the real process; tests pass
 * their own to capture output. Colour is on only for a terminal, and never with NO_COLOR.
 */
import pc from 'picocolors';

export interface Io {
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean };
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export type Colors = ReturnType<typeof pc.createColors>;

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Colour decision: --no-color / NO_COLOR off; --color / FORCE_COLOR on; else a terminal. */
export function useColor(io: Io, flag?: boolean, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (flag === false) return false;
  if (flag === true) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  if (io.env.TERM === 'dumb') return false;
  return Boolean(io[stream].isTTY);
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** True when a person can answer a question (stdin and stderr are terminals, not CI). */
export function interactive(io: Io): boolean {
  return Boolean(io.stdin?.isTTY && io.stderr.isTTY) && !io.env.CI;
}
