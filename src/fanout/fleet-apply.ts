/**
 * `apply` over a fleet: each database under its own advisory lock, planned again under it
 * (it may have moved since the plan was shown), its destructive steps refused without
 * `allowDestructive` (nothing changes in it), then applied in one transaction with its
 * convergence proof, or, with tenants, each tenant in its own transaction over the pool.
 * A database that fails fails alone; a re-run finishes what is left (converged databases and
 * tenants plan to nothing).
 */
import type { Project } from '../model/resource.js';
import type { Target } from '../targets/target.js';
import { planProject } from '../plan/project-plan.js';
import { applyPlan } from '../apply/apply-plan.js';
import { acquireLock, releaseLock } from '../apply/lock.js';
import type { PlanMemo } from '../tenants/plan.js';
import type { FleetTarget } from './fleet-targets.js';
import { overTargets, perTarget, tenantConnector } from './over-targets.js';
import { applyTenantsOn, planTenantsOn, selectTenantsOn, tenantDestructiveCost, type TenantSelection } from './tenants-on-target.js';
import type { FleetRunOptions } from './fleet-plan.js';
import { errorLine, type DestructiveCost, type FleetRow } from './results.js';
import { redactSecrets } from '../targets/redact.js';

export interface FleetApplyOptions extends FleetRunOptions {
  readonly allowDestructive: boolean;
  readonly lockTimeout: string;
  /** How often a statement that ran out of lockTimeout is tried again (default 5 when online, else 0). */
  readonly lockRetries?: number;
  /** statement_timeout for the steps after the transaction that take a brief lock. */
  readonly statementTimeout?: string;
}

const costText = (d: readonly DestructiveCost[]) => d.map((x) => `${x.summary}: ${x.rows === undefined ? 'data (not counted)' : `${x.rows} ${x.what}`}`).join('; ');

async function applyOrdinary(target: Target, t: FleetTarget, project: Project, o: FleetApplyOptions): Promise<FleetRow[]> {
  const t0 = performance.now();
  const p = await planProject(target, project, { repo: o.repo, ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}), ...(o.online ? { online: o.online } : {}) });
  const n = p.plan.steps.length;
  const ms = () => performance.now() - t0;
  if (n === 0) return [{ target: t.name, outcome: 'converged', steps: 0, ms: ms() }];
  const destructive = p.destructive.map((d) => ({ summary: d.step.summary, what: d.what, ...(d.rows !== undefined ? { rows: d.rows } : {}) }));
  if (destructive.length && !o.allowDestructive) return [{ target: t.name, outcome: 'refused', steps: n, ms: ms(), destructive, detail: `destructive steps need --allow-destructive: ${costText(destructive)}` }];
  const r = await applyPlan(target, { plan: p.plan, desired: p.desired, scope: p.scope, renames: p.renames, normalized: p.normalized, ...(p.online ? { online: p.online } : {}) }, {
    lockTimeout: o.lockTimeout,
    locked: true,
    lockRetries: o.lockRetries ?? (p.online ? 5 : 0),
    ...(o.statementTimeout ? { statementTimeout: o.statementTimeout } : {}),
  });
  if (r.failure) return [{ target: t.name, outcome: 'failed', steps: n, ms: ms(), detail: redactSecrets(`step ${r.failure.step.id} (${r.failure.step.summary}): ${r.failure.error.message}${r.failure.rolledBack ? ' (rolled back)' : ''}`) }];
  if (r.convergence && !r.convergence.converged) return [{ target: t.name, outcome: 'failed', steps: n, ms: ms(), detail: `the steps ran, but ${r.convergence.remaining.length} change(s) are left: this is a bug in pgdecl${r.convergence.checked === 'in_transaction' ? ' (rolled back)' : ''}` }];
  return [{ target: t.name, outcome: 'changed', steps: n, ms: ms(), ...(destructive.length ? { destructive } : {}) }];
}

async function applyTenantsTarget(target: Target, t: FleetTarget, project: Project, o: FleetApplyOptions & { tenants: TenantSelection; memo: PlanMemo }, tenantsAtOnce: number, row: (r: FleetRow) => FleetRow): Promise<FleetRow[]> {
  const sel = await selectTenantsOn(target, project, o.repo, o.tenants);
  const p = await planTenantsOn(target, project, sel.selected, o);
  const pending = p.groups.filter((g) => g.plan.steps.length > 0);
  if (!o.allowDestructive) {
    const refused: FleetRow[] = [];
    for (const g of pending)
      for (const tenant of g.tenants) {
        const destructive = await tenantDestructiveCost(target, g, tenant, p.serverVersion);
        if (destructive.length) refused.push({ target: t.name, tenant, outcome: 'refused', steps: g.plan.steps.length, ms: 0, destructive, detail: `destructive steps need --allow-destructive: ${costText(destructive)}` });
      }
    // Nothing changes in a database with a refused tenant: its plan is all or nothing, as on one database.
    if (refused.length) {
      const converged = new Set(p.groups.filter((g) => g.plan.steps.length === 0).flatMap((g) => g.tenants));
      const others = sel.selected.filter((x) => !refused.some((r) => r.tenant === x));
      return [
        ...refused,
        ...others.map((tenant): FleetRow =>
          converged.has(tenant) ? { target: t.name, tenant, outcome: 'converged', steps: 0, ms: 0 } : { target: t.name, tenant, outcome: 'refused', steps: 0, ms: 0, detail: 'not applied: another tenant of this database has destructive steps' },
        ),
      ].map(row);
    }
  }
  const rows: FleetRow[] = [];
  const run = await applyTenantsOn(target, project, p, tenantConnector(t, target), {
    ...o,
    concurrency: t.spec.kind === 'pglite' ? 1 : tenantsAtOnce,
    onEvent: (e) => {
      const r = e.result;
      if (r.status === 'converged') return;
      rows.push(
        row({
          target: t.name,
          tenant: r.tenant,
          outcome: r.status === 'failed' ? 'failed' : 'changed',
          steps: r.steps,
          ms: r.ms,
          ...(r.failure ? { detail: redactSecrets(`step ${r.failure.step.id} (${r.failure.step.summary}): ${r.failure.error.message} (rolled back)`) } : {}),
        }),
      );
    },
  });
  const left = new Set(run.left);
  const out = rows.map((r): FleetRow => (r.tenant && left.has(r.tenant) ? { ...r, outcome: 'failed', detail: 'the steps ran, but the schema still differs from the files: this is a bug in pgdecl' } : r));
  for (const r of run.results) if (r.status === 'converged') out.push(row({ target: t.name, tenant: r.tenant, outcome: 'converged', steps: 0, ms: 0 }));
  return out;
}

export async function applyFleet(targets: readonly FleetTarget[], project: Project, o: FleetApplyOptions): Promise<FleetRow[]> {
  const { targetsAtOnce, tenantsAtOnce } = perTarget(o.concurrency, targets.length);
  const memo: PlanMemo = o.memo ?? new Map();
  return overTargets(targets, { concurrency: targetsAtOnce, project, repo: o.repo, ...(o.onProgress ? { onProgress: o.onProgress } : {}) }, async (target, t, row) => {
    await acquireLock(target, o.onWait ? () => o.onWait!(t.name) : undefined);
    try {
      if (!o.tenants) return (await applyOrdinary(target, t, project, o)).map(row);
      // Every row is reported (`row`) as it is known: tenants as they finish.
      return await applyTenantsTarget(target, t, project, { ...o, memo, tenants: o.tenants }, tenantsAtOnce(targets.indexOf(t)), row);
    } catch (e) {
      return [row({ target: t.name, outcome: 'failed', steps: 0, ms: 0, detail: errorLine(e) })];
    } finally {
      await releaseLock(target).catch(() => {});
    }
  });
}
