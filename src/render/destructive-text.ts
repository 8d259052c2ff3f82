/**
 * What the destructive steps of a plan would cost on this database, as `plan` prints it after
 * the steps (and `plan --json` carries it as `destructive`): the counts come from the data.
 */
import type { DestructiveStep } from '../apply/destructive.js';
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
