/**
 * A column's statistics target, storage and compression, a table's REPLICA IDENTITY and the
 * index it is CLUSTERed ON: ALTER TABLE clauses (none of them rewrites the table).
 */
import type { Column, ColumnStorage, ReplicaIdentity } from '../../ir/catalog.js';
import { ident, stringLiteral } from '../../sql/quote.js';
import { tableName, type TableRef } from './names.js';

/** SET STATISTICS (-1: the default), SET STORAGE, SET COMPRESSION (`default`: none of its own). */
export function columnOptionClauses(o: { readonly statistics?: number; readonly storage?: ColumnStorage; readonly compression?: string }): string[] {
  return [
    ...(o.statistics !== undefined ? [`SET STATISTICS ${o.statistics}`] : []),
    ...(o.storage !== undefined ? [`SET STORAGE ${o.storage.toUpperCase()}`] : []),
    ...(o.compression !== undefined ? [`SET COMPRESSION ${o.compression}`] : []),
  ];
}

/**
 * The statistics target, n_distinct and storage of new columns (their compression is in their
 * definition) after CREATE TABLE or ADD COLUMN. The statistics target and n_distinct with ONLY: a partitioned table's is
 * its own (a partition created later does not take it); storage reaches its partitions, as
 * those created later take it.
 */
export function newColumnOptions(table: TableRef, columns: readonly Column[]): string[] {
  const clauses = (pick: (c: Column) => string[]) => columns.flatMap((col) => pick(col).map((o) => `ALTER COLUMN ${ident(col.name)} ${o}`));
  const statistics = [...clauses((c) => columnOptionClauses(c.statistics !== undefined ? { statistics: c.statistics } : {})), ...columns.flatMap((c) => nDistinctClauses(c.name, {}, c))];
  const storage = clauses((c) => columnOptionClauses(c.storage !== undefined ? { storage: c.storage } : {}));
  return [
    ...(statistics.length ? [`ALTER TABLE ONLY ${tableName(table)} ${statistics.join(', ')}`] : []),
    ...(storage.length ? [`ALTER TABLE ${tableName(table)} ${storage.join(', ')}`] : []),
  ];
}

/**
 * A column's n_distinct options as ALTER COLUMN clauses: SET (…) for those `to` has, RESET (…)
 * for those only `from` has (a new column: `from` empty).
 */
export function nDistinctClauses(column: string, from: Pick<Column, 'nDistinct' | 'nDistinctInherited'>, to: Pick<Column, 'nDistinct' | 'nDistinctInherited'>): string[] {
  const options = [
    ['n_distinct', from.nDistinct, to.nDistinct],
    ['n_distinct_inherited', from.nDistinctInherited, to.nDistinctInherited],
  ] as const;
  const set = options.flatMap(([name, , v]) => (v !== undefined ? [`${name} = ${v}`] : []));
  const reset = options.flatMap(([name, was, v]) => (v === undefined && was !== undefined ? [name] : []));
  return [...(set.length ? [`ALTER COLUMN ${ident(column)} SET (${set.join(', ')})`] : []), ...(reset.length ? [`ALTER COLUMN ${ident(column)} RESET (${reset.join(', ')})`] : [])];
}

/** ALTER TABLE … REPLICA IDENTITY; absent: DEFAULT. */
export function setReplicaIdentity(table: TableRef, ri: ReplicaIdentity | undefined): string {
  const what = ri === undefined ? 'DEFAULT' : ri === 'full' ? 'FULL' : ri === 'nothing' ? 'NOTHING' : `USING INDEX ${ident(ri.index)}`;
  return `ALTER TABLE ${tableName(table)} REPLICA IDENTITY ${what}`;
}

/** ALTER TABLE … CLUSTER ON; absent: SET WITHOUT CLUSTER. */
export function setClusterOn(table: TableRef, index: string | undefined): string {
  return `ALTER TABLE ${tableName(table)} ${index !== undefined ? `CLUSTER ON ${ident(index)}` : 'SET WITHOUT CLUSTER'}`;
}

/**
 * SET STORAGE back to the column type's own when the plan does not know it (a migration's down
 * step, written from the files alone): read from pg_type when it runs. SET STORAGE DEFAULT
 * would say it from PostgreSQL 16 on; this works on 15 too.
 */
export function resetStorage(table: TableRef, column: string): string {
  const rel = `${stringLiteral(tableName(table))}::pg_catalog.regclass`;
  return [
    'DO $pgdecl$ BEGIN',
    `  EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET STORAGE %s', ${rel}, ${stringLiteral(column)},`,
    "    (SELECT CASE t.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END",
    `     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid WHERE a.attrelid = ${rel} AND a.attname = ${stringLiteral(column)}));`,
    'END $pgdecl$',
  ].join('\n');
}
