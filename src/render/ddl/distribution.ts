/**
 * Citus's functions for distributed tables and schemas (Citus 11.1 and later take the named
 * arguments used here). Table names are passed as text that Citus parses as a qualified name,
 * so they are quoted identifiers inside a string literal; a column is passed by its plain name.
 */
import type { Distribution } from '../../ir/distribution.js';
import { ident, qname, stringLiteral } from '../../sql/quote.js';
import type { TableRef } from './names.js';

const regclass = (t: TableRef) => stringLiteral(qname(t.schema, t.name));

/** `schema.table` (a colocation name) or `none` → the text Citus reads. */
function colocateText(colocateWith: string): string {
  if (colocateWith === 'none' || colocateWith === 'default') return stringLiteral(colocateWith);
  const dot = colocateWith.indexOf('.');
  return regclass({ schema: colocateWith.slice(0, dot), name: colocateWith.slice(dot + 1) });
}

/** `create_distributed_table` or `create_reference_table`. */
export function distributeTable(t: TableRef, d: Distribution, colocateWith: string | undefined): string {
  if (d.kind === 'reference') return `SELECT create_reference_table(${regclass(t)})`;
  const args = [regclass(t), stringLiteral(d.column)];
  if (colocateWith !== undefined) args.push(`colocate_with => ${colocateText(colocateWith)}`);
  // A table that joins another's group has that group's shards.
  if (d.shardCount !== undefined && (colocateWith === undefined || colocateWith === 'none')) args.push(`shard_count => ${d.shardCount}`);
  return `SELECT create_distributed_table(${args.join(', ')})`;
}

export function undistributeTable(t: TableRef): string {
  return `SELECT undistribute_table(${regclass(t)})`;
}

export interface AlterDistribution {
  readonly column?: string;
  readonly shardCount?: number;
  readonly colocateWith?: string;
  readonly cascade?: boolean;
}

export function alterDistributedTable(t: TableRef, a: AlterDistribution): string {
  const args = [regclass(t)];
  if (a.column !== undefined) args.push(`distribution_column => ${stringLiteral(a.column)}`);
  if (a.shardCount !== undefined) args.push(`shard_count => ${a.shardCount}`);
  if (a.colocateWith !== undefined) args.push(`colocate_with => ${colocateText(a.colocateWith)}`);
  if (a.cascade) args.push('cascade_to_colocated => true');
  return `SELECT alter_distributed_table(${args.join(', ')})`;
}

export function distributeSchema(schema: string): string {
  return `SELECT citus_schema_distribute(${stringLiteral(ident(schema))})`;
}

export function undistributeSchema(schema: string): string {
  return `SELECT citus_schema_undistribute(${stringLiteral(ident(schema))})`;
}
