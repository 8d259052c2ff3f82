/**
 * What the destructive steps of a plan would cost on this database, as `plan` prints it after
 * the steps (and `plan --json` carries it as `destructive`): the counts come from the data.
 */
import type { DestructiveStep } from '../apply/destructive.js';
import type { RewriteStep } from '../apply/rewrites.js';
import type { TextStyle } from './plan-text.js';

export interface DestructiveJson {
  readonly step: number;
  readonly summary: string;
  /** Rows the step would lose or refuse, counted on the database; absent when unknown. */
  readonly rows?: number;
  readonly what: string;
}

export function destructiveJson(list: readonly DestructiveStep[]): DestructiveJson[] {
  return list.map((d) => ({ step: d.step.id, summary: d.step.summary, ...(d.rows !== undefined ? { rows: d.rows } : {}), what: d.what }));
}

export function formatDestructive(list: readonly DestructiveStep[], s: TextStyle): string {
  if (list.length === 0) return '';
  const lines = list.map((d) => `  - [${d.step.id}] ${d.step.summary}: ${d.rows === undefined ? 'data (not counted)' : `${d.rows} ${d.what}`}`);
  return `\n${s.yellow(`Destructive (needs --allow-destructive), counted on this database:`)}\n${lines.join('\n')}\n`;
}

export interface RewriteJson {
  readonly step: number;
  readonly summary: string;
  readonly table: string;
  readonly rows: number;
  readonly estimate: boolean;
  readonly bytes: number;
}

export function rewriteJson(list: readonly RewriteStep[]): RewriteJson[] {
  return list.map((r) => ({ step: r.step.id, summary: r.step.summary, table: r.table, rows: r.rows, estimate: r.estimate, bytes: r.bytes }));
}

const mb = (bytes: number) => (bytes >= 1024 * 1024 * 1024 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.max(0.1, bytes / 1024 ** 2).toFixed(1)} MB`);

/** Steps that copy a whole table under its lock: how big each table is. */
export function formatRewrites(list: readonly RewriteStep[], s: TextStyle): string {
  const big = list.filter((r) => r.rows > 0);
  if (big.length === 0) return '';
  const lines = big.map((r) => `  - [${r.step.id}] ${r.step.summary}: ${r.table} is rewritten, ${r.estimate ? 'about ' : ''}${r.rows.toLocaleString('en')} rows, ${mb(r.bytes)}`);
  return `\n${s.yellow('Table rewrites (the table is copied while its lock is held), on this database:')}\n${lines.join('\n')}\n`;
}
