/**
 * Work an apply has to do that needs no database (writing the files' cache, compressing what
 * it stores in the database), done while the server runs the transaction's statements instead
 * of before or after them: `applySteps` runs one task each time it has sent a query and waits
 * for the answer. Whatever is left runs when asked for (`drain`), so nothing depends on how
 * many queries there were.
 *
 * Tasks are best effort and must not throw (what they make is checked by whoever uses it);
 * one that throws is dropped. A task may return a promise (compression runs on libuv's
 * threads): `drain` waits for every one.
 */
export type IdleTask = () => unknown;

export class IdleWork {
  private readonly tasks: IdleTask[] = [];
  private readonly running: Promise<unknown>[] = [];

  constructor(tasks: readonly IdleTask[] = []) {
    this.tasks.push(...tasks);
  }

  add(...tasks: IdleTask[]): void {
    this.tasks.push(...tasks);
  }

  /** Runs the next task, if any: called just after a query was sent. */
  next(): void {
    const task = this.tasks.shift();
    if (!task) return;
    try {
      const r = task();
      if (r instanceof Promise) this.running.push(r.catch(() => undefined));
    } catch {
      // Best effort: see the top of this file.
    }
  }

  /** Runs every task left and waits for those still running. */
  async drain(): Promise<void> {
    while (this.tasks.length) this.next();
    await Promise.all(this.running.splice(0));
  }
}
