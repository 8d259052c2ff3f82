/**
 * One advisory lock serialises every pgdecl run that changes a database (apply, migrate,
 * tenant fan-out): a second run waits, and is told who holds the lock.
 */
import type { Target } from '../targets/target.js';

/** The lock's two keys: 'pgdc' and 1. */
export const LOCK_KEYS = [0x70676463, 1] as const;

export interface LockHolder {
  readonly pid: number;
  readonly application: string;
  readonly client: string | null;
  readonly since: string | null;
}

export async function lockHolder(target: Target): Promise<LockHolder | undefined> {
  const rows = await target.query<{ pid: number; application_name: string; client_addr: string | null; xact_start: string | null; backend_start: string | null }>(
    `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start::text AS backend_start, a.xact_start::text AS xact_start
       FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = $1::int::oid AND l.objid = $2::int::oid AND l.objsubid = 2 AND l.granted
      LIMIT 1`,
    [LOCK_KEYS[0], LOCK_KEYS[1]],
  );
  const r = rows[0];
  return r ? { pid: Number(r.pid), application: r.application_name, client: r.client_addr, since: r.xact_start ?? r.backend_start } : undefined;
}

/**
 * Takes the session lock; when another session holds it, reports the holder through
 * `onWait` and waits for it.
 */
export async function acquireLock(target: Target, onWait?: (holder: LockHolder | undefined) => void): Promise<void> {
  const got = await target.query<{ ok: boolean }>('SELECT pg_catalog.pg_try_advisory_lock($1, $2) AS ok', [LOCK_KEYS[0], LOCK_KEYS[1]]);
  if (got[0]?.ok) return;
  onWait?.(await lockHolder(target).catch(() => undefined));
  await target.query('SELECT pg_catalog.pg_advisory_lock($1, $2)', [LOCK_KEYS[0], LOCK_KEYS[1]]);
}

export async function releaseLock(target: Target): Promise<void> {
  await target.query('SELECT pg_catalog.pg_advisory_unlock($1, $2)', [LOCK_KEYS[0], LOCK_KEYS[1]]);
}
