/**
 * Runs the CLI in-process: `main(argv, io)` with captured stdout and stderr, a given
 * environment (empty unless given: tests do not see the developer's DATABASE_URL) and
 * working directory. Output has no colour unless `tty: true` (and no NO_COLOR).
 */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Pretend stdout and stderr (and stdin) are terminals. */
  readonly tty?: boolean;
  /** Text the command reads on stdin. */
  readonly stdin?: string;
}

class Capture {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(s: string | Uint8Array): boolean {
    this.text += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
    return true;
  }
}

export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const tty = options.tty ?? false;
  const stdout = new Capture(tty);
  const stderr = new Capture(tty);
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), { isTTY: tty });
  const io: Io = { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
  const code = await main(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Removes ANSI colour codes. */
export const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
