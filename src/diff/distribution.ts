/**
 * Citus distribution changes (../ir/distribution.ts): tables distributed, undistributed or
 * altered (`alter_distributed_table`), schemas distributed or not.
 *
 * Colocation is compared by group members, not by name: a table keeps its group when the tables
 * distributed on both sides that share its group are the same before and after. A table that
 * joins a group names a member already distributed (one that stays where it is), else the
 * group's first new member, which starts the group with `colocate_with => 'none'`; that member
 * comes first among the steps (references first of all: distributed tables may point at them).
 */
import type { Catalog, Table } from '../ir/catalog.js';
import { tableKey, type Distribution } from '../ir/distribution.js';
import type { Change, DistributionProperty, TableRef } from './change.js';

type Distributed = Distribution & { readonly kind: 'distributed' };

const ref = (t: TableRef): TableRef => ({ schema: t.schema, name: t.name });
const groupOf = (t: Table): string | undefined => (t.distribution?.kind === 'distributed' ? (t.distribution.colocateWith ?? tableKey(t)) : undefined);

/** Members of each group, by group name. */
function groups(tables: readonly Table[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of tables) {
    const g = groupOf(t);
    if (g !== undefined) out.set(g, [...(out.get(g) ?? []), tableKey(t)]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** What both sides' colocation groups are, and which tables stay distributed. */
interface Groups {
  readonly cur: Map<string, string[]>;
  readonly des: Map<string, string[]>;
  readonly curByKey: ReadonlyMap<string, Table>;
  readonly desByKey: ReadonlyMap<string, Table>;
  /** Distributed (hashed) on both sides. */
  readonly both: ReadonlySet<string>;
}

function groupsOf(cur: Catalog, des: Catalog, pairs: readonly (readonly [Table, Table])[]): Groups {
  return {
    cur: groups(cur.tables),
    des: groups(des.tables),
    curByKey: new Map(cur.tables.map((t) => [tableKey(t), t])),
    desByKey: new Map(des.tables.map((t) => [tableKey(t), t])),
    both: new Set(pairs.filter(([c, d]) => c.distribution?.kind === 'distributed' && d.distribution?.kind === 'distributed').map(([, d]) => tableKey(d))),
  };
}

/**
 * The table a desired group is built around: one the files start it from (`colocate_with` none
 * or default; it carries the shard count) that is distributed already, else one the files
 * start it from, else one distributed already, else the first.
 */
function anchorOf(g: Groups, group: string): string {
  const members = g.des.get(group) ?? [];
  const starts = (k: string) => (g.desByKey.get(k)?.distribution as Distributed | undefined)?.starts !== undefined;
  return members.find((k) => starts(k) && g.both.has(k)) ?? members.find(starts) ?? members.find((k) => g.both.has(k)) ?? members[0]!;
}

/**
 * Tables whose distribution changes (or that become distributed or plain) among those both
 * catalogs hold: their foreign keys, both ways, are dropped before and added after.
 */
export function redistributedTables(cur: Catalog, des: Catalog, pairs: readonly (readonly [Table, Table])[]): Set<string> {
  const g = groupsOf(cur, des, pairs);
  return new Set(pairs.filter(([c, d]) => c.distribution?.kind !== d.distribution?.kind || alteredProperties(c, d, g).length > 0).map(([, d]) => tableKey(d)));
}

function alteredProperties(c: Table, d: Table, g: Groups): DistributionProperty[] {
  const from = c.distribution;
  const to = d.distribution;
  if (from?.kind !== 'distributed' || to?.kind !== 'distributed') return [];
  const out: DistributionProperty[] = [];
  if (from.column !== to.column) out.push('column');
  const key = tableKey(d);
  const anchor = anchorOf(g, groupOf(d)!);
  // The anchor stays where it is unless it shares its group with another group's anchor; the
  // others join their anchor unless they are colocated with it already (and it stays).
  const moves = anchor === key ? anchorMoves(g, key) : !(g.both.has(anchor) && currentPeers(g, key).includes(anchor) && !anchorMoves(g, anchor));
  if (to.shardCount !== undefined && to.shardCount !== from.shardCount && !(moves && anchor !== key)) out.push('shard_count');
  if (moves) out.push('colocation');
  return out;
}

/** The tables distributed on both sides that share `key`'s current group. */
function currentPeers(g: Groups, key: string): string[] {
  const c = g.curByKey.get(key);
  return c && groupOf(c) !== undefined ? (g.cur.get(groupOf(c)!) ?? []).filter((k) => k !== key && g.both.has(k)) : [];
}

/** An anchor that stays distributed moves to a group of its own when another group's anchor shares its group now. */
function anchorMoves(g: Groups, key: string): boolean {
  if (!g.both.has(key)) return false;
  const group = groupOf(g.desByKey.get(key)!);
  return currentPeers(g, key).some((k) => {
    const other = groupOf(g.desByKey.get(k)!)!;
    return other !== group && anchorOf(g, other) === k;
  });
}

export function distributionChanges(cur: Catalog, des: Catalog, pairs: readonly (readonly [Table, Table])[]): Change[] {
  const curByKey = new Map(cur.tables.map((t) => [tableKey(t), t]));
  const g = groupsOf(cur, des, pairs);

  const undistribute: Change[] = [];
  const references: Change[] = [];
  const distribute: { change: Change; starts: boolean }[] = [];
  const alters: Change[] = [];
  const joining: Change[] = [];

  /** The table `d` joins when placed; undefined: it starts its group. */
  const anchor = (d: Table): string | undefined => {
    const a = anchorOf(g, groupOf(d)!);
    return a === tableKey(d) ? undefined : a;
  };
  const place = (d: Table) => {
    const dist = d.distribution!;
    if (dist.kind === 'reference') {
      references.push({ kind: 'distribute_table', table: ref(d), distribution: dist });
      return;
    }
    const a = anchor(d);
    const alone = (g.des.get(groupOf(d)!) ?? []).length === 1;
    const colocateWith = a ?? (alone && dist.starts !== 'none' ? undefined : 'none');
    distribute.push({ change: { kind: 'distribute_table', table: ref(d), distribution: dist, ...(colocateWith !== undefined ? { colocateWith } : {}) }, starts: a === undefined });
  };

  const altered: { c: Table; d: Table; changed: DistributionProperty[] }[] = [];
  for (const d of des.tables) {
    const c = curByKey.get(tableKey(d));
    const from = c?.distribution;
    const to = d.distribution;
    if (!c) {
      if (to) place(d);
      continue;
    }
    if (from && (!to || from.kind !== to.kind)) undistribute.push({ kind: 'undistribute_table', table: ref(d), distribution: from });
    if (to && (!from || from.kind !== to.kind)) place(d);
    const changed = alteredProperties(c, d, g);
    if (changed.length) altered.push({ c, d, changed });
  }
  // A new shard count reaches a group's other tables from the first that asks for it.
  const cascaded = new Set<string>();
  for (const a of altered) {
    const key = tableKey(a.d);
    const changed = cascaded.has(key) ? a.changed.filter((p) => p !== 'shard_count') : a.changed;
    if (!changed.length) continue;
    const peers = (g.des.get(groupOf(a.d)!) ?? []).filter((k) => k !== key && g.both.has(k));
    const cascade = changed.includes('shard_count') && !changed.includes('colocation') && peers.length > 0;
    if (cascade) for (const k of peers) cascaded.add(k);
    const colocateWith = changed.includes('colocation') ? (anchor(a.d) ?? 'none') : undefined;
    const change: Change = { kind: 'alter_distribution', table: ref(a.d), from: a.c.distribution as Distributed, to: a.d.distribution as Distributed, changed, ...(colocateWith !== undefined ? { colocateWith } : {}), ...(cascade ? { cascade: true as const } : {}) };
    // A table that starts a group again goes before those that join it.
    (colocateWith === undefined || colocateWith === 'none' ? alters : joining).push(change);
  }
  // A dropped table goes with DROP TABLE, its shards with it: nothing to undistribute.

  const curSchemas = new Map(cur.schemas.map((s) => [s.name, s]));
  const schemas: Change[] = [];
  for (const s of des.schemas) {
    if (s.distributed && !curSchemas.get(s.name)?.distributed) schemas.push({ kind: 'distribute_schema', schema: s.name, ...(curSchemas.has(s.name) ? {} : { created: true as const }) });
  }
  const desSchemas = new Map(des.schemas.map((s) => [s.name, s]));
  for (const s of cur.schemas) {
    const d = desSchemas.get(s.name);
    if (s.distributed && d && !d.distributed) schemas.push({ kind: 'undistribute_schema', schema: s.name });
  }
  return [
    ...undistribute,
    ...references,
    ...distribute.filter((x) => x.starts).map((x) => x.change),
    ...distribute.filter((x) => !x.starts).map((x) => x.change),
    ...alters,
    ...joining,
    ...schemas,
  ];
}
