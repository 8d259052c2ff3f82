/**
 * SQL for each change kind (STYLE 6): statements without trailing semicolons. Creation reuses
 * the DDL of ./ddl; this file adds the ALTER and DROP forms. Custom statements and extensions
 * also write pgdecl's bookkeeping rows, so the same SQL run by `apply`, by `psql` or by a
 * migration leaves the same record.
 */
import { commentOnCollation, createCollationWithComment, dropCollation } from './ddl/collations.js';
import { collationSql } from '../ir/collation.js';
import { unreachable } from '../util/unreachable.js';
import type { Change, TableRef } from '../diff/change.js';
import { replacedByDrop, type Column, type Function } from '../ir/catalog.js';
import { columnOptionClauses, nDistinctClauses, newColumnOptions, resetStorage, setClusterOn, setReplicaIdentity } from './ddl/physical.js';
import { ident, qname, stringLiteral } from '../sql/quote.js';
import { commentIfAny, commentOnObject, indexObject } from './ddl/comments.js';
import type { Index } from '../ir/catalog.js';
import type { CommentedObject } from '../diff/change.js';
import { addCheck, addForeignKey, commentOnColumn, commentOnFunction, commentOnSchema, commentOnTable, createExtension, createFunction, createIndex, uniqueUsingIndex, createPolicy, createSchema, createTable, createTrigger, setTriggerFiring, primaryKeyClause, columnDefinition, identityClauses, identitySignature, routineWord, statementDown, statementUp } from './ddl/index.js';
import { alterSequenceNarrowing, commentOnSequence, createSequence, identityAlterClauses, optionClauses, sequenceName, setSequenceOwner } from './ddl/sequences.js';
import { isSequenceType, resolveSequence } from '../ir/sequence.js';
import { typeName } from '../ir/user-type.js';
import { attachPartition, detachPartition, partitionDefaults } from './ddl/partitions.js';
import { inheritTable, uninheritTable } from './ddl/inheritance.js';
import { storageList, storageName } from './ddl/indexes.js';
import { addEnumValue, commentOnType, commentOnTypeAttribute, swapEnum } from './ddl/types.js';
import { commentOnView, createView, dropView, replaceView } from './ddl/views.js';
import { addDomainCheck, addTypeAttribute, alterDomain, alterTypeAttribute, createUserType, dropDomainCheck, dropTypeAttribute, dropUserType, renameDomainCheck, replaceUserType } from './ddl/domains.js';
import { alterPolicy } from './ddl/policies.js';
import { commentOnAggregate, createAggregate, dropAggregate } from './ddl/aggregates.js';
import { sameAggregateDefinition } from '../ir/aggregate.js';
import { alterDistributedTable, distributeSchema, distributeTable, undistributeSchema, undistributeTable } from './ddl/distribution.js';
import { alterDefaultPrivileges, grantSql, revokeSql } from './ddl/grants.js';
import { forgetExtension, forgetStatement, recordExtension, recordStatement } from '../apply/bookkeeping.js';
import { widening } from '../plan/hazards.js';
import { guardedConversion } from '../plan/narrowing.js';
import { reparsable } from '../sql/reparsable.js';

export interface RenderOptions {
  /** `server_version_num` of the target, when known: picks version-dependent forms. */
  readonly serverVersion?: number;
  /** Build this index CONCURRENTLY (the planner decides). */
  readonly concurrent?: boolean;
  /** The tenant schema custom statements are recorded under ('' for the ordinary schemas). */
  readonly scope?: string;
}

const t = (r: TableRef) => qname(r.schema, r.name);
const alter = (r: TableRef, only = false) => `ALTER TABLE ${only ? 'ONLY ' : ''}${t(r)}`;

/** A UNIQUE constraint's comment is the constraint's; a plain index's is the index's. */

export function renderChange(c: Change, o: RenderOptions = {}): string[] {
  switch (c.kind) {
    case 'create_extension':
      return [createExtension(c.extension), recordExtension(c.extension.name)];
    case 'drop_extension':
      return [`DROP EXTENSION ${ident(c.extension.name)}`, forgetExtension(c.extension.name)];
    case 'update_extension':
      return [`ALTER EXTENSION ${ident(c.extension.name)} UPDATE TO ${stringLiteral(c.extension.version)}`];
    case 'create_schema':
      return [createSchema(c.schema), ...(c.schema.comment !== undefined ? [commentOnSchema(c.schema)] : [])];
    case 'set_schema_comment':
      return [commentOnSchema({ name: c.schema, ...(c.to !== undefined ? { comment: c.to } : {}) })];
    case 'drop_schema':
      return [`DROP SCHEMA ${ident(c.schema.name)}`];
    case 'rename_schema':
      return [`ALTER SCHEMA ${ident(c.from)} RENAME TO ${ident(c.to)}`];
    case 'create_function':
      return [createFunction(c.function), ...(c.function.comment !== undefined ? [commentOnFunction(c.function)] : [])];
    case 'replace_function':
      return [
        ...(replacedByDrop(c.from, c.to) ? [dropFunction(c.from)] : []),
        createFunction(c.to),
        ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [commentOnFunction(c.to)] : []),
      ];
    case 'drop_function':
      return [dropFunction(c.function)];
    case 'create_aggregate':
      return [createAggregate(c.aggregate), ...(c.aggregate.comment !== undefined ? [commentOnAggregate(c.aggregate)] : [])];
    case 'replace_aggregate':
      return [
        ...(sameAggregateDefinition(c.from, c.to) ? [] : [createAggregate(c.to)]),
        ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [commentOnAggregate(c.to)] : []),
      ];
    case 'drop_aggregate':
      return [dropAggregate(c.aggregate)];
    case 'create_type':
      return createUserType(c.type);
    case 'drop_type':
      return [dropUserType(c.type)];
    case 'add_enum_value':
      return [addEnumValue(c.type, c.value, c.before, c.after)];
    case 'rename_enum_value':
      return [`ALTER TYPE ${typeName(c.type)} RENAME VALUE ${stringLiteral(c.from)} TO ${stringLiteral(c.to)}`];
    case 'swap_enum':
      return swapEnum(c.from, c.to, c.columns);
    case 'set_type_comment':
      return [c.attribute !== undefined ? commentOnTypeAttribute(c.type, c.attribute, c.to) : commentOnType(c.type, c.to)];
    case 'create_collation':
      return createCollationWithComment(c.collation);
    case 'drop_collation':
      return [dropCollation(c.collation)];
    case 'replace_collation':
      return [dropCollation(c.from), ...createCollationWithComment(c.to)];
    case 'set_collation_comment':
      return [commentOnCollation(c.collation, c.to)];
    case 'replace_type':
      return replaceUserType(c.from, c.to);
    case 'alter_domain':
      return alterDomain(c);
    case 'add_domain_check':
      return [addDomainCheck(c.type, c.check)];
    case 'drop_domain_check':
      return [dropDomainCheck(c.type, c.check.name)];
    case 'rename_domain_check':
      return [renameDomainCheck(c.type, c.from, c.to)];
    case 'add_type_attribute':
      return [addTypeAttribute(c.type, c.attribute), ...(c.attribute.comment !== undefined ? [commentOnTypeAttribute(c.type, c.attribute.name, c.attribute.comment)] : [])];
    case 'drop_type_attribute':
      return [dropTypeAttribute(c.type, c.attribute)];
    case 'alter_type_attribute':
      return [alterTypeAttribute(c.type, c.to)];
    case 'create_sequence':
      return [createSequence(c.sequence), ...(c.sequence.comment !== undefined ? [commentOnSequence(c.sequence)] : [])];
    // IF EXISTS: a sequence owned by a column goes with its table or column, which may be dropped in the same plan.
    case 'drop_sequence':
      return [`DROP SEQUENCE IF EXISTS ${sequenceName(c.sequence)}`];
    case 'rename_sequence': {
      const out: string[] = [];
      if (c.from.schema !== c.to.schema) out.push(`ALTER SEQUENCE ${sequenceName(c.from)} SET SCHEMA ${ident(c.to.schema)}`);
      if (c.from.name !== c.to.name) out.push(`ALTER SEQUENCE ${sequenceName({ schema: c.to.schema, name: c.from.name })} RENAME TO ${ident(c.to.name)}`);
      return out;
    }
    case 'alter_sequence':
      return [
        ...(c.changed.length ? [alterSequenceNarrowing(c.from, c.to, c.changed)] : []),
        ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [commentOnSequence(c.to)] : []),
      ];
    case 'set_sequence_owner':
      return [setSequenceOwner(c.sequence, c.to)];
    case 'create_table':
      return [
        createTable(c.table),
        ...partitionDefaults(c.table),
        ...newColumnOptions(c.table, c.table.columns),
        ...(c.table.comment !== undefined ? [commentOnTable(c.table)] : []),
        ...c.table.columns.filter((col) => col.comment !== undefined).map((col) => commentOnColumn(c.table, col)),
        ...(c.table.primaryKey ? commentIfAny(c.table, { type: 'constraint', name: c.table.primaryKey.name }, c.table.primaryKey.comment) : []),
        ...c.table.checks.flatMap((chk) => commentIfAny(c.table, { type: 'constraint', name: chk.name }, chk.comment)),
      ];
    // A partition is detached first: dropping it then locks the partition alone.
    case 'drop_table':
      return [...(c.table.partitionOf ? [detachPartition(c.table, c.table.partitionOf)] : []), `DROP TABLE ${t(c.table)}`];
    case 'rename_table': {
      const out: string[] = [];
      if (c.from.schema !== c.to.schema) out.push(`${alter(c.from)} SET SCHEMA ${ident(c.to.schema)}`);
      if (c.from.name !== c.to.name) out.push(`${alter({ schema: c.to.schema, name: c.from.name })} RENAME TO ${ident(c.to.name)}`);
      return out;
    }
    case 'set_table_logged':
      return [`${alter(c.table)} SET ${c.unlogged ? 'UNLOGGED' : 'LOGGED'}`];
    case 'set_table_storage': {
      // Every declared one is set (in the files' order, which is the order the server then keeps), the others reset.
      const reset = Object.keys(c.from).filter((k) => !(k in c.to));
      const parts = [...(reset.length ? [`RESET (${reset.map(storageName).join(', ')})`] : []), ...(Object.keys(c.to).length ? [`SET ${storageList(c.to)}`] : [])];
      return parts.length ? [`${alter(c.table)} ${parts.join(', ')}`] : [];
    }
    case 'set_table_comment':
      return [commentOnTable({ ...c.table, comment: c.to })];
    case 'set_replica_identity':
      return [setReplicaIdentity(c.table, c.to)];
    case 'set_cluster_on':
      return [setClusterOn(c.table, c.to)];
    case 'add_column':
      return [`${alter(c.table)} ADD COLUMN ${columnDefinition(c.column)}`, ...newColumnOptions(c.table, [c.column]), ...(c.column.comment !== undefined ? [commentOnColumn(c.table, c.column)] : [])];
    case 'drop_column':
      return [`${alter(c.table)} DROP COLUMN ${ident(c.column.name)}`];
    case 'rename_column':
      return [`${alter(c.table)} RENAME COLUMN ${ident(c.from)} TO ${ident(c.to)}`];
    case 'alter_column':
      return alterColumn(c.table, c.from, c.to, c.changed, o);
    case 'set_column_comment':
      return [commentOnColumn(c.table, { name: c.column, comment: c.to })];
    case 'add_primary_key':
      return [`${alter(c.table)} ADD ${primaryKeyClause(c.primaryKey)}`, ...commentIfAny(c.table, { type: 'constraint', name: c.primaryKey.name }, c.primaryKey.comment)];
    case 'drop_primary_key':
      return [`${alter(c.table)} DROP CONSTRAINT ${ident(c.primaryKey.name)}`];
    case 'add_foreign_key':
      return [addForeignKey(c.table, c.foreignKey), ...commentIfAny(c.table, { type: 'constraint', name: c.foreignKey.name }, c.foreignKey.comment)];
    case 'drop_foreign_key':
      return [`${alter(c.table)} DROP CONSTRAINT ${ident(c.foreignKey.name)}`];
    case 'alter_foreign_key':
      return [
        `${alter(c.table)} ALTER CONSTRAINT ${ident(c.to.name)} ${c.to.deferrable ? `DEFERRABLE INITIALLY ${c.to.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : 'NOT DEFERRABLE'}`,
      ];
    case 'add_check':
      return [addCheck(c.table, c.check), ...commentIfAny(c.table, { type: 'constraint', name: c.check.name }, c.check.comment)];
    case 'drop_check':
      return [`${alter(c.table)} DROP CONSTRAINT ${ident(c.check.name)}`];
    case 'validate_constraint':
      return [`${alter(c.table)} VALIDATE CONSTRAINT ${ident(c.name)}`];
    case 'rename_constraint':
      return [`${alter(c.table)} RENAME CONSTRAINT ${ident(c.from)} TO ${ident(c.to)}`];
    case 'create_index':
      return [
        // Online, a UNIQUE constraint is its index built CONCURRENTLY, then attached (a brief lock).
        ...(c.index.constraint && o.concurrent === true
          ? [createIndex(c.table, { ...c.index, constraint: false }, { concurrently: true }), uniqueUsingIndex(c.table, c.index)]
          : [createIndex(c.table, c.index, { concurrently: o.concurrent === true })]),
        ...commentIfAny(c.table, indexObject(c.index), c.index.comment),
      ];
    case 'drop_index':
      return [c.index.constraint ? `${alter(c.table)} DROP CONSTRAINT ${ident(c.index.name)}` : `DROP INDEX ${qname(c.table.schema, c.index.name)}`];
    case 'rename_index':
      return [`ALTER INDEX ${qname(c.table.schema, c.from)} RENAME TO ${ident(c.to)}`];
    case 'create_trigger':
      return [createTrigger(c.table, c.trigger), ...(c.trigger.firing ? [setTriggerFiring(c.table, c.trigger.name, c.trigger.firing)] : []), ...commentIfAny(c.table, { type: 'trigger', name: c.trigger.name }, c.trigger.comment)];
    case 'set_object_comment':
      return [commentOnObject(c.table, c.object, c.to)];
    case 'drop_trigger':
      return [`DROP TRIGGER ${ident(c.trigger.name)} ON ${t(c.table)}`];
    case 'rename_trigger':
      return [`ALTER TRIGGER ${ident(c.from)} ON ${t(c.table)} RENAME TO ${ident(c.to)}`];
    case 'set_trigger_firing':
      return [setTriggerFiring(c.table, c.trigger, c.to)];
    case 'set_row_level_security': {
      const out: string[] = [];
      if (c.enabled !== c.fromEnabled) out.push(`${alter(c.table)} ${c.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
      if (c.force !== c.fromForce) out.push(`${alter(c.table)} ${c.force ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
      return out;
    }
    case 'create_policy':
      return [createPolicy(c.table, c.policy), ...commentIfAny(c.table, { type: 'policy', name: c.policy.name }, c.policy.comment)];
    case 'drop_policy':
      return [`DROP POLICY ${ident(c.policy.name)} ON ${t(c.table)}`];
    case 'alter_policy':
      // ALTER POLICY keeps the comment: a new one is set with it.
      return [alterPolicy(c.table, c.from, c.to), ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [commentOnObject(c.table, { type: 'policy', name: c.to.name }, c.to.comment)] : [])];
    case 'grant_privileges':
      return [grantSql(c.on, c.column, c.grantee, c.privileges, c.withGrantOption)];
    case 'revoke_privileges':
      return [revokeSql(c.on, c.column, c.grantee, c.privileges, c.grantOptionOnly)];
    case 'alter_default_privileges':
      return [alterDefaultPrivileges(c)];
    case 'run_statement':
      return [...inScope(o.scope), ...(statementUp(c.statement) ? [statementUp(c.statement)] : []), recordStatement(c.statement, o.scope)];
    case 'revert_statement':
      return [...inScope(o.scope), ...(statementDown(c.statement) ? [statementDown(c.statement)] : []), forgetStatement(c.statement, o.scope)];
    case 'attach_partition':
      return [attachPartition(c.table, c.parent, c.bound)];
    case 'detach_partition':
      return [detachPartition(c.table, c.parent)];
    case 'inherit_table':
      return inheritTable(c.table, c.parent, c.notNull);
    case 'uninherit_table':
      return uninheritTable(c.table, c.parent, c.dropNotNull);
    case 'create_view':
      return createView(c.view);
    case 'drop_view':
      return [dropView(c.view)];
    case 'replace_view':
      return [replaceView(c.to)];
    case 'set_view_comment':
      return [commentOnView(c.view, c.column, c.to)];
    case 'distribute_table':
      return [distributeTable(c.table, c.distribution, c.colocateWith)];
    case 'undistribute_table':
      return [undistributeTable(c.table)];
    case 'alter_distribution':
      return [
        alterDistributedTable(c.table, {
          ...(c.changed.includes('column') ? { column: c.to.column } : {}),
          ...(c.changed.includes('shard_count') ? { shardCount: c.to.shardCount } : {}),
          ...(c.colocateWith !== undefined ? { colocateWith: c.colocateWith } : {}),
          ...(c.cascade ? { cascade: true } : {}),
        }),
      ];
    case 'distribute_schema':
      return [distributeSchema(c.schema)];
    case 'undistribute_schema':
      return [undistributeSchema(c.schema)];
    default:
      return unreachable(c);
  }
}

/** A tenant's custom statements run with its schema first on the search path (for this transaction). */
function inScope(scope: string | undefined): string[] {
  return scope ? [`SET LOCAL search_path TO ${ident(scope)}, public`] : [];
}

/** DROP FUNCTION needs the argument types only: defaults are left out. */
function dropFunction(f: Function): string {
  return `DROP ${routineWord(f)} ${identitySignature(f)}`;
}

/**
 * ALTER COLUMN, one statement per property, in an order that always works: identity and
 * default off first, then expression and type, then NOT NULL, then default and identity on.
 */
function alterColumn(table: TableRef, from: Column, to: Column, changed: readonly string[], o: RenderOptions): string[] {
  const a = `${alter(table)} ALTER COLUMN ${ident(to.name)}`;
  const out: string[] = [];
  const has = (p: string) => changed.includes(p);
  const retype = has('type') || has('collation');
  if ((has('generated') && !(from.generated && to.generated && (o.serverVersion ?? 0) >= 170000) && !(from.generated && !to.generated)) || (has('virtual') && to.generated)) {
    // Before PostgreSQL 17 a generation expression cannot be altered, a plain column cannot
    // become generated, and a stored one cannot become virtual or back: the column is built
    // again (its values are computed, none are lost).
    return [`${alter(table)} DROP COLUMN ${ident(from.name)}`, `${alter(table)} ADD COLUMN ${columnDefinition(to)}`, ...newColumnOptions(table, [to])];
  }
  if (has('identity') && from.identity && !to.identity) out.push(`${a} DROP IDENTITY`);
  // SET DEFAULT replaces a default; it is dropped first only when it goes, or when a type
  // change could not cast it, or when an identity takes its place.
  if (from.default !== undefined && ((has('default') && to.default === undefined) || retype || (has('identity') && to.identity))) out.push(`${a} DROP DEFAULT`);
  // A new expression and a new type are one statement: either alone may not fit the other.
  const expression = has('generated') ? (from.generated && !to.generated ? `${a} DROP EXPRESSION` : `${a} SET EXPRESSION AS (${reparsable(to.generated ?? '')})`) : undefined;
  if (expression !== undefined && !(retype && to.generated)) out.push(expression);
  if (retype) {
    const collate = to.collation !== undefined ? ` COLLATE ${collationSql(to.collation)}` : '';
    const how = from.type === to.type ? 'free' : widening(from.type, to.type);
    // A narrowing converts a value only when it fits; one that does not makes the step fail.
    const guarded = how === 'narrowing' ? guardedConversion(to.name, from.type, to.type) : undefined;
    // A generated column's values are computed again: it takes no USING.
    const using = how === 'free' || to.generated !== undefined ? '' : ` USING ${guarded ?? `${ident(to.name)}::${to.type}`}`;
    out.push(`${expression !== undefined && to.generated ? `${expression}, ALTER COLUMN ${ident(to.name)}` : a} TYPE ${to.type}${collate}${using}`);
  }
  if (has('nullable')) out.push(to.nullable ? `${a} DROP NOT NULL` : `${a} SET NOT NULL`);
  if (to.default !== undefined && (has('default') || retype || (from.default !== undefined && has('identity')))) out.push(`${a} SET DEFAULT ${reparsable(to.default)}`);
  if (has('identity') && to.identity) {
    if (from.identity) out.push(`${a} SET GENERATED ${to.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
    else {
      const options = identityClauses(to);
      out.push(`${a} ADD GENERATED ${to.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options}`);
      // Existing rows keep their values: start the sequence after the largest one.
      out.push(
        `SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(${stringLiteral(t(table))}, ${stringLiteral(ident(to.name))}), coalesce((SELECT max(${ident(to.name)}) FROM ${t(table)}), 0) + 1, false)`,
      );
    }
  }
  if (has('identity_options') && to.identity && (from.identity || !has('identity'))) {
    // Back to the defaults: spelled out for the column's (new) type.
    const options = to.identityOptions ?? (isSequenceType(to.type) ? resolveSequence({ type: to.type }) : undefined);
    if (options) out.push(`${a} ${identityAlterClauses(options)}`);
  }
  // The statistics target is the table's own (ONLY: not its partitions').
  if (has('statistics')) out.push(`${alter(table, true)} ALTER COLUMN ${ident(to.name)} SET STATISTICS ${to.statistics ?? -1}`);
  if (has('n_distinct')) out.push(`${alter(table, true)} ${nDistinctClauses(to.name, from, to).join(', ')}`);
  if (has('identity_sequence') && !has('identity') && from.identitySequence !== undefined && to.identitySequence !== undefined) out.push(`ALTER SEQUENCE ${qname(table.schema, from.identitySequence)} RENAME TO ${ident(to.identitySequence)}`);
  // A new type has reset storage and compression to its own: only declared ones are set again.
  const storage = has('storage') ? (to.storage ?? (retype ? undefined : from.typeStorage)) : undefined;
  const stored = columnOptionClauses({
    ...(storage !== undefined ? { storage } : {}),
    ...(has('compression') && (to.compression !== undefined || !retype) ? { compression: to.compression ?? 'default' } : {}),
  });
  if (stored.length) out.push(`${alter(table)} ${stored.map((o) => `ALTER COLUMN ${ident(to.name)} ${o}`).join(', ')}`);
  // Back to the type's own storage, which a plan written from the files alone does not know.
  if (has('storage') && to.storage === undefined && !retype && from.typeStorage === undefined) out.push(resetStorage(table, to.name));
  return out;
}
