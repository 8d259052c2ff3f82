/**
 * Steps that rewrite a table that holds rows (a type change, a volatile default, SET LOGGED):
 * PostgreSQL copies the whole table while its lock is held, so a plan says how big each one is.
 * One query for every table concerned: the planner's row estimate and the size on disk, and an
 * exact count where the table was never analyzed (no estimate yet).
 */
import type { Target } from '../targets/target.js';
import type { Step } from '../plan/step.js';
import { literal, qname } from '../sql/quote.js';

export interface RewriteStep {
  readonly step: Step;
  readonly table: string;
  readonly rows: number;
  /** Whether `rows` is the planner's estimate (pg_class.reltuples) rather than a count. */
  readonly estimate: boolean;
  readonly bytes: number;
}

export async function rewriteSteps(target: Target, steps: readonly Step[]): Promise<RewriteStep[]> {
  const rewriting = steps.filter((s) => s.hazards.includes('table_rewrite') && s.table !== '');
  const tables = [...new Set(rewriting.map((s) => s.table))];
  if (tables.length === 0) return [];
  const split = (t: string) => {
    const i = t.indexOf('.');
    return [t.slice(0, i), t.slice(i + 1)] as const;
  };
  const sql = tables
    .map((t) => {
      const [schema, name] = split(t);
      const rel = `${literal(qname(schema, name))}::regclass`;
      return `SELECT ${literal(t)} AS t, c.reltuples::float8 AS estimate, pg_total_relation_size(c.oid)::float8 AS bytes,
        CASE WHEN c.reltuples < 0 THEN (SELECT count(*) FROM ${qname(schema, name)})::float8 END AS counted
        FROM pg_class c WHERE c.oid = ${rel}`;
    })
    .join('\nUNION ALL\n');
  const rows = await target.query<{ t: string; estimate: number; bytes: number; counted: number | null }>(sql);
  const by = new Map(rows.map((r) => [r.t, r]));
  return rewriting.flatMap((step) => {
    const r = by.get(step.table);
    if (!r) return [];
    const counted = r.counted !== null;
    return [{ step, table: step.table, rows: Math.round(counted ? Number(r.counted) : Number(r.estimate)), estimate: !counted, bytes: Number(r.bytes) }];
  });
}
