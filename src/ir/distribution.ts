/**
 * How Citus spreads a table over its nodes (`create_distributed_table`, `create_reference_table`).
 *
 * A distributed table is hashed on one column into shards. Tables of one colocation group share
 * their shards' placement, so joins and foreign keys on the distribution column stay on one node.
 * Colocation is kept as a name that both sides of a comparison can compute: `colocateWith` is the
 * first member of the table's group by `schema.table` (absent when the table is that member, or
 * alone). Compiled, groups come from the files (`colocate_with`, or Citus's default: same column
 * type and shard count); inspected, from `pg_dist_partition.colocationid`. The differ compares
 * groups by their members, never by the name alone (src/diff/distribution.ts).
 */
export type Distribution =
  | {
      readonly kind: 'distributed';
      /** The distribution column. */
      readonly column: string;
      /** The first member of its colocation group, `schema.table`; absent: this table is, or it is alone. */
      readonly colocateWith?: string;
      /**
       * The number of shards. Compiled: only when the files give it (absent: Citus's
       * `citus.shard_count`, left as it is); inspected: always.
       */
      readonly shardCount?: number;
      /**
       * Compiled only: the files start a group here (`colocate_with: none`, or `default`) rather
       * than name a table to join; a new group is created from such a table first.
       */
      readonly starts?: 'none' | 'default';
    }
  | { readonly kind: 'reference' };

/** `schema.table`, the spelling colocation names use. */
export const tableKey = (t: { readonly schema: string; readonly name: string }): string => `${t.schema}.${t.name}`;
