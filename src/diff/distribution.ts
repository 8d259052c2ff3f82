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

/**
 * Tables whose distribution changes (or that become distributed or plain) among those both
 * catalogs hold: their foreign keys, both ways, are dropped before and added after.
 */
export function redistributedTables(cur: Catalog, des: Catalog, pairs: readonly (readonly [Table, Table])[]): Set<string> {
  const curGroups = groups(cur.tables);
  const desGroups = groups(des.tables);
  const both = bothDistributed(pairs);
  return new Set(pairs.filter(([c, d]) => c.distribution?.kind !== d.distribution?.kind || alteredProperties(c, d, curGroups, desGroups, both).length > 0).map(([, d]) => tableKey(d)));
}

function bothDistributed(pairs: readonly (readonly [Table, Table])[]): Set<string> {
  return new Set(pairs.filter(([c, d]) => c.distribution?.kind === 'distributed' && d.distribution?.kind === 'distributed').map(([, d]) => tableKey(d)));
}

function sameMembers(c: Table, d: Table, curGroups: Map<string, string[]>, desGroups: Map<string, string[]>, both: ReadonlySet<string>): boolean {
  const a = (curGroups.get(groupOf(c)!) ?? []).filter((k) => both.has(k)).join();
  const b = (desGroups.get(groupOf(d)!) ?? []).filter((k) => both.has(k)).join();
  return a === b;
}

function alteredProperties(c: Table, d: Table, curGroups: Map<string, string[]>, desGroups: Map<string, string[]>, both: ReadonlySet<string>): DistributionProperty[] {
  const from = c.distribution;
  const to = d.distribution;
  if (from?.kind !== 'distributed' || to?.kind !== 'distributed') return [];
  const out: DistributionProperty[] = [];
  if (from.column !== to.column) out.push('column');
  if (to.shardCount !== undefined && to.shardCount !== from.shardCount) out.push('shard_count');
  if (!sameMembers(c, d, curGroups, desGroups, both)) out.push('colocation');
  return out;
}

export function distributionChanges(cur: Catalog, des: Catalog, pairs: readonly (readonly [Table, Table])[]): Change[] {
  const curByKey = new Map(cur.tables.map((t) => [tableKey(t), t]));
  const desByKey = new Map(des.tables.map((t) => [tableKey(t), t]));
  const curGroups = groups(cur.tables);
  const desGroups = groups(des.tables);
  // Distributed on both sides in the same way: these stay put and can anchor a group.
  const both = bothDistributed(pairs);
  const settled = new Set([...both].filter((k) => {
    const pair = pairs.find(([, d]) => tableKey(d) === k)!;
    return alteredProperties(pair[0], pair[1], curGroups, desGroups, both).length === 0;
  }));

  const undistribute: Change[] = [];
  const references: Change[] = [];
  const distribute: { change: Change; starts: boolean }[] = [];
  const alters: Change[] = [];
  const cascaded = new Set<string>();

  /** The member of `d`'s desired group a newly placed table joins; undefined: it starts the group. */
  const anchor = (d: Table): string | undefined => {
    const members = desGroups.get(groupOf(d)!) ?? [];
    const placed = members.find((k) => settled.has(k) && k !== tableKey(d));
    if (placed) return placed;
    // The table the files start the group from (it carries the shard count), else the first.
    const root = members.find((k) => desByKey.get(k)?.distribution?.kind === 'distributed' && (desByKey.get(k)!.distribution as Distributed).starts !== undefined) ?? members[0]!;
    return root === tableKey(d) ? undefined : root;
  };
  const place = (d: Table) => {
    const dist = d.distribution!;
    if (dist.kind === 'reference') {
      references.push({ kind: 'distribute_table', table: ref(d), distribution: dist });
      return;
    }
    const a = anchor(d);
    const alone = (desGroups.get(groupOf(d)!) ?? []).length === 1;
    const colocateWith = a ?? (alone && dist.starts !== 'none' ? undefined : 'none');
    distribute.push({ change: { kind: 'distribute_table', table: ref(d), distribution: dist, ...(colocateWith !== undefined ? { colocateWith } : {}) }, starts: a === undefined });
  };

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
    if (from?.kind !== 'distributed' || to?.kind !== 'distributed') continue;
    let changed = alteredProperties(c, d, curGroups, desGroups, both);
    if (cascaded.has(tableKey(d))) changed = changed.filter((p) => p !== 'shard_count');
    if (!changed.length) continue;
    const peers = (desGroups.get(groupOf(d)!) ?? []).filter((k) => k !== tableKey(d) && both.has(k));
    const cascade = changed.includes('shard_count') && !changed.includes('colocation') && peers.length > 0;
    if (cascade) for (const k of peers) cascaded.add(k);
    const colocateWith = changed.includes('colocation') ? (anchor(d) ?? 'none') : undefined;
    alters.push({ kind: 'alter_distribution', table: ref(d), from: from as Distributed, to: to as Distributed, changed, ...(colocateWith !== undefined ? { colocateWith } : {}), ...(cascade ? { cascade: true as const } : {}) });
  }
  // A dropped table goes with DROP TABLE, its shards with it: nothing to undistribute.

  const curSchemas = new Map(cur.schemas.map((s) => [s.name, s]));
  const schemas: Change[] = [];
  for (const s of des.schemas) {
    if (s.distributed && !curSchemas.get(s.name)?.distributed) schemas.push({ kind: 'distribute_schema', schema: s.name });
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
    ...schemas,
  ];
}
