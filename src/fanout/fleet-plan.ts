/**
 * `plan` over a fleet: every database (and, with tenants, every tenant schema of each) planned
 * over the pool, with one plan per distinct state across the whole fleet: databases whose
 * tenants are in the same state share one diff (PlanMemo), and the result groups every
 * database and tenant by the plan it needs.
 */
import { createHash } from 'node:crypto';
import type { Project, OnlineSetting } from '../model/resource.js';
import type { Target } from '../targets/target.js';
import { planProject } from '../plan/project-plan.js';
import type { PlanMemo } from '../tenants/plan.js';
import type { Plan } from '../plan/step.js';
import type { FleetTarget } from './fleet-targets.js';
import { overTargets } from './over-targets.js';
import { planTenantsOn, selectTenantsOn, tenantDestructiveCost, type TenantSelection } from './tenants-on-target.js';
import type { FleetGroup, FleetProgress, FleetRow } from './results.js';

export interface FleetRunOptions {
  readonly repo: string;
  readonly cacheDir?: string;
  /** Connections at once over the whole fleet. */
  readonly concurrency: number;
  /** Work on the tenant schemas, these ones (absent: the ordinary part). */
  readonly tenants?: TenantSelection;
  readonly online?: OnlineSetting;
  readonly onProgress?: (p: FleetProgress) => void;
  /** Another pgdecl run holds the lock on this database: this one waits for it (apply, migrate). */
  readonly onWait?: (target: string) => void;
  /** Shared between the runs of one command, so a state is diffed once. */
  readonly memo?: PlanMemo;
}

export interface FleetPlan {
  readonly rows: readonly FleetRow[];
  /** One per distinct plan, with changes first. */
  readonly groups: readonly FleetGroup[];
  /** Names a tenant list returned that are not tenant names (skipped), per database. */
  readonly warnings: readonly string[];
}

/**
 * Databases and tenants grouped by the state they are in and the plan it needs: two servers of
 * different versions share a group when their plans are the same statements.
 */
class Groups {
  private readonly map = new Map<string, { plan: Plan; members: { target: string; tenant?: string }[] }>();
  private readonly keys = new Map<string, string>();
  /** The group key of a state (its fingerprint) and its plan. */
  key(state: string, plan: Plan): string {
    const text = `${state}\n${JSON.stringify(plan.steps.map((s) => s.sql))}`;
    let k = this.keys.get(text);
    if (!k) this.keys.set(text, (k = createHash('sha256').update(text).digest('hex').slice(0, 16)));
    return k;
  }
  add(key: string, plan: Plan, member: { target: string; tenant?: string }): void {
    const g = this.map.get(key);
    if (g) g.members.push(member);
    else this.map.set(key, { plan, members: [member] });
  }
  /** Members in the fleet's order of databases, then by tenant. */
  list(order: readonly string[]): FleetGroup[] {
    const at = (m: { target: string }) => order.indexOf(m.target);
    return [...this.map]
      .map(([key, g]) => ({ key, plan: g.plan, members: [...g.members].sort((a, b) => at(a) - at(b) || (a.tenant ?? '').localeCompare(b.tenant ?? '')) }))
      .sort((a, b) => Number(a.plan.steps.length === 0) - Number(b.plan.steps.length === 0) || b.members.length - a.members.length);
  }
}

async function planOrdinary(target: Target, t: FleetTarget, project: Project, o: FleetRunOptions, groups: Groups): Promise<FleetRow[]> {
  const t0 = performance.now();
  const p = await planProject(target, project, { repo: o.repo, ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}), ...(o.online ? { online: o.online } : {}) });
  const key = groups.key(p.fingerprint, p.plan);
  groups.add(key, p.plan, { target: t.name });
  const n = p.plan.steps.length;
  return [
    {
      target: t.name,
      outcome: n ? 'pending' : 'converged',
      steps: n,
      ms: performance.now() - t0,
      group: key,
      ...(p.destructive.length ? { destructive: p.destructive.map((d) => ({ summary: d.step.summary, what: d.what, ...(d.rows !== undefined ? { rows: d.rows } : {}) })) } : {}),
    },
  ];
}

async function planTenantsTarget(target: Target, t: FleetTarget, project: Project, o: FleetRunOptions & { tenants: TenantSelection }, groups: Groups, warnings: string[]): Promise<FleetRow[]> {
  const t0 = performance.now();
  const sel = await selectTenantsOn(target, project, o.repo, o.tenants);
  for (const r of sel.rejected) warnings.push(`${t.name}: skipped ${JSON.stringify(r.name)} from ${sel.source}: ${r.why}`);
  const p = await planTenantsOn(target, project, sel.selected, o);
  const ms = (performance.now() - t0) / Math.max(1, sel.selected.length);
  const rows: FleetRow[] = [];
  for (const g of p.groups) {
    const key = groups.key(g.fingerprint, g.plan);
    for (const tenant of g.tenants) {
      groups.add(key, g.plan, { target: t.name, tenant });
      const destructive = await tenantDestructiveCost(target, g, tenant, p.serverVersion);
      const n = g.plan.steps.length;
      rows.push({ target: t.name, tenant, outcome: n ? 'pending' : 'converged', steps: n, ms, group: key, ...(destructive.length ? { destructive } : {}) });
    }
  }
  return rows;
}

export async function planFleet(targets: readonly FleetTarget[], project: Project, o: FleetRunOptions): Promise<FleetPlan> {
  const groups = new Groups();
  const warnings: string[] = [];
  const memo: PlanMemo = o.memo ?? new Map();
  const rows = await overTargets(targets, { concurrency: o.concurrency, project, repo: o.repo, ...(o.onProgress ? { onProgress: o.onProgress } : {}) }, async (target, t, row) => {
    const out = o.tenants ? await planTenantsTarget(target, t, project, { ...o, memo, tenants: o.tenants }, groups, warnings) : await planOrdinary(target, t, project, o, groups);
    return out.map(row);
  });
  return { rows, groups: groups.list(targets.map((t) => t.name)), warnings };
}
