/**
 * What every `apply` (one database, a fleet) reads from its options the same way: the lock
 * and statement timeouts and the retries, checked before anything connects; and the yes/no
 * question a terminal gets before changes are made.
 */
import { str, type CommandContext, type ParsedArgs } from './command.js';
import { interactive } from './io.js';
import { UsageError } from './usage-error.js';
import { quoteSetting } from '../apply/apply.js';

export interface ApplyTimeouts {
  readonly lockTimeout: string;
  readonly statementTimeout?: string;
  /** Undefined: the command's default (more online). */
  readonly lockRetries?: number;
}

export function applyTimeouts(args: ParsedArgs): ApplyTimeouts {
  const lockTimeout = str(args, 'lock-timeout') ?? '5s';
  const statementTimeout = str(args, 'statement-timeout');
  for (const [name, value] of [['lock-timeout', lockTimeout], ['statement-timeout', statementTimeout]] as const) {
    try {
      if (value !== undefined) quoteSetting(value);
    } catch (e) {
      throw new UsageError(`--${name}: ${(e as Error).message}`);
    }
  }
  const retries = str(args, 'lock-retries');
  if (retries !== undefined && !/^\d{1,2}$/.test(retries)) throw new UsageError('--lock-retries needs a whole number from 0 to 99');
  return { lockTimeout, ...(statementTimeout !== undefined ? { statementTimeout } : {}), ...(retries !== undefined ? { lockRetries: Number(retries) } : {}) };
}

/** Asks on a terminal; refuses (false, nothing changed) when stdin is not one. */
export async function confirm(ctx: Pick<CommandContext, 'io' | 'err'>, question: string): Promise<boolean> {
  const { io, err } = ctx;
  if (!interactive(io)) {
    io.stderr.write(`${err.red('refused:')} not on a terminal, so pgdecl cannot ask: pass --yes (nothing was changed)\n`);
    return false;
  }
  io.stderr.write(`${question} [y/N] `);
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: io.stdin!, terminal: false });
  const answer = await new Promise<string>((res) => {
    rl.once('line', res);
    rl.once('close', () => res(''));
  });
  rl.close();
  if (/^y(es)?$/i.test(answer.trim())) return true;
  io.stderr.write('Nothing was changed.\n');
  return false;
}
