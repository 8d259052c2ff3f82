/**
 * Partition trees and inheritance in a catalog: how deep a table sits (0 for a table that is
 * no partition and inherits from no table), and the orders that need it — parents created
 * before their partitions and inheritance children, those dropped before their parents.
 */
import type { Table } from './catalog.js';

const key = (t: { readonly schema: string; readonly name: string }) => `${t.schema}.${t.name}`;

/**
 * Depth of each table: 0 for a root (or an ordinary table), the deepest parent's depth + 1 for
 * a partition or an inheritance child.
 */
export function partitionDepths(tables: readonly Table[]): Map<Table, number> {
  const byKey = new Map(tables.map((t) => [key(t), t]));
  const out = new Map<Table, number>();
  const depth = (t: Table, seen: number): number => {
    const known = out.get(t);
    if (known !== undefined) return known;
    const parents = [...(t.partitionOf ? [t.partitionOf] : []), ...(t.inherits ?? [])];
    // A parent outside the list (or a cycle, which PostgreSQL cannot hold) counts as a root.
    const d = parents.length === 0 ? 0 : Math.max(...parents.map((p) => {
      const parent = byKey.get(key(p));
      return parent && seen < tables.length ? depth(parent, seen + 1) + 1 : 1;
    }));
    out.set(t, d);
    return d;
  };
  for (const t of tables) depth(t, 0);
  return out;
}

/** The tables with every parent before its partitions; otherwise in the given order. */
export function parentsFirst<T extends Table>(tables: readonly T[]): T[] {
  const d = partitionDepths(tables);
  return [...tables].sort((a, b) => d.get(a)! - d.get(b)!);
}

/** The tables with every partition before its parent; otherwise in the given order. */
export function partitionsFirst<T extends Table>(tables: readonly T[]): T[] {
  const d = partitionDepths(tables);
  return [...tables].sort((a, b) => d.get(b)! - d.get(a)!);
}

/**
 * The root of each table's partition tree (itself when it is none), by `schema.name`. Tables
 * joined by inheritance are one tree too: its first table by name is the root.
 */
export function partitionRoots(tables: readonly Table[]): Map<Table, string> {
  const byKey = new Map(tables.map((x) => [key(x), x]));
  const out = new Map<Table, string>();
  for (const t of tables) {
    let at: Table = t;
    let root: string | undefined;
    for (let i = 0; i <= tables.length && at.partitionOf; i++) {
      const parent = byKey.get(key(at.partitionOf));
      if (!parent) {
        root = key(at.partitionOf);
        break;
      }
      at = parent;
    }
    out.set(t, root ?? key(at));
  }
  if (!tables.some((t) => t.inherits)) return out;
  // Inheritance joins trees (a child may have several parents): union by root.
  const up = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (up.has(r) && up.get(r) !== r) r = up.get(r)!;
    return r;
  };
  const join = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) up.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const t of tables) {
    for (const p of t.inherits ?? []) {
      const parent = byKey.get(key(p));
      if (parent) join(out.get(t)!, out.get(parent)!);
    }
  }
  for (const t of tables) out.set(t, find(out.get(t)!));
  return out;
}
