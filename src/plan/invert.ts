/**
 * The inverse of a change: what undoes it. Reverse steps and down migrations are the
 * inverses of a plan's changes, in reverse order. A dropped table or column comes back with
 * its structure but not its rows (the step carries the `irreversible` hazard for that).
 */
import { unreachable } from '../util/unreachable.js';
import type { Change, TableRef } from '../diff/change.js';
import type { Distribution } from '../ir/distribution.js';
import { createTableChanges } from '../diff/diff.js';

export function invert(c: Change): Change[] {
  switch (c.kind) {
    case 'create_extension':
      return [{ kind: 'drop_extension', extension: c.extension }];
    case 'drop_extension':
      return [{ kind: 'create_extension', extension: c.extension }];
    // Extensions ship update scripts, seldom ones back: irreversible (../plan/hazards.ts).
    case 'update_extension':
      return [];
    case 'create_schema':
      return [{ kind: 'drop_schema', schema: c.schema }];
    case 'drop_schema':
      return [{ kind: 'create_schema', schema: c.schema }];
    case 'rename_schema':
      return [{ kind: 'rename_schema', from: c.to, to: c.from }];
    case 'create_function':
      return [{ kind: 'drop_function', function: c.function }];
    case 'replace_function':
      return [{ kind: 'replace_function', from: c.to, to: c.from }];
    case 'drop_function':
      return [{ kind: 'create_function', function: c.function }];
    case 'create_aggregate':
      return [{ kind: 'drop_aggregate', aggregate: c.aggregate }];
    case 'replace_aggregate':
      return [{ kind: 'replace_aggregate', from: c.to, to: c.from }];
    case 'drop_aggregate':
      return [{ kind: 'create_aggregate', aggregate: c.aggregate }];
    case 'create_type':
      return [{ kind: 'drop_type', type: c.type, ...(c.afterFunctions ? { beforeFunctions: true as const } : {}) }];
    case 'drop_type':
      return [{ kind: 'create_type', type: c.type, ...(c.beforeFunctions ? { afterFunctions: true as const } : {}) }];
    // PostgreSQL cannot remove a value in place: the type is swapped back under its columns.
    case 'add_enum_value': {
      const at = c.before !== undefined ? c.type.values.indexOf(c.before) : c.after !== undefined ? c.type.values.indexOf(c.after) + 1 : c.type.values.length;
      const withValue = { ...c.type, values: [...c.type.values.slice(0, at), c.value, ...c.type.values.slice(at)] };
      return [{ kind: 'swap_enum', from: withValue, to: c.type, columns: c.columns, removed: [c.value] }];
    }
    case 'rename_enum_value':
      return [{ kind: 'rename_enum_value', type: c.type, from: c.to, to: c.from }];
    case 'swap_enum':
      return [{ kind: 'swap_enum', from: c.to, to: c.from, columns: c.columns, removed: c.to.values.filter((v) => !c.from.values.includes(v)) }];
    case 'set_type_comment':
      return [{ kind: 'set_type_comment', type: c.type, ...(c.attribute !== undefined ? { attribute: c.attribute } : {}), ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }];
    case 'create_collation':
      return [{ kind: 'drop_collation', collation: c.collation }];
    case 'drop_collation':
      return [{ kind: 'create_collation', collation: c.collation }];
    case 'replace_collation':
      return [{ kind: 'replace_collation', from: c.to, to: c.from, usedBy: c.usedBy }];
    case 'set_collation_comment':
      return [{ kind: 'set_collation_comment', collation: c.collation, ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }];
    case 'replace_type':
      return [{ kind: 'replace_type', from: c.to, to: c.from, usedBy: c.usedBy, ...(c.afterColumns ? { afterColumns: c.afterColumns } : {}) }];
    case 'alter_domain':
      return [{ kind: 'alter_domain', from: c.to, to: c.from, changed: c.changed }];
    case 'add_domain_check':
      return [{ kind: 'drop_domain_check', type: c.type, check: c.check }];
    case 'drop_domain_check':
      return [{ kind: 'add_domain_check', type: c.type, check: c.check }];
    case 'rename_domain_check':
      return [{ kind: 'rename_domain_check', type: c.type, from: c.to, to: c.from }];
    case 'add_type_attribute':
      return [{ kind: 'drop_type_attribute', type: c.type, attribute: c.attribute, columns: [] }];
    case 'drop_type_attribute':
      return [{ kind: 'add_type_attribute', type: c.type, attribute: c.attribute }];
    case 'alter_type_attribute':
      return [{ kind: 'alter_type_attribute', type: c.type, from: c.to, to: c.from, usedBy: c.usedBy }];
    case 'create_sequence':
      return [{ kind: 'drop_sequence', sequence: c.sequence }];
    // Owned sequences come back with their owner as its own change, like the plan that made them.
    case 'drop_sequence':
      return [{ kind: 'create_sequence', sequence: c.sequence }];
    case 'rename_sequence':
      return [{ kind: 'rename_sequence', from: c.to, to: c.from }];
    case 'alter_sequence':
      return [{ kind: 'alter_sequence', from: c.to, to: c.from, changed: c.changed }];
    case 'set_sequence_owner':
      return [{ kind: 'set_sequence_owner', sequence: c.sequence, ...(c.to ? { from: c.to } : {}), ...(c.from ? { to: c.from } : {}) }];
    // The table's keys, indexes and triggers were created as their own changes: their inverses drop them.
    case 'create_table':
      return [{ kind: 'drop_table', table: c.table }];
    case 'drop_table':
      return createTableChanges(c.table);
    case 'rename_table':
      return [{ kind: 'rename_table', from: c.to, to: c.from }];
    case 'set_schema_comment':
      return [{ kind: 'set_schema_comment', schema: c.schema, from: c.to, to: c.from }];
    case 'set_table_logged':
      return [{ kind: 'set_table_logged', table: c.table, unlogged: !c.unlogged }];
    case 'set_table_storage':
      return [{ kind: 'set_table_storage', table: c.table, from: c.to, to: c.from }];
    case 'set_table_comment':
      return [{ kind: 'set_table_comment', table: c.table, from: c.to, to: c.from }];
    case 'set_replica_identity':
      return [{ kind: 'set_replica_identity', table: c.table, ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }];
    case 'set_cluster_on':
      return [{ kind: 'set_cluster_on', table: c.table, ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }];
    case 'add_column':
      return [{ kind: 'drop_column', table: c.table, column: c.column }];
    case 'drop_column':
      return [{ kind: 'add_column', table: c.table, column: c.column }];
    case 'rename_column':
      return [{ kind: 'rename_column', table: c.table, from: c.to, to: c.from }];
    case 'alter_column':
      return [{ kind: 'alter_column', table: c.table, from: c.to, to: c.from, changed: c.changed }];
    case 'set_column_comment':
      return [{ kind: 'set_column_comment', table: c.table, column: c.column, from: c.to, to: c.from }];
    case 'add_primary_key':
      return [{ kind: 'drop_primary_key', table: c.table, primaryKey: c.primaryKey }];
    case 'drop_primary_key':
      return [{ kind: 'add_primary_key', table: c.table, primaryKey: c.primaryKey }];
    case 'add_foreign_key':
      return [{ kind: 'drop_foreign_key', table: c.table, foreignKey: c.foreignKey }];
    case 'drop_foreign_key':
      return [{ kind: 'add_foreign_key', table: c.table, foreignKey: c.foreignKey }];
    // A validated constraint holds for every row: there is nothing to undo.
    case 'validate_constraint':
      return [];
    case 'alter_foreign_key':
      return [{ kind: 'alter_foreign_key', table: c.table, from: c.to, to: c.from }];
    case 'add_check':
      return [{ kind: 'drop_check', table: c.table, check: c.check }];
    case 'drop_check':
      return [{ kind: 'add_check', table: c.table, check: c.check }];
    case 'rename_constraint':
      return [{ kind: 'rename_constraint', table: c.table, from: c.to, to: c.from }];
    case 'create_index':
      return [{ kind: 'drop_index', table: c.table, index: c.index }];
    case 'drop_index':
      return [{ kind: 'create_index', table: c.table, index: c.index }];
    case 'rename_index':
      return [{ kind: 'rename_index', table: c.table, from: c.to, to: c.from }];
    case 'create_trigger':
      return [{ kind: 'drop_trigger', table: c.table, trigger: c.trigger }];
    case 'drop_trigger':
      return [{ kind: 'create_trigger', table: c.table, trigger: c.trigger }];
    case 'set_object_comment':
      return [{ kind: 'set_object_comment', table: c.table, object: c.object, from: c.to, to: c.from }];
    case 'rename_trigger':
      return [{ kind: 'rename_trigger', table: c.table, from: c.to, to: c.from }];
    case 'set_trigger_firing':
      return [{ kind: 'set_trigger_firing', table: c.table, trigger: c.trigger, ...(c.to ? { from: c.to } : {}), ...(c.from ? { to: c.from } : {}) }];
    case 'set_row_level_security':
      return [
        { kind: 'set_row_level_security', table: c.table, enabled: c.fromEnabled, force: c.fromForce, fromEnabled: c.enabled, fromForce: c.force },
      ];
    case 'create_policy':
      return [{ kind: 'drop_policy', table: c.table, policy: c.policy }];
    case 'drop_policy':
      return [{ kind: 'create_policy', table: c.table, policy: c.policy }];
    case 'alter_policy':
      return [{ kind: 'alter_policy', table: c.table, from: c.to, to: c.from }];
    case 'grant_privileges':
      return [
        { kind: 'revoke_privileges', on: c.on, ...(c.column !== undefined ? { column: c.column } : {}), grantee: c.grantee, privileges: c.privileges, grantOptionOnly: c.optionOnly, wasGrantable: c.withGrantOption },
      ];
    case 'revoke_privileges':
      return [
        { kind: 'grant_privileges', on: c.on, ...(c.column !== undefined ? { column: c.column } : {}), grantee: c.grantee, privileges: c.privileges, withGrantOption: c.wasGrantable, optionOnly: c.grantOptionOnly },
      ];
    case 'alter_default_privileges':
      return [
        c.revoke ? { ...c, revoke: false, withGrantOption: c.wasGrantable, wasGrantable: false } : { ...c, revoke: true, withGrantOption: false, wasGrantable: c.withGrantOption },
      ];
    case 'run_statement':
      return [{ kind: 'revert_statement', statement: c.statement }];
    case 'revert_statement':
      return [{ kind: 'run_statement', statement: c.statement }];
    case 'attach_partition':
      return [{ kind: 'detach_partition', table: c.table, parent: c.parent, bound: c.bound }];
    // Undoing INHERIT leaves the columns it made NOT NULL as they were; undoing NO INHERIT makes
    // them NOT NULL again (they were so while inherited).
    case 'inherit_table':
      return [{ kind: 'uninherit_table', table: c.table, parent: c.parent, dropNotNull: c.notNull }];
    case 'uninherit_table':
      return [{ kind: 'inherit_table', table: c.table, parent: c.parent, notNull: c.dropNotNull }];
    case 'detach_partition':
      return [{ kind: 'attach_partition', table: c.table, parent: c.parent, bound: c.bound }];
    case 'create_view':
      return [{ kind: 'drop_view', view: c.view }];
    case 'drop_view':
      return [{ kind: 'create_view', view: c.view }];
    case 'replace_view':
      return [{ kind: 'replace_view', from: c.to, to: c.from }];
    case 'set_view_comment':
      return [{ kind: 'set_view_comment', view: c.view, ...(c.column !== undefined ? { column: c.column } : {}), ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }];
    case 'distribute_table':
      return [{ kind: 'undistribute_table', table: c.table, distribution: c.distribution }];
    case 'undistribute_table':
      return [redistribute(c.table, c.distribution)];
    case 'alter_distribution':
      return [{
        kind: 'alter_distribution',
        table: c.table,
        from: c.to,
        to: c.from,
        changed: backInGroup(c),
        ...(c.changed.includes('colocation') ? { colocateWith: c.from.colocateWith ?? 'none' } : {}),
        ...(c.cascade ? { cascade: true as const } : {}),
      }];
    case 'distribute_schema':
      return [{ kind: 'undistribute_schema', schema: c.schema }];
    case 'undistribute_schema':
      return [{ kind: 'distribute_schema', schema: c.schema }];
    default:
      return unreachable(c);
  }
}

/** A table that left a group of its own goes back to one with the shard count it had. */
function backInGroup(c: Extract<Change, { kind: 'alter_distribution' }>): Extract<Change, { kind: 'alter_distribution' }>['changed'] {
  const alone = c.changed.includes('colocation') && c.from.colocateWith === undefined && c.from.shardCount !== undefined;
  if (!alone || c.changed.includes('shard_count')) return c.changed;
  return (['column', 'shard_count', 'colocation'] as const).filter((p) => p === 'shard_count' || c.changed.includes(p));
}

/** Distributes a table again as it was: into the group it was in (named by its first member). */
function redistribute(table: TableRef, d: Distribution): Change {
  const colocateWith = d.kind === 'distributed' ? (d.colocateWith ?? (d.starts === 'none' ? 'none' : undefined)) : undefined;
  return { kind: 'distribute_table', table, distribution: d, ...(colocateWith !== undefined ? { colocateWith } : {}) };
}
