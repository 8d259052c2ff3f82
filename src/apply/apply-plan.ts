/**
 * Runs a plan and proves it converged (STYLE 14, 15). The transactional steps run in one
 * transaction; before COMMIT the database is inspected inside that transaction and planned
 * again against the desired catalog: what is left must be exactly the steps that run after
 * the commit (CREATE INDEX CONCURRENTLY). Anything else rolls the transaction back, so a
 * result that does not match the files is never committed. The steps outside the
 * transaction are checked once more after they ran.
 */
import type { Target } from '../targets/target.js';
import type { Change } from '../diff/change.js';
import type { Plan } from '../plan/step.js';
import { stableJson } from '../diff/compare.js';
import { deriveSteps, type DesiredState } from '../plan/derive.js';
import { inspect, type Inspection } from '../inspect/inspect.js';
import { inspectionKey, keepInspection } from '../plan/inspection-cache.js';
import { gzipInspection, storeInspection } from '../plan/stored-inspection.js';
import { settleDeferred, type Deferred } from '../plan/settle-deferred.js';
import { installedExtensions, storeNormalized } from '../plan/stored-normalized.js';
import { PreparedEntry, type StoredPieces } from '../plan/stored-project.js';
import { IdleWork } from './idle-work.js';
import { rememberConverged, stampBeforeProof, storeConverged, type ConvergedPlace } from '../plan/converged.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { applySteps, type ApplyOptions, type ApplyResult } from './apply.js';

export interface Convergence {
  /** Where it was proved: inside the transaction, before COMMIT, or after the steps outside it ran. */
  readonly checked: 'in_transaction' | 'after';
  readonly converged: boolean;
  /** What still differs from the desired catalog (beyond the steps still to run outside the transaction). */
  readonly remaining: readonly Change[];
}

export interface ApplyPlanResult extends ApplyResult {
  /** Absent when a step failed before the check could run. */
  readonly convergence?: Convergence;
}

export interface ApplyPlanInput extends DesiredState {
  readonly plan: Plan;
  /** The normalised definitions the plan used: stored in the database once convergence is proved. */
  readonly normalized?: ReadonlyMap<string, unknown>;
  /** What was made of the files (../plan/project-cache.ts `storedPieces`): stored once convergence is proved. */
  readonly project?: { readonly key: string; readonly pieces: StoredPieces | undefined };
  /** Where to record that these files now plan empty (../plan/converged.ts): in the transaction, and locally after COMMIT. */
  readonly converged?: ConvergedPlace & { readonly warnings: readonly Diagnostic[] };
  /** New tables and functions the plan creates as compiled (../plan/settle-deferred.ts). */
  readonly deferred?: Deferred;
}

export async function applyPlan(target: Target, input: ApplyPlanInput, options: ApplyOptions = {}): Promise<ApplyPlanResult> {
  const after = input.plan.steps.filter((s) => !s.transactional);
  // What is stored once convergence is proved is serialised and compressed while the server runs the steps.
  const idle = options.idle ?? new IdleWork();
  const entry = input.project?.pieces ? new PreparedEntry(input.project.pieces) : undefined;
  if (entry) idle.add(...entry.tasks());
  let proof: Convergence | undefined;
  let stamp: string | undefined;
  // The desired state the proof compares with: new tables created as compiled are taken as the server made them.
  let state: DesiredState = input;
  let normalized = input.normalized;
  let proofInspection: Inspection | undefined;
  // The proof's inspection as JSON, when it is kept (serialised once for the database and the local cache).
  let inspectionJson: string | undefined;
  const beforeCommit = async (): Promise<boolean> => {
    // Recording convergence: the stamp the proof sees, kept only if nothing changes it until the end.
    const proved = input.converged && after.length === 0 ? await stampBeforeProof(target) : undefined;
    proofInspection = await inspect(target, { ...input.scope, inTransaction: true });
    if (input.deferred) {
      const settled = settleDeferred(input.desired, proofInspection.catalog, input.deferred);
      state = { ...input, desired: settled.desired };
      normalized = new Map([...(input.normalized ?? []), ...settled.normalized]);
    }
    const again = await deriveSteps(target, state, { current: proofInspection });
    const expected = after.map((s) => stableJson(s.sql)).sort();
    const left = again.plan.steps.map((s) => stableJson(s.sql)).sort();
    const converged = stableJson(expected) === stableJson(left);
    const pending = new Set(expected);
    proof = { checked: 'in_transaction', converged, remaining: converged ? [] : again.plan.steps.filter((s) => !pending.has(stableJson(s.sql))).map((s) => s.change) };
    if (!converged) return false;
    // The proof's inspection is kept under the stamp recorded below: compressed off the main
    // thread while the rest is stored.
    inspectionJson = input.converged && proved !== undefined ? JSON.stringify(proofInspection) : undefined;
    const compressed = inspectionJson !== undefined ? gzipInspection(inspectionJson).catch(() => undefined) : undefined;
    await idle.drain();
    if (normalized || entry) {
      // Both are keyed by the extensions installed after the steps: one query for the two.
      const { extensions } = await installedExtensions(target);
      if (normalized) await storeNormalized(target, normalized, extensions);
      if (entry) await entry.store(target, input.project!.key, extensions);
    }
    if (options.beforeCommit && !(await options.beforeCommit())) return false;
    // Last: what COMMIT makes visible plans empty, if it is still the state the proof saw.
    if (input.converged && proved !== undefined) stamp = await storeConverged(target, input.converged, input.converged.warnings, proved);
    // The proof's inspection is what the catalog holds at that stamp: a plan of edited files reads it.
    if (stamp !== undefined) await storeInspection(target, inspectionKey(stamp, input.scope), (await compressed) ?? proofInspection);
    return true;
  };
  const result = await applySteps(target, input.plan.steps, { ...options, beforeCommit, idle }).finally(() => idle.drain());
  const withProof = (r: ApplyResult, c?: Convergence): ApplyPlanResult => (c ? { ...r, convergence: c } : r);
  if (stamp !== undefined && input.converged && !result.failure && !result.rolledBack) {
    rememberConverged(input.converged, stamp, input.converged.warnings);
    if (input.converged.cacheDir !== undefined && proofInspection) keepInspection(input.converged.cacheDir, stamp, input.scope, inspectionJson ?? proofInspection);
  }
  if (result.failure || result.rolledBack || (proof && after.length === 0)) return withProof(result, proof);
  const again = await deriveSteps(target, state);
  return withProof(result, { checked: 'after', converged: again.changes.length === 0, remaining: again.changes });
}
