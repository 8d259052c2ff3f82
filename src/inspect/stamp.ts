/**
 * The catalog's stamp (./queries/stamp.sql): a hash that changes whenever anything a plan
 * reads from the server changes (a catalog row, pgdecl's bookkeeping, the server version, the
 * role, a setting that changes how values print), computed in one or two cheap queries
 * whatever the schema's size. `plan` uses it to know, without inspecting, that a database is
 * exactly as it was when the same files last planned empty against it (../plan/converged.ts).
 *
 * Undefined when Citus is installed (its metadata lives in tables the stamp does not cover)
 * or when the server refuses a part of the query.
 */
import { createHash } from 'node:crypto';
import type { Target } from '../targets/target.js';
import { query } from './queries.js';

export async function catalogStamp(target: Target): Promise<string | undefined> {
  try {
    return await stampQueries(target);
  } catch {
    // A server that refuses a part of it (a role without pg_control_system(), say): no stamp,
    // so every plan is made in full. Inside a transaction, callers run it under a savepoint.
    return undefined;
  }
}

async function stampQueries(target: Target): Promise<string | undefined> {
  const [row] = await target.query<{ stamp: string; citus: boolean; statements: boolean; extensions: boolean }>(query('stamp'));
  if (!row || row.citus) return undefined;
  const h = createHash('sha256').update(row.stamp);
  // Clusters started from one copy share a system identifier: their own identity tells them apart.
  if (target.identity !== undefined) h.update(`\ncluster ${target.identity}`);
  // pgdecl's bookkeeping is data: its rows, by the same count and hash of xmin.
  const parts = [row.statements ? 'pgdecl.custom_statements' : undefined, row.extensions ? 'pgdecl.extensions' : undefined].filter((t) => t !== undefined);
  if (parts.length) {
    const sql = parts.map((t) => `(SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM ${t})`).join(" || ' ' || ");
    const [b] = await target.query<{ v: string }>(`SELECT ${sql} AS v`);
    h.update(`\n${parts.join(',')}\n${b?.v ?? ''}`);
  }
  return 'stamp:' + h.digest('hex').slice(0, 40);
}
