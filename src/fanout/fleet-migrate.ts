/**
 * `migrate`, `rollback` and `status` over a fleet: the same migrations folder run (or read) on
 * every database, and with tenants in every tenant schema of each, over the pool; each file in
 * its own transaction, tracked per database and per schema. A database that fails fails
 * alone; a re-run runs what is left.
 */
import type { Project } from '../model/resource.js';
import type { Target } from '../targets/target.js';
import type { MigrationFolder } from '../migrations/folder.js';
import { migrateSchema, rollbackSchema, type RunEvent, type RunResult } from '../migrations/run.js';
import { migrationStatus, type FolderStatus } from '../migrations/status.js';
import { ensureTracking } from '../migrations/tracking.js';
import { ENSURE_BOOKKEEPING } from '../apply/bookkeeping.js';
import { acquireLock, releaseLock } from '../apply/lock.js';
import { migrateTenants, tenantsStatus, tenantRunFailed, type TenantRun } from '../tenants/migrate.js';
import { redactSecrets } from '../targets/redact.js';
import type { FleetTarget } from './fleet-targets.js';
import { overTargets, perTarget, tenantConnector } from './over-targets.js';
import type { Connection } from './pool.js';
import { selectTenantsOn, type TenantSelection } from './tenants-on-target.js';
import type { FleetProgress, FleetRow } from './results.js';

export interface FleetMigrateOptions {
  readonly repo: string;
  readonly concurrency: number;
  /** The tenants' folder and which tenants; absent: the ordinary folder. */
  readonly tenants?: TenantSelection;
  readonly project?: Project;
  readonly step?: number;
  readonly to?: string;
  readonly onProgress?: (p: FleetProgress) => void;
  /** Another pgdecl run holds the lock on this database: this one waits for it. */
  readonly onWait?: (target: string) => void;
}

function runRow(target: string, tenant: string | undefined, r: RunResult | undefined, error: string | undefined, ms: number): FleetRow {
  const base = { target, ...(tenant !== undefined ? { tenant } : {}), ms };
  if (error) return { ...base, outcome: 'failed', steps: 0, detail: redactSecrets(error) };
  const f = r!.failure;
  const ran = r!.results.filter((x) => x.status === 'applied' || x.status === 'rolled_back').length;
  if (f) return { ...base, outcome: 'failed', steps: ran, detail: redactSecrets(`${f.migration.version}_${f.migration.name} (line ${f.line}): ${f.error.message}${f.rolledBack ? ' (rolled back)' : ''}`) };
  return { ...base, outcome: r!.selected.length ? 'changed' : 'converged', steps: r!.selected.length };
}

function statusRow(target: string, tenant: string | undefined, s: FolderStatus): FleetRow {
  const n = s.counts;
  const broken = n.modified + n.missing;
  return {
    target,
    ...(tenant !== undefined ? { tenant } : {}),
    outcome: broken ? 'failed' : n.pending ? 'pending' : 'converged',
    steps: n.pending,
    ms: 0,
    detail: `${n.applied} applied, ${n.pending} pending${broken ? `, ${n.modified} modified, ${n.missing} missing` : ''}`,
  };
}

const limits = (o: FleetMigrateOptions) => ({ ...(o.step !== undefined ? { step: o.step } : {}), ...(o.to !== undefined ? { to: o.to } : {}) });

export interface TenantsMigrateRun {
  readonly direction: 'up' | 'down';
  readonly concurrency: number;
  readonly step?: number;
  readonly to?: string;
  readonly onTenant?: (run: TenantRun, done: number, total: number) => void;
  /** Another pgdecl run holds the lock: pgdecl waits for it. */
  readonly onWait?: () => void;
}

/**
 * The tenant migrations of one database: under its advisory lock, pgdecl's tables made once
 * (connections that each ran CREATE TABLE IF NOT EXISTS at once collided on the type's
 * name), then every tenant over the pool.
 */
export async function migrateTenantsOn(target: Target, connect: () => Promise<Connection>, folder: MigrationFolder, tenants: readonly string[], o: TenantsMigrateRun): Promise<TenantRun[]> {
  await acquireLock(target, o.onWait ? () => o.onWait!() : undefined);
  try {
    await ensureTracking(target);
    if (folder.migrations.some((m) => /\bpgdecl\.(custom_statements|extensions)\b/.test(m.up.sql))) for (const sql of ENSURE_BOOKKEEPING) await target.exec(sql);
    return await migrateTenants(tenants, folder, connect, {
      direction: o.direction,
      concurrency: o.concurrency,
      ...(o.step !== undefined ? { step: o.step } : {}),
      ...(o.to !== undefined ? { to: o.to } : {}),
      ...(o.onTenant ? { onTenant: o.onTenant } : {}),
    });
  } finally {
    await releaseLock(target).catch(() => {});
  }
}

async function tenantRuns(target: Target, t: FleetTarget, folder: MigrationFolder, o: FleetMigrateOptions & { tenants: TenantSelection; project: Project }, direction: 'up' | 'down', tenantsAtOnce: number): Promise<TenantRun[]> {
  const sel = await selectTenantsOn(target, o.project, o.repo, o.tenants);
  return migrateTenantsOn(target, tenantConnector(t, target), folder, sel.selected, { direction, concurrency: t.spec.kind === 'pglite' ? 1 : tenantsAtOnce, ...limits(o), ...(o.onWait ? { onWait: () => o.onWait!(t.name) } : {}) });
}

/** Runs (direction 'up') or rolls back ('down') the folder on every database of the fleet. */
export async function migrateFleet(targets: readonly FleetTarget[], folder: MigrationFolder, direction: 'up' | 'down', o: FleetMigrateOptions): Promise<FleetRow[]> {
  const { targetsAtOnce, tenantsAtOnce } = perTarget(o.concurrency, targets.length);
  return overTargets(targets, { concurrency: targetsAtOnce, repo: o.repo, ...(o.project ? { project: o.project } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) }, async (target, t, row) => {
    const t0 = performance.now();
    if (!o.tenants) {
      let r: RunResult | undefined;
      let error: string | undefined;
      try {
        const options = { ...limits(o), ...(o.onWait ? { onEvent: (e: RunEvent) => e.type === 'waiting-for-lock' && o.onWait!(t.name) } : {}) };
        r = direction === 'up' ? await migrateSchema(target, folder, options) : await rollbackSchema(target, folder, options);
      } catch (e) {
        error = (e as Error).message;
      }
      return [row(runRow(t.name, undefined, r, error, performance.now() - t0))];
    }
    if (!o.project) throw new Error('the tenants of a fleet are listed by the files: name them');
    const runs = await tenantRuns(target, t, folder, { ...o, tenants: o.tenants, project: o.project }, direction, tenantsAtOnce(targets.indexOf(t)));
    return runs.map((r) => row(runRow(t.name, r.tenant, r.result, tenantRunFailed(r) ? r.error : undefined, r.ms)));
  });
}

/** Each database's (and tenant's) migrations: applied, pending, modified or missing. Read-only. */
export async function statusFleet(targets: readonly FleetTarget[], folder: MigrationFolder, o: FleetMigrateOptions): Promise<FleetRow[]> {
  return overTargets(targets, { concurrency: o.concurrency, repo: o.repo, ...(o.project ? { project: o.project } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) }, async (target, t, row) => {
    if (!o.tenants) return [row(statusRow(t.name, undefined, await migrationStatus(target, folder)))];
    if (!o.project) throw new Error('the tenants of a fleet are listed by the files: name them');
    const sel = await selectTenantsOn(target, o.project, o.repo, o.tenants);
    return (await tenantsStatus(target, folder, sel.selected)).map((s) => row(statusRow(t.name, s.tenant, s.status)));
  });
}
