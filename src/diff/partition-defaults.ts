/**
 * A partition's own column defaults (`ownDefaults`: those other than its parent's). A partition
 * takes its parent's defaults when it is created and whenever the parent's change (ALTER COLUMN
 * … SET DEFAULT on a partitioned table reaches its partitions): so a partition whose parent's
 * default this plan changes has its own set again after it. Each change is an alter_column of
 * the partition's default: what the partition reads now, to what the files give it.
 */
import type { Column, Table } from '../ir/catalog.js';
import type { Change, TableRef } from './change.js';

const tkey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** The default a table's column reads: its own, else its parent's, up to the partitioned table's column. */
function effectiveDefault(tables: ReadonlyMap<string, Table>, table: Table | undefined, column: string): string | undefined {
  for (let t = table, hops = 0; t && hops < 64; hops++) {
    if (!t.partitionOf) return t.columns.find((c) => c.name === column)?.default;
    const own = t.ownDefaults?.find((d) => d.column === column);
    if (own) return own.default;
    t = tables.get(tkey(t.partitionOf));
  }
  return undefined;
}

/** The partitioned table at the top of `table`'s tree. */
function rootOf(tables: ReadonlyMap<string, Table>, table: Table): Table {
  let t = table;
  for (let hops = 0; t.partitionOf && hops < 64; hops++) t = tables.get(tkey(t.partitionOf)) ?? t;
  return t;
}

export function partitionDefaultChanges(ref: TableRef, c: Table, d: Table, cur: ReadonlyMap<string, Table>, des: ReadonlyMap<string, Table>, earlier: readonly Change[]): Change[] {
  if (!c.partitionOf || !d.partitionOf || (!c.ownDefaults?.length && !d.ownDefaults?.length)) return [];
  const parentKey = tkey(d.partitionOf);
  // Defaults of the parent this plan changes: they reach the partition first.
  const reset = new Set(earlier.flatMap((ch) => (ch.kind === 'alter_column' && ch.changed.includes('default') && tkey(ch.table) === parentKey ? [ch.to.name] : [])));
  const columns = [...new Set([...(c.ownDefaults ?? []), ...(d.ownDefaults ?? [])].map((x) => x.column))].sort();
  const root = rootOf(des, d);
  const out: Change[] = [];
  for (const column of columns) {
    const want = effectiveDefault(des, d, column);
    const have = reset.has(column) ? effectiveDefault(des, des.get(parentKey), column) : effectiveDefault(cur, c, column);
    if ((want ?? null) !== (have ?? null)) out.push(defaultChange(ref, root, column, have, want));
  }
  return out;
}

/** The alter_column of a partition's default, `have` → `want`, on its partitioned table's column. */
function defaultChange(ref: TableRef, root: Table, column: string, have: string | undefined, want: string | undefined): Change {
  const { default: _d, ...bare }: Column = root.columns.find((x) => x.name === column) ?? { name: column, type: '', nullable: true };
  return { kind: 'alter_column', table: ref, from: { ...bare, ...(have !== undefined ? { default: have } : {}) }, to: { ...bare, ...(want !== undefined ? { default: want } : {}) }, changed: ['default'] };
}

/**
 * New partitions are created with their own defaults (../render/ddl/partitions.ts); a default
 * of their parent this plan changes reaches them after that, so theirs are set again after it.
 */
export function newPartitionDefaultResets(changes: readonly Change[], des: ReadonlyMap<string, Table>): Change[] {
  const changedDefaults = new Set(changes.flatMap((ch) => (ch.kind === 'alter_column' && ch.changed.includes('default') ? [`${tkey(ch.table)}.${ch.to.name}`] : [])));
  if (changedDefaults.size === 0) return [];
  const out: Change[] = [];
  for (const ch of changes) {
    if (ch.kind !== 'create_table') continue;
    const t = ch.table;
    if (!t.partitionOf || !t.ownDefaults?.length) continue;
    const parentKey = tkey(t.partitionOf);
    const root = rootOf(des, t);
    for (const d of t.ownDefaults) {
      if (changedDefaults.has(`${parentKey}.${d.column}`)) out.push(defaultChange({ schema: t.schema, name: t.name }, root, d.column, effectiveDefault(des, des.get(parentKey), d.column), d.default));
    }
  }
  return out;
}
