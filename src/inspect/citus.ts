/**
 * Citus's metadata (queries/citus.sql) → the IR's `Table.distribution` and `Schema.distributed`.
 * Colocation groups become the name of their first member (../ir/distribution.ts), the way the
 * compiler names them, so the differ compares the same thing on both sides.
 */
import type { Distribution } from '../ir/distribution.js';

/** One row of queries/citus.sql, as the driver returns it (bigint as text). */
export interface CitusRow {
  readonly kind: 'table' | 'schema';
  readonly schema: string;
  readonly name: string | null;
  readonly type: 'distributed' | 'reference' | 'other' | 'schema';
  readonly column_name: string | null;
  readonly colocation_id: string | number;
  readonly shard_count: number | null;
}

export interface CitusMetadata {
  /** By `schema.table`. */
  readonly tables: ReadonlyMap<string, Distribution>;
  readonly distributedSchemas: ReadonlySet<string>;
}

export const NO_CITUS: CitusMetadata = { tables: new Map(), distributedSchemas: new Set() };

export function citusFromRows(rows: readonly CitusRow[]): CitusMetadata {
  const tables = new Map<string, Distribution>();
  const distributed = rows.filter((r) => r.kind === 'table' && r.type === 'distributed' && r.name !== null && r.column_name !== null);
  const firstOfGroup = new Map<string, string>();
  for (const r of distributed) {
    const key = `${r.schema}.${r.name}`;
    const group = String(r.colocation_id);
    const first = firstOfGroup.get(group);
    if (first === undefined || key < first) firstOfGroup.set(group, key);
  }
  for (const r of distributed) {
    const key = `${r.schema}.${r.name}`;
    const first = firstOfGroup.get(String(r.colocation_id))!;
    tables.set(key, {
      kind: 'distributed',
      column: r.column_name!,
      ...(first !== key ? { colocateWith: first } : {}),
      ...(r.shard_count !== null ? { shardCount: Number(r.shard_count) } : {}),
    });
  }
  for (const r of rows) if (r.kind === 'table' && r.type === 'reference' && r.name !== null) tables.set(`${r.schema}.${r.name}`, { kind: 'reference' });
  return { tables, distributedSchemas: new Set(rows.filter((r) => r.kind === 'schema').map((r) => r.schema)) };
}
