/**
 * How a table is kept on disk and read by replication, beside its shape: a column's
 * statistics target, storage and compression (`statistics`, `storage`, `compression` on an
 * attribute) and the planner's count of its distinct values (`n_distinct`, `n_distinct_inherited`), the table's REPLICA IDENTITY and the index it is CLUSTERed ON (`postgres.
 * replica_identity`, `postgres.cluster_on`). The index they name is checked here, once every
 * index of the table is compiled: PostgreSQL would refuse the same at apply time.
 */
import type { Column, Index, PrimaryKey, ReplicaIdentity, Table } from '../ir/catalog.js';
import type { Attribute, Resource } from '../model/resource.js';
import { child } from '../model/source.js';
import { closest } from '../util/suggest.js';
import { compileError, type CompileContext } from './context.js';

/** Types of a fixed length: their values are always PLAIN and never compressed. */
const FIXED_LENGTH = /^(smallint|integer|bigint|real|double precision|boolean|uuid|date|money|oid|time(stamp)?(\(\d+\))?( with(out)? time zone)?)$/;

/** The attribute's `statistics`, `storage` and `compression`, as column fields. */
export function columnOptions(ctx: CompileContext, resource: Resource, attr: Attribute, type: string): Pick<Column, 'statistics' | 'storage' | 'compression' | 'nDistinct' | 'nDistinctInherited'> {
  const fixed = FIXED_LENGTH.test(type);
  if (fixed && attr.storage !== undefined && attr.storage !== 'plain') {
    compileError(ctx, 'column_options', `\`${resource.name}.${attr.name}\` is ${type}, whose values have a fixed length: PostgreSQL stores them PLAIN only, not ${attr.storage.toUpperCase()}`, child(attr.src, 'storage'), {
      suggestion: 'remove `storage`',
    });
  }
  if (fixed && attr.compression !== undefined) {
    compileError(ctx, 'column_options', `\`${resource.name}.${attr.name}\` is ${type}, whose values have a fixed length and are never compressed`, child(attr.src, 'compression'), {
      suggestion: 'remove `compression`',
    });
  }
  return {
    ...(attr.statistics !== undefined ? { statistics: attr.statistics } : {}),
    // PLAIN on a fixed-length type is its own storage: nothing to set.
    ...(attr.storage !== undefined && !(fixed && attr.storage === 'plain') ? { storage: attr.storage } : {}),
    ...(attr.compression !== undefined && !fixed ? { compression: attr.compression } : {}),
    ...(attr.nDistinct !== undefined ? { nDistinct: attr.nDistinct } : {}),
    ...(attr.nDistinctInherited !== undefined ? { nDistinctInherited: attr.nDistinctInherited } : {}),
  };
}

/** `replicaIdentity` and `clusterOn` of the compiled table, with their index checked. */
export function tableOptions(ctx: CompileContext, resource: Resource, table: Table): Pick<Table, 'replicaIdentity' | 'clusterOn'> {
  const out: { replicaIdentity?: ReplicaIdentity; clusterOn?: string } = {};
  const indexes = new Map<string, Index | PrimaryKey>(table.indexes.map((i) => [i.name, i]));
  if (table.primaryKey) indexes.set(table.primaryKey.name, table.primaryKey);
  const known = (name: string, src: Resource['src'], key: string): boolean => {
    if (indexes.has(name)) return true;
    const near = closest(name, indexes.keys());
    const names = [...indexes.keys()].map((n) => `\`${n}\``).join(', ');
    compileError(ctx, key, `\`${key}\` of resource ${resource.name} names the index \`${name}\`, which the table ${table.name} does not have`, src, {
      suggestion: near ? `did you mean \`${near}\`?` : names ? `name one of its indexes: ${names}` : 'declare the index (an identity or a custom index) first',
    });
    return false;
  };
  const ri = resource.replicaIdentity;
  if (ri) {
    if (typeof ri.value === 'string') out.replicaIdentity = ri.value;
    else if (known(ri.value.index, ri.src, 'replica_identity') && usableIdentity(ctx, resource, table, indexes.get(ri.value.index)!, ri.src)) out.replicaIdentity = { index: ri.value.index };
  }
  const cl = resource.clusterOn;
  if (cl) {
    if (table.partitionBy !== undefined) {
      compileError(ctx, 'cluster_on', `resource ${resource.name} is partitioned: PostgreSQL cannot mark an index of a partitioned table clustered`, cl.src, {
        suggestion: 'remove `cluster_on` (a partition\'s own is not managed)',
      });
    } else if (known(cl.index, cl.src, 'cluster_on')) out.clusterOn = cl.index;
  }
  return out;
}

/** REPLICA IDENTITY USING INDEX takes a unique, immediate, non-partial index on NOT NULL columns. */
function usableIdentity(ctx: CompileContext, resource: Resource, table: Table, index: Index | PrimaryKey, src: Resource['src']): boolean {
  if (!('keys' in index)) return !index.deferrable || fail('is deferrable');
  const nullable = index.keys.flatMap((k) => (k.kind === 'column' && table.columns.find((c) => c.name === k.column)?.nullable ? [k.column] : []));
  if (!index.unique) return fail('is not unique');
  if (index.where !== undefined) return fail('is partial (it has a WHERE)');
  if (index.deferrable) return fail('is deferrable');
  if (index.exclusion) return fail('is an exclusion constraint');
  if (index.keys.some((k) => k.kind === 'expression')) return fail('has an expression key');
  if (nullable.length) return fail(`is on ${nullable.map((n) => `\`${n}\``).join(', ')}, which can be NULL`, `make ${nullable.map((n) => `\`${n}\``).join(', ')} \`allow_nil: false\`, or use \`replica_identity: full\``);
  return true;

  function fail(what: string, suggestion = 'name a unique index that is not partial nor deferrable, on NOT NULL columns, or use `replica_identity: full`'): false {
    compileError(ctx, 'replica_identity', `\`replica_identity\` of resource ${resource.name}: the index \`${index.name}\` ${what}, and PostgreSQL takes only a unique, non-partial, non-deferrable index on NOT NULL columns`, src, { suggestion });
    return false;
  }
}
