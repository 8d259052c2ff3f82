/**
 * Work inside the caller's open transaction that may fail without failing it (bookkeeping a
 * role may not be allowed to write): under a savepoint, rolled back to it on any error.
 * Returns whether the work was done.
 */
import type { Target } from '../targets/target.js';

export async function underSavepoint(target: Target, name: string, work: () => Promise<void>): Promise<boolean> {
  await target.exec(`SAVEPOINT ${name}`);
  try {
    await work();
    await target.exec(`RELEASE SAVEPOINT ${name}`);
    return true;
  } catch {
    await target.exec(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
    return false;
  }
}
