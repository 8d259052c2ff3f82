/** How a change is named to people, which object it touches, and how it counts. */
import { typeWord } from '../ir/user-type.js';
import { routineKind } from '../ir/catalog.js';
import { match } from 'ts-pattern';
import type { Change, TableRef } from '../diff/change.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import { grantPlace, grantTargetText } from './describe-grants.js';

const q = (t: TableRef) => `${t.schema}.${t.name}`;
const viewWord = (v: { readonly materialized?: true }) => (v.materialized ? 'materialized view' : 'view');

export interface Description {
  readonly summary: string;
  readonly object: ObjectKey;
  /** `schema.table`, or '' for objects outside tables. */
  readonly table: string;
  readonly action: 'create' | 'change' | 'drop';
}

export function describe(change: Change): Description {
  return match(change)
    .returnType<Description>()
    .with({ kind: 'create_extension' }, (c) => ({ summary: `create extension ${c.extension.name}`, object: keys.extension(c.extension.name), table: '', action: 'create' }))
    .with({ kind: 'drop_extension' }, (c) => ({ summary: `drop extension ${c.extension.name}`, object: keys.extension(c.extension.name), table: '', action: 'drop' }))
    .with({ kind: 'create_schema' }, (c) => ({ summary: `create schema ${c.schema.name}`, object: keys.schema(c.schema.name), table: '', action: 'create' }))
    .with({ kind: 'drop_schema' }, (c) => ({ summary: `drop schema ${c.schema.name}`, object: keys.schema(c.schema.name), table: '', action: 'drop' }))
    .with({ kind: 'rename_schema' }, (c) => ({ summary: `rename schema ${c.from} to ${c.to}`, object: keys.schema(c.to), table: '', action: 'change' }))
    .with({ kind: 'create_function' }, (c) => ({ summary: `create ${routineKind(c.function)} ${c.function.schema}.${c.function.name}(${c.function.arguments})`, object: keys.function(c.function.schema, c.function.name, c.function.arguments), table: '', action: 'create' }))
    .with({ kind: 'replace_function' }, (c) => ({ summary: `replace ${routineKind(c.to)} ${c.to.schema}.${c.to.name}(${c.to.arguments})`, object: keys.function(c.to.schema, c.to.name, c.to.arguments), table: '', action: 'change' }))
    .with({ kind: 'drop_function' }, (c) => ({ summary: `drop ${routineKind(c.function)} ${c.function.schema}.${c.function.name}(${c.function.arguments})`, object: keys.function(c.function.schema, c.function.name, c.function.arguments), table: '', action: 'drop' }))
    .with({ kind: 'create_type' }, (c) => ({ summary: `create ${typeWord(c.type)} ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'create' }))
    .with({ kind: 'drop_type' }, (c) => ({ summary: `drop ${typeWord(c.type)} ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'drop' }))
    .with({ kind: 'add_enum_value' }, (c) => ({ summary: `add value ${c.value} to type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'rename_enum_value' }, (c) => ({ summary: `rename value ${c.from} of type ${q(c.type)} to ${c.to}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'swap_enum' }, (c) => ({ summary: `replace type ${q(c.to)} (values ${c.removed.length ? `${c.removed.join(', ')} removed` : 'reordered'})`, object: keys.type(c.to.schema, c.to.name), table: '', action: 'change' }))
    .with({ kind: 'set_type_comment' }, (c) => ({ summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'replace_type' }, (c) => ({ summary: `replace ${typeWord(c.to)} ${q(c.to)}`, object: keys.type(c.to.schema, c.to.name), table: '', action: 'change' }))
    .with({ kind: 'alter_domain' }, (c) => ({ summary: `alter domain ${q(c.to)} (${c.changed.join(', ')})`, object: keys.type(c.to.schema, c.to.name), table: '', action: 'change' }))
    .with({ kind: 'add_domain_check' }, (c) => ({ summary: `add check ${c.check.name} to domain ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'drop_domain_check' }, (c) => ({ summary: `drop check ${c.check.name} of domain ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'rename_domain_check' }, (c) => ({ summary: `rename check ${c.from} of domain ${q(c.type)} to ${c.to}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'add_type_attribute' }, (c) => ({ summary: `add attribute ${c.attribute.name} to type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'drop_type_attribute' }, (c) => ({ summary: `drop attribute ${c.attribute.name} of type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'alter_type_attribute' }, (c) => ({ summary: `change attribute ${c.to.name} of type ${q(c.type)} to ${c.to.type}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' }))
    .with({ kind: 'create_sequence' }, (c) => ({ summary: `create sequence ${q(c.sequence)}`, object: keys.sequence(c.sequence.schema, c.sequence.name), table: '', action: 'create' }))
    .with({ kind: 'drop_sequence' }, (c) => ({ summary: `drop sequence ${q(c.sequence)}`, object: keys.sequence(c.sequence.schema, c.sequence.name), table: '', action: 'drop' }))
    .with({ kind: 'rename_sequence' }, (c) => ({ summary: `rename sequence ${q(c.from)} to ${q(c.to)}`, object: keys.sequence(c.to.schema, c.to.name), table: '', action: 'change' }))
    .with({ kind: 'alter_sequence' }, (c) => ({ summary: `alter sequence ${q(c.to)}${c.changed.length ? ` (${c.changed.join(', ')})` : ' (comment)'}`, object: keys.sequence(c.to.schema, c.to.name), table: '', action: 'change' }))
    .with({ kind: 'set_sequence_owner' }, (c) => ({ summary: `${c.to ? 'set the owner of' : 'remove the owner of'} sequence ${q(c.sequence)}`, object: keys.sequence(c.sequence.schema, c.sequence.name), table: '', action: 'change' }))
    .with({ kind: 'create_table' }, (c) => ({ summary: `create table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_table' }, (c) => ({ summary: `drop table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'rename_table' }, (c) => ({ summary: `rename table ${q(c.from)} to ${q(c.to)}`, object: keys.table(c.to.schema, c.to.name), table: q(c.to), action: 'change' }))
    .with({ kind: 'set_schema_comment' }, (c) => ({ summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} schema ${c.schema}`, object: keys.schema(c.schema), table: '', action: 'change' }))
    .with({ kind: 'set_table_logged' }, (c) => ({ summary: `make table ${q(c.table)} ${c.unlogged ? 'unlogged' : 'logged'}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'set_table_comment' }, (c) => ({ summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'add_column' }, (c) => ({ summary: `add column ${q(c.table)}.${c.column.name}`, object: keys.column(c.table.schema, c.table.name, c.column.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_column' }, (c) => ({ summary: `drop column ${q(c.table)}.${c.column.name}`, object: keys.column(c.table.schema, c.table.name, c.column.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'rename_column' }, (c) => ({ summary: `rename column ${q(c.table)}.${c.from} to ${c.to}`, object: keys.column(c.table.schema, c.table.name, c.to), table: q(c.table), action: 'change' }))
    .with({ kind: 'alter_column' }, (c) => ({ summary: `alter column ${q(c.table)}.${c.to.name} (${c.changed.join(', ')})`, object: keys.column(c.table.schema, c.table.name, c.to.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'set_column_comment' }, (c) => ({ summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} column ${q(c.table)}.${c.column}`, object: keys.column(c.table.schema, c.table.name, c.column), table: q(c.table), action: 'change' }))
    .with({ kind: 'add_primary_key' }, (c) => ({ summary: `add primary key ${c.primaryKey.name} on ${q(c.table)}`, object: keys.primaryKey(c.table.schema, c.table.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_primary_key' }, (c) => ({ summary: `drop primary key ${c.primaryKey.name} of ${q(c.table)}`, object: keys.primaryKey(c.table.schema, c.table.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'add_foreign_key' }, (c) => ({ summary: `add foreign key ${c.foreignKey.name} on ${q(c.table)}`, object: keys.foreignKey(c.table.schema, c.table.name, c.foreignKey.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_foreign_key' }, (c) => ({ summary: `drop foreign key ${c.foreignKey.name} of ${q(c.table)}`, object: keys.foreignKey(c.table.schema, c.table.name, c.foreignKey.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'validate_constraint' }, (c) => ({
      summary: `validate ${c.constraint === 'check' ? 'check' : 'foreign key'} ${c.name} on ${q(c.table)}`,
      object: c.constraint === 'check' ? keys.check(c.table.schema, c.table.name, c.name) : keys.foreignKey(c.table.schema, c.table.name, c.name),
      table: q(c.table),
      action: 'change',
    }))
    .with({ kind: 'alter_foreign_key' }, (c) => ({ summary: `alter foreign key ${c.to.name} of ${q(c.table)} (deferrability)`, object: keys.foreignKey(c.table.schema, c.table.name, c.to.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'add_check' }, (c) => ({ summary: `add check ${c.check.name} on ${q(c.table)}`, object: keys.check(c.table.schema, c.table.name, c.check.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_check' }, (c) => ({ summary: `drop check ${c.check.name} of ${q(c.table)}`, object: keys.check(c.table.schema, c.table.name, c.check.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'rename_constraint' }, (c) => ({ summary: `rename constraint ${c.from} of ${q(c.table)} to ${c.to}`, object: keys.check(c.table.schema, c.table.name, c.to), table: q(c.table), action: 'change' }))
    .with({ kind: 'create_index' }, (c) => ({ summary: `create index ${c.index.name} on ${q(c.table)}`, object: keys.index(c.table.schema, c.index.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_index' }, (c) => ({ summary: `drop index ${c.table.schema}.${c.index.name}`, object: keys.index(c.table.schema, c.index.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'rename_index' }, (c) => ({ summary: `rename index ${c.table.schema}.${c.from} to ${c.to}`, object: keys.index(c.table.schema, c.to), table: q(c.table), action: 'change' }))
    .with({ kind: 'create_trigger' }, (c) => ({ summary: `create trigger ${c.trigger.name} on ${q(c.table)}`, object: keys.trigger(c.table.schema, c.table.name, c.trigger.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_trigger' }, (c) => ({ summary: `drop trigger ${c.trigger.name} of ${q(c.table)}`, object: keys.trigger(c.table.schema, c.table.name, c.trigger.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'set_object_comment' }, (c) => ({
      summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} ${c.object.type} ${c.object.name} of ${q(c.table)}`,
      object: c.object.type === 'index' ? keys.index(c.table.schema, c.object.name) : c.object.type === 'trigger' ? keys.trigger(c.table.schema, c.table.name, c.object.name) : keys.check(c.table.schema, c.table.name, c.object.name),
      table: q(c.table),
      action: 'change',
    }))
    .with({ kind: 'rename_trigger' }, (c) => ({ summary: `rename trigger ${c.from} of ${q(c.table)} to ${c.to}`, object: keys.trigger(c.table.schema, c.table.name, c.to), table: q(c.table), action: 'change' }))
    .with({ kind: 'set_row_level_security' }, (c) => ({ summary: `${c.enabled ? 'enable' : 'disable'}${c.force ? ' and force' : ''} row level security on ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'create_policy' }, (c) => ({ summary: `create policy ${c.policy.name} on ${q(c.table)}`, object: keys.policy(c.table.schema, c.table.name, c.policy.name), table: q(c.table), action: 'create' }))
    .with({ kind: 'drop_policy' }, (c) => ({ summary: `drop policy ${c.policy.name} of ${q(c.table)}`, object: keys.policy(c.table.schema, c.table.name, c.policy.name), table: q(c.table), action: 'drop' }))
    .with({ kind: 'alter_policy' }, (c) => ({ summary: `alter policy ${c.to.name} on ${q(c.table)}`, object: keys.policy(c.table.schema, c.table.name, c.to.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'grant_privileges' }, (c) => ({
      summary: `grant ${c.privileges.join(', ')}${c.column !== undefined ? ` (${c.column})` : ''} on ${grantTargetText(c.on)} to ${c.grantee}${c.withGrantOption ? ' with grant option' : ''}`,
      ...grantPlace(c.on, c.column),
      action: 'change',
    }))
    .with({ kind: 'revoke_privileges' }, (c) => ({
      summary: `revoke ${c.grantOptionOnly ? 'grant option for ' : ''}${c.privileges.join(', ')}${c.column !== undefined ? ` (${c.column})` : ''} on ${grantTargetText(c.on)} from ${c.grantee}`,
      ...grantPlace(c.on, c.column),
      action: 'change',
    }))
    .with({ kind: 'alter_default_privileges' }, (c) => ({
      summary: `${c.revoke ? `revoke ${c.optionOnly ? 'grant option for ' : ''}` : 'grant '}${c.privileges.join(', ')} on new ${c.defaults.objects} of ${c.defaults.role}${c.defaults.schema !== undefined ? ` in schema ${c.defaults.schema}` : ''} ${c.revoke ? 'from' : 'to'} ${c.grantee}${!c.revoke && c.withGrantOption ? ' with grant option' : ''}`,
      object: c.defaults.schema !== undefined ? keys.schema(c.defaults.schema) : keys.role(c.defaults.role),
      table: '',
      action: 'change',
    }))
    .with({ kind: 'run_statement' }, (c) => ({ summary: `run custom statement ${c.statement.name}`, object: keys.statement(c.statement.name), table: c.statement.owner ?? '', action: 'create' }))
    .with({ kind: 'revert_statement' }, (c) => ({ summary: `revert custom statement ${c.statement.name}`, object: keys.statement(c.statement.name), table: c.statement.owner ?? '', action: 'drop' }))
    .with({ kind: 'attach_partition' }, (c) => ({ summary: `attach partition ${q(c.table)} to ${q(c.parent)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'detach_partition' }, (c) => ({ summary: `detach partition ${q(c.table)} from ${q(c.parent)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'create_view' }, (c) => ({ summary: `create ${viewWord(c.view)} ${q(c.view)}`, object: keys.view(c.view.schema, c.view.name), table: q(c.view), action: 'create' }))
    .with({ kind: 'drop_view' }, (c) => ({ summary: `drop ${viewWord(c.view)} ${q(c.view)}${c.recreated ? ' (created again below)' : ''}`, object: keys.view(c.view.schema, c.view.name), table: q(c.view), action: 'drop' }))
    .with({ kind: 'replace_view' }, (c) => ({ summary: `replace view ${q(c.to)}`, object: keys.view(c.to.schema, c.to.name), table: q(c.to), action: 'change' }))
    .with({ kind: 'set_view_comment' }, (c) => ({
      summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} ${c.column !== undefined ? `column ${q(c.view)}.${c.column}` : `${viewWord(c.view)} ${q(c.view)}`}`,
      object: c.column !== undefined ? keys.column(c.view.schema, c.view.name, c.column) : keys.view(c.view.schema, c.view.name),
      table: q(c.view),
      action: 'change',
    }))
    .with({ kind: 'distribute_table' }, (c) => ({ summary: `${c.distribution.kind === 'reference' ? 'make reference table' : 'distribute table'} ${q(c.table)}${c.distribution.kind === 'distributed' ? ` on ${c.distribution.column}` : ''}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'undistribute_table' }, (c) => ({ summary: `undistribute ${c.distribution.kind === 'reference' ? 'reference ' : ''}table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'alter_distribution' }, (c) => ({ summary: `change the distribution of table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' }))
    .with({ kind: 'distribute_schema' }, (c) => ({ summary: `distribute schema ${c.schema}`, object: keys.schema(c.schema), table: '', action: 'change' }))
    .with({ kind: 'undistribute_schema' }, (c) => ({ summary: `undistribute schema ${c.schema}`, object: keys.schema(c.schema), table: '', action: 'change' }))
    .exhaustive();
}
