/**
 * A plan as JSON: what `plan --json` prints and what `plan -o plan.json` saves (README,
 * "The plan as JSON"). A saved plan also records what was inspected, the desired catalog,
 * the renames and the database, so `apply plan.json` can derive the steps again and refuse
 * a plan whose steps are not what pgdecl would run (../plan/saved-plan.ts reads it back).
 */
import type { Plan, Step } from '../plan/step.js';
import type { Hazard } from '../plan/hazards.js';
import type { Change } from '../diff/change.js';
import type { Renames } from '../diff/renames.js';
import type { OnlineOptions } from '../plan/online.js';
import type { TableLock } from '../plan/locks.js';
import type { SavedDatabase } from '../targets/saved-target.js';
import type { Catalog } from '../ir/catalog.js';
import type { DestructiveJson, RewriteJson } from './destructive-text.js';

/** 2: the renames and the database are recorded, and the steps are checked against them. */
export const PLAN_FORMAT_VERSION = 2;

export interface PlanStepJson {
  readonly id: number;
  readonly action: Step['action'];
  readonly kind: Change['kind'];
  readonly summary: string;
  readonly table: string;
  readonly object: string;
  readonly hazards: readonly Hazard[];
  /** The table lock the step takes (PostgreSQL's name for it); absent when it locks no table. */
  readonly lock?: TableLock;
  readonly transactional: boolean;
  readonly sql: readonly string[];
  readonly reverse: readonly string[];
  readonly change: Change;
}

export interface PlanDocument {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly pgdecl: string;
  readonly createdAt: string;
  /** The database, without its password. */
  readonly target: string;
  /** The database to apply it to: a URL without its password, or the embedded database's directory. */
  readonly database: SavedDatabase;
  readonly serverVersion: number;
  /** Fingerprint of the schema the plan was computed from. */
  readonly fingerprint: string;
  /** What inspection read: the managed schemas and the extensions of interest. */
  readonly inspect: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
  readonly files: readonly string[];
  /** The desired schema as the server prints it: `apply` checks convergence against it. */
  readonly desired: Catalog;
  /** The renames the files ask for (`renamed_from`): the steps are derived with them. */
  readonly renames: Renames;
  /** Present when the plan changes existing tables online: the steps are derived the same way. */
  readonly online?: OnlineOptions;
  readonly summary: Plan['summary'];
  readonly steps: readonly PlanStepJson[];
  /** What each destructive step would cost, counted on the database when the plan was made. */
  readonly destructive?: readonly DestructiveJson[];
  /** The steps that rewrite a table holding rows, with its size, on the database when the plan was made. */
  readonly rewrites?: readonly RewriteJson[];
}

export function stepJson(s: Step): PlanStepJson {
  return {
    id: s.id,
    action: s.action,
    kind: s.change.kind,
    summary: s.summary,
    table: s.table,
    object: s.object,
    hazards: s.hazards,
    ...(s.lock ? { lock: s.lock } : {}),
    transactional: s.transactional,
    sql: s.sql,
    reverse: s.reverse,
    change: s.change,
  };
}

export function planDocument(plan: Plan, meta: Omit<PlanDocument, 'formatVersion' | 'summary' | 'steps'>): PlanDocument {
  return { formatVersion: PLAN_FORMAT_VERSION, ...meta, summary: plan.summary, steps: plan.steps.map(stepJson) };
}
