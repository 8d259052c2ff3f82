/**
 * Applying a tenants plan: each tenant in its own transaction, over a bounded pool of
 * connections; one failing tenant never stops the others; tenants already in the desired
 * state are not touched, so a re-run resumes where the last one stopped.
 */
import { applySteps, type ApplyFailure } from '../apply/apply.js';
import type { TenantGroup } from './plan.js';
import { tenantSteps } from './plan.js';
import { runPool, type Connection } from '../fanout/pool.js';

export type TenantStatus = 'converged' | 'changed' | 'failed';

export interface TenantResult {
  readonly tenant: string;
  readonly status: TenantStatus;
  readonly steps: number;
  readonly ms: number;
  readonly failure?: ApplyFailure;
}

export type TenantEvent = { readonly type: 'tenant-done'; readonly result: TenantResult; readonly done: number; readonly total: number };

export interface TenantApplyOptions {
  /** Connections used at once (each tenant uses one, in its own transaction). */
  readonly concurrency: number;
  readonly serverVersion: number;
  readonly lockTimeout?: string;
  readonly onEvent?: (e: TenantEvent) => void;
  /**
   * Rehearse: run each tenant's transactional steps in a transaction that is rolled back
   * (`changed` then means "would change"; steps outside a transaction are not run).
   */
  readonly dryRun?: boolean;
}

/**
 * Runs every group's plan for each of its tenants. `connect` opens a worker connection
 * (the caller holds pgdecl's advisory lock on its own). Returns one result per tenant.
 */
export async function applyTenants(groups: readonly TenantGroup[], connect: () => Promise<Connection>, o: TenantApplyOptions): Promise<TenantResult[]> {
  const results: TenantResult[] = [];
  const total = groups.reduce((n, g) => n + g.tenants.length, 0);
  const emit = (r: TenantResult) => {
    results.push(r);
    o.onEvent?.({ type: 'tenant-done', result: r, done: results.length, total });
  };
  for (const g of groups) if (g.plan.steps.length === 0) for (const t of g.tenants) emit({ tenant: t, status: 'converged', steps: 0, ms: 0 });
  const jobs = groups.filter((g) => g.plan.steps.length > 0).flatMap((g) => g.tenants.map((t) => ({ g, t })));
  await runPool(jobs, {
    concurrency: o.concurrency,
    connect: () => connect(),
    work: async (target, job): Promise<TenantResult> => {
      const t0 = performance.now();
      const steps = tenantSteps(job.g, job.t, o.serverVersion).steps;
      // A dry run rehearses the transactional steps in a transaction that is rolled back.
      const r = await applySteps(target, steps, { locked: true, ...(o.dryRun ? { rehearse: true } : {}), ...(o.lockTimeout ? { lockTimeout: o.lockTimeout } : {}) });
      const ms = performance.now() - t0;
      const result: TenantResult = r.failure ? { tenant: job.t, status: 'failed', steps: steps.length, ms, failure: r.failure } : { tenant: job.t, status: 'changed', steps: steps.length, ms };
      emit(result);
      return result;
    },
    failed: (r) => r.status === 'failed',
  });
  return results;
}
