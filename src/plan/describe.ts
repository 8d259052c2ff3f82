/** How a change is named to people, which object it touches, and how it counts. */
import { typeWord } from '../ir/user-type.js';
import { routineKind, type ReplicaIdentity } from '../ir/catalog.js';
import { aggregateKey, sameAggregateDefinition } from '../ir/aggregate.js';
import { unreachable } from '../util/unreachable.js';
import type { Change, TableRef } from '../diff/change.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import { grantPlace, grantTargetText } from './describe-grants.js';
import { firingVerb } from '../ir/trigger-firing.js';

const q = (t: TableRef) => `${t.schema}.${t.name}`;
const viewWord = (v: { readonly materialized?: true }) => (v.materialized ? 'materialized view' : 'view');

export interface Description {
  readonly summary: string;
  readonly object: ObjectKey;
  /** `schema.table`, or '' for objects outside tables. */
  readonly table: string;
  readonly action: 'create' | 'change' | 'drop';
}

export function describe(c: Change): Description {
  switch (c.kind) {
    case 'create_extension':
      return { summary: `create extension ${c.extension.name}`, object: keys.extension(c.extension.name), table: '', action: 'create' };
    case 'drop_extension':
      return { summary: `drop extension ${c.extension.name}`, object: keys.extension(c.extension.name), table: '', action: 'drop' };
    case 'update_extension':
      return { summary: `update extension ${c.extension.name} to ${c.extension.version}`, object: keys.extension(c.extension.name), table: '', action: 'change' };
    case 'create_schema':
      return { summary: `create schema ${c.schema.name}`, object: keys.schema(c.schema.name), table: '', action: 'create' };
    case 'drop_schema':
      return { summary: `drop schema ${c.schema.name}`, object: keys.schema(c.schema.name), table: '', action: 'drop' };
    case 'rename_schema':
      return { summary: `rename schema ${c.from} to ${c.to}`, object: keys.schema(c.to), table: '', action: 'change' };
    case 'create_function':
      return { summary: `create ${routineKind(c.function)} ${c.function.schema}.${c.function.name}(${c.function.arguments})`, object: keys.function(c.function.schema, c.function.name, c.function.arguments), table: '', action: 'create' };
    case 'replace_function':
      return { summary: `replace ${routineKind(c.to)} ${c.to.schema}.${c.to.name}(${c.to.arguments})`, object: keys.function(c.to.schema, c.to.name, c.to.arguments), table: '', action: 'change' };
    case 'drop_function':
      return { summary: `drop ${routineKind(c.function)} ${c.function.schema}.${c.function.name}(${c.function.arguments})`, object: keys.function(c.function.schema, c.function.name, c.function.arguments), table: '', action: 'drop' };
    case 'create_aggregate':
      return { summary: `create aggregate ${aggregateKey(c.aggregate)}`, object: keys.aggregate(c.aggregate.schema, c.aggregate.name, c.aggregate.arguments), table: '', action: 'create' };
    case 'replace_aggregate':
      return { summary: `${sameAggregateDefinition(c.from, c.to) ? 'comment on' : 'replace'} aggregate ${aggregateKey(c.to)}`, object: keys.aggregate(c.to.schema, c.to.name, c.to.arguments), table: '', action: 'change' };
    case 'drop_aggregate':
      return { summary: `drop aggregate ${aggregateKey(c.aggregate)}`, object: keys.aggregate(c.aggregate.schema, c.aggregate.name, c.aggregate.arguments), table: '', action: 'drop' };
    case 'create_type':
      return { summary: `create ${typeWord(c.type)} ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'create' };
    case 'drop_type':
      return { summary: `drop ${typeWord(c.type)} ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'drop' };
    case 'add_enum_value':
      return { summary: `add value ${c.value} to type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'rename_enum_value':
      return { summary: `rename value ${c.from} of type ${q(c.type)} to ${c.to}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'swap_enum':
      return { summary: `replace type ${q(c.to)} (values ${c.removed.length ? `${c.removed.join(', ')} removed` : 'reordered'})`, object: keys.type(c.to.schema, c.to.name), table: '', action: 'change' };
    case 'set_type_comment':
      return { summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} type ${q(c.type)}${c.attribute !== undefined ? ` attribute ${c.attribute}` : ''}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'create_collation':
      return { summary: `create collation ${q(c.collation)}`, object: keys.collation(c.collation.schema, c.collation.name), table: '', action: 'create' };
    case 'drop_collation':
      return { summary: `drop collation ${q(c.collation)}`, object: keys.collation(c.collation.schema, c.collation.name), table: '', action: 'drop' };
    case 'replace_collation':
      return { summary: `replace collation ${q(c.to)}`, object: keys.collation(c.to.schema, c.to.name), table: '', action: 'change' };
    case 'set_collation_comment':
      return { summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} collation ${q(c.collation)}`, object: keys.collation(c.collation.schema, c.collation.name), table: '', action: 'change' };
    case 'replace_type':
      return { summary: `replace ${typeWord(c.to)} ${q(c.to)}`, object: keys.type(c.to.schema, c.to.name), table: '', action: 'change' };
    case 'alter_domain':
      return { summary: `alter domain ${q(c.to)} (${c.changed.join(', ')})`, object: keys.type(c.to.schema, c.to.name), table: '', action: 'change' };
    case 'add_domain_check':
      return { summary: `add check ${c.check.name} to domain ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'drop_domain_check':
      return { summary: `drop check ${c.check.name} of domain ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'rename_domain_check':
      return { summary: `rename check ${c.from} of domain ${q(c.type)} to ${c.to}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'add_type_attribute':
      return { summary: `add attribute ${c.attribute.name} to type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'drop_type_attribute':
      return { summary: `drop attribute ${c.attribute.name} of type ${q(c.type)}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'alter_type_attribute':
      return { summary: `change attribute ${c.to.name} of type ${q(c.type)} to ${c.to.type}`, object: keys.type(c.type.schema, c.type.name), table: '', action: 'change' };
    case 'create_sequence':
      return { summary: `create sequence ${q(c.sequence)}`, object: keys.sequence(c.sequence.schema, c.sequence.name), table: '', action: 'create' };
    case 'drop_sequence':
      return { summary: `drop sequence ${q(c.sequence)}`, object: keys.sequence(c.sequence.schema, c.sequence.name), table: '', action: 'drop' };
    case 'rename_sequence':
      return { summary: `rename sequence ${q(c.from)} to ${q(c.to)}`, object: keys.sequence(c.to.schema, c.to.name), table: '', action: 'change' };
    case 'alter_sequence':
      return { summary: `alter sequence ${q(c.to)}${c.changed.length ? ` (${c.changed.join(', ')})` : ' (comment)'}`, object: keys.sequence(c.to.schema, c.to.name), table: '', action: 'change' };
    case 'set_sequence_owner':
      return { summary: `${c.to ? 'set the owner of' : 'remove the owner of'} sequence ${q(c.sequence)}`, object: keys.sequence(c.sequence.schema, c.sequence.name), table: '', action: 'change' };
    case 'create_table':
      return { summary: `create table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'create' };
    case 'drop_table':
      return { summary: `drop table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'drop' };
    case 'rename_table':
      return { summary: `rename table ${q(c.from)} to ${q(c.to)}`, object: keys.table(c.to.schema, c.to.name), table: q(c.to), action: 'change' };
    case 'set_schema_comment':
      return { summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} schema ${c.schema}`, object: keys.schema(c.schema), table: '', action: 'change' };
    case 'set_table_logged':
      return { summary: `make table ${q(c.table)} ${c.unlogged ? 'unlogged' : 'logged'}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'set_table_storage':
      return { summary: `set the storage parameters of table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'set_table_comment':
      return { summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'set_replica_identity':
      return { summary: `set the replica identity of table ${q(c.table)} to ${replicaIdentityText(c.to)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'set_cluster_on':
      return { summary: c.to !== undefined ? `cluster table ${q(c.table)} on ${c.to}` : `mark table ${q(c.table)} without cluster`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'add_column':
      return { summary: `add column ${q(c.table)}.${c.column.name}`, object: keys.column(c.table.schema, c.table.name, c.column.name), table: q(c.table), action: 'create' };
    case 'drop_column':
      return { summary: `drop column ${q(c.table)}.${c.column.name}`, object: keys.column(c.table.schema, c.table.name, c.column.name), table: q(c.table), action: 'drop' };
    case 'rename_column':
      return { summary: `rename column ${q(c.table)}.${c.from} to ${c.to}`, object: keys.column(c.table.schema, c.table.name, c.to), table: q(c.table), action: 'change' };
    case 'alter_column':
      return { summary: `alter column ${q(c.table)}.${c.to.name} (${c.changed.join(', ')})`, object: keys.column(c.table.schema, c.table.name, c.to.name), table: q(c.table), action: 'change' };
    case 'set_column_comment':
      return { summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} column ${q(c.table)}.${c.column}`, object: keys.column(c.table.schema, c.table.name, c.column), table: q(c.table), action: 'change' };
    case 'add_primary_key':
      return { summary: `add primary key ${c.primaryKey.name} on ${q(c.table)}`, object: keys.primaryKey(c.table.schema, c.table.name), table: q(c.table), action: 'create' };
    case 'drop_primary_key':
      return { summary: `drop primary key ${c.primaryKey.name} of ${q(c.table)}`, object: keys.primaryKey(c.table.schema, c.table.name), table: q(c.table), action: 'drop' };
    case 'add_foreign_key':
      return { summary: `add foreign key ${c.foreignKey.name} on ${q(c.table)}`, object: keys.foreignKey(c.table.schema, c.table.name, c.foreignKey.name), table: q(c.table), action: 'create' };
    case 'drop_foreign_key':
      return { summary: `drop foreign key ${c.foreignKey.name} of ${q(c.table)}`, object: keys.foreignKey(c.table.schema, c.table.name, c.foreignKey.name), table: q(c.table), action: 'drop' };
    case 'validate_constraint':
      return {
        summary: `validate ${c.constraint === 'check' ? 'check' : 'foreign key'} ${c.name} on ${q(c.table)}`,
        object: c.constraint === 'check' ? keys.check(c.table.schema, c.table.name, c.name) : keys.foreignKey(c.table.schema, c.table.name, c.name),
        table: q(c.table),
        action: 'change',
      };
    case 'alter_foreign_key':
      return { summary: `alter foreign key ${c.to.name} of ${q(c.table)} (deferrability)`, object: keys.foreignKey(c.table.schema, c.table.name, c.to.name), table: q(c.table), action: 'change' };
    case 'add_check':
      return { summary: `add check ${c.check.name} on ${q(c.table)}`, object: keys.check(c.table.schema, c.table.name, c.check.name), table: q(c.table), action: 'create' };
    case 'drop_check':
      return { summary: `drop check ${c.check.name} of ${q(c.table)}`, object: keys.check(c.table.schema, c.table.name, c.check.name), table: q(c.table), action: 'drop' };
    case 'rename_constraint':
      return { summary: `rename constraint ${c.from} of ${q(c.table)} to ${c.to}`, object: keys.check(c.table.schema, c.table.name, c.to), table: q(c.table), action: 'change' };
    case 'create_index':
      return { summary: `create index ${c.index.name} on ${q(c.table)}`, object: keys.index(c.table.schema, c.index.name), table: q(c.table), action: 'create' };
    case 'drop_index':
      return { summary: `drop index ${c.table.schema}.${c.index.name}`, object: keys.index(c.table.schema, c.index.name), table: q(c.table), action: 'drop' };
    case 'rename_index':
      return { summary: `rename index ${c.table.schema}.${c.from} to ${c.to}`, object: keys.index(c.table.schema, c.to), table: q(c.table), action: 'change' };
    case 'create_trigger':
      return { summary: `create trigger ${c.trigger.name} on ${q(c.table)}`, object: keys.trigger(c.table.schema, c.table.name, c.trigger.name), table: q(c.table), action: 'create' };
    case 'drop_trigger':
      return { summary: `drop trigger ${c.trigger.name} of ${q(c.table)}`, object: keys.trigger(c.table.schema, c.table.name, c.trigger.name), table: q(c.table), action: 'drop' };
    case 'set_object_comment':
      return {
        summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} ${c.object.type} ${c.object.name} of ${q(c.table)}`,
        object:
          c.object.type === 'index' ? keys.index(c.table.schema, c.object.name)
          : c.object.type === 'trigger' ? keys.trigger(c.table.schema, c.table.name, c.object.name)
          : c.object.type === 'policy' ? keys.policy(c.table.schema, c.table.name, c.object.name)
          : keys.check(c.table.schema, c.table.name, c.object.name),
        table: q(c.table),
        action: 'change',
      };
    case 'rename_trigger':
      return { summary: `rename trigger ${c.from} of ${q(c.table)} to ${c.to}`, object: keys.trigger(c.table.schema, c.table.name, c.to), table: q(c.table), action: 'change' };
    case 'set_trigger_firing':
      return { summary: `${firingVerb(c.to)} trigger ${c.trigger} of ${q(c.table)}`, object: keys.trigger(c.table.schema, c.table.name, c.trigger), table: q(c.table), action: 'change' };
    case 'set_row_level_security':
      return { summary: `${c.enabled ? 'enable' : 'disable'}${c.force ? ' and force' : ''} row level security on ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'create_policy':
      return { summary: `create policy ${c.policy.name} on ${q(c.table)}`, object: keys.policy(c.table.schema, c.table.name, c.policy.name), table: q(c.table), action: 'create' };
    case 'drop_policy':
      return { summary: `drop policy ${c.policy.name} of ${q(c.table)}`, object: keys.policy(c.table.schema, c.table.name, c.policy.name), table: q(c.table), action: 'drop' };
    case 'alter_policy':
      return { summary: `alter policy ${c.to.name} on ${q(c.table)}`, object: keys.policy(c.table.schema, c.table.name, c.to.name), table: q(c.table), action: 'change' };
    case 'grant_privileges':
      return {
        summary: `grant ${c.privileges.join(', ')}${c.column !== undefined ? ` (${c.column})` : ''} on ${grantTargetText(c.on)} to ${c.grantee}${c.withGrantOption ? ' with grant option' : ''}`,
        ...grantPlace(c.on, c.column),
        action: 'change',
      };
    case 'revoke_privileges':
      return {
        summary: `revoke ${c.grantOptionOnly ? 'grant option for ' : ''}${c.privileges.join(', ')}${c.column !== undefined ? ` (${c.column})` : ''} on ${grantTargetText(c.on)} from ${c.grantee}`,
        ...grantPlace(c.on, c.column),
        action: 'change',
      };
    case 'alter_default_privileges':
      return {
        summary: `${c.revoke ? `revoke ${c.optionOnly ? 'grant option for ' : ''}` : 'grant '}${c.privileges.join(', ')} on new ${c.defaults.objects} of ${c.defaults.role}${c.defaults.schema !== undefined ? ` in schema ${c.defaults.schema}` : ''} ${c.revoke ? 'from' : 'to'} ${c.grantee}${!c.revoke && c.withGrantOption ? ' with grant option' : ''}`,
        object: c.defaults.schema !== undefined ? keys.schema(c.defaults.schema) : keys.role(c.defaults.role),
        table: '',
        action: 'change',
      };
    case 'run_statement':
      return { summary: `run custom statement ${c.statement.name}`, object: keys.statement(c.statement.name), table: c.statement.owner ?? '', action: 'create' };
    case 'revert_statement':
      return { summary: `revert custom statement ${c.statement.name}`, object: keys.statement(c.statement.name), table: c.statement.owner ?? '', action: 'drop' };
    case 'attach_partition':
      return { summary: `attach partition ${q(c.table)} to ${q(c.parent)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'inherit_table':
      return { summary: `make ${q(c.table)} inherit from ${q(c.parent)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'uninherit_table':
      return { summary: `make ${q(c.table)} no longer inherit from ${q(c.parent)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'detach_partition':
      return { summary: `detach partition ${q(c.table)} from ${q(c.parent)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'create_view':
      return { summary: `create ${viewWord(c.view)} ${q(c.view)}`, object: keys.view(c.view.schema, c.view.name), table: q(c.view), action: 'create' };
    case 'drop_view':
      return { summary: `drop ${viewWord(c.view)} ${q(c.view)}${c.recreated ? ' (created again below)' : ''}`, object: keys.view(c.view.schema, c.view.name), table: q(c.view), action: 'drop' };
    case 'replace_view':
      return { summary: `replace view ${q(c.to)}`, object: keys.view(c.to.schema, c.to.name), table: q(c.to), action: 'change' };
    case 'set_view_comment':
      return {
        summary: `${c.to === undefined ? 'remove the comment of' : 'comment on'} ${c.column !== undefined ? `column ${q(c.view)}.${c.column}` : `${viewWord(c.view)} ${q(c.view)}`}`,
        object: c.column !== undefined ? keys.column(c.view.schema, c.view.name, c.column) : keys.view(c.view.schema, c.view.name),
        table: q(c.view),
        action: 'change',
      };
    case 'distribute_table':
      return { summary: `${c.distribution.kind === 'reference' ? 'make reference table' : 'distribute table'} ${q(c.table)}${c.distribution.kind === 'distributed' ? ` on ${c.distribution.column}` : ''}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'undistribute_table':
      return { summary: `undistribute ${c.distribution.kind === 'reference' ? 'reference ' : ''}table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'alter_distribution':
      return { summary: `change the distribution of table ${q(c.table)}`, object: keys.table(c.table.schema, c.table.name), table: q(c.table), action: 'change' };
    case 'distribute_schema':
      return { summary: `distribute schema ${c.schema}`, object: keys.schema(c.schema), table: '', action: 'change' };
    case 'undistribute_schema':
      return { summary: `undistribute schema ${c.schema}`, object: keys.schema(c.schema), table: '', action: 'change' };
    default:
      return unreachable(c);
  }
}

/** `full`, `nothing`, `default`, or `index <name>`: how plans name a replica identity. */
export function replicaIdentityText(ri: ReplicaIdentity | undefined): string {
  return ri === undefined ? 'default' : typeof ri === 'string' ? ri : `index ${ri.index}`;
}
