/**
 * The tenants of one database, as every fan-out handles them: list and select them, plan them
 * grouped by state, and apply the plans (each tenant in its own transaction over the pool),
 * then prove the tenants that changed now plan to nothing. The caller holds pgdecl's advisory
 * lock on `target` while applying.
 */
import type { Project } from '../model/resource.js';
import type { Target } from '../targets/target.js';
import { listTenants, selectTenants, type TenantList } from '../tenants/names.js';
import { planTenants, tenantSteps, type PlanMemo, type TenantGroup, type TenantsPlan } from '../tenants/plan.js';
import { applyTenants, type TenantEvent, type TenantResult } from '../tenants/apply.js';
import { destructiveSteps } from '../apply/destructive.js';
import { isDestructive } from '../plan/step.js';
import type { Connection } from './pool.js';
import type { DestructiveCost } from './results.js';

export interface TenantSelection {
  readonly only: readonly string[];
  readonly except: readonly string[];
}

export interface SelectedTenants extends TenantList {
  readonly selected: readonly string[];
  /** Names given in `only` that the list does not hold. */
  readonly unknown: readonly string[];
}

export async function selectTenantsOn(target: Target, project: Project, repo: string, s: TenantSelection): Promise<SelectedTenants> {
  const listed = await listTenants(target, project, repo);
  return { ...listed, selected: selectTenants(listed.names, s.only, s.except), unknown: s.only.filter((t) => !listed.names.includes(t)) };
}

export interface TenantPlanOptions {
  readonly repo: string;
  readonly cacheDir?: string;
  readonly memo?: PlanMemo;
}

export async function planTenantsOn(target: Target, project: Project, tenants: readonly string[], o: TenantPlanOptions): Promise<TenantsPlan> {
  return planTenants(target, project, tenants, { repo: o.repo, ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}), ...(o.memo ? { memo: o.memo } : {}) });
}

/** What each destructive step of a group would cost in one tenant, counted on its database. */
export async function tenantDestructiveCost(target: Target, g: TenantGroup, tenant: string, serverVersion: number): Promise<DestructiveCost[]> {
  if (!g.plan.steps.some(isDestructive)) return [];
  const list = await destructiveSteps(target, tenantSteps(g, tenant, serverVersion).steps);
  return list.map((d) => ({ summary: d.step.summary, what: d.what, ...(d.rows !== undefined ? { rows: d.rows } : {}) }));
}

export interface TenantApplyRun {
  /** One result per tenant of the plan: converged ones too. */
  readonly results: TenantResult[];
  /** Tenants whose steps ran but that still differ from the files (a bug in pgdecl). */
  readonly left: readonly string[];
}

export interface TenantRunOptions {
  readonly concurrency: number;
  readonly lockTimeout?: string;
  readonly dryRun?: boolean;
  readonly onEvent?: (e: TenantEvent) => void;
}

/**
 * Applies the pending groups of `p` (each tenant in its own transaction, on connections from
 * `connect`), then plans the tenants that changed again: they must plan to nothing.
 */
export async function applyTenantsOn(target: Target, project: Project, p: TenantsPlan, connect: () => Promise<Connection>, o: TenantRunOptions & TenantPlanOptions): Promise<TenantApplyRun> {
  const pending = p.groups.filter((g) => g.plan.steps.length > 0);
  const results = await applyTenants(pending, connect, {
    concurrency: o.concurrency,
    serverVersion: p.serverVersion,
    ...(o.lockTimeout ? { lockTimeout: o.lockTimeout } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
  });
  let left: string[] = [];
  const changed = results.filter((r) => r.status === 'changed').map((r) => r.tenant);
  if (!o.dryRun && changed.length) {
    const again = await planTenantsOn(target, project, changed, o);
    left = again.groups.filter((g) => g.plan.steps.length > 0).flatMap((g) => g.tenants);
  }
  for (const g of p.groups) if (g.plan.steps.length === 0) for (const t of g.tenants) results.push({ tenant: t, status: 'converged', steps: 0, ms: 0 });
  return { results, left };
}
