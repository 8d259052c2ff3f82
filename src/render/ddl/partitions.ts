/**
 * Partitioned tables and partitions: the PARTITION BY clause of a parent, CREATE TABLE …
 * PARTITION OF for a partition (its columns, keys and indexes come from the parent), and
 * ATTACH / DETACH PARTITION.
 */
import type { Table } from '../../ir/catalog.js';
import { checkConstraintClause } from './constraints.js';
import { tableName, type TableRef } from './names.js';
import { ident } from '../../sql/quote.js';
import { reparsable } from '../../sql/reparsable.js';

/** `CREATE TABLE s.p PARTITION OF s.parent [(CONSTRAINT … CHECK …)] FOR VALUES … [PARTITION BY …]`. */
export function createPartition(t: Table & { readonly partitionOf: NonNullable<Table['partitionOf']> }): string {
  const own = t.checks.map(checkConstraintClause);
  const checks = own.length ? ` (\n${own.map((i) => '  ' + i).join(',\n')}\n)` : '';
  const create = t.unlogged ? 'CREATE UNLOGGED TABLE' : 'CREATE TABLE';
  return `${create} ${tableName(t)} PARTITION OF ${tableName(t.partitionOf)}${checks} ${t.partitionOf.bound}${partitionByClause(t)}`;
}

/** ` PARTITION BY RANGE (logdate)`, or nothing for a table that is not partitioned. */
export function partitionByClause(t: Pick<Table, 'partitionBy'>): string {
  return t.partitionBy !== undefined ? ` PARTITION BY ${t.partitionBy}` : '';
}

export function attachPartition(partition: TableRef, parent: TableRef, bound: string): string {
  return `ALTER TABLE ${tableName(parent)} ATTACH PARTITION ${tableName(partition)} ${bound}`;
}

export function detachPartition(partition: TableRef, parent: TableRef): string {
  return `ALTER TABLE ${tableName(parent)} DETACH PARTITION ${tableName(partition)}`;
}

/**
 * A new partition's own column defaults, after it is created with its parent's: SET DEFAULT, or
 * DROP DEFAULT for none. (On a partition that is partitioned in turn, they reach its partitions.)
 */
export function partitionDefaults(t: Pick<Table, 'schema' | 'name' | 'ownDefaults'>): string[] {
  return (t.ownDefaults ?? []).map((d) => `ALTER TABLE ${tableName(t)} ALTER COLUMN ${ident(d.column)} ${d.default !== undefined ? `SET DEFAULT ${reparsable(d.default)}` : 'DROP DEFAULT'}`);
}
