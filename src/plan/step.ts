/**
 * A planned step (STYLE 8): the change it comes from, the SQL that makes it, its hazards,
 * whether it can run in the transaction, and the SQL that would undo it. The text printer,
 * the JSON printer, `apply` and the migration writer all read these same objects.
 */
import type { Change } from '../diff/change.js';
import type { ObjectKey } from '../ir/keys.js';
import type { Hazard } from './hazards.js';
import type { TableLock } from './locks.js';

export interface Step {
  /** 1-based position in the plan. */
  readonly id: number;
  readonly change: Change;
  /** Statements, each without its trailing semicolon. */
  readonly sql: readonly string[];
  /** Statements that undo the step (the inverse changes, rendered). */
  readonly reverse: readonly string[];
  readonly hazards: readonly Hazard[];
  /** The table lock it takes (./locks.ts); absent when it locks no table. */
  readonly lock?: TableLock;
  /** false for CREATE INDEX CONCURRENTLY and what must follow it: runs after the commit. */
  readonly transactional: boolean;
  /** One line for people: `add column public.users.email`. */
  readonly summary: string;
  /** The object the step changes, to find where the files declare it. */
  readonly object: ObjectKey;
  /** The table the step belongs to (`schema.table`), or '' for schema-wide objects. */
  readonly table: string;
  /** create, change or drop: the three counts of the plan's last line. */
  readonly action: 'create' | 'change' | 'drop';
}

export interface PlanSummary {
  readonly create: number;
  readonly change: number;
  readonly drop: number;
}

export interface Plan {
  readonly steps: readonly Step[];
  readonly summary: PlanSummary;
}

/** Runs in a transaction of its own, committed before the other transactional steps (../plan/enum-values-first.ts). */
export function commitsFirst(step: Step): boolean {
  return step.hazards.includes('commits_first');
}

export function isDestructive(step: Step): boolean {
  return step.hazards.includes('data_loss');
}
