/**
 * SQL for each change kind (STYLE 6): statements without trailing semicolons. Creation reuses
 * the DDL of ./ddl; this file adds the ALTER and DROP forms. Custom statements and extensions
 * also write pgdecl's bookkeeping rows, so the same SQL run by `apply`, by `psql` or by a
 * migration leaves the same record.
 */
import { match } from 'ts-pattern';
import type { Change, TableRef } from '../diff/change.js';
import type { Column, Function } from '../ir/catalog.js';
import { ident, qname, stringLiteral } from '../sql/quote.js';
import { commentIfAny, commentOnObject, indexObject } from './ddl/comments.js';
import type { Index } from '../ir/catalog.js';
import type { CommentedObject } from '../diff/change.js';
import { addCheck, addForeignKey, commentOnColumn, commentOnFunction, commentOnSchema, commentOnTable, createExtension, createFunction, createIndex, uniqueUsingIndex, createPolicy, createSchema, createTable, createTrigger, columnDefinition, identitySignature, routineWord, statementDown, statementUp } from './ddl/index.js';
import { alterSequenceNarrowing, commentOnSequence, createSequence, identityAlterClauses, optionClauses, sequenceName, setSequenceOwner } from './ddl/sequences.js';
import { isSequenceType, resolveSequence } from '../ir/sequence.js';
import { typeName } from '../ir/user-type.js';
import { attachPartition, detachPartition } from './ddl/partitions.js';
import { addEnumValue, commentOnType, swapEnum } from './ddl/types.js';
import { commentOnView, createView, dropView, replaceView } from './ddl/views.js';
import { addDomainCheck, addTypeAttribute, alterDomain, alterTypeAttribute, createUserType, dropDomainCheck, dropTypeAttribute, dropUserType, renameDomainCheck, replaceUserType } from './ddl/domains.js';
import { alterPolicy } from './ddl/policies.js';
import { alterDistributedTable, distributeSchema, distributeTable, undistributeSchema, undistributeTable } from './ddl/distribution.js';
import { alterDefaultPrivileges, grantSql, revokeSql } from './ddl/grants.js';
import { forgetExtension, forgetStatement, recordExtension, recordStatement } from '../apply/bookkeeping.js';
import { widening } from '../plan/hazards.js';
import { guardedConversion } from '../plan/narrowing.js';

export interface RenderOptions {
  /** `server_version_num` of the target, when known: picks version-dependent forms. */
  readonly serverVersion?: number;
  /** Build this index CONCURRENTLY (the planner decides). */
  readonly concurrent?: boolean;
  /** The tenant schema custom statements are recorded under ('' for the ordinary schemas). */
  readonly scope?: string;
}

const t = (r: TableRef) => qname(r.schema, r.name);
const alter = (r: TableRef) => `ALTER TABLE ${t(r)}`;

/** A UNIQUE constraint's comment is the constraint's; a plain index's is the index's. */

export function renderChange(change: Change, o: RenderOptions = {}): string[] {
  return match(change)
    .returnType<string[]>()
    .with({ kind: 'create_extension' }, (c) => [createExtension(c.extension), recordExtension(c.extension.name)])
    .with({ kind: 'drop_extension' }, (c) => [`DROP EXTENSION ${ident(c.extension.name)}`, forgetExtension(c.extension.name)])
    .with({ kind: 'create_schema' }, (c) => [createSchema(c.schema), ...(c.schema.comment !== undefined ? [commentOnSchema(c.schema)] : [])])
    .with({ kind: 'set_schema_comment' }, (c) => [commentOnSchema({ name: c.schema, ...(c.to !== undefined ? { comment: c.to } : {}) })])
    .with({ kind: 'drop_schema' }, (c) => [`DROP SCHEMA ${ident(c.schema.name)}`])
    .with({ kind: 'rename_schema' }, (c) => [`ALTER SCHEMA ${ident(c.from)} RENAME TO ${ident(c.to)}`])
    .with({ kind: 'create_function' }, (c) => [createFunction(c.function), ...(c.function.comment !== undefined ? [commentOnFunction(c.function)] : [])])
    .with({ kind: 'replace_function' }, (c) => [
      // CREATE OR REPLACE cannot change the result type.
      ...(c.from.returns !== c.to.returns || c.from.procedure !== c.to.procedure ? [dropFunction(c.from)] : []),
      createFunction(c.to),
      ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [commentOnFunction(c.to)] : []),
    ])
    .with({ kind: 'drop_function' }, (c) => [dropFunction(c.function)])
    .with({ kind: 'create_type' }, (c) => createUserType(c.type))
    .with({ kind: 'drop_type' }, (c) => [dropUserType(c.type)])
    .with({ kind: 'add_enum_value' }, (c) => [addEnumValue(c.type, c.value, c.before, c.after)])
    .with({ kind: 'rename_enum_value' }, (c) => [`ALTER TYPE ${typeName(c.type)} RENAME VALUE ${stringLiteral(c.from)} TO ${stringLiteral(c.to)}`])
    .with({ kind: 'swap_enum' }, (c) => swapEnum(c.from, c.to, c.columns))
    .with({ kind: 'set_type_comment' }, (c) => [commentOnType(c.type, c.to)])
    .with({ kind: 'replace_type' }, (c) => replaceUserType(c.from, c.to))
    .with({ kind: 'alter_domain' }, (c) => alterDomain(c))
    .with({ kind: 'add_domain_check' }, (c) => [addDomainCheck(c.type, c.check)])
    .with({ kind: 'drop_domain_check' }, (c) => [dropDomainCheck(c.type, c.check.name)])
    .with({ kind: 'rename_domain_check' }, (c) => [renameDomainCheck(c.type, c.from, c.to)])
    .with({ kind: 'add_type_attribute' }, (c) => [addTypeAttribute(c.type, c.attribute)])
    .with({ kind: 'drop_type_attribute' }, (c) => [dropTypeAttribute(c.type, c.attribute)])
    .with({ kind: 'alter_type_attribute' }, (c) => [alterTypeAttribute(c.type, c.to)])
    .with({ kind: 'create_sequence' }, (c) => [createSequence(c.sequence), ...(c.sequence.comment !== undefined ? [commentOnSequence(c.sequence)] : [])])
    // IF EXISTS: a sequence owned by a column goes with its table or column, which may be dropped in the same plan.
    .with({ kind: 'drop_sequence' }, (c) => [`DROP SEQUENCE IF EXISTS ${sequenceName(c.sequence)}`])
    .with({ kind: 'rename_sequence' }, (c) => {
      const out: string[] = [];
      if (c.from.schema !== c.to.schema) out.push(`ALTER SEQUENCE ${sequenceName(c.from)} SET SCHEMA ${ident(c.to.schema)}`);
      if (c.from.name !== c.to.name) out.push(`ALTER SEQUENCE ${sequenceName({ schema: c.to.schema, name: c.from.name })} RENAME TO ${ident(c.to.name)}`);
      return out;
    })
    .with({ kind: 'alter_sequence' }, (c) => [
      ...(c.changed.length ? [alterSequenceNarrowing(c.from, c.to, c.changed)] : []),
      ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [commentOnSequence(c.to)] : []),
    ])
    .with({ kind: 'set_sequence_owner' }, (c) => [setSequenceOwner(c.sequence, c.to)])
    .with({ kind: 'create_table' }, (c) => [
      createTable(c.table),
      ...(c.table.comment !== undefined ? [commentOnTable(c.table)] : []),
      ...c.table.columns.filter((col) => col.comment !== undefined).map((col) => commentOnColumn(c.table, col)),
      ...c.table.checks.flatMap((chk) => commentIfAny(c.table, { type: 'constraint', name: chk.name }, chk.comment)),
    ])
    // A partition is detached first: dropping it then locks the partition alone.
    .with({ kind: 'drop_table' }, (c) => [...(c.table.partitionOf ? [detachPartition(c.table, c.table.partitionOf)] : []), `DROP TABLE ${t(c.table)}`])
    .with({ kind: 'rename_table' }, (c) => {
      const out: string[] = [];
      if (c.from.schema !== c.to.schema) out.push(`${alter(c.from)} SET SCHEMA ${ident(c.to.schema)}`);
      if (c.from.name !== c.to.name) out.push(`${alter({ schema: c.to.schema, name: c.from.name })} RENAME TO ${ident(c.to.name)}`);
      return out;
    })
    .with({ kind: 'set_table_logged' }, (c) => [`${alter(c.table)} SET ${c.unlogged ? 'UNLOGGED' : 'LOGGED'}`])
    .with({ kind: 'set_table_comment' }, (c) => [commentOnTable({ ...c.table, comment: c.to })])
    .with({ kind: 'add_column' }, (c) => [`${alter(c.table)} ADD COLUMN ${columnDefinition(c.column)}`, ...(c.column.comment !== undefined ? [commentOnColumn(c.table, c.column)] : [])])
    .with({ kind: 'drop_column' }, (c) => [`${alter(c.table)} DROP COLUMN ${ident(c.column.name)}`])
    .with({ kind: 'rename_column' }, (c) => [`${alter(c.table)} RENAME COLUMN ${ident(c.from)} TO ${ident(c.to)}`])
    .with({ kind: 'alter_column' }, (c) => alterColumn(c.table, c.from, c.to, c.changed, o))
    .with({ kind: 'set_column_comment' }, (c) => [commentOnColumn(c.table, { name: c.column, comment: c.to })])
    .with({ kind: 'add_primary_key' }, (c) => [`${alter(c.table)} ADD CONSTRAINT ${ident(c.primaryKey.name)} PRIMARY KEY (${c.primaryKey.columns.map(ident).join(', ')})`])
    .with({ kind: 'drop_primary_key' }, (c) => [`${alter(c.table)} DROP CONSTRAINT ${ident(c.primaryKey.name)}`])
    .with({ kind: 'add_foreign_key' }, (c) => [addForeignKey(c.table, c.foreignKey), ...commentIfAny(c.table, { type: 'constraint', name: c.foreignKey.name }, c.foreignKey.comment)])
    .with({ kind: 'drop_foreign_key' }, (c) => [`${alter(c.table)} DROP CONSTRAINT ${ident(c.foreignKey.name)}`])
    .with({ kind: 'alter_foreign_key' }, (c) => [
      `${alter(c.table)} ALTER CONSTRAINT ${ident(c.to.name)} ${c.to.deferrable ? `DEFERRABLE INITIALLY ${c.to.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : 'NOT DEFERRABLE'}`,
    ])
    .with({ kind: 'add_check' }, (c) => [addCheck(c.table, c.check), ...commentIfAny(c.table, { type: 'constraint', name: c.check.name }, c.check.comment)])
    .with({ kind: 'drop_check' }, (c) => [`${alter(c.table)} DROP CONSTRAINT ${ident(c.check.name)}`])
    .with({ kind: 'validate_constraint' }, (c) => [`${alter(c.table)} VALIDATE CONSTRAINT ${ident(c.name)}`])
    .with({ kind: 'rename_constraint' }, (c) => [`${alter(c.table)} RENAME CONSTRAINT ${ident(c.from)} TO ${ident(c.to)}`])
    .with({ kind: 'create_index' }, (c) => [
      // Online, a UNIQUE constraint is its index built CONCURRENTLY, then attached (a brief lock).
      ...(c.index.constraint && o.concurrent === true
        ? [createIndex(c.table, { ...c.index, constraint: false }, { concurrently: true }), uniqueUsingIndex(c.table, c.index)]
        : [createIndex(c.table, c.index, { concurrently: o.concurrent === true })]),
      ...commentIfAny(c.table, indexObject(c.index), c.index.comment),
    ])
    .with({ kind: 'drop_index' }, (c) => [c.index.constraint ? `${alter(c.table)} DROP CONSTRAINT ${ident(c.index.name)}` : `DROP INDEX ${qname(c.table.schema, c.index.name)}`])
    .with({ kind: 'rename_index' }, (c) => [`ALTER INDEX ${qname(c.table.schema, c.from)} RENAME TO ${ident(c.to)}`])
    .with({ kind: 'create_trigger' }, (c) => [createTrigger(c.table, c.trigger), ...commentIfAny(c.table, { type: 'trigger', name: c.trigger.name }, c.trigger.comment)])
    .with({ kind: 'set_object_comment' }, (c) => [commentOnObject(c.table, c.object, c.to)])
    .with({ kind: 'drop_trigger' }, (c) => [`DROP TRIGGER ${ident(c.trigger.name)} ON ${t(c.table)}`])
    .with({ kind: 'rename_trigger' }, (c) => [`ALTER TRIGGER ${ident(c.from)} ON ${t(c.table)} RENAME TO ${ident(c.to)}`])
    .with({ kind: 'set_row_level_security' }, (c) => {
      const out: string[] = [];
      if (c.enabled !== c.fromEnabled) out.push(`${alter(c.table)} ${c.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
      if (c.force !== c.fromForce) out.push(`${alter(c.table)} ${c.force ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
      return out;
    })
    .with({ kind: 'create_policy' }, (c) => [createPolicy(c.table, c.policy)])
    .with({ kind: 'drop_policy' }, (c) => [`DROP POLICY ${ident(c.policy.name)} ON ${t(c.table)}`])
    .with({ kind: 'alter_policy' }, (c) => [alterPolicy(c.table, c.from, c.to)])
    .with({ kind: 'grant_privileges' }, (c) => [grantSql(c.on, c.column, c.grantee, c.privileges, c.withGrantOption)])
    .with({ kind: 'revoke_privileges' }, (c) => [revokeSql(c.on, c.column, c.grantee, c.privileges, c.grantOptionOnly)])
    .with({ kind: 'alter_default_privileges' }, (c) => [alterDefaultPrivileges(c)])
    .with({ kind: 'run_statement' }, (c) => [...inScope(o.scope), ...(statementUp(c.statement) ? [statementUp(c.statement)] : []), recordStatement(c.statement, o.scope)])
    .with({ kind: 'revert_statement' }, (c) => [...inScope(o.scope), ...(statementDown(c.statement) ? [statementDown(c.statement)] : []), forgetStatement(c.statement, o.scope)])
    .with({ kind: 'attach_partition' }, (c) => [attachPartition(c.table, c.parent, c.bound)])
    .with({ kind: 'detach_partition' }, (c) => [detachPartition(c.table, c.parent)])
    .with({ kind: 'create_view' }, (c) => createView(c.view))
    .with({ kind: 'drop_view' }, (c) => [dropView(c.view)])
    .with({ kind: 'replace_view' }, (c) => [replaceView(c.to)])
    .with({ kind: 'set_view_comment' }, (c) => [commentOnView(c.view, c.column, c.to)])
    .with({ kind: 'distribute_table' }, (c) => [distributeTable(c.table, c.distribution, c.colocateWith)])
    .with({ kind: 'undistribute_table' }, (c) => [undistributeTable(c.table)])
    .with({ kind: 'alter_distribution' }, (c) => [
      alterDistributedTable(c.table, {
        ...(c.changed.includes('column') ? { column: c.to.column } : {}),
        ...(c.changed.includes('shard_count') ? { shardCount: c.to.shardCount } : {}),
        ...(c.colocateWith !== undefined ? { colocateWith: c.colocateWith } : {}),
        ...(c.cascade ? { cascade: true } : {}),
      }),
    ])
    .with({ kind: 'distribute_schema' }, (c) => [distributeSchema(c.schema)])
    .with({ kind: 'undistribute_schema' }, (c) => [undistributeSchema(c.schema)])
    .exhaustive();
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
  if (has('generated') && !(from.generated && to.generated && (o.serverVersion ?? 0) >= 170000) && !(from.generated && !to.generated)) {
    // Before PostgreSQL 17 a generation expression cannot be altered, and a plain column cannot
    // become generated: the column is built again (its values are computed, none are lost).
    return [`${alter(table)} DROP COLUMN ${ident(from.name)}`, `${alter(table)} ADD COLUMN ${columnDefinition(to)}`];
  }
  if (has('identity') && from.identity && !to.identity) out.push(`${a} DROP IDENTITY`);
  // SET DEFAULT replaces a default; it is dropped first only when it goes, or when a type
  // change could not cast it, or when an identity takes its place.
  if (from.default !== undefined && ((has('default') && to.default === undefined) || retype || (has('identity') && to.identity))) out.push(`${a} DROP DEFAULT`);
  if (has('generated')) out.push(from.generated && !to.generated ? `${a} DROP EXPRESSION` : `${a} SET EXPRESSION AS (${to.generated})`);
  if (retype) {
    const collate = to.collation !== undefined ? ` COLLATE ${ident(to.collation)}` : '';
    const how = from.type === to.type ? 'free' : widening(from.type, to.type);
    // A narrowing converts a value only when it fits; one that does not makes the step fail.
    const guarded = how === 'narrowing' ? guardedConversion(to.name, from.type, to.type) : undefined;
    const using = how === 'free' ? '' : ` USING ${guarded ?? `${ident(to.name)}::${to.type}`}`;
    out.push(`${a} TYPE ${to.type}${collate}${using}`);
  }
  if (has('nullable')) out.push(to.nullable ? `${a} DROP NOT NULL` : `${a} SET NOT NULL`);
  if (to.default !== undefined && (has('default') || retype || (from.default !== undefined && has('identity')))) out.push(`${a} SET DEFAULT ${to.default}`);
  if (has('identity') && to.identity) {
    if (from.identity) out.push(`${a} SET GENERATED ${to.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
    else {
      const options = to.identityOptions ? ` (${optionClauses(to.identityOptions).join(' ')})` : '';
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
  return out;
}
