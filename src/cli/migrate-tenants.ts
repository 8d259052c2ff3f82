/**
 * `pgdecl migrate --tenants`, `pgdecl rollback --tenants` and `pgdecl status --tenants`: the
 * migrations of `migrations/tenants/` per tenant schema (tracked per schema). migrate and
 * rollback run over a bounded pool of connections under the one advisory lock, with a
 * progress line on a terminal and a result per tenant; one failing tenant never stops the
 * others. With --json, one document on stdout (README: "Migrations as JSON").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { flag, list, str, type CommandContext, type ParsedArgs } from './command.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './parse.js';
import { inputPaths } from './inputs.js';
import { versionText } from './database.js';
import { loadProjectOrThrow } from '../validate/project.js';
import { tenantRunFailed, tenantsStatus, type TenantRun } from '../tenants/migrate.js';
import { readFolder, type MigrationFolder } from '../migrations/folder.js';
import { migrateTenantsOn } from '../fanout/fleet-migrate.js';
import { selectTenantsOn } from '../fanout/tenants-on-target.js';
import { openTarget, type TargetSpec } from '../targets/resolve.js';
import type { Target } from '../targets/target.js';
import { runJson } from '../render/migration-json.js';
import { migrationsDir, migrationTargetSpec, openMigrationTarget, positiveInt } from './handlers/migrate.js';
import { interruptNote } from './interrupt.js';

interface Opened {
  readonly folder: MigrationFolder;
  readonly spec: TargetSpec;
  readonly target: Target;
  readonly tenants: string[];
  readonly source: string;
}

/** The tenants folder, the database, and the tenants selected by --only-tenants / --except-tenants. */
async function openTenants(args: ParsedArgs, ctx: CommandContext, verify: boolean): Promise<Opened> {
  const dir = migrationsDir(args, ctx);
  const tenantDir = join(dir.root, 'tenants');
  if (!existsSync(tenantDir)) throw new UsageError(`there is no ${dir.shown}/tenants folder: tenant migrations are written by \`pgdecl generate NAME\` when a resource has multitenancy: {strategy: context}`);
  const folder = readFolder(tenantDir, `${dir.shown}/tenants`, { verify });
  const { project } = await loadProjectOrThrow(inputPaths(args.positionals, ctx.io.cwd), { env: ctx.io.env, cwd: ctx.io.cwd });
  const spec = await migrationTargetSpec(args, ctx, project);
  const target = await openMigrationTarget(spec, dir);
  try {
    const listed = await selectTenantsOn(target, project, str(args, 'repo') ?? 'default', { only: list(args, 'only-tenants'), except: list(args, 'except-tenants') });
    for (const r of listed.rejected) ctx.io.stderr.write(`${ctx.err.yellow('warning:')} skipped ${JSON.stringify(r.name)}: ${r.why}\n`);
    if (listed.unknown.length) throw new UsageError(`--only-tenants names ${listed.unknown.join(', ')}, which ${listed.source} does not list`);
    return { folder, spec, target, tenants: [...listed.selected], source: listed.source };
  } catch (e) {
    await target.close();
    throw e;
  }
}

export async function migrateTenantsCommand(args: ParsedArgs, ctx: CommandContext, direction: 'up' | 'down' = 'up'): Promise<number> {
  const step = positiveInt(args, 'step');
  const to = str(args, 'to');
  if (step !== undefined && to !== undefined) throw new UsageError('choose one of --step and --to');
  const concurrency = positiveInt(args, 'concurrency') ?? 4;
  const json = flag(args, 'json');
  const { folder, spec, target, tenants, source } = await openTenants(args, ctx, true);
  const { io, out: c, err } = ctx;
  try {
    if (!json) io.stdout.write(`${c.dim(`Target: ${spec.label} (${versionText(await target.serverVersionNum())}), ${tenants.length} tenants from ${source}`)}\n`);
    const t0 = performance.now();
    const shared = spec.kind === 'pglite';
    const runs = await migrateTenantsOn(
      target,
      async () => {
        if (shared) return { target, release: async () => {} };
        const t = await openTarget(spec);
        return { target: t, release: () => t.close() };
      },
      folder,
      tenants,
      {
        direction,
        concurrency: shared ? 1 : concurrency,
        ...(step !== undefined ? { step } : {}),
        ...(to !== undefined ? { to } : {}),
        onWait: () => io.stderr.write(`${err.yellow('waiting:')} another pgdecl run holds the lock on this database; pgdecl waits for it to finish\n`),
        onTenant: (run, done, total) => {
          interruptNote(
            `${done} of ${total} tenants are done (what each ran is committed); in the tenants still running, the file that was running was rolled back. See where each stands with \`pgdecl status --tenants\`, and run the command again.`,
          );
          if (io.stderr.isTTY) io.stderr.write(`\r${done}/${total} tenants${tenantRunFailed(run) ? ` (${run.tenant} failed)` : ''}   `);
        },
      },
    );
    if (io.stderr.isTTY) io.stderr.write('\n');
    runs.sort((a, b) => (a.tenant < b.tenant ? -1 : 1));
    const ms = performance.now() - t0;
    if (json) return reportJson(runs, direction, spec.label, folder.shown, ms, ctx);
    return report(runs, direction, ms, ctx);
  } finally {
    await target.close();
  }
}

type TenantOutcome = 'changed' | 'unchanged' | 'failed';
function outcome(r: TenantRun): TenantOutcome {
  if (tenantRunFailed(r)) return 'failed';
  return (r.result?.selected.length ?? 0) > 0 ? 'changed' : 'unchanged';
}

function reportJson(runs: TenantRun[], direction: 'up' | 'down', target: string, shown: string, ms: number, ctx: CommandContext): number {
  const count = (o: TenantOutcome) => runs.filter((r) => outcome(r) === o).length;
  const doc = {
    formatVersion: 1,
    target,
    direction,
    counts: { changed: count('changed'), unchanged: count('unchanged'), failed: count('failed') },
    ms: Math.round(ms),
    tenants: runs.map((r) => ({ tenant: r.tenant, outcome: outcome(r), ms: Math.round(r.ms), error: r.error ?? null, ...(r.result ? runJson(r.result, shown) : { direction, selected: [], results: [], failure: null }) })),
  };
  ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  return count('failed') ? EXIT.error : EXIT.ok;
}

function report(runs: TenantRun[], direction: 'up' | 'down', ms: number, ctx: CommandContext): number {
  const { io, out: c } = ctx;
  const failed = runs.filter(tenantRunFailed);
  const changed = runs.filter((r) => outcome(r) === 'changed');
  const rows = runs.length <= 50 ? runs : failed;
  const did = direction === 'up' ? 'migrated' : 'rolled back';
  if (rows.length) {
    const w = Math.max(6, ...rows.map((r) => r.tenant.length));
    io.stdout.write(`\n  ${'tenant'.padEnd(w)}  result\n`);
    for (const r of rows) {
      const f = r.result?.failure;
      const n = r.result?.selected.length ?? 0;
      const text = r.error
        ? c.red(`failed: ${r.error}`)
        : f
          ? c.red(`failed in ${f.migration.version}_${f.migration.name} (line ${f.line}): ${f.error.message}`)
          : n
            ? c.green(`${did} ${n} file${n > 1 ? 's' : ''}`)
            : c.dim(direction === 'up' ? 'up to date' : 'nothing to roll back');
      io.stdout.write(`  ${r.tenant.padEnd(w)}  ${text}\n`);
    }
  }
  const rest = runs.length - changed.length - failed.length;
  io.stdout.write(
    `\n${failed.length ? c.red('✗') : c.green('✓')} Tenants: ${changed.length} ${did}, ${rest} ${direction === 'up' ? 'up to date' : 'with nothing to roll back'}, ${failed.length} failed, in ${(ms / 1000).toFixed(1)} s.${failed.length ? ' A failed file was rolled back in its tenant; fix it and run again.' : ''}\n`,
  );
  return failed.length ? EXIT.error : EXIT.ok;
}

/** `status --tenants`: each tenant's migrations, as counts per tenant (or every file, with --json). */
export async function statusTenantsCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const { folder, spec, target, tenants, source } = await openTenants(args, ctx, false);
  const { io, out: c } = ctx;
  try {
    const all = await tenantsStatus(target, folder, tenants);
    if (flag(args, 'json')) {
      io.stdout.write(JSON.stringify({ target: spec.label, dir: folder.shown, tenants: all.map((t) => ({ tenant: t.tenant, ...t.status })) }, null, 2) + '\n');
      return EXIT.ok;
    }
    io.stdout.write(`${c.dim(`Target: ${spec.label}, ${tenants.length} tenants from ${source}, migrations in ${folder.shown}`)}\n\n`);
    const w = Math.max(6, ...tenants.map((t) => t.length));
    io.stdout.write(`  ${'tenant'.padEnd(w)}  applied  pending  modified  missing  latest\n`);
    for (const { tenant, status: s } of all) {
      const n = s.counts;
      const latest = [...s.migrations].reverse().find((m) => m.state !== 'pending');
      const cell = (v: number, width: number, paint: (x: string) => string) => (v ? paint(String(v).padStart(width)) : String(v).padStart(width));
      io.stdout.write(`  ${tenant.padEnd(w)}  ${cell(n.applied, 7, c.green)}  ${cell(n.pending, 7, c.yellow)}  ${cell(n.modified, 8, c.red)}  ${cell(n.missing, 7, c.red)}  ${latest ? `${latest.version}_${latest.name}` : c.dim('none')}\n`);
    }
    const behind = all.filter((t) => t.status.counts.pending > 0).length;
    const broken = all.filter((t) => t.status.counts.modified + t.status.counts.missing > 0).length;
    io.stdout.write(`\n${tenants.length} tenants: ${tenants.length - behind} up to date, ${behind} with pending migrations${broken ? `, ${broken} with modified or missing files` : ''}.\n`);
    const sum = all[0]?.status.sum;
    if (sum && sum.state !== 'ok') io.stdout.write(`${c.red('!')} ${sum.state === 'missing' ? `${folder.shown}/pgdecl.sum is missing` : sum.message}: migrate will refuse this folder (see \`pgdecl generate --rehash\`).\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}
