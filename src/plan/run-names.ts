/**
 * The names a step uses when it runs. The differ names every object by its new name; a step
 * ordered before a schema, table or column rename must still use the old names: its table,
 * the columns of its key, index or trigger, and the table (and columns) a foreign key points
 * at. The step's reverse is rendered from the same change and runs, in a down migration, after
 * the renames are undone, so it needs the old names too.
 */
import type { Change, TableRef } from '../diff/change.js';
import type { ForeignKey, Table } from '../ir/catalog.js';

const tkey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

export interface RenamesInPlan {
  /** New table key → old table. */
  readonly tables: ReadonlyMap<string, TableRef>;
  /** New schema → old schema. */
  readonly schemas: ReadonlyMap<string, string>;
  /** New table key → (new column → old column). */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function renamesInPlan(changes: readonly Change[]): RenamesInPlan {
  const tables = new Map<string, TableRef>();
  const schemas = new Map<string, string>();
  const columns = new Map<string, Map<string, string>>();
  for (const c of changes) {
    if (c.kind === 'rename_table') tables.set(tkey(c.to), c.from);
    if (c.kind === 'rename_schema') schemas.set(c.to, c.from);
    if (c.kind === 'rename_column') {
      const m = columns.get(tkey(c.table)) ?? new Map<string, string>();
      m.set(c.to, c.from);
      columns.set(tkey(c.table), m);
    }
  }
  return { tables, schemas, columns };
}

export const hasRenames = (r: RenamesInPlan) => r.tables.size + r.schemas.size + r.columns.size > 0;

/** The change with the names it has before every rename of the plan. */
export function withOldNames(c: Change, r: RenamesInPlan): Change {
  const oldTable = (t: TableRef): TableRef => r.tables.get(tkey(t)) ?? (r.schemas.has(t.schema) ? { schema: r.schemas.get(t.schema)!, name: t.name } : t);
  const colsOf = (t: TableRef) => {
    const m = r.columns.get(tkey(t));
    return (l: readonly string[]) => (m ? l.map((n) => m.get(n) ?? n) : l);
  };
  const fk = (owner: TableRef, f: ForeignKey): ForeignKey => {
    const ref = { schema: f.refSchema, name: f.refTable };
    const old = oldTable(ref);
    const own = colsOf(owner);
    return {
      ...f,
      columns: own(f.columns),
      ...(f.onDeleteColumns ? { onDeleteColumns: own(f.onDeleteColumns) } : {}),
      refSchema: old.schema,
      refTable: old.name,
      refColumns: colsOf(ref)(f.refColumns),
    };
  };
  switch (c.kind) {
    case 'drop_table': {
      const t: Table = c.table;
      return { ...c, table: { ...t, foreignKeys: t.foreignKeys.map((f) => fk(t, f)) } };
    }
    case 'drop_foreign_key':
      return { ...c, table: oldTable(c.table), foreignKey: fk(c.table, c.foreignKey) };
    case 'drop_primary_key':
      return { ...c, table: oldTable(c.table), primaryKey: { ...c.primaryKey, columns: colsOf(c.table)(c.primaryKey.columns), ...(c.primaryKey.include ? { include: colsOf(c.table)(c.primaryKey.include) } : {}) } };
    case 'drop_index': {
      const cols = colsOf(c.table);
      const keys = c.index.keys.map((k) => (k.kind === 'column' ? { ...k, column: cols([k.column])[0]! } : k));
      return { ...c, table: oldTable(c.table), index: { ...c.index, keys, include: cols(c.index.include) } };
    }
    case 'drop_trigger':
      return { ...c, table: oldTable(c.table), trigger: { ...c.trigger, updateOf: colsOf(c.table)(c.trigger.updateOf) } };
    default:
      return 'table' in c && c.kind !== 'create_table' ? ({ ...c, table: oldTable(c.table as TableRef) } as Change) : c;
  }
}
