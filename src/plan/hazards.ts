/**
 * What can go wrong with a step on a live database (STYLE 9: its own pass over the plan).
 *
 *   data_loss              rows or values are deleted, or a type change can truncate or fail
 *   table_rewrite          PostgreSQL rewrites the whole table (time and disk in proportion);
 *                          Citus moves all its rows between nodes (distribute, alter, undistribute)
 *   access_exclusive_lock  readers and writers of the table wait while it runs
 *   index_build            an index is built: writes wait unless CONCURRENTLY
 *   validates_rows         every existing row is checked; the step fails if one does not pass
 *   not_transactional      runs outside the transaction; a failure leaves it half done
 *   irreversible           its reverse cannot bring back what it removed
 *
 * Objects created in the same plan hold no rows, so steps on them carry no hazards.
 */
import { match } from 'ts-pattern';
import type { Change } from '../diff/change.js';
import type { Column } from '../ir/catalog.js';
import type { Sequence } from '../ir/sequence.js';

export const HAZARDS = ['data_loss', 'table_rewrite', 'access_exclusive_lock', 'index_build', 'validates_rows', 'not_transactional', 'irreversible'] as const;
export type Hazard = (typeof HAZARDS)[number];

export interface HazardContext {
  /** `schema.table` of the tables this plan creates. */
  readonly newTables: ReadonlySet<string>;
  /** Whether this index build runs CONCURRENTLY (decided by the planner). */
  readonly concurrent?: boolean;
  /** An online step (./online.ts): NOT VALID adds and SET NOT NULL after a validated check scan nothing. */
  readonly online?: boolean;
}

/** Functions whose value differs per row: a column added with one as default rewrites the table. */
const VOLATILE = /\b(gen_random_uuid|uuidv7|uuidv4|pgdecl_uuid_v7|uuid_generate_v[14]\w*|random|clock_timestamp|timeofday|nextval|gen_random_bytes|txid_current)\s*\(/i;

export function isVolatileDefault(expr: string | undefined): boolean {
  return expr !== undefined && VOLATILE.test(expr);
}

export function hazardsOf(change: Change, ctx: HazardContext): Hazard[] {
  const isNew = (t: { schema: string; name: string }) => ctx.newTables.has(`${t.schema}.${t.name}`);
  return match(change)
    .returnType<Hazard[]>()
    .with({ kind: 'drop_table' }, () => ['data_loss', 'irreversible', 'access_exclusive_lock'])
    // A partition of an existing table: the parent is locked, and a default partition is scanned for rows of the new bound.
    .with({ kind: 'create_table' }, (c) => (c.table.partitionOf && !isNew(c.table.partitionOf) ? ['validates_rows', 'access_exclusive_lock'] : []))
    // ATTACH scans the partition for rows outside its bound (and the default partition for rows inside it).
    .with({ kind: 'attach_partition' }, () => ['validates_rows', 'access_exclusive_lock'])
    .with({ kind: 'detach_partition' }, () => ['access_exclusive_lock'])
    // A generated column's values are computed: dropping it loses nothing its reverse cannot compute again.
    .with({ kind: 'drop_column' }, (c) => (isNew(c.table) ? [] : c.column.generated !== undefined ? ['access_exclusive_lock'] : ['data_loss', 'irreversible', 'access_exclusive_lock']))
    .with({ kind: 'add_column' }, (c) => (isNew(c.table) ? [] : addColumnHazards(c.column)))
    .with({ kind: 'alter_column' }, (c) => (isNew(c.table) ? [] : ctx.online && c.changed.length === 1 && c.changed[0] === 'nullable' ? ['access_exclusive_lock'] : alterColumnHazards(c.from, c.to, c.changed)))
    .with({ kind: 'rename_table' }, { kind: 'rename_column' }, { kind: 'rename_constraint' }, { kind: 'rename_trigger' }, () => ['access_exclusive_lock'])
    .with({ kind: 'add_primary_key' }, (c) => (isNew(c.table) ? [] : ['index_build', 'validates_rows', 'access_exclusive_lock']))
    .with({ kind: 'add_check' }, (c) => (isNew(c.table) ? [] : c.check.notValid ? ['access_exclusive_lock'] : ['validates_rows', 'access_exclusive_lock']))
    .with({ kind: 'add_foreign_key' }, (c) => (isNew(c.table) ? [] : c.foreignKey.notValid ? [] : ['validates_rows']))
    .with({ kind: 'create_index' }, (c) => (isNew(c.table) ? [] : c.index.constraint && !ctx.concurrent ? ['index_build', 'access_exclusive_lock'] : ctx.concurrent ? ['index_build', 'not_transactional'] : ['index_build']))
    .with({ kind: 'drop_index' }, (c) => (c.index.concurrently ? ['not_transactional'] : ['access_exclusive_lock']))
    .with({ kind: 'set_table_logged' }, () => ['table_rewrite', 'access_exclusive_lock'])
    .with({ kind: 'drop_primary_key' }, { kind: 'drop_foreign_key' }, { kind: 'drop_check' }, { kind: 'alter_foreign_key' }, () => ['access_exclusive_lock'])
    .with({ kind: 'validate_constraint' }, () => ['validates_rows'])
    // Citus moves every row of an existing table to the shards (or back to the coordinator).
    .with({ kind: 'distribute_table' }, { kind: 'undistribute_table' }, { kind: 'alter_distribution' }, (c) => (isNew(c.table) ? [] : ['table_rewrite', 'access_exclusive_lock']))
    .with({ kind: 'distribute_schema' }, (c) => (c.created ? [] : ['table_rewrite']))
    .with({ kind: 'undistribute_schema' }, () => ['table_rewrite'])
    .with({ kind: 'run_statement' }, (c) => (c.statement.down.trim() === '' ? ['irreversible'] : []))
    .with({ kind: 'revert_statement' }, () => [])
    // A sequence's current value is gone with it; what it numbered stays.
    .with({ kind: 'drop_sequence' }, () => ['data_loss', 'irreversible'])
    // Every column of the type is rewritten; rows holding a removed value make it fail.
    .with({ kind: 'swap_enum' }, (c) => [...(c.removed.length ? (['data_loss'] as const) : []), ...(c.columns.length ? (['table_rewrite', 'access_exclusive_lock'] as const) : [])])
    // Setting NOT NULL or adding a check reads every column of the domain; a dropped attribute is gone from every value.
    .with({ kind: 'alter_domain' }, (c) => (c.changed.includes('not_null') && c.to.notNull ? ['validates_rows'] : []))
    .with({ kind: 'add_domain_check' }, (c) => (c.check.notValid ? [] : ['validates_rows']))
    .with({ kind: 'drop_type_attribute' }, (c) => (c.columns.length ? ['data_loss', 'irreversible'] : []))
    // A narrower type or range fails when the current value lies outside it.
    // A materialized view's rows are gone with it; a view holds none, but one the files do not
    // declare is still dropped only when destruction is allowed. Dropped to be created again: nothing is lost.
    // Triggers and rules on it (not managed) are lost either way.
    .with({ kind: 'drop_view' }, (c) =>
      c.recreated && !c.view.attached?.length ? ['access_exclusive_lock'] : ['data_loss', 'access_exclusive_lock', ...(c.view.materialized || c.view.attached?.length ? (['irreversible'] as const) : [])],
    )
    .with({ kind: 'replace_view' }, () => ['access_exclusive_lock'])
    // A materialized view runs its query to fill itself.
    .with({ kind: 'create_view' }, () => [])
    .with({ kind: 'set_view_comment' }, () => [])
    .with({ kind: 'alter_sequence' }, (c) => (sequenceNarrows(c.from, c.to) ? ['validates_rows'] : []))
    .with(
      { kind: 'create_extension' },
      { kind: 'drop_extension' },
      { kind: 'create_schema' },
      { kind: 'drop_schema' },
      { kind: 'rename_schema' },
      { kind: 'create_function' },
      { kind: 'replace_function' },
      { kind: 'drop_function' },
      { kind: 'set_schema_comment' },
      { kind: 'set_table_comment' },
      { kind: 'set_object_comment' },
      { kind: 'set_column_comment' },
      { kind: 'rename_index' },
      { kind: 'create_trigger' },
      { kind: 'drop_trigger' },
      { kind: 'set_row_level_security' },
      { kind: 'create_policy' },
      { kind: 'drop_policy' },
      { kind: 'alter_policy' },
      // A revoke takes away a right, never a row.
      { kind: 'grant_privileges' },
      { kind: 'revoke_privileges' },
      { kind: 'alter_default_privileges' },
      { kind: 'create_sequence' },
      { kind: 'create_type' },
      { kind: 'add_enum_value' },
      { kind: 'drop_type' },
      { kind: 'rename_enum_value' },
      { kind: 'set_type_comment' },
      { kind: 'replace_type' },
      { kind: 'drop_domain_check' },
      { kind: 'rename_domain_check' },
      { kind: 'add_type_attribute' },
      { kind: 'alter_type_attribute' },
      { kind: 'rename_sequence' },
      { kind: 'set_sequence_owner' },
      () => [],
    )
    .exhaustive();
}

function sequenceNarrows(from: Sequence, to: Sequence): boolean {
  return BigInt(to.max) < BigInt(from.max) || BigInt(to.min) > BigInt(from.min);
}

function addColumnHazards(c: Column): Hazard[] {
  const out: Hazard[] = ['access_exclusive_lock'];
  if (c.identity || c.generated || isVolatileDefault(c.default)) out.push('table_rewrite');
  if (!c.nullable && c.default === undefined && !c.identity && !c.generated) out.push('validates_rows');
  return out;
}

function alterColumnHazards(from: Column, to: Column, changed: readonly string[]): Hazard[] {
  const out = new Set<Hazard>();
  if (changed.includes('type')) {
    out.add('access_exclusive_lock');
    const w = widening(from.type, to.type);
    if (w !== 'free') out.add('table_rewrite');
    if (w === 'narrowing') out.add('data_loss');
  }
  if (changed.includes('collation') || changed.includes('generated')) out.add('table_rewrite').add('access_exclusive_lock');
  if (changed.includes('nullable') && !to.nullable) out.add('validates_rows').add('access_exclusive_lock');
  if (changed.includes('identity') && to.identity) out.add('access_exclusive_lock');
  return [...out];
}

/**
 * How a type change treats existing values: 'free' (no rewrite: PostgreSQL only changes the
 * catalog), 'widening' (every value converts without loss, the table is rewritten), or
 * 'narrowing' (a value can be cut or the conversion can fail: destructive).
 */
export function widening(from: string, to: string): 'free' | 'widening' | 'narrowing' {
  if (from === to) return 'free';
  const varchar = (t: string) => /^character varying(?:\((\d+)\))?$/.exec(t);
  const textLike = (t: string) => t === 'text' || varchar(t) !== null || /(^|\.)citext$/.test(t);
  const fv = varchar(from);
  const tv = varchar(to);
  // varchar(n) → varchar(m ≥ n) / varchar / text, and varchar/text → text: no rewrite.
  if (fv && (to === 'text' || (tv && (tv[1] === undefined || (fv[1] !== undefined && Number(tv[1]) >= Number(fv[1])))))) return 'free';
  if (from === 'text' && tv && tv[1] === undefined) return 'free';
  if (textLike(from) && textLike(to) && !(tv && tv[1] !== undefined)) return 'widening';
  const ints = ['smallint', 'integer', 'bigint'];
  const fi = ints.indexOf(from);
  const ti = ints.indexOf(to);
  if (fi >= 0 && ti >= 0) return ti > fi ? 'widening' : 'narrowing';
  if (fi >= 0 && (to === 'numeric' || to === 'double precision' && fi < 2)) return 'widening';
  if (from === 'real' && to === 'double precision') return 'widening';
  const num = (t: string) => /^numeric(?:\((\d+),(\d+)\))?$/.exec(t);
  const fn = num(from);
  const tn = num(to);
  if (fn && tn) {
    if (tn[1] === undefined) return 'free';
    if (fn[1] !== undefined && Number(tn[2]) === Number(fn[2]) && Number(tn[1]) >= Number(fn[1])) return 'free';
    if (fn[1] !== undefined && Number(tn[2]) >= Number(fn[2]) && Number(tn[1]) - Number(tn[2]) >= Number(fn[1]) - Number(fn[2])) return 'widening';
    return 'narrowing';
  }
  const ts = (t: string) => /^(timestamp|time)(?:\((\d)\))? (with(?:out)? time zone)$/.exec(t);
  const ft = ts(from);
  const tt = ts(to);
  if (ft && tt && ft[1] === tt[1] && ft[3] === tt[3]) return Number(tt[2] ?? 6) >= Number(ft[2] ?? 6) ? 'free' : 'narrowing';
  if (from === 'timestamp without time zone' && to === 'timestamp with time zone') return 'widening';
  if (from === 'json' && to === 'jsonb') return 'widening';
  return 'narrowing';
}
