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
 *   commits_first          runs in a transaction of its own, committed before the others (an
 *                          enum value the plan uses); it stays if a later step fails
 *   irreversible           its reverse cannot bring back what it removed
 *
 * Objects created in the same plan hold no rows, so steps on them carry no hazards.
 */
import { unreachable } from '../util/unreachable.js';
import type { Change } from '../diff/change.js';
import type { Column } from '../ir/catalog.js';
import type { Sequence } from '../ir/sequence.js';

export const HAZARDS = ['data_loss', 'table_rewrite', 'access_exclusive_lock', 'index_build', 'validates_rows', 'not_transactional', 'commits_first', 'irreversible'] as const;
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
  const c = change;
  switch (c.kind) {
    case 'drop_table':
      return ['data_loss', 'irreversible', 'access_exclusive_lock'];
    // A partition of an existing table: the parent is locked, and a default partition is scanned for rows of the new bound.
    case 'create_table':
      return c.table.partitionOf && !isNew(c.table.partitionOf) ? ['validates_rows', 'access_exclusive_lock'] : [];
    // ATTACH scans the partition for rows outside its bound (and the default partition for rows inside it).
    case 'attach_partition':
      return ['validates_rows', 'access_exclusive_lock'];
    case 'detach_partition':
      return ['access_exclusive_lock'];
    // INHERIT reads the table's columns and checks (SET NOT NULL scans the rows). NO INHERIT only
    // the catalog, but INHERIT again leaves the columns the table had from the parent its own.
    case 'inherit_table':
      return c.notNull.length ? ['validates_rows', 'access_exclusive_lock'] : ['access_exclusive_lock'];
    case 'uninherit_table':
      return ['irreversible', 'access_exclusive_lock'];
    // A generated column's values are computed: dropping it loses nothing its reverse cannot compute again.
    case 'drop_column':
      return isNew(c.table) ? [] : c.column.generated !== undefined ? ['access_exclusive_lock'] : ['data_loss', 'irreversible', 'access_exclusive_lock'];
    case 'add_column':
      return isNew(c.table) ? [] : addColumnHazards(c.column);
    case 'alter_column':
      return isNew(c.table) ? [] : ctx.online && c.changed.length === 1 && c.changed[0] === 'nullable' ? ['access_exclusive_lock'] : alterColumnHazards(c.from, c.to, c.changed);
    case 'rename_table':
    case 'rename_column':
    case 'rename_constraint':
    case 'rename_trigger':
    case 'set_trigger_firing':
      return ['access_exclusive_lock'];
    case 'add_primary_key':
      return isNew(c.table) ? [] : ['index_build', 'validates_rows', 'access_exclusive_lock'];
    case 'add_check':
      return isNew(c.table) ? [] : c.check.notValid || c.check.notEnforced ? ['access_exclusive_lock'] : ['validates_rows', 'access_exclusive_lock'];
    case 'add_foreign_key':
      return isNew(c.table) ? [] : c.foreignKey.notValid || c.foreignKey.notEnforced ? [] : ['validates_rows'];
    case 'create_index':
      return isNew(c.table) ? [] : c.index.constraint && !ctx.concurrent ? ['index_build', 'access_exclusive_lock'] : ctx.concurrent ? ['index_build', 'not_transactional'] : ['index_build'];
    case 'drop_index':
      return c.index.concurrently ? ['not_transactional'] : ['access_exclusive_lock'];
    case 'set_table_logged':
      return ['table_rewrite', 'access_exclusive_lock'];
    case 'set_table_storage':
      // New values apply to pages written from now on: nothing is rewritten.
      return [];
    // Catalog only: what replication logs from now on, the index a later CLUSTER uses.
    case 'set_replica_identity':
    case 'set_cluster_on':
      return [];
    case 'drop_primary_key':
    case 'drop_foreign_key':
    case 'drop_check':
    case 'alter_foreign_key':
      return ['access_exclusive_lock'];
    case 'validate_constraint':
      return ['validates_rows'];
    // Citus moves every row of an existing table to the shards (or back to the coordinator).
    case 'distribute_table':
    case 'undistribute_table':
    case 'alter_distribution':
      return isNew(c.table) ? [] : ['table_rewrite', 'access_exclusive_lock'];
    case 'distribute_schema':
      return c.created ? [] : ['table_rewrite'];
    case 'undistribute_schema':
      return ['table_rewrite'];
    case 'run_statement':
      return c.statement.down.trim() === '' ? ['irreversible'] : [];
    case 'revert_statement':
      return [];
    // A sequence's current value is gone with it; what it numbered stays.
    case 'drop_sequence':
      return ['data_loss', 'irreversible'];
    // Every column of the type is rewritten; rows holding a removed value make it fail.
    case 'swap_enum':
      return [...(c.removed.length ? (['data_loss'] as const) : []), ...(c.columns.length ? (['table_rewrite', 'access_exclusive_lock'] as const) : [])];
    // Setting NOT NULL or adding a check reads every column of the domain; a dropped attribute is gone from every value.
    case 'alter_domain':
      return c.changed.includes('not_null') && c.to.notNull ? ['validates_rows'] : [];
    case 'add_domain_check':
      return c.check.notValid ? [] : ['validates_rows'];
    case 'drop_type_attribute':
      return c.columns.length ? ['data_loss', 'irreversible'] : [];
    // A narrower type or range fails when the current value lies outside it.
    // A materialized view's rows are gone with it; a view holds none, but one the files do not
    // declare is still dropped only when destruction is allowed. Dropped to be created again: nothing is lost.
    // Triggers and rules on it (not managed) are lost either way.
    case 'drop_view':
      return c.recreated && !c.view.attached?.length ? ['access_exclusive_lock'] : ['data_loss', 'access_exclusive_lock', ...(c.view.materialized || c.view.attached?.length ? (['irreversible'] as const) : [])];
    case 'replace_view':
      return ['access_exclusive_lock'];
    // A materialized view runs its query to fill itself.
    case 'create_view':
      return [];
    case 'set_view_comment':
      return [];
    case 'alter_sequence':
      return sequenceNarrows(c.from, c.to) ? ['validates_rows'] : [];
    // An update script seldom has one back.
    case 'update_extension':
      return ['irreversible'];
    // A revoke takes away a right, never a row.
    case 'create_extension':
    case 'drop_extension':
    case 'create_schema':
    case 'drop_schema':
    case 'rename_schema':
    case 'create_function':
    case 'replace_function':
    case 'drop_function':
    case 'create_aggregate':
    case 'replace_aggregate':
    case 'drop_aggregate':
    case 'set_schema_comment':
    case 'set_table_comment':
    case 'set_object_comment':
    case 'set_column_comment':
    case 'rename_index':
    case 'create_trigger':
    case 'drop_trigger':
    case 'set_row_level_security':
    case 'create_policy':
    case 'drop_policy':
    case 'alter_policy':
    case 'grant_privileges':
    case 'revoke_privileges':
    case 'alter_default_privileges':
    case 'create_sequence':
    case 'create_type':
    case 'add_enum_value':
    case 'drop_type':
    case 'rename_enum_value':
    case 'set_type_comment':
    case 'replace_type':
    case 'create_collation':
    case 'drop_collation':
    case 'replace_collation':
    case 'set_collation_comment':
    case 'drop_domain_check':
    case 'rename_domain_check':
    case 'add_type_attribute':
    case 'alter_type_attribute':
    case 'rename_sequence':
    case 'set_sequence_owner':
      return [];
    default:
      return unreachable(c);
  }
}

function sequenceNarrows(from: Sequence, to: Sequence): boolean {
  return BigInt(to.max) < BigInt(from.max) || BigInt(to.min) > BigInt(from.min);
}

function addColumnHazards(c: Column): Hazard[] {
  const out: Hazard[] = ['access_exclusive_lock'];
  // A virtual generated column stores nothing: adding one writes no row.
  if (c.identity || (c.generated && !c.virtual) || isVolatileDefault(c.default)) out.push('table_rewrite');
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
  const expression = changed.includes('generated') || changed.includes('virtual');
  if (changed.includes('collation') || (expression && !to.virtual)) out.add('table_rewrite').add('access_exclusive_lock');
  else if (expression) out.add('access_exclusive_lock');
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
