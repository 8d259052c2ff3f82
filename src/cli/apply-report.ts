/**
 * Draws what `pgdecl apply` did: as text (the plan, progress per step, the outcome) or, with
 * --json, as one JSON object on stdout (README, "apply --json"): a result per step (applied,
 * failed or skipped, with its time), the convergence proof, and the error when there is one.
 * Every outcome of the command goes through one method here, which returns the exit code.
 */
import type { CommandContext } from './command.js';
import { EXIT } from './exit-codes.js';
import { versionText } from './database.js';
import { printDiagnostics } from './diagnostics.js';
import { formatPlanText, stepDetail } from '../render/plan-text.js';
import { objectAt } from '../plan/locate.js';
import { commitsFirst, type Plan } from '../plan/step.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ObjectKey } from '../ir/keys.js';
import type { Src, SourceIndex } from '../model/source.js';
import type { ApplyEvent } from '../apply/apply.js';
import type { ApplyPlanResult } from '../apply/apply-plan.js';
import type { DestructiveStep } from '../apply/destructive.js';

/** The version of the JSON that `apply --json` prints. */
export const APPLY_JSON_VERSION = 1;

type Status = 'applied' | 'no_changes' | 'already_applied' | 'dry_run' | 'refused' | 'failed' | 'not_converged' | 'error';

interface Shown {
  readonly plan: Plan;
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly sources?: SourceIndex;
}

export class ApplyReporter {
  private doc: Record<string, unknown> = { formatVersion: APPLY_JSON_VERSION };
  private printed = false;
  constructor(
    private readonly ctx: CommandContext,
    readonly json: boolean,
  ) {}

  source(from: 'files' | 'plan'): void {
    this.doc.source = from;
  }

  target(label: string, serverVersion: number): void {
    this.doc.target = label;
    this.doc.serverVersion = serverVersion;
    if (!this.json) this.ctx.io.stdout.write(`${this.ctx.out.dim(`Target: ${label} (${versionText(serverVersion)})`)}\n\n`);
  }

  plan(plan: Plan): void {
    this.doc.steps = plan.steps.map((s) => ({ id: s.id, summary: s.summary, transactional: s.transactional, hazards: s.hazards, status: 'skipped', ms: 0 }));
    if (!this.json) this.ctx.io.stdout.write(formatPlanText(plan, this.ctx.out));
  }

  progress(): ((e: ApplyEvent) => void) | undefined {
    if (this.json) return undefined;
    const { io, err: c } = this.ctx;
    return (e) => {
      if (e.type === 'step') io.stderr.write(`${c.dim(`[${e.index}/${e.total}]`)} ${e.step.summary}${e.step.transactional ? '' : ' (outside the transaction)'} … `);
      else if (e.type === 'step-done') io.stderr.write(`${c.green('ok')}${e.batch ? (e.batch.last ? ` ${c.dim(`(the last ${e.batch.size} steps in one query: ${Math.round(e.ms)} ms)`)}` : '') : ` ${c.dim(`${Math.round(e.ms)} ms`)}`}\n`);
      else if (e.type === 'retry') io.stderr.write(`${c.yellow('lock busy')} (${e.error}): try ${e.attempt + 1} … `);
    };
  }

  noChanges(): number {
    if (!this.json) this.ctx.io.stdout.write('No changes: the database matches the files.\n');
    return this.end('no_changes', EXIT.ok);
  }

  alreadyApplied(file: string): number {
    if (!this.json) this.ctx.io.stdout.write(`Already applied: the database already is what ${file} leads to. Nothing was changed.\n`);
    return this.end('already_applied', EXIT.ok);
  }

  refused(d: Diagnostic): number {
    printDiagnostics([d], undefined, this.ctx);
    return this.end('refused', EXIT.error, d);
  }

  destructive(steps: readonly DestructiveStep[]): number {
    const { io, err } = this.ctx;
    const n = steps.length;
    io.stderr.write(`\n${err.red('refused:')} the plan has ${n} destructive step${n > 1 ? 's' : ''}; nothing was changed:\n`);
    for (const d of steps) io.stderr.write(`  - [${d.step.id}] ${d.step.summary}: ${d.rows === undefined ? 'data' : `${d.rows} ${d.what}`}\n`);
    io.stderr.write(`Review them, then run again with --allow-destructive; or keep the data with \`renamed_from\` if this is a rename.\n`);
    this.doc.destructive = steps.map((d) => ({ id: d.step.id, summary: d.step.summary, ...(d.rows === undefined ? {} : { rows: d.rows }), what: d.what }));
    return this.end('refused', EXIT.error, { code: 'destructive_refused', message: `the plan has ${n} destructive step${n > 1 ? 's' : ''}: run again with --allow-destructive` });
  }

  cannotAsk(): number {
    this.ctx.io.stderr.write(`\n${this.ctx.err.red('refused:')} not on a terminal, so pgdecl cannot ask: pass --yes to apply without a question (nothing was changed)\n`);
    return this.end('refused', EXIT.error, { code: 'confirmation_needed', message: 'not on a terminal: pass --yes' });
  }

  declined(): number {
    this.ctx.io.stderr.write('Nothing was changed.\n');
    return this.end('refused', EXIT.error, { code: 'confirmation_needed', message: 'the question was answered no' });
  }

  /** Diagnostics thrown before anything ran (bad files, a bad plan file, no database). */
  errors(ds: readonly Diagnostic[]): void {
    if (!this.json || this.printed) return;
    this.doc.errors = ds.map((d) => ({ code: d.code, message: d.message, ...(d.suggestion ? { suggestion: d.suggestion } : {}) }));
    this.end('error', EXIT.error);
  }

  result(p: Shown, r: ApplyPlanResult, ms: number, dryRun: boolean): number {
    const steps = p.plan.steps;
    const byId = new Map(r.results.map((x) => [x.id, x]));
    this.doc.steps = steps.map((s) => ({ id: s.id, summary: s.summary, transactional: s.transactional, hazards: s.hazards, status: byId.get(s.id)?.status ?? 'skipped', ms: Math.round(byId.get(s.id)?.ms ?? 0) }));
    this.doc.ms = Math.round(ms);
    if (r.convergence) this.doc.convergence = { checked: r.convergence.checked, converged: r.convergence.converged, remaining: r.convergence.remaining.map(stepDetail) };
    if (r.failure) return this.failure(p, r);
    const { io, out: c, err } = this.ctx;
    const conv = r.convergence;
    if (conv && !conv.converged) {
      const where = conv.checked === 'in_transaction' ? (dryRun ? 'The transaction was rolled back (a dry run).' : 'The transaction was rolled back: nothing was changed.') : 'The steps are committed.';
      io.stderr.write(`${err.red('error:')} the steps ran, but the database would still differ from the files in ${conv.remaining.length || 'some'} way${conv.remaining.length === 1 ? '' : 's'}:\n`);
      for (const ch of conv.remaining) io.stderr.write(`  ${stepDetail(ch)}\n`);
      io.stderr.write(`${where} This is a bug in pgdecl: please report it with the files and \`pgdecl plan --json\`.\n`);
      return this.end('not_converged', EXIT.error, { code: 'apply_not_converged', message: `the steps ran, but the database would still differ from the files. ${where}` });
    }
    if (dryRun) {
      const untried = r.untried ?? 0;
      const inTx = steps.filter((s) => s.transactional).length - untried;
      const after = steps.length - inTx - untried;
      const proved = inTx && !untried ? ' Before the rollback, the database matched the files.' : '';
      const notTried = untried ? ` ${untried} step${untried > 1 ? 's' : ''} that use${untried > 1 ? '' : 's'} the enum values added first ${untried > 1 ? 'were' : 'was'} not tried: PostgreSQL cannot use a value in the transaction that adds it.` : '';
      if (!this.json) io.stdout.write(`\n${c.green('✓')} Dry run: ${inTx} step${inTx === 1 ? '' : 's'} ran in a transaction that was rolled back; nothing was changed.${proved}${notTried}${after ? ` ${after} step${after > 1 ? 's' : ''} outside a transaction (CONCURRENTLY) were not run.` : ''}\n`);
      return this.end('dry_run', EXIT.ok);
    }
    if (!this.json) io.stdout.write(`\n${c.green('✓')} Applied ${steps.length} step${steps.length > 1 ? 's' : ''} in ${(ms / 1000).toFixed(1)} s. The database matches the files.\n`);
    return this.end('applied', EXIT.ok);
  }

  private failure(p: Shown, r: ApplyPlanResult): number {
    const f = r.failure!;
    const c = this.ctx.err;
    if (!this.json) this.ctx.io.stderr.write(`${c.red('failed')}\n\n`);
    const src = p.origins[objectAt(f.step, f.statement, f.error.position)] ?? p.origins[f.step.object];
    const d: Diagnostic = {
      code: 'apply_failed',
      severity: 'error',
      message: `step ${f.step.id} (${f.step.summary}) failed: ${f.error.message}${f.error.detail ? `\n  detail: ${f.error.detail}` : ''}${f.error.code ? `\n  SQLSTATE ${f.error.code}` : ''}\n  statement: ${f.statement.split('\n').join('\n    ')}`,
      ...((f.hint ?? f.error.hint) ? { suggestion: f.hint ?? f.error.hint } : {}),
      ...(src ? { src } : {}),
    };
    printDiagnostics([d], p.sources, this.ctx);
    const applied = r.results.filter((x) => x.status === 'applied').length;
    const stayed = p.plan.steps.filter((s) => commitsFirst(s) && r.results.some((x) => x.id === s.id && x.status === 'applied'));
    this.ctx.io.stderr.write(
      f.rolledBack
        ? stayed.length
          ? `\nThe transaction was rolled back. The enum value${stayed.length > 1 ? 's' : ''} added first, in ${stayed.length > 1 ? 'their' : 'its'} own transaction, stay${stayed.length > 1 ? '' : 's'} (unused): ${stayed.map((s) => s.summary).join('; ')}.\n`
          : `\nThe transaction was rolled back: nothing was changed.\n`
        : `\n${applied} step${applied === 1 ? ' is' : 's are'} applied (the transaction committed); the steps outside it stopped here. Run \`pgdecl plan\` to see what is left; an index left INVALID is rebuilt by the next apply.\n`,
    );
    this.doc.rolledBack = f.rolledBack;
    return this.end('failed', EXIT.error, d);
  }

  private end(status: Status, code: number, error?: Pick<Diagnostic, 'code' | 'message' | 'suggestion'>): number {
    if (this.json && !this.printed) {
      this.printed = true;
      const out = { ...this.doc, status, ...(error ? { error: { code: error.code, message: error.message, ...(error.suggestion ? { suggestion: error.suggestion } : {}) } } : {}) };
      this.ctx.io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    }
    return code;
  }
}
