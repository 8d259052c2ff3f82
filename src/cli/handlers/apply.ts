/**
 * `pgdecl apply [paths… | plan.json] [--db URL] [--yes] [--allow-destructive] [--dry-run]
 * [--lock-timeout 5s] [--json]`: makes the database match the files, then proves it does.
 *
 * Under pgdecl's advisory lock: plan (or check a saved plan against what pgdecl would do),
 * refuse destructive steps without --allow-destructive, ask on a terminal, then run the plan
 * with its convergence proof (../../apply/apply-plan.ts) and draw the result.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { flag, str, type CommandContext, type Handler, type ParsedArgs } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { convergedPlace, dataDirOf, openOrKnownConverged, versionText } from '../database.js';
import { rememberEmbeddedConverged } from '../../plan/embedded-converged.js';
import { interactive } from '../io.js';
import { version } from '../main.js';
import { onlineFlag } from '../online-flag.js';
import type { OnlineOptions } from '../../plan/online.js';
import { formatPlanText } from '../../render/plan-text.js';
import { looksLikePlanFile, parseSavedPlan } from '../../plan/saved-plan-file.js';
import type { ApplyEvent } from '../../apply/apply.js';
import type { ApplyPlanInput } from '../../apply/apply-plan.js';
import { acquireLock, releaseLock } from '../../apply/lock.js';
import { IdleWork } from '../../apply/idle-work.js';
import { openTarget, type TargetSpec } from '../../targets/resolve.js';
import { planTargetSpec } from '../../targets/saved-target.js';
import type { Target } from '../../targets/target.js';
// The pipeline, fleets and tenants are imported when used: an apply known to have nothing to
// do (../../plan/converged.ts) loads none of them.
import type { Plan } from '../../plan/step.js';
import type { Catalog } from '../../ir/catalog.js';
import type { Renames } from '../../diff/renames.js';
import type { ObjectKey } from '../../ir/keys.js';
import type { Src, SourceIndex } from '../../model/source.js';
import { PgdeclError, type Diagnostic } from '../../model/diagnostic.js';
import { interruptNote } from '../interrupt.js';
import { planProgress } from '../plan-progress.js';
import { printDiagnostics } from '../diagnostics.js';
import { applyTimeouts } from '../apply-options.js';
import { ApplyReporter } from '../apply-report.js';
import { loadFleet } from '../fleet-load.js';

interface Prepared {
  readonly plan: Plan;
  readonly desired: Catalog;
  readonly scope: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
  readonly renames: Renames;
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly sources?: SourceIndex;
  readonly serverVersion: number;
  readonly online?: OnlineOptions;
  /** What the plan normalised: stored in the database when the apply converges (plans from files only). */
  readonly normalized?: ReadonlyMap<string, unknown>;
  /** What was made of the files: stored in the database when the apply converges (plans from files only). */
  readonly project?: ApplyPlanInput['project'];
  /** New tables created as compiled, settled inside the transaction (plans from files only). */
  readonly deferred?: ApplyPlanInput['deferred'];
}

/** Under the lock: the plan to run, or an outcome that ends the command first. */
type Preparation = { readonly kind: 'ready'; readonly p: Prepared } | { readonly kind: 'already_applied'; readonly serverVersion: number } | { readonly kind: 'refused'; readonly serverVersion: number; readonly diagnostic: Diagnostic };

function savedPlanPath(args: ParsedArgs, cwd: string): string | undefined {
  if (args.positionals.length !== 1) return undefined;
  const p = resolve(cwd, args.positionals[0]!);
  if (!p.toLowerCase().endsWith('.json') || !existsSync(p) || !statSync(p).isFile()) return undefined;
  return looksLikePlanFile(p, readFileSync(p, 'utf8')) ? p : undefined;
}

export const run: Handler = async (args, ctx) => {
  if (!savedPlanPath(args, ctx.io.cwd)) {
    const fleet = await loadFleet(args, ctx, 'required');
    if (fleet) return (await import('../fleet-commands.js')).applyFleetCommand(args, ctx, fleet);
  }
  if (flag(args, 'tenants')) return (await import('../tenants-fanout.js')).applyTenantsCommand(args, ctx);
  const { lockTimeout } = applyTimeouts(args);
  onlineFlag(args);
  const report = new ApplyReporter(ctx, flag(args, 'json'));
  try {
    return await runApply(args, ctx, lockTimeout, report);
  } catch (e) {
    if (e instanceof PgdeclError) report.errors(e.diagnostics);
    throw e;
  }
};

async function runApply(args: ParsedArgs, ctx: CommandContext, lockTimeout: string, report: ApplyReporter): Promise<number> {
  const saved = savedPlanPath(args, ctx.io.cwd);
  let target: Target;
  let spec: TargetSpec;
  let prepare: (t: Target) => Promise<Preparation>;
  // After an apply that converged: what to record once the database is closed (the embedded
  // database's data directory, so that the next plan knows it without opening it).
  let converged: ((serverVersion: number) => void) | undefined;
  let afterClose: (() => void) | undefined;
  // Work that needs no database, done while the server runs the steps (../../apply/idle-work.ts).
  const idle = new IdleWork();
  if (saved) {
    const file = args.positionals[0]!;
    const doc = parseSavedPlan(readFileSync(saved, 'utf8'), file);
    spec = planTargetSpec(doc.database, { db: str(args, 'db'), env: ctx.io.env, cwd: ctx.io.cwd, file });
    target = await openTarget(spec, doc.inspect.extensions);
    report.source('plan');
    prepare = async (t) => {
      const { verifySavedPlan } = await import('../../plan/verify-saved.js');
      const check = await verifySavedPlan(t, doc, { file, pgdecl: version() });
      if (check.status === 'ready') return { kind: 'ready', p: { ...check, origins: {} } };
      if (check.status === 'already_applied') return { kind: 'already_applied', serverVersion: check.serverVersion };
      return { kind: 'refused', serverVersion: check.serverVersion, diagnostic: check.diagnostic };
    };
  } else {
    // On a terminal, a progress line once planning takes over a second (`plan --progress` prints every stage).
    const shown = planProgress(ctx, false);
    const opening = await openOrKnownConverged(args, ctx).catch((e: unknown) => {
      shown.done();
      throw e;
    });
    if (opening.kind === 'converged') {
      // Known to match (../../plan/converged.ts): nothing to plan, lock or run.
      shown.done();
      report.source('files');
      report.target(opening.spec.label, opening.serverVersion);
      return report.noChanges();
    }
    const db = opening.db;
    target = db.target;
    spec = db.spec;
    const place = convergedPlace(db, args);
    const dir = dataDirOf(db.spec);
    if (place && dir !== undefined) converged = (serverVersion) => (afterClose = () => rememberEmbeddedConverged(place, dir, serverVersion, place.warnings));
    report.source('files');
    prepare = async (t) => {
      const { planProject } = await import('../../plan/project-plan.js');
      // The files' cache is written while the server runs the steps (or at the end, when none run).
      const p = await planProject(t, db.project, { cacheDir: db.cacheDir, repo: db.repo, onStage: shown.stage, ...onlineFlag(args), ...(db.cache ? { cache: db.cache } : {}), ...(place ? { converged: place } : {}), deferNewTables: true, callerSavesCache: true })
        .catch((e: unknown) => {
          if (e instanceof PgdeclError && !e.sources) throw new PgdeclError(e.diagnostics, db.sources);
          throw e;
        })
        .finally(() => {
          shown.done();
          if (db.cache) idle.add(...db.cache.saveTasks());
        });
      return { kind: 'ready', p: { plan: p.plan, desired: p.desired, scope: p.scope, renames: p.renames, origins: p.origins, sources: db.sources, serverVersion: p.serverVersion, normalized: p.normalized, ...(db.cache ? { project: { key: db.cache.files.key, pieces: db.cache.storedPieces() } } : {}), ...(p.online ? { online: p.online } : {}), ...(place ? { converged: place } : {}), ...(p.deferred ? { deferred: p.deferred } : {}) } };
    };
  }
  const err = ctx.err;
  try {
    await acquireLock(target, (h) =>
      ctx.io.stderr.write(`${err.yellow('waiting:')} another pgdecl run holds the lock on this database${h ? ` (pid ${h.pid}, ${h.application || 'unknown application'}${h.client ? ` from ${h.client}` : ''}${h.since ? `, since ${h.since}` : ''})` : ''}; pgdecl waits for it to finish\n`),
    );
    try {
      const prep = await prepare(target);
      if (prep.kind === 'ready') return await applyPrepared(target, spec, prep.p, args, ctx, lockTimeout, report, idle, converged);
      report.target(spec.label, prep.serverVersion);
      if (prep.kind === 'already_applied') return report.alreadyApplied(args.positionals[0]!);
      return report.refused(prep.diagnostic);
    } finally {
      await releaseLock(target).catch(() => {});
    }
  } finally {
    try {
      // The files' cache, if the steps did not leave time to write it.
      await idle.drain();
    } finally {
      await target.close();
      afterClose?.();
    }
  }
}

async function applyPrepared(target: Target, spec: TargetSpec, p: Prepared, args: ParsedArgs, ctx: CommandContext, lockTimeout: string, report: ApplyReporter, idle: IdleWork, converged?: (serverVersion: number) => void): Promise<number> {
  const { io, err } = ctx;
  report.target(spec.label, p.serverVersion);
  if (p.plan.steps.length === 0) {
    converged?.(p.serverVersion);
    return report.noChanges();
  }
  report.plan(p.plan);
  const { destructiveSteps } = await import('../../apply/destructive.js');
  const destructive = await destructiveSteps(target, p.plan.steps);
  if (destructive.length && !flag(args, 'allow-destructive')) return report.destructive(destructive);
  const dryRun = flag(args, 'dry-run');
  if (!dryRun && !flag(args, 'yes')) {
    if (!interactive(io)) return report.cannotAsk();
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
    if (answer !== 'y' && answer !== 'yes') return report.declined();
  }
  if (!report.json) io.stderr.write('\n');
  const t0 = performance.now();
  const statementTimeout = str(args, 'statement-timeout');
  const lockRetries = str(args, 'lock-retries') !== undefined ? Number(str(args, 'lock-retries')) : p.online ? 5 : 0;
  const shown = report.progress();
  const onEvent = (e: ApplyEvent) => {
    if (e.type === 'step' && !e.step.transactional) interruptNote('the transaction is committed; the steps outside it (CONCURRENTLY, online steps) stopped. Run `pgdecl plan` to see what is left.');
    shown?.(e);
  };
  const { applyPlan } = await import('../../apply/apply-plan.js');
  const result = await applyPlan(target, p, { lockTimeout, locked: true, rehearse: dryRun, onEvent, lockRetries, idle, ...(statementTimeout ? { statementTimeout } : {}) });
  if (!result.failure && !result.rolledBack) interruptNote('the steps are applied (committed); the check that the database matches the files was cut short. Run `pgdecl plan` to see it.');
  if (!result.failure && !result.rolledBack && result.convergence?.converged) converged?.(p.serverVersion);
  return report.result(p, result, performance.now() - t0, dryRun);
}
