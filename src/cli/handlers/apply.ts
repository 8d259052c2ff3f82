/**
 * `pgdecl apply [paths… | plan.json] [--db URL] [--yes] [--allow-destructive] [--dry-run]
 * [--lock-timeout 5s]`: makes the database match the files, then proves it does.
 *
 * Under pgdecl's advisory lock: plan (or check a saved plan's fingerprint), refuse
 * destructive steps without --allow-destructive, ask on a terminal, run, re-inspect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { flag, str, type CommandContext, type Handler, type ParsedArgs } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openProjectDatabase, versionText } from '../database.js';
import { interactive } from '../io.js';
import { planProject } from '../../plan/project-plan.js';
import { formatPlanText, stepDetail } from '../../render/plan-text.js';
import { readPlanDocument } from '../../render/plan-json.js';
import { applySteps, quoteSetting, type ApplyEvent, type ApplyResult } from '../../apply/apply.js';
import { acquireLock, releaseLock } from '../../apply/lock.js';
import { destructiveSteps } from '../../apply/destructive.js';
import { inspect } from '../../inspect/inspect.js';
import { fingerprint } from '../../plan/fingerprint.js';
import { diff } from '../../diff/diff.js';
import { loadParser, ownedByStatements } from '../../diff/owned.js';
import { openTarget, resolveTarget, type TargetSpec } from '../../targets/resolve.js';
import type { Target } from '../../targets/target.js';
import type { Plan } from '../../plan/step.js';
import type { Catalog } from '../../ir/catalog.js';
import type { Change } from '../../diff/change.js';
import type { ObjectKey } from '../../ir/keys.js';
import type { Src, SourceIndex } from '../../model/source.js';
import { PgdeclError } from '../../model/diagnostic.js';
import { objectAt } from '../../plan/locate.js';
import { applyTenantsCommand } from '../tenants-fanout.js';
import { interruptNote } from '../interrupt.js';
import { planProgress } from '../plan-progress.js';
import { printDiagnostics } from '../diagnostics.js';
import { UsageError } from '../parse.js';

interface Prepared {
  readonly plan: Plan;
  readonly desired: Catalog;
  readonly scope: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly sources?: SourceIndex;
  readonly serverVersion: number;
}

function isSavedPlan(args: ParsedArgs, cwd: string): string | undefined {
  if (args.positionals.length !== 1) return undefined;
  const p = resolve(cwd, args.positionals[0]!);
  if (!p.endsWith('.json') || !existsSync(p)) return undefined;
  const head = readFileSync(p, 'utf8').slice(0, 4096);
  return /"formatVersion"\s*:/.test(head) && /"steps"\s*:/.test(head) ? p : undefined;
}

export const run: Handler = async (args, ctx) => {
  if (flag(args, 'tenants')) return applyTenantsCommand(args, ctx);
  const lockTimeout = str(args, 'lock-timeout') ?? '5s';
  try {
    quoteSetting(lockTimeout);
  } catch (e) {
    throw new UsageError(`--lock-timeout: ${(e as Error).message}`);
  }
  const saved = isSavedPlan(args, ctx.io.cwd);
  let target: Target;
  let spec: TargetSpec;
  let prepare: (t: Target) => Promise<Prepared>;
  if (saved) {
    const { doc, plan } = readPlanDocument(readFileSync(saved, 'utf8'), args.positionals[0]!);
    spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, cwd: ctx.io.cwd });
    target = await openTarget(spec, doc.inspect.extensions);
    prepare = async (t) => {
      const now = await inspect(t, doc.inspect);
      if (fingerprint(now.catalog) !== doc.fingerprint) {
        throw new PgdeclError({
          code: 'plan_stale',
          severity: 'error',
          message: `the database changed since ${args.positionals[0]} was made (${doc.createdAt}): the plan no longer describes what would happen`,
          suggestion: 'make a new plan with `pgdecl plan -o plan.json`, review it, and apply that',
        });
      }
      return { plan, desired: doc.desired, scope: doc.inspect, origins: {}, serverVersion: await t.serverVersionNum() };
    };
  } else {
    // On a terminal, a progress line once planning takes over a second (`plan --progress` prints every stage).
    const shown = planProgress(ctx, false);
    const db = await openProjectDatabase(args, ctx).catch((e: unknown) => {
      shown.done();
      throw e;
    });
    target = db.target;
    spec = db.spec;
    prepare = async (t) => {
      const p = await planProject(t, db.project, { cacheDir: db.cacheDir, repo: db.repo, onStage: shown.stage })
        .catch((e: unknown) => {
          if (e instanceof PgdeclError && !e.sources) throw new PgdeclError(e.diagnostics, db.sources);
          throw e;
        })
        .finally(shown.done);
      return { plan: p.plan, desired: p.desired, scope: p.scope, origins: p.origins, sources: db.sources, serverVersion: p.serverVersion };
    };
  }
  const err = ctx.err;
  try {
    await acquireLock(target, (h) =>
      ctx.io.stderr.write(`${err.yellow('waiting:')} another pgdecl run holds the lock on this database${h ? ` (pid ${h.pid}, ${h.application || 'unknown application'}${h.client ? ` from ${h.client}` : ''}${h.since ? `, since ${h.since}` : ''})` : ''}; pgdecl waits for it to finish\n`),
    );
    try {
      return await applyPrepared(target, spec, await prepare(target), args, ctx, lockTimeout);
    } finally {
      await releaseLock(target).catch(() => {});
    }
  } finally {
    await target.close();
  }
};

async function applyPrepared(target: Target, spec: TargetSpec, p: Prepared, args: ParsedArgs, ctx: CommandContext, lockTimeout: string): Promise<number> {
  const { io, out: c, err } = ctx;
  io.stdout.write(`${c.dim(`Target: ${spec.label} (${versionText(p.serverVersion)})`)}\n\n`);
  if (p.plan.steps.length === 0) {
    io.stdout.write('No changes: the database matches the files.\n');
    return EXIT.ok;
  }
  io.stdout.write(formatPlanText(p.plan, c));
  const destructive = await destructiveSteps(target, p.plan.steps);
  if (destructive.length && !flag(args, 'allow-destructive')) {
    io.stderr.write(`\n${err.red('refused:')} the plan has ${destructive.length} destructive step${destructive.length > 1 ? 's' : ''}; nothing was changed:\n`);
    for (const d of destructive) io.stderr.write(`  - [${d.step.id}] ${d.step.summary}: ${d.rows === undefined ? 'data' : `${d.rows} ${d.what}`}\n`);
    io.stderr.write(`Review them, then run again with --allow-destructive; or keep the data with \`renamed_from\` if this is a rename.\n`);
    return EXIT.error;
  }
  if (flag(args, 'dry-run')) return rehearse(target, p, ctx, lockTimeout);
  if (!flag(args, 'yes')) {
    if (!interactive(io)) {
      io.stderr.write(`\n${err.red('refused:')} not on a terminal, so pgdecl cannot ask: pass --yes to apply without a question (nothing was changed)\n`);
      return EXIT.error;
    }
    io.stderr.write(`\nApply ${p.plan.steps.length} step${p.plan.steps.length > 1 ? 's' : ''} to ${spec.label}? [y/N] `);
    const rl = createInterface({ input: io.stdin!, terminal: false });
    const answer = (
      await new Promise<string>((res) => {
        rl.once('line', res);
        rl.once('close', () => res(''));
      })
    )
      .trim()
      .toLowerCase();
    rl.close();
    if (answer !== 'y' && answer !== 'yes') {
      io.stderr.write('Nothing was changed.\n');
      return EXIT.error;
    }
  }
  io.stderr.write('\n');
  const t0 = performance.now();
  const result = await applySteps(target, p.plan.steps, { lockTimeout, locked: true, onEvent: progress(ctx) });
  if (!result.failure) interruptNote('the steps are applied (committed); the check that the database matches the files was cut short. Run `pgdecl plan` to see it.');
  if (result.failure) return reportFailure(result, p, ctx);
  const left = await remaining(target, p);
  if (left.length) {
    io.stderr.write(`${err.red('error:')} the steps ran, but the database still differs from the files in ${left.length} way${left.length > 1 ? 's' : ''}:\n`);
    for (const ch of left) io.stderr.write(`  ${stepDetail(ch)}\n`);
    io.stderr.write('This is a bug in pgdecl: please report it with the files and `pgdecl plan --json`.\n');
    return EXIT.error;
  }
  io.stdout.write(`\n${c.green('✓')} Applied ${p.plan.steps.length} step${p.plan.steps.length > 1 ? 's' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s. The database matches the files.\n`);
  return EXIT.ok;
}

async function remaining(target: Target, p: Prepared): Promise<readonly Change[]> {
  const now = await inspect(target, p.scope);
  await loadParser();
  const owned = ownedByStatements([...p.desired.statements, ...now.catalog.statements]);
  return diff(now.catalog, p.desired, { owned });
}

/** --dry-run: run the transactional steps and roll back, to prove they work on this database. */
async function rehearse(target: Target, p: Prepared, ctx: CommandContext, lockTimeout: string): Promise<number> {
  const inTx = p.plan.steps.filter((s) => s.transactional);
  const after = p.plan.steps.filter((s) => !s.transactional);
  await target.exec('BEGIN');
  try {
    await target.exec(`SET LOCAL lock_timeout = ${quoteSetting(lockTimeout)}`);
    for (const s of inTx) {
      for (const sql of s.sql) {
        try {
          await target.exec(sql);
        } catch (e) {
          await target.exec('ROLLBACK');
          const error = e as { message?: string };
          ctx.io.stderr.write(`\n${ctx.err.red('dry run failed')} at step ${s.id} (${s.summary}): ${error.message ?? String(e)}\nNothing was changed.\n`);
          return EXIT.error;
        }
      }
    }
  } finally {
    await target.exec('ROLLBACK').catch(() => {});
  }
  ctx.io.stdout.write(`\n${ctx.out.green('✓')} Dry run: ${inTx.length} step${inTx.length === 1 ? '' : 's'} ran in a transaction that was rolled back; nothing was changed.${after.length ? ` ${after.length} step${after.length > 1 ? 's' : ''} outside a transaction (CONCURRENTLY) were not run.` : ''}\n`);
  return EXIT.ok;
}

function progress(ctx: CommandContext): (e: ApplyEvent) => void {
  const c = ctx.err;
  return (e) => {
    if (e.type === 'step' && !e.step.transactional) interruptNote('the transaction is committed; the steps outside it (CONCURRENTLY) stopped. Run `pgdecl plan` to see what is left.');
    if (e.type === 'step') ctx.io.stderr.write(`${c.dim(`[${e.index}/${e.total}]`)} ${e.step.summary}${e.step.transactional ? '' : ' (outside the transaction)'} … `);
    else if (e.type === 'step-done') ctx.io.stderr.write(`${c.green('ok')} ${c.dim(`${Math.round(e.ms)} ms`)}\n`);
  };
}

function reportFailure(result: ApplyResult, p: Prepared, ctx: CommandContext): number {
  const f = result.failure!;
  const c = ctx.err;
  ctx.io.stderr.write(`${c.red('failed')}\n\n`);
  const src = p.origins[objectAt(f.step, f.statement, f.error.position)] ?? p.origins[f.step.object];
  printDiagnostics(
    [
      {
        code: 'apply_failed',
        severity: 'error',
        message: `step ${f.step.id} (${f.step.summary}) failed: ${f.error.message}${f.error.detail ? `\n  detail: ${f.error.detail}` : ''}${f.error.code ? `\n  SQLSTATE ${f.error.code}` : ''}\n  statement: ${f.statement.split('\n').join('\n    ')}`,
        ...(f.hint ?? f.error.hint ? { suggestion: f.hint ?? f.error.hint } : {}),
        ...(src ? { src } : {}),
      },
    ],
    p.sources,
    ctx,
  );
  const applied = result.results.filter((r) => r.status === 'applied').length;
  ctx.io.stderr.write(
    f.rolledBack
      ? `\nThe transaction was rolled back: nothing was changed.\n`
      : `\n${applied} step${applied === 1 ? ' is' : 's are'} applied (the transaction committed); the steps outside it stopped here. Run \`pgdecl plan\` to see what is left; an index left INVALID is rebuilt by the next apply.\n`,
  );
  return EXIT.error;
}
