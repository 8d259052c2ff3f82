/** A mistake on the command line: printed with a pointer to `--help`, exit 1. */
import type { CommandDef } from './command.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandDef,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
