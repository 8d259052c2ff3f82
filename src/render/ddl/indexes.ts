/** CREATE INDEX with every option, in the order PostgreSQL's grammar wants them; or a UNIQUE or exclusion constraint. */
import { collationSql } from '../../ir/collation.js';
import type { Index, IndexKey } from '../../ir/catalog.js';
import { ident, identList, stringLiteral } from '../../sql/quote.js';
import { dottedName, tableName, type TableRef } from './names.js';
import { reparsable } from '../../sql/reparsable.js';

export function indexKey(k: IndexKey): string {
  const parts = [k.kind === 'column' ? ident(k.column) : `(${reparsable(k.expression)})`];
  if (k.collation !== undefined) parts.push(`COLLATE ${collationSql(k.collation)}`);
  if (k.opclass !== undefined) parts.push(dottedName(k.opclass));
  if (k.desc) parts.push('DESC');
  // Only when it differs from the default (NULLS LAST ascending, NULLS FIRST descending).
  if (k.nullsFirst !== undefined && k.nullsFirst !== k.desc) parts.push(k.nullsFirst ? 'NULLS FIRST' : 'NULLS LAST');
  return parts.join(' ');
}

export function createIndex(t: TableRef, i: Index, options: { concurrently?: boolean } = {}): string {
  if (i.exclusion) return addExclusionConstraint(t, i);
  if (i.constraint) return addUniqueConstraint(t, i);
  const parts = [`CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}${ident(i.name)} ON ${tableName(t)}`];
  if (i.method !== 'btree') parts.push(`USING ${ident(i.method)}`);
  parts.push(`(${i.keys.map(indexKey).join(', ')})`);
  if (i.include.length) parts.push(`INCLUDE (${identList(i.include)})`);
  if (i.nullsNotDistinct) parts.push('NULLS NOT DISTINCT');
  if (i.storage) parts.push(`WITH ${storageList(i.storage)}`);
  if (i.where !== undefined) parts.push(`WHERE (${reparsable(i.where)})`);
  return parts.join(' ');
}

/** A storage parameter's name: `fillfactor`, `toast.autovacuum_enabled` (each part quoted as needed). */
export function storageName(name: string): string {
  return name.split('.').map(ident).join('.');
}

/**
 * `(fillfactor = 90, m = 16, fastupdate = 'off')`, for WITH and ALTER … SET: a number as
 * written, any other value quoted (PostgreSQL takes a quoted string for every kind of
 * parameter, and keeps its text).
 */
export function storageList(storage: Readonly<Record<string, string>>): string {
  const value = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : stringLiteral(v));
  return `(${Object.entries(storage).map(([k, v]) => `${storageName(k)} = ${value(v)}`).join(', ')})`;
}

/** ALTER TABLE … ADD CONSTRAINT … UNIQUE: the index a UNIQUE constraint owns. */
export function addUniqueConstraint(t: TableRef, i: Index): string {
  const parts = [`ALTER TABLE ${tableName(t)} ADD CONSTRAINT ${ident(i.name)} UNIQUE`];
  if (i.nullsNotDistinct) parts.push('NULLS NOT DISTINCT');
  // A key is a column; a quoted column name written as SQL (`"Email Address"`) stays as written.
  parts.push(`(${i.keys.map((k) => (k.kind === 'column' ? ident(k.column) : reparsable(k.expression))).join(', ')})`);
  if (i.include.length) parts.push(`INCLUDE (${identList(i.include)})`);
  if (i.storage) parts.push(`WITH ${storageList(i.storage)}`);
  if (i.deferrable) parts.push(i.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  return parts.join(' ');
}

/** ALTER TABLE … ADD CONSTRAINT … EXCLUDE USING <method> (key WITH operator, …), in the grammar's order. */
export function addExclusionConstraint(t: TableRef, i: Index): string {
  // The operator is checked by the compiler (or printed by the server): symbols, or OPERATOR(schema.symbols).
  const parts = [`ALTER TABLE ${tableName(t)} ADD CONSTRAINT ${ident(i.name)} EXCLUDE USING ${ident(i.method)}`];
  parts.push(`(${i.keys.map((k) => `${indexKey(k)} WITH ${k.operator ?? '='}`).join(', ')})`);
  if (i.include.length) parts.push(`INCLUDE (${identList(i.include)})`);
  if (i.storage) parts.push(`WITH ${storageList(i.storage)}`);
  if (i.where !== undefined) parts.push(`WHERE (${reparsable(i.where)})`);
  if (i.deferrable) parts.push(i.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  return parts.join(' ');
}

/** ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX: a prebuilt unique index becomes the constraint. */
export function uniqueUsingIndex(t: TableRef, i: Index): string {
  const deferrable = i.deferrable ? (i.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : '';
  return `ALTER TABLE ${tableName(t)} ADD CONSTRAINT ${ident(i.name)} UNIQUE USING INDEX ${ident(i.name)}${deferrable}`;
}
