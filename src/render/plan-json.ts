/**
 * A plan as JSON: what `plan --json` prints and what `plan -o plan.json` saves (README,
 * "The plan as JSON"). A saved plan also records what was inspected, so `apply plan.json`
 * can inspect the same way and refuse a database that changed since.
 */
import type { Plan, Step } from '../plan/step.js';
import type { Hazard } from '../plan/hazards.js';
import type { Change } from '../diff/change.js';
import { PgdeclError } from '../model/diagnostic.js';
import type { Catalog } from '../ir/catalog.js';
import type { DestructiveJson } from './destructive-text.js';

export const PLAN_FORMAT_VERSION = 1;

export interface PlanStepJson {
  readonly id: number;
  readonly action: Step['action'];
  readonly kind: Change['kind'];
  readonly summary: string;
  readonly table: string;
  readonly object: string;
  readonly hazards: readonly Hazard[];
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
  readonly serverVersion: number;
  /** Fingerprint of the schema the plan was computed from. */
  readonly fingerprint: string;
  /** What inspection read: the managed schemas and the extensions of interest. */
  readonly inspect: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
  readonly files: readonly string[];
  /** The desired schema as the server prints it: `apply` checks convergence against it. */
  readonly desired: Catalog;
  readonly summary: Plan['summary'];
  readonly steps: readonly PlanStepJson[];
  /** What each destructive step would cost, counted on the database when the plan was made. */
  readonly destructive?: readonly DestructiveJson[];
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
    transactional: s.transactional,
    sql: s.sql,
    reverse: s.reverse,
    change: s.change,
  };
}

export function planDocument(plan: Plan, meta: Omit<PlanDocument, 'formatVersion' | 'summary' | 'steps'>): PlanDocument {
  return { formatVersion: PLAN_FORMAT_VERSION, ...meta, summary: plan.summary, steps: plan.steps.map(stepJson) };
}

/** Reads a saved plan back into steps; refuses anything that is not one. */
export function readPlanDocument(text: string, file: string): { doc: PlanDocument; plan: Plan } {
  const fail = (why: string): never => {
    throw new PgdeclError({ code: 'plan_file_invalid', severity: 'error', message: `${file} is not a pgdecl plan: ${why}`, suggestion: 'save a plan with `pgdecl plan -o plan.json`' });
  };
  let doc: PlanDocument;
  try {
    doc = JSON.parse(text) as PlanDocument;
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!doc || typeof doc !== 'object') return fail('not a JSON object');
  if (doc.formatVersion !== PLAN_FORMAT_VERSION) return fail(`formatVersion ${String(doc.formatVersion)} (this pgdecl reads ${PLAN_FORMAT_VERSION})`);
  if (!Array.isArray(doc.steps) || typeof doc.fingerprint !== 'string' || !doc.inspect || !Array.isArray(doc.inspect.schemas) || !doc.desired || !Array.isArray(doc.desired.tables)) return fail('steps, fingerprint, inspect or desired missing');
  const steps: Step[] = doc.steps.map((s) => {
    if (!Array.isArray(s.sql) || typeof s.id !== 'number' || !s.change || typeof s.change.kind !== 'string') fail(`step ${String(s?.id)} is incomplete`);
    return { id: s.id, change: s.change, sql: s.sql, reverse: s.reverse ?? [], hazards: s.hazards ?? [], transactional: s.transactional !== false, summary: s.summary, object: s.object, table: s.table, action: s.action };
  });
  return { doc, plan: { steps, summary: doc.summary } };
}
