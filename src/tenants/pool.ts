/**
 * A bounded pool of database connections working through a list of jobs: at most
 * `concurrency` connections, each job on one of them, results in the order jobs finish.
 * A connection that breaks is replaced, so one tenant's failure never stops the others.
 */
import type { Target } from '../targets/target.js';

export interface Connection {
  readonly target: Target;
  readonly release: () => Promise<void>;
}

export async function runPool<J, R>(
  jobs: readonly J[],
  connect: () => Promise<Connection>,
  concurrency: number,
  work: (target: Target, job: J) => Promise<R>,
  /** Whether a result is a failure, after which the connection is checked (default: never). */
  failed: (r: R) => boolean = () => false,
): Promise<R[]> {
  const queue = [...jobs];
  const out: R[] = [];
  const worker = async () => {
    let c = await connect();
    try {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        const r = await work(c.target, job);
        out.push(r);
        if (!failed(r)) continue;
        // A failed job may have lost its connection (killed, server restart): take a new one.
        const alive = await c.target.query('SELECT 1').then(
          () => true,
          () => false,
        );
        if (!alive) {
          await c.release().catch(() => {});
          c = await connect();
        }
      }
    } finally {
      await c.release();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
  return out;
}
