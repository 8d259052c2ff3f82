/**
 * The migrations of `migrations/tenants/` run (or rolled back) once per tenant schema,
 * tracked per schema, over a bounded pool of connections; the caller holds pgdecl's advisory
 * lock. One failing tenant never stops the others: each file runs in its own transaction in
 * its tenant, so a failure leaves that tenant at the last file that committed.
 */
import type { MigrationFolder } from '../migrations/folder.js';
import { migrateSchema, rollbackSchema, type RunResult } from '../migrations/run.js';
import { migrationStatus, type FolderStatus } from '../migrations/status.js';
import type { Target } from '../targets/target.js';
import { runPool, type Connection } from '../fanout/pool.js';

export interface TenantRun {
  readonly tenant: string;
  readonly result?: RunResult;
  /** An error before any file ran (e.g. a modified applied migration). */
  readonly error?: string;
  readonly ms: number;
}

export interface TenantMigrateOptions {
  /** 'up': run pending files; 'down': roll back applied ones, the latest first. */
  readonly direction: 'up' | 'down';
  readonly step?: number;
  readonly to?: string;
  readonly concurrency: number;
  /** After each tenant, in the order they finish. */
  readonly onTenant?: (run: TenantRun, done: number, total: number) => void;
}

export const tenantRunFailed = (r: TenantRun): boolean => Boolean(r.error || r.result?.failure);

export async function migrateTenants(tenants: readonly string[], folder: MigrationFolder, connect: () => Promise<Connection>, o: TenantMigrateOptions): Promise<TenantRun[]> {
  let done = 0;
  const limits = { ...(o.step !== undefined ? { step: o.step } : {}), ...(o.to !== undefined ? { to: o.to } : {}) };
  return runPool(tenants, {
    concurrency: o.concurrency,
    connect: () => connect(),
    work: async (t, tenant): Promise<TenantRun> => {
      const start = performance.now();
      let run: TenantRun;
      try {
        const options = { schema: tenant, locked: true, ...limits };
        const result = o.direction === 'up' ? await migrateSchema(t, folder, options) : await rollbackSchema(t, folder, options);
        run = { tenant, result, ms: performance.now() - start };
      } catch (e) {
        run = { tenant, error: (e as Error).message, ms: performance.now() - start };
      }
      o.onTenant?.(run, ++done, tenants.length);
      return run;
    },
    failed: tenantRunFailed,
  });
}

/** Each tenant's migration status (read-only, one query per tenant on one connection). */
export async function tenantsStatus(target: Target, folder: MigrationFolder, tenants: readonly string[]): Promise<{ readonly tenant: string; readonly status: FolderStatus }[]> {
  const out: { tenant: string; status: FolderStatus }[] = [];
  for (const tenant of tenants) out.push({ tenant, status: await migrationStatus(target, folder, { schema: tenant }) });
  return out;
}
