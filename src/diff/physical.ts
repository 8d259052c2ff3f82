/**
 * REPLICA IDENTITY and CLUSTER ON of a table on both sides. Both name an index: they are set
 * again when that index is built again in the same plan (a new index is not marked), and
 * changed in place otherwise. Pure: (table, current, desired, the table's other changes) → changes.
 */
import type { ReplicaIdentity, Table } from '../ir/catalog.js';
import type { Change, TableRef } from './change.js';
import { sameJson } from './compare.js';

/** Names of the indexes (and primary key) the table's changes create. */
function builtIndexes(r: TableRef, changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'create_index' && c.table.schema === r.schema && c.table.name === r.name) out.add(c.index.name);
    if (c.kind === 'add_primary_key' && c.table.schema === r.schema && c.table.name === r.name) out.add(c.primaryKey.name);
  }
  return out;
}

const indexOf = (ri: ReplicaIdentity | undefined): string | undefined => (ri !== undefined && typeof ri === 'object' ? ri.index : undefined);

export function physicalChanges(r: TableRef, cur: Table, des: Table, tableChanges: readonly Change[]): Change[] {
  const out: Change[] = [];
  const built = builtIndexes(r, tableChanges);
  const replicaIndex = indexOf(des.replicaIdentity);
  if (!sameJson(cur.replicaIdentity ?? null, des.replicaIdentity ?? null) || (replicaIndex !== undefined && built.has(replicaIndex))) {
    out.push({ kind: 'set_replica_identity', table: r, ...(cur.replicaIdentity !== undefined ? { from: cur.replicaIdentity } : {}), ...(des.replicaIdentity !== undefined ? { to: des.replicaIdentity } : {}) });
  }
  if (cur.clusterOn !== des.clusterOn || (des.clusterOn !== undefined && built.has(des.clusterOn))) {
    out.push({ kind: 'set_cluster_on', table: r, ...(cur.clusterOn !== undefined ? { from: cur.clusterOn } : {}), ...(des.clusterOn !== undefined ? { to: des.clusterOn } : {}) });
  }
  return out;
}

/** A new table's: once its indexes exist. */
export function createdPhysical(r: TableRef, t: Table): Change[] {
  return [
    ...(t.replicaIdentity !== undefined ? [{ kind: 'set_replica_identity' as const, table: r, to: t.replicaIdentity }] : []),
    ...(t.clusterOn !== undefined ? [{ kind: 'set_cluster_on' as const, table: r, to: t.clusterOn }] : []),
  ];
}
