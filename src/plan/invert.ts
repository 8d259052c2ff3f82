/**
 * The inverse of a change: what undoes it. Reverse steps and down migrations are the
 * inverses of a plan's changes, in reverse order. A dropped table or column comes back with
 * its structure but not its rows (the step carries the `irreversible` hazard for that).
 */
import { match } from 'ts-pattern';
import type { Change } from '../diff/change.js';
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
    .with({ kind: 'run_statement' }, (c) => [{ kind: 'revert_statement', statement: c.statement }])
    .with({ kind: 'revert_statement' }, (c) => [{ kind: 'run_statement', statement: c.statement }])
    .exhaustive();
}
