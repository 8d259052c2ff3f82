/**
 * The one bounded pool pgdecl fans out with (tenants of a database, databases of a fleet, or
 * both): at most `concurrency` jobs at once, each on a connection of its own, results in the
 * order jobs finish.
 *
 * Connections are kept by key (one database per key): a worker keeps its connection while
 * its next job is on the same database. A connection that breaks during a job is replaced
 * before the next job; a database that refuses a connection fails the jobs that need it
 * (through `refused`), never the pool, so one database or one tenant never stops the others.
 */
import type { Target } from '../targets/target.js';

export interface Connection {
  readonly target: Target;
  readonly release: () => Promise<void>;
}

export interface PoolOptions<J, R> {
  readonly concurrency: number;
  /** Opens a connection for a job's key. */
  readonly connect: (key: string) => Promise<Connection>;
  /** Which database a job runs on (default: one database for all). */
  readonly key?: (job: J) => string;
  readonly work: (target: Target, job: J) => Promise<R>;
  /** Whether a result is a failure, after which the connection is checked (default: never). */
  readonly failed?: (r: R) => boolean;
  /** The result of a job whose database refused a connection (default: the error is thrown). */
  readonly refused?: (job: J, error: unknown) => R;
}

const alive = (t: Target) =>
  t.query('SELECT 1').then(
    () => true,
    () => false,
  );

export async function runPool<J, R>(jobs: readonly J[], o: PoolOptions<J, R>): Promise<R[]> {
  const queue = [...jobs];
  const out: R[] = [];
  const keyOf = o.key ?? (() => '');
  const worker = async () => {
    let held: { key: string; c: Connection } | undefined;
    const drop = async () => {
      if (held) await held.c.release().catch(() => {});
      held = undefined;
    };
    try {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        const key = keyOf(job);
        if (held && held.key !== key) await drop();
        if (!held) {
          try {
            held = { key, c: await o.connect(key) };
          } catch (e) {
            if (!o.refused) throw e;
            out.push(o.refused(job, e));
            continue;
          }
        }
        const r = await o.work(held.c.target, job);
        out.push(r);
        // A failed job may have lost its connection (killed, server restart): the next job takes a new one.
        if (o.failed?.(r) && !(await alive(held.c.target))) await drop();
      }
    } finally {
      await drop();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, jobs.length)) }, worker));
  return out;
}
