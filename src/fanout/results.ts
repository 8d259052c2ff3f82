/**
 * What a fan-out returns: one row per database, or per tenant of a database, with its
 * outcome; the CLI draws them as a table or JSON. Details never hold a password.
 */
import { PgdeclError } from '../model/diagnostic.js';
import { redactSecrets } from '../targets/redact.js';
import type { Plan } from '../plan/step.js';

/**
 * converged  nothing to do (plan, apply: matches the files; migrate: up to date)
 * pending    plan / status: changes or migrations are waiting
 * changed    apply / migrate / rollback: it ran, and (apply) converged
 * refused    apply: destructive steps without --allow-destructive; nothing changed
 * failed     could not connect, or a step or file failed (rolled back)
 */
export type Outcome = 'converged' | 'pending' | 'changed' | 'refused' | 'failed';

export interface DestructiveCost {
  readonly summary: string;
  /** Rows or values the step would lose or change, counted on that database; undefined when unknown. */
  readonly rows?: number;
  readonly what: string;
}

export interface FleetRow {
  readonly target: string;
  /** The tenant schema, in a tenants run (absent for the database as a whole, e.g. it refused connections). */
  readonly tenant?: string;
  readonly outcome: Outcome;
  /** Steps planned or applied, or migration files run or pending. */
  readonly steps: number;
  readonly ms: number;
  /** Why it failed or was refused, or what is pending. */
  readonly detail?: string;
  /** Destructive steps in its plan, with their cost counted on its database. */
  readonly destructive?: readonly DestructiveCost[];
  /** The key of its group (see FleetGroup), when it has a plan. */
  readonly group?: string;
}

/** One plan shared by every database (and tenant) in the same state. */
export interface FleetGroup {
  readonly key: string;
  /** The plan, in placeholder form (schema `$tenant`) in a tenants run. */
  readonly plan: Plan;
  readonly members: readonly { readonly target: string; readonly tenant?: string }[];
}

export interface FleetProgress {
  readonly targetsDone: number;
  readonly targets: number;
  /** Rows so far, and how many of them failed. */
  readonly rows: number;
  readonly failed: number;
  readonly row?: FleetRow;
}

/** An error as one line fit to print (a PgdeclError's messages, the driver's message), without passwords. */
export function errorLine(e: unknown): string {
  const text = e instanceof PgdeclError ? e.diagnostics.map((d) => d.message).join('; ') : e instanceof Error ? e.message : String(e);
  return redactSecrets(text.split('\n')[0] ?? '');
}

/** Counts rows by outcome, for summaries and exit codes. */
export function countOutcomes(rows: readonly FleetRow[]): Readonly<Record<Outcome, number>> {
  const n: Record<Outcome, number> = { converged: 0, pending: 0, changed: 0, refused: 0, failed: 0 };
  for (const r of rows) n[r.outcome]++;
  return n;
}

/** Reports rows as they finish and counts them. */
export class ProgressCounter {
  private rows = 0;
  private failed = 0;
  private done = 0;
  constructor(
    private readonly targets: number,
    private readonly on?: (p: FleetProgress) => void,
  ) {}
  row(r: FleetRow): FleetRow {
    this.rows++;
    if (r.outcome === 'failed') this.failed++;
    this.on?.({ targetsDone: this.done, targets: this.targets, rows: this.rows, failed: this.failed, row: r });
    return r;
  }
  targetDone(): void {
    this.done++;
    this.on?.({ targetsDone: this.done, targets: this.targets, rows: this.rows, failed: this.failed });
  }
}
