/**
 * The `--json` documents of `migrate`, `rollback` and their `--tenants` fan-out: what was
 * selected, what ran, and where it failed (README: "Migrations as JSON").
 */
import type { RunResult } from '../migrations/run.js';

export interface RunJson {
  readonly direction: 'up' | 'down';
  readonly selected: readonly { readonly version: string; readonly name: string; readonly file: string; readonly noTransaction: boolean }[];
  readonly results: readonly { readonly version: string; readonly name: string; readonly status: string; readonly ms: number }[];
  readonly failure: null | {
    readonly version: string;
    readonly name: string;
    readonly file: string;
    readonly line: number;
    readonly message: string;
    readonly sqlstate: string | null;
    readonly statement: string;
    readonly rolledBack: boolean;
  };
}

/** One schema's run; `shown` is the folder as the user named it (`migrations`). */
export function runJson(r: RunResult, shown: string): RunJson {
  const f = r.failure;
  return {
    direction: r.direction,
    selected: r.selected.map((m) => ({ version: m.version, name: m.name, file: `${shown}/${m.file}`, noTransaction: m.noTransaction })),
    results: r.results.map((x) => ({ version: x.version, name: x.name, status: x.status, ms: Math.round(x.ms) })),
    failure: f
      ? { version: f.migration.version, name: f.migration.name, file: `${shown}/${f.migration.file}`, line: f.line, message: f.error.message, sqlstate: f.error.code ?? null, statement: f.statement, rolledBack: f.rolledBack }
      : null,
  };
}
