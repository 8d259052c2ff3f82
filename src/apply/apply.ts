/**
 * Runs a plan's steps on a target (STYLE 15: a result per step, not an exception halfway).
 *
 * Under the advisory lock: enum values the plan also uses first, in a transaction of their own
 * (PostgreSQL cannot use a value in the transaction that adds it; ../plan/enum-values-first.ts).
 * Then every other transactional step in one transaction with `lock_timeout`; if any fails,
 * the transaction is rolled back and the database is as it was (but for those values). Then the steps
 * that cannot run in a transaction (CREATE INDEX CONCURRENTLY, and what needs such an index),
 * one by one; a failure there stops the run, and the INVALID index it may leave is found and
 * rebuilt by the next plan.
 */
import type { Target } from '../targets/target.js';
import { databaseErrorInfo, type DatabaseErrorInfo } from '../targets/target.js';
import { commitsFirst, type Step } from '../plan/step.js';
import type { Change } from '../diff/change.js';
import { acquireLock, releaseLock, type LockHolder } from './lock.js';
import { qname } from '../sql/quote.js';
import type { IdleWork } from './idle-work.js';

export type StepStatus = 'applied' | 'failed' | 'skipped';

export interface StepResult {
  readonly id: number;
  readonly status: StepStatus;
  readonly ms: number;
}

export interface ApplyFailure {
  readonly step: Step;
  /** The statement of the step that failed. */
  readonly statement: string;
  readonly error: DatabaseErrorInfo;
  /** What to do about it, when pgdecl knows. */
  readonly hint?: string;
  /** Whether the database was left as it was (the failure was inside the transaction). */
  readonly rolledBack: boolean;
}

export interface ApplyResult {
  readonly results: readonly StepResult[];
  readonly failure?: ApplyFailure;
  /**
   * The transactional steps ran, then `beforeCommit` (or `rehearse`) rolled them back: the
   * database is as it was, and the steps outside the transaction did not run.
   */
  readonly rolledBack?: 'before_commit' | 'rehearsal';
  /** A rehearsal of a plan with steps that commit first: the transactional steps not tried (they use what those add). */
  readonly untried?: number;
}

export type ApplyEvent =
  | { readonly type: 'waiting-for-lock'; readonly holder?: LockHolder }
  | { readonly type: 'step'; readonly step: Step; readonly index: number; readonly total: number }
  /** `batch`: the step ran in one query with `size` others, which took `ms` together; `last` on the batch's last step. */
  | { readonly type: 'step-done'; readonly step: Step; readonly ms: number; readonly batch?: { readonly size: number; readonly last: boolean } }
  /** A statement ran out of lock_timeout and is tried again after a pause. */
  | { readonly type: 'retry'; readonly step: Step; readonly attempt: number; readonly error: string };

export interface ApplyOptions {
  /** `lock_timeout` for the transactional steps, e.g. '5s'. */
  readonly lockTimeout?: string;
  readonly onEvent?: (e: ApplyEvent) => void;
  /** Already holding pgdecl's advisory lock (a caller that inspected under it). */
  readonly locked?: boolean;
  /**
   * Runs inside the transaction after its last step, before COMMIT: false rolls it back
   * (and nothing outside the transaction runs). Where convergence is proved.
   */
  readonly beforeCommit?: () => Promise<boolean>;
  /** Run the transactional steps (and `beforeCommit`), then roll back; the others do not run. */
  readonly rehearse?: boolean;
  /**
   * How often a statement that ran out of `lockTimeout` is tried again, with a growing pause
   * (0.25 s, 0.5 s, 1 s, … at most 8 s): the transaction as a whole, each statement after it
   * on its own. Default 0. A waiting ALTER queues every later client behind it; a short
   * lock_timeout and retries keep that queue short.
   */
  readonly lockRetries?: number;
  /**
   * `statement_timeout` for the statements after the transaction that only take a brief lock
   * (not VALIDATE CONSTRAINT, not CONCURRENTLY builds, which scan the table and may take long).
   */
  readonly statementTimeout?: string;
  /** Work that needs no database: a task runs each time a batch of statements is sent (./idle-work.ts). */
  readonly idle?: IdleWork;
}

const LOCK_NOT_AVAILABLE = '55P03';
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(8000, 250 * 2 ** attempt)));

/** Statements that scan a whole table by design: no statement_timeout for them. */
const SCANS = /\bVALIDATE\s+CONSTRAINT\b|\bCONCURRENTLY\b/i;

/** Turns what PostgreSQL said into advice. */
export function adviceFor(e: DatabaseErrorInfo): string | undefined {
  switch (e.code) {
    case '53200':
      return 'the transaction takes a lock per table and ran out of lock slots: raise max_locks_per_transaction on the server (e.g. ALTER SYSTEM SET max_locks_per_transaction = 1024, then restart) and apply again';
    case '55P03':
      return 'another session holds a lock on this table longer than --lock-timeout allows: retry when it is quieter, or raise --lock-timeout';
    case '23505':
    case '23502':
    case '23514':
    case '23503':
      return 'existing rows do not satisfy the new rule: fix the data first (the error says which row), then apply again';
    case '42P07':
    case '42710':
      return 'an object with this name already exists but is not what the files declare: rename or drop it by hand, or add it to the files';
    default:
      return undefined;
  }
}

export async function applySteps(target: Target, steps: readonly Step[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const results: StepResult[] = [];
  const total = steps.length;
  // Enum values the plan uses: committed first, in a transaction of their own (../plan/enum-values-first.ts).
  const first = steps.filter((s) => s.transactional && commitsFirst(s));
  const inTx = steps.filter((s) => s.transactional && !commitsFirst(s));
  const after = steps.filter((s) => !s.transactional);
  if (!options.locked) await acquireLock(target, (holder) => options.onEvent?.({ type: 'waiting-for-lock', ...(holder ? { holder } : {}) }));
  try {
    if (first.length) {
      const early = await commitFirst(target, first, total, options);
      if (early.failure || options.rehearse) {
        // A rehearsal cannot try the steps that use the values without committing them.
        const done = early.results.map((r) => (options.rehearse && r.status === 'applied' ? { ...r, status: 'skipped' as const } : r));
        for (const s of steps) if (!done.some((r) => r.id === s.id)) done.push({ id: s.id, status: 'skipped', ms: 0 });
        return early.failure ? { results: done, failure: early.failure } : { results: done, rolledBack: 'rehearsal', untried: inTx.length };
      }
      results.push(...early.results);
    }
    const committed = results.length;
    let index = committed;
    transaction: for (let attempt = 0; inTx.length; attempt++) {
      index = committed;
      results.length = committed;
      await begin(target, options);
      for (const batch of batches(inTx)) {
        const failure = batch.length > 1 && (await runBatch(target, batch, index, total, results, options)) ? undefined : await runEach(target, batch, index, total, results, options);
        index += batch.length;
        if (failure) {
          await target.exec('ROLLBACK').catch(() => {});
          if (await retried(failure, attempt, options)) continue transaction;
          // Nothing of the transaction stays: report its steps as not applied.
          const ran = new Set(inTx.map((s) => s.id));
          const rolled = results.map((r) => (ran.has(r.id) && r.status === 'applied' ? { ...r, status: 'skipped' as const } : r));
          for (const s of steps) if (!rolled.some((r) => r.id === s.id)) rolled.push({ id: s.id, status: 'skipped', ms: 0 });
          return { results: rolled, failure };
        }
      }
      const commit = options.beforeCommit ? await options.beforeCommit().catch(async (e: unknown) => {
        await target.exec('ROLLBACK').catch(() => {});
        throw e;
      }) : true;
      if (!commit || options.rehearse) {
        await target.exec('ROLLBACK');
        // What committed first stays applied.
        const rolled = results.map((r, i) => (i >= committed && r.status === 'applied' ? { ...r, status: 'skipped' as const } : r));
        for (const s of after) rolled.push({ id: s.id, status: 'skipped', ms: 0 });
        return { results: rolled, rolledBack: commit ? 'rehearsal' : 'before_commit' };
      }
      await target.exec('COMMIT');
      break;
    }
    if (options.rehearse) {
      for (const s of after) results.push({ id: s.id, status: 'skipped', ms: 0 });
      return { results, rolledBack: 'rehearsal' };
    }
    if (after.length && options.lockTimeout) await target.exec(`SET lock_timeout = ${quoteSetting(options.lockTimeout)}`);
    for (const step of after) {
      index++;
      const failure = await runStep(target, step, index, total, results, options, false);
      if (failure) {
        for (const s of after) if (!results.some((r) => r.id === s.id)) results.push({ id: s.id, status: 'skipped', ms: 0 });
        return { results, failure };
      }
    }
    if (after.length && options.lockTimeout) await target.exec('RESET lock_timeout');
    return { results };
  } finally {
    if (!options.locked) await releaseLock(target).catch(() => {});
  }
}

/** BEGIN, with the apply's `lock_timeout` for the transaction. */
async function begin(target: Target, options: ApplyOptions): Promise<void> {
  await target.exec('BEGIN');
  if (options.lockTimeout) await target.exec(`SET LOCAL lock_timeout = ${quoteSetting(options.lockTimeout)}`);
}

/** A transaction that ran out of `lock_timeout` is tried again (after a pause, said as an event) while retries are left. */
async function retried(failure: ApplyFailure, attempt: number, options: ApplyOptions): Promise<boolean> {
  if (failure.error.code !== LOCK_NOT_AVAILABLE || attempt >= (options.lockRetries ?? 0)) return false;
  options.onEvent?.({ type: 'retry', step: failure.step, attempt: attempt + 1, error: failure.error.message });
  await pause(attempt);
  return true;
}

/**
 * The steps that commit first (enum values the plan uses), in a transaction of their own, one
 * by one, tried again like the main transaction when a lock is not granted in time. A rehearsal
 * rolls them back.
 */
async function commitFirst(target: Target, steps: readonly Step[], total: number, options: ApplyOptions): Promise<{ results: StepResult[]; failure?: ApplyFailure }> {
  for (let attempt = 0; ; attempt++) {
    const results: StepResult[] = [];
    await begin(target, options);
    const failure = await runEach(target, steps, 0, total, results, options);
    if (!failure) {
      await target.exec(options.rehearse ? 'ROLLBACK' : 'COMMIT');
      return { results };
    }
    await target.exec('ROLLBACK').catch(() => {});
    if (await retried(failure, attempt, options)) continue;
    return { results: results.map((r) => (r.status === 'applied' ? { ...r, status: 'skipped' as const } : r)), failure };
  }
}

/**
 * Transactional steps in batches sent as one query each (a round trip per batch, not per
 * statement: creating a thousand tables is a few hundred milliseconds of round trips less).
 * Only steps that write the catalog and nothing else are batched: a step with a hazard (a
 * rewrite, a scan, a lock on a table that holds rows), a custom statement (any SQL, as slow as
 * it likes) or a view (a materialized one is filled) runs alone, so progress names it while it
 * runs.
 */
const BATCH_STATEMENTS = 200;
const BATCH_BYTES = 512 * 1024;
const CATALOG_ONLY: ReadonlySet<Change['kind']> = new Set<Change['kind']>([
  'create_schema',
  'create_extension',
  'create_table',
  'create_index',
  'add_primary_key',
  'add_check',
  'add_foreign_key',
  'add_column',
  'create_function',
  'replace_function',
  'create_aggregate',
  'replace_aggregate',
  'create_trigger',
  'create_policy',
  'create_sequence',
  'create_type',
  'create_collation',
  'set_collation_comment',
  'set_column_comment',
  'set_object_comment',
  'set_schema_comment',
  'set_table_comment',
  'set_type_comment',
  'set_view_comment',
  'grant_privileges',
  'revoke_privileges',
  'alter_default_privileges',
  'set_row_level_security',
  'set_sequence_owner',
  'rename_column',
  'rename_constraint',
  'rename_index',
  'rename_table',
  'rename_trigger',
  'set_trigger_firing',
]);

export function* batches(steps: readonly Step[]): Generator<readonly Step[]> {
  let batch: Step[] = [];
  let statements = 0;
  let bytes = 0;
  for (const step of steps) {
    const size = step.sql.reduce((n, s) => n + s.length, 0);
    const alone = step.hazards.length > 0 || !CATALOG_ONLY.has(step.change.kind);
    if (batch.length && (alone || statements + step.sql.length > BATCH_STATEMENTS || bytes + size > BATCH_BYTES)) {
      yield batch;
      batch = [];
      statements = 0;
      bytes = 0;
    }
    if (alone) {
      yield [step];
      continue;
    }
    batch.push(step);
    statements += step.sql.length;
    bytes += size;
  }
  if (batch.length) yield batch;
}

/**
 * Runs a batch under a savepoint; false when a statement failed: the batch is then rolled back
 * to the savepoint and the caller runs its steps one by one, which names the failing statement
 * exactly as an unbatched apply would. Statements are joined on lines of their own, so a
 * statement ending in a `--` comment cannot swallow the separator.
 */
async function runBatch(target: Target, batch: readonly Step[], done: number, total: number, results: StepResult[], options: ApplyOptions): Promise<boolean> {
  const t0 = performance.now();
  let ms = 0;
  const sent = execBatch(target, batch).then((ok) => ((ms = performance.now() - t0), ok));
  // The batch is on its way (the client sends a query as it is given): the server runs it
  // meanwhile. An answer that comes while the task runs is read when it ends, so a short batch
  // behind a long task is timed to the task's end (the time shown, nothing else, depends on it).
  options.idle?.next();
  if (!(await sent)) return false;
  batch.forEach((step, i) => {
    results.push({ id: step.id, status: 'applied', ms: ms / batch.length });
    options.onEvent?.({ type: 'step', step, index: done + i + 1, total });
    options.onEvent?.({ type: 'step-done', step, ms, batch: { size: batch.length, last: i === batch.length - 1 } });
  });
  return true;
}

/**
 * The statements of `batch` in one query under a savepoint; false when one failed (the batch is
 * rolled back to the savepoint, and the transaction goes on). A lost connection fails here too:
 * the caller runs the statements one by one, which reports it as usual. The savepoint is set
 * by a query of its own: the server parses a whole query before it runs any of it, so a
 * statement it cannot parse would otherwise fail the query before its savepoint exists, and
 * leave the transaction aborted for the statements run one by one after it.
 */
export async function execBatch(target: Target, batch: readonly Step[]): Promise<boolean> {
  try {
    await target.exec('SAVEPOINT pgdecl_batch');
    await target.exec([...batch.flatMap((s) => s.sql), 'RELEASE SAVEPOINT pgdecl_batch'].join('\n;\n'));
    return true;
  } catch {
    await target.exec('ROLLBACK TO SAVEPOINT pgdecl_batch; RELEASE SAVEPOINT pgdecl_batch').catch(() => {});
    return false;
  }
}

/** Steps one at a time; the first failure. */
async function runEach(target: Target, steps: readonly Step[], done: number, total: number, results: StepResult[], options: ApplyOptions): Promise<ApplyFailure | undefined> {
  for (const [i, step] of steps.entries()) {
    const failure = await runStep(target, step, done + i + 1, total, results, options, true);
    if (failure) return failure;
  }
  return undefined;
}

async function runStep(
  target: Target,
  step: Step,
  index: number,
  total: number,
  results: StepResult[],
  options: ApplyOptions,
  inTransaction: boolean,
): Promise<ApplyFailure | undefined> {
  options.onEvent?.({ type: 'step', step, index, total });
  const t0 = performance.now();
  for (const statement of step.sql) {
    try {
      if (inTransaction) await target.exec(statement);
      else await runAlone(target, step, statement, options);
    } catch (e) {
      const error = databaseErrorInfo(e);
      results.push({ id: step.id, status: 'failed', ms: performance.now() - t0 });
      const hint = adviceFor(error);
      return { step, statement, error, ...(hint ? { hint } : {}), rolledBack: inTransaction };
    }
  }
  const ms = performance.now() - t0;
  results.push({ id: step.id, status: 'applied', ms });
  options.onEvent?.({ type: 'step-done', step, ms });
  return undefined;
}

/**
 * One statement after the transaction: with `statement_timeout` when it only takes a brief
 * lock, and tried again when it ran out of `lock_timeout`. A CREATE INDEX CONCURRENTLY that
 * failed leaves an INVALID index behind: it is dropped before the next try.
 */
async function runAlone(target: Target, step: Step, statement: string, options: ApplyOptions): Promise<void> {
  const limit = options.statementTimeout && !SCANS.test(statement) ? options.statementTimeout : undefined;
  for (let attempt = 0; ; attempt++) {
    if (limit) await target.exec(`SET statement_timeout = ${quoteSetting(limit)}`);
    try {
      await target.exec(statement);
      return;
    } catch (e) {
      const error = databaseErrorInfo(e);
      if (error.code !== LOCK_NOT_AVAILABLE || attempt >= (options.lockRetries ?? 0)) throw e;
      options.onEvent?.({ type: 'retry', step, attempt: attempt + 1, error: error.message });
      if (step.change.kind === 'create_index' && /\bCONCURRENTLY\b/i.test(statement)) {
        await target.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${qname(step.change.table.schema, step.change.index.name)}`);
      }
      await pause(attempt);
    } finally {
      if (limit) await target.exec('RESET statement_timeout').catch(() => {});
    }
  }
}

/** `5s`, `500ms`, `2min` or a number of milliseconds, as a quoted setting. */
export function quoteSetting(value: string): string {
  if (!/^\d+(ms|s|min|h)?$/.test(value.trim())) throw new Error(`invalid duration "${value}": use e.g. 5s, 500ms or 2min`);
  return `'${value.trim()}'`;
}
