/** Exit codes, documented in the README and in `pgdecl --help`. */
export const EXIT = {
  /** Done; nothing pending. */
  ok: 0,
  /** Invalid input, a failed step, a refused change. Nothing was changed. */
  error: 1,
  /** Changes are pending (`plan --exit-code`, `generate --check`). */
  changes: 2,
  /** Ctrl-C (SIGINT): stopped; says what was committed before, if anything (128 + signal 2). */
  interrupted: 130,
} as const;
