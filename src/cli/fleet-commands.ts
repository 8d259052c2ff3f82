/**
 * `plan`, `apply`, `migrate`, `rollback` and `status` over a fleet (several --db, or the
 * repo's `fleet:`), each also with --tenants: parse, call one core function of
 * src/fanout/, draw its rows (./fleet-render.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { flag, list, str, type CommandContext, type ParsedArgs } from './command.js';
import { EXIT } from './exit-codes.js';
import { applyTimeouts, confirm } from './apply-options.js';
import { UsageError } from './usage-error.js';
import { onlineFlag } from './online-flag.js';
import { readFolder } from '../migrations/folder.js';
import { planFleet } from '../fanout/fleet-plan.js';
import { applyFleet } from '../fanout/fleet-apply.js';
import { migrateFleet, statusFleet } from '../fanout/fleet-migrate.js';
import type { TenantSelection } from '../fanout/tenants-on-target.js';
import type { FleetProgress, FleetRow, Outcome } from '../fanout/results.js';
import { interruptNote } from './interrupt.js';
import type { PlanMemo } from '../tenants/plan.js';
import type { LoadedFleet } from './fleet-load.js';
import { destructiveText, fleetJson, fleetProgress, groupsText, resultTable, summaryLine } from './fleet-render.js';
import { migrationsDir, positiveInt } from './handlers/migrate.js';

function tenantSelection(args: ParsedArgs): { tenants?: TenantSelection } {
  if (!flag(args, 'tenants')) return {};
  return { tenants: { only: list(args, 'only-tenants'), except: list(args, 'except-tenants') } };
}

function header(f: LoadedFleet, ctx: CommandContext): void {
  ctx.io.stdout.write(`${ctx.out.dim(`Fleet: ${f.targets.length} database${f.targets.length === 1 ? '' : 's'} from ${f.source} (${f.targets.map((t) => t.name).join(', ')}), ${f.concurrency} connection${f.concurrency === 1 ? '' : 's'} at once`)}\n\n`);
}

/** What Ctrl-C leaves behind in a fleet run that commits database by database (and tenant by tenant). */
function committedNote(e: FleetProgress, tenants: boolean, then: string): string {
  return `${e.targetsDone} of ${e.targets} databases are done${tenants ? ` (${e.rows} tenants, each in its own transaction, committed)` : ' (each in its own transaction, committed)'}; what was still running was rolled back. ${then}`;
}

/** A line on stderr when a database's lock is held by another pgdecl run. */
const waiting = (ctx: CommandContext) => (target: string) => ctx.io.stderr.write(`${ctx.err.yellow('waiting:')} another pgdecl run holds the lock on ${target}; pgdecl waits for it to finish\n`);

const failedAny = (rows: readonly FleetRow[]) => rows.some((r) => r.outcome === 'failed' || r.outcome === 'refused');

export async function planFleetCommand(args: ParsedArgs, ctx: CommandContext, f: LoadedFleet): Promise<number> {
  if (flag(args, 'sql') || str(args, 'output') !== undefined) throw new UsageError('--sql and -o are not available over a fleet (each database gets its own plan); use --json');
  if (flag(args, 'progress')) throw new UsageError('--progress is not available over a fleet: the fan-out shows its own progress');
  const json = flag(args, 'json');
  const tenants = tenantSelection(args);
  if (!json) header(f, ctx);
  const bar = fleetProgress(ctx, Boolean(tenants.tenants));
  const t0 = performance.now();
  const p = await planFleet(f.targets, f.project!, { repo: f.repo, cacheDir: f.cacheDir, concurrency: f.concurrency, onProgress: bar, ...tenants, ...onlineFlag(args) });
  bar.finish();
  const ms = performance.now() - t0;
  for (const w of p.warnings) ctx.io.stderr.write(`${ctx.err.yellow('warning:')} ${w}\n`);
  const rows = p.rows;
  if (json) {
    const groups = p.groups.map((g) => ({ key: g.key, members: g.members, summary: g.plan.summary, steps: g.plan.steps.map((s) => ({ id: s.id, kind: s.change.kind, summary: s.summary, hazards: s.hazards, sql: s.sql })) }));
    ctx.io.stdout.write(JSON.stringify(fleetJson('plan', f.targets, rows, ms, { tenants: Boolean(tenants.tenants), groups }), null, 2) + '\n');
  } else {
    ctx.io.stdout.write(groupsText(p.groups, ctx, Boolean(tenants.tenants)));
    ctx.io.stdout.write(destructiveText(rows, ctx));
    const distinct = p.groups.filter((g) => g.plan.steps.length > 0).length;
    ctx.io.stdout.write(resultTable(rows, f.targets, ctx, Boolean(tenants.tenants)));
    ctx.io.stdout.write(summaryLine(rows, f.targets, ctx, Boolean(tenants.tenants), ms, {}, ''));
    ctx.io.stdout.write(`${distinct} distinct plan${distinct === 1 ? '' : 's'} with changes.\n`);
  }
  if (failedAny(rows)) return EXIT.error;
  return flag(args, 'exit-code') && rows.some((r) => r.outcome === 'pending') ? EXIT.changes : EXIT.ok;
}

export async function applyFleetCommand(args: ParsedArgs, ctx: CommandContext, f: LoadedFleet): Promise<number> {
  if (flag(args, 'dry-run')) throw new UsageError('--dry-run is not available over a fleet: rehearse one database with --db, or see every plan with `pgdecl plan`');
  const { lockTimeout, statementTimeout, lockRetries: retries } = applyTimeouts(args);
  const json = flag(args, 'json');
  const tenants = tenantSelection(args);
  const isTenants = Boolean(tenants.tenants);
  const allowDestructive = flag(args, 'allow-destructive');
  const memo: PlanMemo = new Map();
  const base = { repo: f.repo, cacheDir: f.cacheDir, concurrency: f.concurrency, memo, ...tenants, ...onlineFlag(args) };
  if (!json) header(f, ctx);
  const t0 = performance.now();
  // First the plan of every database, shown once per distinct plan; then, under each database's lock, the apply.
  let bar = fleetProgress(ctx, isTenants);
  const p = await planFleet(f.targets, f.project!, { ...base, onProgress: bar });
  bar.finish();
  for (const w of p.warnings) ctx.io.stderr.write(`${ctx.err.yellow('warning:')} ${w}\n`);
  const pending = p.rows.filter((r) => r.outcome === 'pending');
  if (!json) ctx.io.stdout.write(groupsText(p.groups, ctx, isTenants));
  if (pending.length === 0) {
    if (json) ctx.io.stdout.write(JSON.stringify(fleetJson('apply', f.targets, p.rows, performance.now() - t0, { tenants: isTenants }), null, 2) + '\n');
    else {
      ctx.io.stdout.write(resultTable(p.rows, f.targets, ctx, isTenants));
      ctx.io.stdout.write(summaryLine(p.rows, f.targets, ctx, isTenants, performance.now() - t0, { pending: 'to change' }, 'Fix the failed databases and run again.'));
      if (!failedAny(p.rows)) ctx.io.stdout.write('No changes: every database matches the files.\n');
    }
    return failedAny(p.rows) ? EXIT.error : EXIT.ok;
  }
  const destructive = p.rows.filter((r) => r.destructive?.length);
  if (destructive.length && !allowDestructive) {
    ctx.io.stderr.write(`${ctx.err.red('refused:')} destructive steps in the plans of ${destructive.length} ${isTenants ? 'tenant' : 'database'}${destructive.length === 1 ? '' : 's'}; nothing was changed:\n`);
    ctx.io.stderr.write(destructiveText(destructive, { ...ctx, out: ctx.err }));
    ctx.io.stderr.write('Review them, then run again with --allow-destructive.\n');
    return EXIT.error;
  }
  // Allowed: what they cost, on each database, is said before anything runs.
  if (destructive.length && !json) ctx.io.stdout.write(destructiveText(destructive, ctx).replace('(needs --allow-destructive)', '(allowed by --allow-destructive)'));
  if (!flag(args, 'yes')) {
    const targets = new Set(pending.map((r) => r.target)).size;
    if (!(await confirm(ctx, `Apply to ${targets} database${targets === 1 ? '' : 's'}${isTenants ? ` (${pending.length} tenants)` : ''}?`))) return EXIT.error;
  }
  bar = fleetProgress(ctx, isTenants);
  const rows = await applyFleet(f.targets, f.project!, {
    ...base,
    allowDestructive,
    lockTimeout,
    onWait: waiting(ctx),
    ...(retries !== undefined ? { lockRetries: retries } : {}),
    ...(statementTimeout !== undefined ? { statementTimeout } : {}),
    onProgress: (e) => {
      interruptNote(committedNote(e, isTenants, '`pgdecl plan` shows what is left; run `pgdecl apply` again: converged ones are left alone.'));
      bar(e);
    },
  });
  bar.finish();
  const ms = performance.now() - t0;
  if (json) ctx.io.stdout.write(JSON.stringify(fleetJson('apply', f.targets, rows, ms, { tenants: isTenants }), null, 2) + '\n');
  else {
    ctx.io.stdout.write(resultTable(rows, f.targets, ctx, isTenants));
    ctx.io.stdout.write(
      summaryLine(rows, f.targets, ctx, isTenants, ms, {}, `Each failed ${isTenants ? 'tenant' : 'database'} was rolled back (and a database that refused connections was not touched); fix them and run again: converged ones are left alone.`),
    );
  }
  return failedAny(rows) ? EXIT.error : EXIT.ok;
}

const MIGRATE_WORDS: Record<'up' | 'down', Partial<Record<Outcome, string>>> = {
  up: { changed: 'migrated', converged: 'up to date' },
  down: { changed: 'rolled back', converged: 'nothing to roll back' },
};

function folderFor(args: ParsedArgs, ctx: CommandContext, tenants: boolean, verify: boolean) {
  const dir = migrationsDir(args, ctx);
  const root = tenants ? join(dir.root, 'tenants') : dir.root;
  const shown = tenants ? `${dir.shown}/tenants` : dir.shown;
  if (!existsSync(root)) throw new UsageError(tenants ? `there is no ${shown} folder: tenant migrations are written by \`pgdecl generate NAME\`` : `there is no migrations folder ${shown}: write the first migration with \`pgdecl generate NAME\`, or name the folder with --dir`);
  return readFolder(root, shown, { verify });
}

export async function migrateFleetCommand(args: ParsedArgs, ctx: CommandContext, f: LoadedFleet, direction: 'up' | 'down'): Promise<number> {
  if (flag(args, 'dry-run')) throw new UsageError('--dry-run is not available over a fleet: see what is pending with `pgdecl status`');
  const step = positiveInt(args, 'step');
  const to = str(args, 'to');
  if (step !== undefined && to !== undefined) throw new UsageError('choose one of --step and --to');
  const tenants = tenantSelection(args);
  if (tenants.tenants && !f.project) throw new UsageError('--tenants over a fleet needs the resource files: they say how to list tenants');
  const folder = folderFor(args, ctx, Boolean(tenants.tenants), true);
  const json = flag(args, 'json');
  if (!json) header(f, ctx);
  const bar = fleetProgress(ctx, Boolean(tenants.tenants));
  const t0 = performance.now();
  const onProgress = (e: FleetProgress) => {
    interruptNote(committedNote(e, Boolean(tenants.tenants), 'the file that was running was rolled back where it ran in a transaction; see where each stands with `pgdecl status`, and run the command again.'));
    bar(e);
  };
  const rows = await migrateFleet(f.targets, folder, direction, { repo: f.repo, concurrency: f.concurrency, onProgress, onWait: waiting(ctx), ...tenants, ...(f.project ? { project: f.project } : {}), ...(step !== undefined ? { step } : {}), ...(to !== undefined ? { to } : {}) });
  bar.finish();
  const ms = performance.now() - t0;
  if (json) ctx.io.stdout.write(JSON.stringify(fleetJson(direction === 'up' ? 'migrate' : 'rollback', f.targets, rows, ms, { tenants: Boolean(tenants.tenants), dir: folder.shown }), null, 2) + '\n');
  else {
    ctx.io.stdout.write(resultTable(rows, f.targets, ctx, Boolean(tenants.tenants), MIGRATE_WORDS[direction]));
    ctx.io.stdout.write(summaryLine(rows, f.targets, ctx, Boolean(tenants.tenants), ms, MIGRATE_WORDS[direction], 'A failed file was rolled back where it ran; fix it and run again: what is done stays done.'));
  }
  return failedAny(rows) ? EXIT.error : EXIT.ok;
}

export async function statusFleetCommand(args: ParsedArgs, ctx: CommandContext, f: LoadedFleet): Promise<number> {
  const tenants = tenantSelection(args);
  if (tenants.tenants && !f.project) throw new UsageError('--tenants over a fleet needs the resource files: they say how to list tenants');
  const folder = folderFor(args, ctx, Boolean(tenants.tenants), false);
  const json = flag(args, 'json');
  if (!json) header(f, ctx);
  const t0 = performance.now();
  const rows = await statusFleet(f.targets, folder, { repo: f.repo, concurrency: f.concurrency, ...tenants, ...(f.project ? { project: f.project } : {}) });
  const ms = performance.now() - t0;
  const words = { converged: 'up to date', pending: 'pending', failed: 'failed' };
  if (json) ctx.io.stdout.write(JSON.stringify(fleetJson('status', f.targets, rows, ms, { tenants: Boolean(tenants.tenants), dir: folder.shown }), null, 2) + '\n');
  else {
    ctx.io.stdout.write(resultTable(rows, f.targets, ctx, Boolean(tenants.tenants), words));
    ctx.io.stdout.write(summaryLine(rows, f.targets, ctx, Boolean(tenants.tenants), ms, words, 'A database that could not be read is named above; modified or missing files make migrate refuse.'));
  }
  return failedAny(rows) ? EXIT.error : EXIT.ok;
}
