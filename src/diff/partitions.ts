/**
 * Partitions in the diff. A partition is a table of its own (created with CREATE TABLE …
 * PARTITION OF, dropped after a DETACH); what changes about it here is its place:
 *
 * - a new bound (or parent) is DETACH PARTITION then ATTACH PARTITION, rows kept;
 * - a partition the files keep detached (`detached: true`) is detached and then left alone;
 * - a table cannot become partitioned, stop being partitioned, change its partition key, or
 *   turn from an ordinary table into a partition in place: the plan refuses and says how.
 */
import type { Catalog, Table } from '../ir/catalog.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Change, TableRef } from './change.js';

export const PARTITIONING_CHANGE = 'partitioning_change';

const tkey = (t: TableRef) => `${t.schema}.${t.name}`;
const ref = (t: TableRef): TableRef => ({ schema: t.schema, name: t.name });

/**
 * The tables the desired catalog keeps detached: a DETACH for each that is still attached, and
 * the current catalog without them (they are no longer compared, so never dropped).
 */
export function detachedPartitions(current: Catalog, desired: Catalog): { readonly changes: Change[]; readonly current: Catalog } {
  // A table the files declare (as its own resource, once detached) is compared as declared.
  const declared = new Set(desired.tables.map(tkey));
  const keep = new Map<string, Table>();
  for (const t of desired.tables) for (const name of t.detachedPartitions ?? []) if (!declared.has(`${t.schema}.${name}`)) keep.set(`${t.schema}.${name}`, t);
  if (keep.size === 0) return { changes: [], current };
  const changes: Change[] = [];
  for (const t of current.tables) {
    const parent = keep.get(tkey(t));
    if (parent && t.partitionOf) changes.push({ kind: 'detach_partition', table: ref(t), parent: ref(t.partitionOf), bound: t.partitionOf.bound });
  }
  return { changes, current: { ...current, tables: current.tables.filter((t) => !keep.has(tkey(t))) } };
}

const shape = (t: Table) => (t.partitionOf ? `a partition of ${tkey(t.partitionOf)}` : t.partitionBy !== undefined ? `partitioned by ${t.partitionBy}` : 'an ordinary table');

/** Throws one error naming every kept table whose partitioning PostgreSQL cannot change in place. */
export function refusePartitioningChanges(pairs: readonly (readonly [Table, Table])[]): void {
  const problems: Diagnostic[] = [];
  for (const [c, d] of pairs) {
    const keyChanges = (c.partitionBy ?? null) !== (d.partitionBy ?? null);
    const becomesPartition = (c.partitionOf === undefined) !== (d.partitionOf === undefined);
    if (!keyChanges && !becomesPartition) continue;
    problems.push({
      code: PARTITIONING_CHANGE,
      severity: 'error',
      message: `the table ${tkey(d)} is ${shape(c)} in the database and ${shape(d)} in the files: PostgreSQL cannot change that in place; nothing was changed`,
      suggestion: becomesPartition && d.partitionOf
        ? `declare the new partition under another name and copy the rows into it, or attach the table by hand (ALTER TABLE ${tkey(d.partitionOf)} ATTACH PARTITION ${tkey(d)} …) and plan again`
        : becomesPartition
          ? `mark it \`detached: true\` under \`partitions\` of ${tkey(c.partitionOf!)} to detach it and leave it alone, or declare the table under another name`
          : `declare the table with its new partitioning under another name (with \`renamed_from\` on neither), copy the rows, then remove the old resource`,
    });
  }
  if (problems.length) throw new PgdeclError(problems);
}

/** A kept partition with a new bound or parent: DETACH, then ATTACH with the new bound. */
export function partitionChanges(c: Table, d: Table): Change[] {
  const from = c.partitionOf;
  const to = d.partitionOf;
  if (!from || !to || (tkey(from) === tkey(to) && from.bound === to.bound)) return [];
  return [
    { kind: 'detach_partition', table: ref(d), parent: ref(from), bound: from.bound },
    { kind: 'attach_partition', table: ref(d), parent: ref(to), bound: to.bound },
  ];
}
