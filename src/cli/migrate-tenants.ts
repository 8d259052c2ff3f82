/**
 * `pgdecl migrate --tenants`: the migrations of `migrations/tenants/` run once per tenant
 * schema (tracked per schema), over a bounded pool of connections, under the one advisory
 * lock; a progress bar on a terminal; a result per tenant; one failing tenant never stops
 * the others.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { list, str, type CommandContext, type ParsedArgs } from './command.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './parse.js';
import { inputPaths } from './inputs.js';
import { versionText } from './database.js';
import { loadProjectOrThrow } from '../validate/project.js';
import { listTenants, selectTenants } from '../tenants/names.js';
import { runPool } from '../tenants/pool.js';
import { readFolder } from '../migrations/folder.js';
import { migrateSchema, type RunResult } from '../migrations/run.js';
import { acquireLock, releaseLock } from '../apply/lock.js';
import { ENSURE_BOOKKEEPING } from '../apply/bookkeeping.js';
import { ensureTracking } from '../migrations/tracking.js';
import { openTarget } from '../targets/resolve.js';
import { migrationsDir, migrationTargetSpec, openMigrationTarget, positiveInt } from './handlers/migrate.js';

interface TenantRun {
  readonly tenant: string;
  readonly result?: RunResult;
  readonly error?: string;
  readonly ms: number;
}

export async function migrateTenantsCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const dir = migrationsDir(args, ctx);
  const step = positiveInt(args, 'step');
  const to = str(args, 'to');
  if (step !== undefined && to !== undefined) throw new UsageError('choose one of --step and --to');
  const concurrency = positiveInt(args, 'concurrency') ?? 4;
  const tenantDir = join(dir.root, 'tenants');
  if (!existsSync(tenantDir)) throw new UsageError(`there is no ${dir.shown}/tenants folder: tenant migrations are written by \`pgdecl generate NAME\` when a resource has multitenancy: {strategy: context}`);
  const folder = readFolder(tenantDir, `${dir.shown}/tenants`);
  const { project } = await loadProjectOrThrow(inputPaths(args.positionals, ctx.io.cwd), { env: ctx.io.env, cwd: ctx.io.cwd });
  const spec = await migrationTargetSpec(args, ctx, project);
  const target = await openMigrationTarget(spec, dir);
  const { io, out: c, err } = ctx;
  try {
    const listed = await listTenants(target, project, str(args, 'repo') ?? 'default');
    for (const r of listed.rejected) io.stderr.write(`${err.yellow('warning:')} skipped ${JSON.stringify(r.name)}: ${r.why}\n`);
    const tenants = selectTenants(listed.names, list(args, 'only-tenants'), list(args, 'except-tenants'));
    io.stdout.write(`${c.dim(`Target: ${spec.label} (${versionText(await target.serverVersionNum())}), ${tenants.length} tenants from ${listed.source}`)}\n`);
    await acquireLock(target, () => io.stderr.write(`${err.yellow('waiting:')} another pgdecl run holds the lock on this database; pgdecl waits for it to finish\n`));
    // pgdecl's own tables are created once, here, before the fan-out: connections that each
    // ran CREATE TABLE IF NOT EXISTS at once collided on the type's name.
    let runs: TenantRun[];
    try {
      await ensureTracking(target);
      if (folder.migrations.some((m) => /\bpgdecl\.(custom_statements|extensions)\b/.test(m.up.sql))) for (const sql of ENSURE_BOOKKEEPING) await target.exec(sql);
    } catch (e) {
      await releaseLock(target).catch(() => {});
      throw e;
    }
    const t0 = performance.now();
    let done = 0;
    const shared = spec.kind === 'pglite';
    try {
      runs = await runPool(
        tenants,
        async () => {
          if (shared) return { target, release: async () => {} };
          const t = await openTarget(spec);
          return { target: t, release: () => t.close() };
        },
        shared ? 1 : concurrency,
        async (t, tenant): Promise<TenantRun> => {
          const start = performance.now();
          let run: TenantRun;
          try {
            const result = await migrateSchema(t, folder, { schema: tenant, locked: true, ...(step !== undefined ? { step } : {}), ...(to !== undefined ? { to } : {}) });
            run = { tenant, result, ms: performance.now() - start };
          } catch (e) {
            run = { tenant, error: (e as Error).message, ms: performance.now() - start };
          }
          done++;
          const failed = Boolean(run.error || run.result?.failure);
          if (io.stderr.isTTY) io.stderr.write(`\r${done}/${tenants.length} tenants${failed ? ` (${tenant} failed)` : ''}   `);
          return run;
        },
        (r) => Boolean(r.error || r.result?.failure),
      );
    } finally {
      await releaseLock(target).catch(() => {});
    }
    if (io.stderr.isTTY) io.stderr.write('\n');
    return report(runs, performance.now() - t0, ctx);
  } finally {
    await target.close();
  }
}

function report(runs: TenantRun[], ms: number, ctx: CommandContext): number {
  const { io, out: c } = ctx;
  runs.sort((a, b) => (a.tenant < b.tenant ? -1 : 1));
  const failed = runs.filter((r) => r.error || r.result?.failure);
  const migrated = runs.filter((r) => !r.error && !r.result?.failure && (r.result?.selected.length ?? 0) > 0);
  const rows = runs.length <= 50 ? runs : failed;
  if (rows.length) {
    const w = Math.max(6, ...rows.map((r) => r.tenant.length));
    io.stdout.write(`\n  ${'tenant'.padEnd(w)}  result\n`);
    for (const r of rows) {
      const f = r.result?.failure;
      const text = r.error
        ? c.red(`failed: ${r.error}`)
        : f
          ? c.red(`failed in ${f.migration.version}_${f.migration.name} (line ${f.line}): ${f.error.message}`)
          : r.result!.selected.length
            ? c.green(`migrated ${r.result!.selected.length} file${r.result!.selected.length > 1 ? 's' : ''}`)
            : c.dim('up to date');
      io.stdout.write(`  ${r.tenant.padEnd(w)}  ${text}\n`);
    }
  }
  io.stdout.write(`\n${failed.length ? c.red('✗') : c.green('✓')} Tenants: ${migrated.length} migrated, ${runs.length - migrated.length - failed.length} up to date, ${failed.length} failed, in ${(ms / 1000).toFixed(1)} s.${failed.length ? ' A failed file was rolled back in its tenant; fix it and run again.' : ''}\n`);
  return failed.length ? EXIT.error : EXIT.ok;
}
