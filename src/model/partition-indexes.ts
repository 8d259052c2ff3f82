/** The partitions of a resource, at every depth, with their own `custom_indexes:`. */
import type { CustomIndex, PartitionDef, Resource } from './resource.js';

/** Every partition of `defs` and of their sub-partitions, in file order. */
export function allPartitions(defs: readonly PartitionDef[] | undefined): PartitionDef[] {
  return (defs ?? []).flatMap((p) => [p, ...allPartitions(p.partitions)]);
}

/** The indexes the partitions of `r` declare for themselves, each with its partition. */
export function partitionIndexes(r: Pick<Resource, 'partitions'>): { readonly partition: PartitionDef; readonly index: CustomIndex; readonly position: number }[] {
  return allPartitions(r.partitions).flatMap((partition) => partition.customIndexes.map((index, position) => ({ partition, index, position })));
}

/** A resource's custom indexes and its partitions' own, for the checks that treat them alike. */
export function everyCustomIndex(r: Pick<Resource, 'customIndexes' | 'partitions'>): CustomIndex[] {
  return [...r.customIndexes, ...partitionIndexes(r).map((p) => p.index)];
}
