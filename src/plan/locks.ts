/**
 * The table lock a step takes, in PostgreSQL's words, so a plan says who waits while it runs:
 *
 *   ACCESS EXCLUSIVE        every reader and writer of the table
 *   SHARE ROW EXCLUSIVE     writers (of this table, and of the one a foreign key points at)
 *   SHARE                   writers
 *   SHARE UPDATE EXCLUSIVE  other schema changes and VACUUM only: reads and writes go on
 *
 * Undefined: the step locks no table (schemas, functions, types, sequences) or runs SQL pgdecl
 * cannot see into (custom statements).
 */
import type { Change, ChangeKind } from '../diff/change.js';

export type TableLock = 'ACCESS EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE' | 'SHARE UPDATE EXCLUSIVE';

const AE = 'ACCESS EXCLUSIVE' as const;
const SUE = 'SHARE UPDATE EXCLUSIVE' as const;

type Rule = TableLock | undefined | ((c: Change, concurrent: boolean) => TableLock | undefined);

const LOCKS: Readonly<Record<ChangeKind, Rule>> = {
  create_extension: undefined,
  drop_extension: undefined,
  update_extension: undefined,
  create_schema: undefined,
  drop_schema: AE,
  rename_schema: undefined,
  set_schema_comment: undefined,
  create_function: undefined,
  replace_function: undefined,
  drop_function: undefined,
  create_aggregate: undefined,
  replace_aggregate: undefined,
  drop_aggregate: undefined,
  create_sequence: undefined,
  drop_sequence: undefined,
  rename_sequence: undefined,
  alter_sequence: undefined,
  set_sequence_owner: undefined,
  create_collation: undefined,
  drop_collation: undefined,
  replace_collation: undefined,
  set_collation_comment: undefined,
  create_type: undefined,
  drop_type: undefined,
  add_enum_value: undefined,
  rename_enum_value: undefined,
  swap_enum: AE,
  set_type_comment: undefined,
  replace_type: undefined,
  alter_domain: undefined,
  add_domain_check: undefined,
  drop_domain_check: undefined,
  rename_domain_check: undefined,
  add_type_attribute: undefined,
  drop_type_attribute: undefined,
  alter_type_attribute: undefined,
  create_table: AE,
  drop_table: AE,
  rename_table: AE,
  set_table_logged: AE,
  // The strongest lock of the parameters set or reset (PostgreSQL's reloptions.c): SHARE UPDATE
  // EXCLUSIVE for the vacuum, TOAST and planner ones, ACCESS EXCLUSIVE for user_catalog_table
  // and any other.
  set_table_storage: (c) => (c.kind === 'set_table_storage' && changedParameters(c.from, c.to).every((k) => SUE_PARAMETERS.test(k)) ? SUE : AE),
  set_table_comment: SUE,
  set_replica_identity: AE,
  set_cluster_on: SUE,
  add_column: AE,
  drop_column: AE,
  rename_column: AE,
  // SET STATISTICS and SET (n_distinct …) alone take SHARE UPDATE EXCLUSIVE; anything else ACCESS EXCLUSIVE.
  alter_column: (c) => (c.kind === 'alter_column' && c.changed.every((p) => p === 'statistics' || p === 'n_distinct') ? SUE : AE),
  set_column_comment: SUE,
  add_primary_key: AE,
  drop_primary_key: AE,
  add_foreign_key: 'SHARE ROW EXCLUSIVE',
  drop_foreign_key: AE,
  alter_foreign_key: AE,
  add_check: AE,
  drop_check: AE,
  validate_constraint: SUE,
  rename_constraint: AE,
  // A UNIQUE constraint's index is built under ACCESS EXCLUSIVE; online, it is built
  // CONCURRENTLY and attached with a brief ACCESS EXCLUSIVE.
  create_index: (c, concurrent) => (concurrent ? SUE : c.kind === 'create_index' && c.index.constraint ? AE : 'SHARE'),
  drop_index: (c) => (c.kind === 'drop_index' && c.index.concurrently ? SUE : AE),
  rename_index: SUE,
  create_trigger: 'SHARE ROW EXCLUSIVE',
  drop_trigger: AE,
  rename_trigger: AE,
  // ALTER TABLE … ENABLE / DISABLE TRIGGER takes SHARE ROW EXCLUSIVE.
  set_trigger_firing: 'SHARE ROW EXCLUSIVE',
  set_object_comment: SUE,
  set_row_level_security: AE,
  create_policy: AE,
  drop_policy: AE,
  alter_policy: AE,
  // GRANT and REVOKE change the catalog row only: readers and writers go on.
  grant_privileges: undefined,
  revoke_privileges: undefined,
  alter_default_privileges: undefined,
  run_statement: undefined,
  revert_statement: undefined,
  // The partition's lock; ATTACH takes SHARE UPDATE EXCLUSIVE on the parent, DETACH ACCESS EXCLUSIVE.
  attach_partition: AE,
  detach_partition: AE,
  // The child's lock; the parent is locked too (SHARE UPDATE EXCLUSIVE), its readers go on.
  inherit_table: AE,
  uninherit_table: AE,
  // The view's own lock: its readers wait; the tables it reads are only read.
  create_view: undefined,
  drop_view: AE,
  replace_view: AE,
  set_view_comment: SUE,
  // Citus: distributing copies the rows while writes wait; altering or undistributing builds a
  // new table and swaps it in. A schema's tables are each moved under their own locks.
  distribute_table: 'SHARE',
  undistribute_table: AE,
  alter_distribution: AE,
  distribute_schema: undefined,
  undistribute_schema: undefined,
};

/** Table storage parameters PostgreSQL sets under SHARE UPDATE EXCLUSIVE (with or without `toast.`). */
const SUE_PARAMETERS = /^(toast\.)?(fillfactor|toast_tuple_target|parallel_workers|autovacuum_[a-z_]+|log_autovacuum_min_duration|vacuum_index_cleanup|vacuum_truncate)$/;

function changedParameters(from: Readonly<Record<string, string>>, to: Readonly<Record<string, string>>): string[] {
  return [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => from[k] !== to[k]);
}

export function lockOf(change: Change, concurrent: boolean): TableLock | undefined {
  const rule = LOCKS[change.kind];
  return typeof rule === 'function' ? rule(change, concurrent) : rule;
}
