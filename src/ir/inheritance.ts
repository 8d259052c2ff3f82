/**
 * Table inheritance in a catalog (`Table.inherits`): what a table has from its parents. A
 * table lists only its own columns and checks; the ones it inherits are its ancestors'.
 */
import type { Check, Column, Table, TableName } from './catalog.js';

const key = (t: TableName) => `${t.schema}.${t.name}`;

/**
 * The columns `t` has from its parents (every ancestor's own columns, nearest parent first,
 * each name once), by name. Parents outside `tables` add nothing.
 */
export function inheritedColumns(tables: ReadonlyMap<string, Table>, t: Table): Map<string, Column> {
  const out = new Map<string, Column>();
  for (const a of ancestors(tables, t)) {
    for (const c of a.columns) {
      const had = out.get(c.name);
      // NOT NULL on any ancestor reaches the table.
      if (!had) out.set(c.name, c);
      else if (had.nullable && !c.nullable) out.set(c.name, { ...had, nullable: false });
    }
  }
  return out;
}

/** The checks `t` has from its parents (every ancestor's own, except NO INHERIT ones), by name. */
export function inheritedChecks(tables: ReadonlyMap<string, Table>, t: Table): Map<string, Check> {
  const out = new Map<string, Check>();
  for (const a of ancestors(tables, t)) for (const c of a.checks) if (!c.noInherit && !out.has(c.name)) out.set(c.name, c);
  return out;
}

/** Every ancestor of `t` in `tables`, parents first (in order), each once. */
export function ancestors(tables: ReadonlyMap<string, Table>, t: Table): Table[] {
  const out: Table[] = [];
  const seen = new Set([key(t)]);
  const queue = [...(t.inherits ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(key(p))) continue;
    seen.add(key(p));
    const parent = tables.get(key(p));
    if (!parent) continue;
    out.push(parent);
    queue.push(...(parent.inherits ?? []));
  }
  return out;
}

/** The tables by `schema.name`. */
export function tablesByKey(tables: readonly Table[]): Map<string, Table> {
  return new Map(tables.map((t) => [key(t), t]));
}
