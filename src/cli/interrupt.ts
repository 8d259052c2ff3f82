/**
 * Ctrl-C (SIGINT): pgdecl says what the interruption leaves behind and exits 130. Until a
 * command commits something, that is "nothing was changed": an open transaction ends with the
 * connection, and PostgreSQL rolls it back. Commands that commit step by step (migrate, the
 * tenant fan-outs, the steps of apply outside its transaction) say what is committed so far
 * with `interruptNote`.
 */
import type { Colors, Io } from './io.js';
import { EXIT } from './exit-codes.js';

const NOTHING = 'nothing was changed';
let note = NOTHING;

/** What an interruption now leaves behind, e.g. "2 migrations are applied and committed: …". */
export function interruptNote(text: string): void {
  note = text;
}

/**
 * Watches for SIGINT while a command runs: the promise resolves with the exit code 130 after
 * the message is written. A second Ctrl-C exits at once. `dispose` stops watching.
 */
export function watchInterrupt(io: Io, err: Colors): { readonly interrupted: Promise<number>; readonly dispose: () => void } {
  note = NOTHING;
  let resolve: (code: number) => void = () => {};
  const interrupted = new Promise<number>((r) => (resolve = r));
  let seen = false;
  const onSignal = () => {
    if (seen) process.exit(EXIT.interrupted);
    seen = true;
    io.stderr.write(`\n${err.yellow('interrupted:')} ${note}\n`);
    resolve(EXIT.interrupted);
  };
  process.on('SIGINT', onSignal);
  return { interrupted, dispose: () => process.off('SIGINT', onSignal) };
}
