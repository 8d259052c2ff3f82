/**
 * Destructive steps (STYLE 9): those that can lose data. `apply` refuses them without
 * --allow-destructive and says, for each, how many rows it would touch on this database.
 */
import type { Target } from '../targets/target.js';
import type { Step } from '../plan/step.js';
import { isDestructive } from '../plan/step.js';
import { ident, qname, stringLiteral } from '../sql/quote.js';
import { fitsPredicate } from '../plan/narrowing.js';

export interface DestructiveStep {
  readonly step: Step;
  /** Rows that hold data the step would remove or may change; undefined when unknown. */
  readonly rows?: number;
  readonly what: string;
}

/** The destructive steps of a plan, with row counts from the target (one count per step). */
export async function destructiveSteps(target: Target | undefined, steps: readonly Step[]): Promise<DestructiveStep[]> {
  const out: DestructiveStep[] = [];
  for (const step of steps.filter(isDestructive)) {
    const c = step.change;
    let sql: string | undefined;
    let what = 'rows';
    if (c.kind === 'drop_table') {
      // Its own rows only: a partitioned table holds none (its partitions are dropped and counted
      // one by one), and an inheritance parent's children are dropped and counted, or kept.
      sql = `SELECT count(*) AS n FROM ONLY ${qname(c.table.schema, c.table.name)}`;
      what = 'rows would be deleted';
    } else if (c.kind === 'drop_column') {
      sql = `SELECT count(*) AS n FROM ${qname(c.table.schema, c.table.name)} WHERE ${ident(c.column.name)} IS NOT NULL`;
      what = 'values would be deleted';
    } else if (c.kind === 'alter_column') {
      const fits = c.changed.includes('type') ? fitsPredicate(ident(c.from.name), c.from.type, c.to.type) : undefined;
      if (fits !== undefined) {
        // Exactly the values the guarded conversion refuses (src/plan/narrowing.ts).
        sql = `SELECT count(*) AS n FROM ${qname(c.table.schema, c.table.name)} WHERE ${ident(c.from.name)} IS NOT NULL AND NOT (${fits})`;
        what = `values do not fit ${c.to.type}: nothing is cut or rounded, the step fails while any remains`;
      } else {
        sql = `SELECT count(*) AS n FROM ${qname(c.table.schema, c.table.name)} WHERE ${ident(c.from.name)} IS NOT NULL`;
        what = `values would be converted from ${c.from.type} to ${c.to.type}, and may be changed or fail`;
      }
    } else if (c.kind === 'drop_sequence') {
      // One row: the sequence's position, lost when it has handed out values.
      sql = `SELECT count(*) AS n FROM ${qname(c.sequence.schema, c.sequence.name)} WHERE is_called`;
      what = 'sequence position would be lost (1: it has handed out values)';
    } else if (c.kind === 'drop_view' && c.recreated) {
      what = `${c.view.attached?.join(', ')} on the view would be dropped with it and not created again (pgdecl does not manage them)`;
    } else if (c.kind === 'drop_view') {
      // A materialized view made WITH NO DATA cannot be read (and holds nothing).
      if (!c.view.withNoData) sql = `SELECT count(*) AS n FROM ${qname(c.view.schema, c.view.name)}`;
      what = c.view.materialized
        ? 'rows of the materialized view would be deleted (its query can compute them again)'
        : 'rows are shown by the view, which the files do not declare (they stay in its tables; what queries the view breaks)';
    } else if (c.kind === 'swap_enum' && c.columns.length) {
      const removed = `ARRAY[${c.removed.map(stringLiteral).join(', ')}]::text[]`;
      sql = `SELECT ${c.columns.map((x) => `(SELECT count(*) FROM ${qname(x.table.schema, x.table.name)} WHERE ${ident(x.column)}::text${x.array ? '[] &&' : ' = ANY'} ${x.array ? removed : `(${removed})`})`).join(' + ')} AS n`;
      what = `rows hold a value removed from ${c.to.schema}.${c.to.name} (${c.removed.join(', ')}): they become NULL`;
    } else if (c.kind === 'drop_type_attribute' && c.columns.length) {
      // A value's attribute: `(col).attr`; an array's elements are counted by the rows holding one.
      const held = (x: (typeof c.columns)[number]) => (x.array ? `${ident(x.column)} IS NOT NULL` : `(${ident(x.column)}).${ident(c.attribute.name)} IS NOT NULL`);
      sql = `SELECT ${c.columns.map((x) => `(SELECT count(*) FROM ${qname(x.table.schema, x.table.name)} WHERE ${held(x)})`).join(' + ')} AS n`;
      what = `rows hold a value of ${c.type.schema}.${c.type.name}.${c.attribute.name} (in ${c.columns.map((x) => `${x.table.name}.${x.column}`).join(', ')}): it is gone with the attribute`;
    }
    let rows: number | undefined;
    if (sql && target) {
      try {
        rows = Number((await target.query<{ n: string }>(sql))[0]?.n ?? 0);
      } catch {
        rows = undefined;
      }
    }
    out.push({ step, ...(rows !== undefined ? { rows } : {}), what });
  }
  return out;
}
