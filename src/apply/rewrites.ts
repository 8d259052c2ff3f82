/**
 * Steps that rewrite a table that holds rows (a type change, a volatile default, SET LOGGED):
 * PostgreSQL copies the whole table while its lock is held, so a plan says how big each one is.
 * One query for every table concerned: the planner's row estimate and the size on disk, and an
 * exact count where the table was never analyzed (no estimate yet).
 */
import type { Target } from '../targets/target.js';
import type { Step } from '../plan/step.js';
import { literal, qname } from '../sql/quote.js';
import type { TableRef } from '../diff/change.js';

const key = (t: TableRef) => `${t.schema}.${t.name}`;

export interface RewriteStep {
  readonly step: Step;
  readonly table: string;
  readonly rows: number;
  /** Whether `rows` is the planner's estimate (pg_class.reltuples) rather than a count. */
  readonly estimate: boolean;
  readonly bytes: number;
}

export async function rewriteSteps(target: Target, steps: readonly Step[]): Promise<RewriteStep[]> {
  // The table as the database names it when the plan is made: a step's change carries the name
  // the table has when the step runs, which is the old one for a table renamed later in the plan
  // (and a table renamed earlier in the plan is no rewrite of rows that exist under that name).
  const runName = (s: Step): TableRef | undefined => ('table' in s.change && typeof s.change.table === 'object' ? s.change.table : undefined);
  const rewriting = steps.filter((s) => s.hazards.includes('table_rewrite') && runName(s) !== undefined);
  const named = [...new Map(rewriting.map((s) => [key(runName(s)!), runName(s)!])).values()];
  if (named.length === 0) return [];
  // A table renamed earlier in the plan is named here by its new name, which does not exist yet.
  const found = new Set(
    (await target.query<{ t: string }>(`SELECT t FROM (VALUES ${named.map((t) => `(${literal(key(t))}, ${literal(qname(t.schema, t.name))})`).join(', ')}) AS v(t, q) WHERE to_regclass(q) IS NOT NULL`)).map((r) => r.t),
  );
  const tables = named.filter((t) => found.has(key(t)));
  if (tables.length === 0) return [];
  const sql = tables
    .map((t) => {
      const { schema, name } = t;
      const rel = `${literal(qname(schema, name))}::regclass`;
      return `SELECT ${literal(key(t))} AS t, c.reltuples::float8 AS estimate, pg_total_relation_size(c.oid)::float8 AS bytes,
        CASE WHEN c.reltuples < 0 THEN (SELECT count(*) FROM ${qname(schema, name)})::float8 END AS counted
        FROM pg_class c WHERE c.oid = ${rel}`;
    })
    .join('\nUNION ALL\n');
  const rows = await target.query<{ t: string; estimate: number; bytes: number; counted: number | null }>(sql);
  const by = new Map(rows.map((r) => [r.t, r]));
  return rewriting.flatMap((step) => {
    const r = by.get(key(runName(step)!));
    if (!r) return [];
    const counted = r.counted !== null;
    return [{ step, table: key(runName(step)!), rows: Math.round(counted ? Number(r.counted) : Number(r.estimate)), estimate: !counted, bytes: Number(r.bytes) }];
  });
}
