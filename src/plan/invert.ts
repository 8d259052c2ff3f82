/**
 * The inverse of a change: what undoes it. Reverse steps and down migrations are the
 * inverses of a plan's changes, in reverse order. A dropped table or column comes back with
 * its structure but not its rows (the step carries the `irreversible` hazard for that).
 */
import { match } from 'ts-pattern';
import type { Change, TableRef } from '../diff/change.js';
import type { Distribution } from '../ir/distribution.js';
import { createTableChanges } from '../diff/diff.js';

export function invert(change: Change): Change[] {
  return match(change)
    .returnType<Change[]>()
    .with({ kind: 'create_extension' }, (c) => [{ kind: 'drop_extension', extension: c.extension }])
    .with({ kind: 'drop_extension' }, (c) => [{ kind: 'create_extension', extension: c.extension }])
    .with({ kind: 'create_schema' }, (c) => [{ kind: 'drop_schema', schema: c.schema }])
    .with({ kind: 'drop_schema' }, (c) => [{ kind: 'create_schema', schema: c.schema }])
    .with({ kind: 'rename_schema' }, (c) => [{ kind: 'rename_schema', from: c.to, to: c.from }])
    .with({ kind: 'create_function' }, (c) => [{ kind: 'drop_function', function: c.function }])
    .with({ kind: 'replace_function' }, (c) => [{ kind: 'replace_function', from: c.to, to: c.from }])
    .with({ kind: 'drop_function' }, (c) => [{ kind: 'create_function', function: c.function }])
    .with({ kind: 'create_type' }, (c) => [{ kind: 'drop_type', type: c.type, ...(c.afterFunctions ? { beforeFunctions: true as const } : {}) }])
    .with({ kind: 'drop_type' }, (c) => [{ kind: 'create_type', type: c.type, ...(c.beforeFunctions ? { afterFunctions: true as const } : {}) }])
    // PostgreSQL cannot remove a value in place: the type is swapped back under its columns.
    .with({ kind: 'add_enum_value' }, (c) => {
      const at = c.before !== undefined ? c.type.values.indexOf(c.before) : c.after !== undefined ? c.type.values.indexOf(c.after) + 1 : c.type.values.length;
      const withValue = { ...c.type, values: [...c.type.values.slice(0, at), c.value, ...c.type.values.slice(at)] };
      return [{ kind: 'swap_enum', from: withValue, to: c.type, columns: c.columns, removed: [c.value] }];
    })
    .with({ kind: 'rename_enum_value' }, (c) => [{ kind: 'rename_enum_value', type: c.type, from: c.to, to: c.from }])
    .with({ kind: 'swap_enum' }, (c) => [{ kind: 'swap_enum', from: c.to, to: c.from, columns: c.columns, removed: c.to.values.filter((v) => !c.from.values.includes(v)) }])
    .with({ kind: 'set_type_comment' }, (c) => [{ kind: 'set_type_comment', type: c.type, ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }])
    .with({ kind: 'replace_type' }, (c) => [{ kind: 'replace_type', from: c.to, to: c.from, usedBy: c.usedBy, ...(c.afterColumns ? { afterColumns: c.afterColumns } : {}) }])
    .with({ kind: 'alter_domain' }, (c) => [{ kind: 'alter_domain', from: c.to, to: c.from, changed: c.changed }])
    .with({ kind: 'add_domain_check' }, (c) => [{ kind: 'drop_domain_check', type: c.type, check: c.check }])
    .with({ kind: 'drop_domain_check' }, (c) => [{ kind: 'add_domain_check', type: c.type, check: c.check }])
    .with({ kind: 'rename_domain_check' }, (c) => [{ kind: 'rename_domain_check', type: c.type, from: c.to, to: c.from }])
    .with({ kind: 'add_type_attribute' }, (c) => [{ kind: 'drop_type_attribute', type: c.type, attribute: c.attribute, columns: [] }])
    .with({ kind: 'drop_type_attribute' }, (c) => [{ kind: 'add_type_attribute', type: c.type, attribute: c.attribute }])
    .with({ kind: 'alter_type_attribute' }, (c) => [{ kind: 'alter_type_attribute', type: c.type, from: c.to, to: c.from, usedBy: c.usedBy }])
    .with({ kind: 'create_sequence' }, (c) => [{ kind: 'drop_sequence', sequence: c.sequence }])
    // Owned sequences come back with their owner as its own change, like the plan that made them.
    .with({ kind: 'drop_sequence' }, (c) => [{ kind: 'create_sequence', sequence: c.sequence }])
    .with({ kind: 'rename_sequence' }, (c) => [{ kind: 'rename_sequence', from: c.to, to: c.from }])
    .with({ kind: 'alter_sequence' }, (c) => [{ kind: 'alter_sequence', from: c.to, to: c.from, changed: c.changed }])
    .with({ kind: 'set_sequence_owner' }, (c) => [{ kind: 'set_sequence_owner', sequence: c.sequence, ...(c.to ? { from: c.to } : {}), ...(c.from ? { to: c.from } : {}) }])
    // The table's keys, indexes and triggers were created as their own changes: their inverses drop them.
    .with({ kind: 'create_table' }, (c) => [{ kind: 'drop_table', table: c.table }])
    .with({ kind: 'drop_table' }, (c) => createTableChanges(c.table))
    .with({ kind: 'rename_table' }, (c) => [{ kind: 'rename_table', from: c.to, to: c.from }])
    .with({ kind: 'set_schema_comment' }, (c) => [{ kind: 'set_schema_comment', schema: c.schema, from: c.to, to: c.from }])
    .with({ kind: 'set_table_logged' }, (c) => [{ kind: 'set_table_logged', table: c.table, unlogged: !c.unlogged }])
    .with({ kind: 'set_table_comment' }, (c) => [{ kind: 'set_table_comment', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'add_column' }, (c) => [{ kind: 'drop_column', table: c.table, column: c.column }])
    .with({ kind: 'drop_column' }, (c) => [{ kind: 'add_column', table: c.table, column: c.column }])
    .with({ kind: 'rename_column' }, (c) => [{ kind: 'rename_column', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'alter_column' }, (c) => [{ kind: 'alter_column', table: c.table, from: c.to, to: c.from, changed: c.changed }])
    .with({ kind: 'set_column_comment' }, (c) => [{ kind: 'set_column_comment', table: c.table, column: c.column, from: c.to, to: c.from }])
    .with({ kind: 'add_primary_key' }, (c) => [{ kind: 'drop_primary_key', table: c.table, primaryKey: c.primaryKey }])
    .with({ kind: 'drop_primary_key' }, (c) => [{ kind: 'add_primary_key', table: c.table, primaryKey: c.primaryKey }])
    .with({ kind: 'add_foreign_key' }, (c) => [{ kind: 'drop_foreign_key', table: c.table, foreignKey: c.foreignKey }])
    .with({ kind: 'drop_foreign_key' }, (c) => [{ kind: 'add_foreign_key', table: c.table, foreignKey: c.foreignKey }])
    // A validated constraint holds for every row: there is nothing to undo.
    .with({ kind: 'validate_constraint' }, () => [])
    .with({ kind: 'alter_foreign_key' }, (c) => [{ kind: 'alter_foreign_key', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'add_check' }, (c) => [{ kind: 'drop_check', table: c.table, check: c.check }])
    .with({ kind: 'drop_check' }, (c) => [{ kind: 'add_check', table: c.table, check: c.check }])
    .with({ kind: 'rename_constraint' }, (c) => [{ kind: 'rename_constraint', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'create_index' }, (c) => [{ kind: 'drop_index', table: c.table, index: c.index }])
    .with({ kind: 'drop_index' }, (c) => [{ kind: 'create_index', table: c.table, index: c.index }])
    .with({ kind: 'rename_index' }, (c) => [{ kind: 'rename_index', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'create_trigger' }, (c) => [{ kind: 'drop_trigger', table: c.table, trigger: c.trigger }])
    .with({ kind: 'drop_trigger' }, (c) => [{ kind: 'create_trigger', table: c.table, trigger: c.trigger }])
    .with({ kind: 'set_object_comment' }, (c) => [{ kind: 'set_object_comment', table: c.table, object: c.object, from: c.to, to: c.from }])
    .with({ kind: 'rename_trigger' }, (c) => [{ kind: 'rename_trigger', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'set_row_level_security' }, (c) => [
      { kind: 'set_row_level_security', table: c.table, enabled: c.fromEnabled, force: c.fromForce, fromEnabled: c.enabled, fromForce: c.force },
    ])
    .with({ kind: 'create_policy' }, (c) => [{ kind: 'drop_policy', table: c.table, policy: c.policy }])
    .with({ kind: 'drop_policy' }, (c) => [{ kind: 'create_policy', table: c.table, policy: c.policy }])
    .with({ kind: 'alter_policy' }, (c) => [{ kind: 'alter_policy', table: c.table, from: c.to, to: c.from }])
    .with({ kind: 'grant_privileges' }, (c) => [
      { kind: 'revoke_privileges', on: c.on, ...(c.column !== undefined ? { column: c.column } : {}), grantee: c.grantee, privileges: c.privileges, grantOptionOnly: c.optionOnly, wasGrantable: c.withGrantOption },
    ])
    .with({ kind: 'revoke_privileges' }, (c) => [
      { kind: 'grant_privileges', on: c.on, ...(c.column !== undefined ? { column: c.column } : {}), grantee: c.grantee, privileges: c.privileges, withGrantOption: c.wasGrantable, optionOnly: c.grantOptionOnly },
    ])
    .with({ kind: 'alter_default_privileges' }, (c) => [
      c.revoke ? { ...c, revoke: false, withGrantOption: c.wasGrantable, wasGrantable: false } : { ...c, revoke: true, withGrantOption: false, wasGrantable: c.withGrantOption },
    ])
    .with({ kind: 'run_statement' }, (c) => [{ kind: 'revert_statement', statement: c.statement }])
    .with({ kind: 'revert_statement' }, (c) => [{ kind: 'run_statement', statement: c.statement }])
    .with({ kind: 'attach_partition' }, (c) => [{ kind: 'detach_partition', table: c.table, parent: c.parent, bound: c.bound }])
    .with({ kind: 'detach_partition' }, (c) => [{ kind: 'attach_partition', table: c.table, parent: c.parent, bound: c.bound }])
    .with({ kind: 'create_view' }, (c) => [{ kind: 'drop_view', view: c.view }])
    .with({ kind: 'drop_view' }, (c) => [{ kind: 'create_view', view: c.view }])
    .with({ kind: 'replace_view' }, (c) => [{ kind: 'replace_view', from: c.to, to: c.from }])
    .with({ kind: 'set_view_comment' }, (c) => [{ kind: 'set_view_comment', view: c.view, ...(c.column !== undefined ? { column: c.column } : {}), ...(c.to !== undefined ? { from: c.to } : {}), ...(c.from !== undefined ? { to: c.from } : {}) }])
    .with({ kind: 'distribute_table' }, (c) => [{ kind: 'undistribute_table', table: c.table, distribution: c.distribution }])
    .with({ kind: 'undistribute_table' }, (c) => [redistribute(c.table, c.distribution)])
    .with({ kind: 'alter_distribution' }, (c) => [{
      kind: 'alter_distribution',
      table: c.table,
      from: c.to,
      to: c.from,
      changed: backInGroup(c),
      ...(c.changed.includes('colocation') ? { colocateWith: c.from.colocateWith ?? 'none' } : {}),
      ...(c.cascade ? { cascade: true as const } : {}),
    }])
    .with({ kind: 'distribute_schema' }, (c) => [{ kind: 'undistribute_schema', schema: c.schema }])
    .with({ kind: 'undistribute_schema' }, (c) => [{ kind: 'distribute_schema', schema: c.schema }])
    .exhaustive();
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
