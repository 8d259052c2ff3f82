/**
 * Citus distribution of a pulled table (../ir/distribution.ts), in the form that compiles back to
 * the same groups: a reference table is `reference: true`; the first table of a colocation group
 * (by `schema.table`) starts it with `colocate_with: none` and its shard count, the others name
 * its resource. A group whose first table is not pulled is started again by the table (`none`).
 */
import type { Table } from '../ir/catalog.js';
import type { PullContext } from './context.js';
import { ymap, type Y } from './yaml-tree.js';

export function distributionEntries(ctx: PullContext, t: Table): [string, Y | undefined][] {
  const d = t.distribution;
  if (!d) return [];
  if (d.kind === 'reference') return [['reference', true]];
  const joins = d.colocateWith !== undefined && ctx.pulled.has(d.colocateWith) ? ctx.names.get(d.colocateWith) : undefined;
  return [['distribution', ymap([['column', d.column], ['colocate_with', joins ?? 'none'], ['shard_count', joins === undefined ? d.shardCount : undefined]])]];
}
