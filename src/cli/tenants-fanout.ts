/**
 * `plan --tenants` and `apply --tenants`: every tenant schema planned in one pass (grouped
 * by state), applied each in its own transaction over a bounded pool, with a progress bar on
 * a terminal and a final table.
 */
import { flag, list, str, type CommandContext, type ParsedArgs } from './command.js';
import { EXIT } from './exit-codes.js';
import { openProjectDatabase, versionText, type OpenedProject } from './database.js';
import { confirm } from './apply-options.js';
import { UsageError } from './parse.js';
import type { TenantsPlan } from '../tenants/plan.js';
import type { TenantResult } from '../tenants/apply.js';
import { applyTenantsOn, planTenantsOn, selectTenantsOn } from '../fanout/tenants-on-target.js';
import { tenantConnector } from '../fanout/over-targets.js';
import { acquireLock, releaseLock } from '../apply/lock.js';
import { quoteSetting } from '../apply/apply.js';
import { formatPlanText } from '../render/plan-text.js';
import { isDestructive } from '../plan/step.js';
import { TENANT_SCHEMA } from '../ir/catalog.js';
import { PgdeclError } from '../model/diagnostic.js';
import { interruptNote } from './interrupt.js';

const SHOWN = 8;

function names(list: readonly string[]): string {
  return list.length <= SHOWN ? list.join(', ') : `${list.slice(0, SHOWN).join(', ')} and ${list.length - SHOWN} more`;
}

/** The plan text of a group, with the placeholder written for people. */
function groupText(p: TenantsPlan, i: number, ctx: CommandContext): string {
  const g = p.groups[i]!;
  const head = `${ctx.out.bold(`${g.tenants.length} tenant${g.tenants.length > 1 ? 's' : ''}`)} (${names(g.tenants)}):\n`;
  return head + formatPlanText(g.plan, ctx.out).replaceAll(`${TENANT_SCHEMA}.`, '<tenant>.').replaceAll(`schema ${TENANT_SCHEMA}`, 'schema <tenant>');
}

async function prepare(args: ParsedArgs, ctx: CommandContext): Promise<{ db: OpenedProject; p: TenantsPlan; tenants: string[] }> {
  const db = await openProjectDatabase(args, ctx);
  try {
    const listed = await selectTenantsOn(db.target, db.project, db.repo, { only: list(args, 'only-tenants'), except: list(args, 'except-tenants') });
    for (const r of listed.rejected) ctx.io.stderr.write(`${ctx.err.yellow('warning:')} skipped ${JSON.stringify(r.name)} from ${listed.source}: ${r.why}\n`);
    if (listed.unknown.length) throw new UsageError(`--only-tenants names ${listed.unknown.join(', ')}, which ${listed.source} does not list`);
    const tenants = [...listed.selected];
    const p = await planTenantsOn(db.target, db.project, tenants, { repo: db.repo, cacheDir: db.cacheDir }).catch((e: unknown) => {
      if (e instanceof PgdeclError && !e.sources) throw new PgdeclError(e.diagnostics, db.sources);
      throw e;
    });
    return { db, p, tenants };
  } catch (e) {
    await db.target.close();
    throw e;
  }
}

export async function planTenantsCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const { db, p, tenants } = await prepare(args, ctx);
  try {
    const pending = p.groups.filter((g) => g.plan.steps.length > 0);
    const converged = p.groups.filter((g) => g.plan.steps.length === 0).reduce((n, g) => n + g.tenants.length, 0);
    const changing = tenants.length - converged;
    if (flag(args, 'json')) {
      ctx.io.stdout.write(
        JSON.stringify(
          {
            formatVersion: 1,
            target: db.spec.label,
            serverVersion: p.serverVersion,
            tenants: tenants.length,
            converged,
            changing,
            groups: p.groups.map((g) => ({ fingerprint: g.fingerprint, tenants: g.tenants, summary: g.plan.summary, steps: g.plan.steps.map((s) => ({ id: s.id, kind: s.change.kind, summary: s.summary, hazards: s.hazards, sql: s.sql })) })),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      ctx.io.stdout.write(`${ctx.out.dim(`Target: ${db.spec.label} (${versionText(p.serverVersion)}), ${tenants.length} tenant schemas read in ${p.queries} queries`)}\n\n`);
      pending.forEach((g) => ctx.io.stdout.write(groupText(p, p.groups.indexOf(g), ctx) + '\n'));
      ctx.io.stdout.write(ctx.out.bold(`Tenants: ${converged} converged, ${changing} to change (${pending.length} distinct plan${pending.length === 1 ? '' : 's'}).`) + '\n');
    }
    return flag(args, 'exit-code') && changing > 0 ? EXIT.changes : EXIT.ok;
  } finally {
    await db.target.close();
  }
}

export async function applyTenantsCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const lockTimeout = str(args, 'lock-timeout') ?? '5s';
  quoteSetting(lockTimeout);
  const concurrencyArg = str(args, 'concurrency');
  const concurrency = concurrencyArg === undefined ? 4 : Number(concurrencyArg);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency takes a whole number from 1 to 64');
  const { db, p, tenants } = await prepare(args, ctx);
  const { io, out: c, err } = ctx;
  try {
    await acquireLock(db.target, (h) => io.stderr.write(`${err.yellow('waiting:')} another pgdecl run holds the lock on this database${h ? ` (pid ${h.pid}, ${h.application})` : ''}\n`));
    try {
      const pending = p.groups.filter((g) => g.plan.steps.length > 0);
      io.stdout.write(`${c.dim(`Target: ${db.spec.label} (${versionText(p.serverVersion)}), ${tenants.length} tenants`)}\n\n`);
      if (pending.length === 0) {
        io.stdout.write(`No changes: all ${tenants.length} tenant schemas match the files.\n`);
        return EXIT.ok;
      }
      pending.forEach((g) => io.stdout.write(groupText(p, p.groups.indexOf(g), ctx) + '\n'));
      const destructive = pending.filter((g) => g.plan.steps.some(isDestructive));
      if (destructive.length && !flag(args, 'allow-destructive')) {
        io.stderr.write(`${err.red('refused:')} destructive steps in the plan of ${destructive.reduce((n, g) => n + g.tenants.length, 0)} tenants; nothing was changed:\n`);
        for (const g of destructive) for (const s of g.plan.steps.filter(isDestructive)) io.stderr.write(`  - ${s.summary.replaceAll(`${TENANT_SCHEMA}.`, '<tenant>.')} (${names(g.tenants)})\n`);
        io.stderr.write('Review them, then run again with --allow-destructive.\n');
        return EXIT.error;
      }
      const dryRun = flag(args, 'dry-run');
      if (!dryRun && !flag(args, 'yes') && !(await confirm(ctx, `Apply to ${pending.reduce((n, g) => n + g.tenants.length, 0)} tenants?`))) return EXIT.error;
      const bar = progress(ctx);
      const t0 = performance.now();
      const shared = db.spec.kind === 'pglite';
      const run = await applyTenantsOn(db.target, db.project, p, tenantConnector({ name: db.spec.label, spec: db.spec }, db.target), {
        repo: db.repo,
        cacheDir: db.cacheDir,
        concurrency: shared ? 1 : concurrency,
        lockTimeout,
        dryRun,
        onEvent: (e) => {
          if (!dryRun) interruptNote(`${e.done} of ${e.total} tenants are done (each in its own transaction, committed); the tenants still running were rolled back. Run \`pgdecl apply --tenants\` again: converged tenants are left alone.`);
          bar(e.done, e.total, e.result);
        },
      });
      bar.finish();
      const results = run.results;
      if (dryRun) return reportDryRun(results.filter((r) => r.status !== 'converged'), performance.now() - t0, ctx);
      if (run.left.length) {
        io.stderr.write(`${err.red('error:')} the steps ran, but ${run.left.length} tenant schema(s) still differ from the files (${names(run.left)}). This is a bug in pgdecl: please report it with \`pgdecl plan --tenants --json\`.\n`);
        return EXIT.error;
      }
      return report(results, performance.now() - t0, ctx);
    } finally {
      await releaseLock(db.target).catch(() => {});
    }
  } finally {
    await db.target.close();
  }
}

/** A progress bar on a terminal; a line every tenth of the way otherwise. */
function progress(ctx: CommandContext): ((done: number, total: number, r: TenantResult) => void) & { finish: () => void } {
  const tty = Boolean(ctx.io.stderr.isTTY);
  let failed = 0;
  let lastTenth = -1;
  const f = (done: number, total: number, r: TenantResult) => {
    if (r.status === 'failed') failed++;
    if (tty) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      ctx.io.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} tenants${failed ? ctx.err.red(` · ${failed} failed`) : ''}`);
    } else {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth || r.status === 'failed') {
        lastTenth = tenth;
        ctx.io.stderr.write(`${done}/${total} tenants${failed ? `, ${failed} failed` : ''}${r.status === 'failed' ? ` (${r.tenant} failed)` : ''}\n`);
      }
    }
  };
  return Object.assign(f, { finish: () => tty && ctx.io.stderr.write('\n') });
}

/** `apply --tenants --dry-run`: each tenant's steps ran in a transaction that was rolled back. */
function reportDryRun(results: TenantResult[], ms: number, ctx: CommandContext): number {
  const { io, out: c } = ctx;
  results.sort((a, b) => (a.tenant < b.tenant ? -1 : 1));
  const failed = results.filter((r) => r.status === 'failed');
  for (const r of failed) io.stdout.write(`  ${r.tenant}  ${c.red('would fail')} at step ${r.failure!.step.id} (${r.failure!.step.summary}): ${r.failure!.error.message}\n`);
  const ok = results.length - failed.length;
  io.stdout.write(
    `\n${failed.length ? c.red('✗') : c.green('✓')} Dry run: the steps of ${ok} tenant${ok === 1 ? '' : 's'} ran and were rolled back${failed.length ? `, ${failed.length} would fail` : ''}, in ${(ms / 1000).toFixed(1)} s; nothing was changed. Steps outside a transaction (CONCURRENTLY) were not run.\n`,
  );
  return failed.length ? EXIT.error : EXIT.ok;
}

function report(results: TenantResult[], ms: number, ctx: CommandContext): number {
  const { io, out: c } = ctx;
  results.sort((a, b) => (a.tenant < b.tenant ? -1 : 1));
  const count = (s: TenantResult['status']) => results.filter((r) => r.status === s).length;
  const rows = results.length <= 50 ? results : results.filter((r) => r.status === 'failed');
  if (rows.length) {
    const w = Math.max(6, ...rows.map((r) => r.tenant.length));
    io.stdout.write(`\n  ${'tenant'.padEnd(w)}  result     steps  time\n`);
    for (const r of rows) {
      const status = r.status === 'failed' ? c.red('failed   ') : r.status === 'changed' ? c.green('changed  ') : c.dim('converged');
      const detail = r.failure ? `  step ${r.failure.step.id} (${r.failure.step.summary}): ${r.failure.error.message}` : '';
      io.stdout.write(`  ${r.tenant.padEnd(w)}  ${status}  ${String(r.steps).padStart(5)}  ${Math.round(r.ms)} ms${detail}\n`);
    }
  }
  const failed = count('failed');
  io.stdout.write(`\n${failed ? c.red('✗') : c.green('✓')} Tenants: ${count('changed')} changed, ${count('converged')} converged, ${failed} failed, in ${(ms / 1000).toFixed(1)} s.${failed ? ' Failed tenants were rolled back; fix them and run again: converged tenants are left alone.' : ''}\n`);
  return failed ? EXIT.error : EXIT.ok;
}
