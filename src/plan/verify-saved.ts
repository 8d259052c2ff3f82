/**
 * Checks a saved plan against what pgdecl itself would do, before any step runs: the steps
 * are derived again from the plan's desired catalog, its renames and the live database, and
 * must equal the saved ones in every field (SQL, order, count, transactional flag, hazards,
 * reverse, summary). A plan edited by hand, made for another state of the database, made on
 * another PostgreSQL major version, or already applied is told apart and refused or reported.
 *
 * What this cannot catch: a plan whose desired catalog (or renames) was edited together with
 * its steps, consistently. The plan file is not signed; it is trusted like the resource files.
 */
import type { Catalog } from '../ir/catalog.js';
import type { Target } from '../targets/target.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Renames } from '../diff/renames.js';
import { renamedFromSchemas } from '../diff/renames.js';
import { stableJson } from '../diff/compare.js';
import { stepJson, type PlanDocument, type PlanStepJson } from '../render/plan-json.js';
import { fingerprint } from './fingerprint.js';
import { deriveSteps } from './derive.js';
import type { OnlineOptions } from './online.js';
import { PLAN_FILE_FIX } from './saved-plan-file.js';
import type { Plan } from './step.js';

/** The first place where the saved steps and the derived ones part. */
export interface StepDifference {
  /** 1-based position. */
  readonly position: number;
  /** The field that differs (`sql`, `transactional`, …), or `count` when one list is longer. */
  readonly field: string;
  readonly saved?: unknown;
  readonly derived?: unknown;
}

export type SavedPlanCheck =
  | {
      readonly status: 'ready';
      readonly serverVersion: number;
      readonly plan: Plan;
      readonly desired: Catalog;
      readonly scope: PlanDocument['inspect'];
      readonly renames: Renames;
      readonly online?: OnlineOptions;
    }
  /** The database already is what the plan leads to: nothing to run. */
  | { readonly status: 'already_applied'; readonly serverVersion: number }
  | { readonly status: 'refused'; readonly serverVersion: number; readonly diagnostic: Diagnostic; readonly difference?: StepDifference };

export interface VerifyOptions {
  /** The plan file as the user named it, for messages. */
  readonly file: string;
  /** The version of pgdecl doing the check: steps are derived by this pgdecl's planner. */
  readonly pgdecl?: string;
}

const FIELDS: readonly (keyof PlanStepJson)[] = ['id', 'kind', 'action', 'summary', 'table', 'object', 'transactional', 'hazards', 'lock', 'sql', 'reverse', 'change'];

/** Compares two lists of steps field by field; undefined when they are equal. */
export function firstDifference(saved: readonly unknown[], derived: readonly PlanStepJson[]): StepDifference | undefined {
  const n = Math.min(saved.length, derived.length);
  for (let i = 0; i < n; i++) {
    const s = saved[i] as Record<string, unknown>;
    const d = derived[i]! as unknown as Record<string, unknown>;
    for (const f of FIELDS) if (stableJson(s[f]) !== stableJson(d[f])) return { position: i + 1, field: f, saved: s[f], derived: d[f] };
    const extra = Object.keys(s).find((k) => !(FIELDS as readonly string[]).includes(k));
    if (extra) return { position: i + 1, field: extra, saved: s[extra] };
  }
  if (saved.length !== derived.length) return { position: n + 1, field: 'count', saved: saved.length, derived: derived.length };
  return undefined;
}

const show = (v: unknown) => {
  const text = Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('; ') : JSON.stringify(v);
  return text === undefined ? 'nothing' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

function describeDifference(d: StepDifference): string {
  if (d.position === 0) return `its "${d.field}" says ${show(d.saved)}, the steps make ${show(d.derived)}`;
  if (d.field === 'count') return `the plan has ${String(d.saved)} steps where pgdecl derives ${String(d.derived)} (step ${d.position} is the first one ${Number(d.saved) > Number(d.derived) ? 'pgdecl would not run' : 'missing from the plan'})`;
  if (d.derived === undefined) return `step ${d.position} has a field "${d.field}" that pgdecl does not write`;
  return `step ${d.position} differs in "${d.field}": the plan says ${show(d.saved)}, pgdecl derives ${show(d.derived)}`;
}

const major = (v: number) => Math.floor(v / 10000);

/** What inspection must read for this desired catalog: a plan's `inspect` cannot be chosen apart from it. */
function expectedScope(doc: PlanDocument): PlanDocument['inspect'] {
  return {
    schemas: [...new Set([...doc.desired.schemas.map((s) => s.name), ...renamedFromSchemas(doc.renames)])].filter((s) => !s.startsWith('$')).sort(),
    extensions: doc.desired.extensions.map((e) => e.name),
  };
}

export async function verifySavedPlan(target: Target, doc: PlanDocument, options: VerifyOptions): Promise<SavedPlanCheck> {
  const serverVersion = await target.serverVersionNum();
  const refuse = (code: string, message: string, suggestion: string, difference?: StepDifference): SavedPlanCheck => ({
    status: 'refused',
    serverVersion,
    diagnostic: { code, severity: 'error', message: `${message}. Nothing was changed`, suggestion },
    ...(difference ? { difference } : {}),
  });
  if (major(serverVersion) !== major(doc.serverVersion)) {
    return refuse(
      'plan_server_version',
      `${options.file} was made on PostgreSQL ${major(doc.serverVersion)}, and this database runs PostgreSQL ${major(serverVersion)}: its SQL and its desired catalog are those of the other version`,
      `make the plan on this database: ${PLAN_FILE_FIX}`,
    );
  }
  if (stableJson(expectedScope(doc)) !== stableJson({ schemas: [...doc.inspect.schemas], extensions: [...doc.inspect.extensions] })) {
    const e = expectedScope(doc);
    return refuse('plan_tampered', `${options.file} was changed after pgdecl wrote it: "inspect" names ${show(doc.inspect.schemas)} where its desired catalog and renames call for ${show(e.schemas)}`, PLAN_FILE_FIX);
  }
  const state = { desired: doc.desired, scope: doc.inspect, renames: doc.renames, ...(doc.online ? { online: doc.online } : {}) };
  const derived = await deriveSteps(target, state);
  const liveFingerprint = fingerprint(derived.current.catalog);
  if (derived.plan.steps.length === 0) {
    if (doc.steps.length === 0) return { status: 'ready', serverVersion, plan: derived.plan, ...state };
    if (liveFingerprint !== doc.fingerprint) return { status: 'already_applied', serverVersion };
  }
  if (liveFingerprint !== doc.fingerprint) {
    return refuse(
      'plan_stale',
      `the database changed since ${options.file} was made (${doc.createdAt}): the plan no longer describes what would happen`,
      'make a new plan with `pgdecl plan -o plan.json`, review it, and apply that',
    );
  }
  const difference = firstDifference(doc.steps, derived.plan.steps.map(stepJson)) ?? summaryDifference(doc, derived.plan);
  if (difference) {
    const other = options.pgdecl !== undefined && options.pgdecl !== doc.pgdecl ? ` (the plan was made by pgdecl ${doc.pgdecl}, this is pgdecl ${options.pgdecl}: make it again with this version)` : '';
    return refuse(
      'plan_tampered',
      `${options.file} is not what pgdecl would run on this database: ${describeDifference(difference)}${other}. The file was edited after \`pgdecl plan -o\` wrote it, or is damaged`,
      PLAN_FILE_FIX,
      difference,
    );
  }
  return { status: 'ready', serverVersion, plan: derived.plan, ...state };
}

function summaryDifference(doc: PlanDocument, plan: Plan): StepDifference | undefined {
  if (stableJson(doc.summary) === stableJson(plan.summary)) return undefined;
  return { position: 0, field: 'summary', saved: doc.summary, derived: plan.summary };
}
