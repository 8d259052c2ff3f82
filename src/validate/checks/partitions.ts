/**
 * Partitioned tables (`partition_by`, `partitions`):
 *
 *   partitions without partition_by, an unknown key column             partition_options / unknown_column
 *   a partition's column_defaults naming no attribute                  unknown_column
 *   a partition's foreign key: unknown fields, destination or its       unknown_column / unknown_resource /
 *   fields, or not as many fields on both sides                        reference_options
 *   a bound that does not fit the strategy or the key                  partition_bound
 *   a primary key or unique index without every key column             partition_key_unique
 *   an index built CONCURRENTLY, an UNLOGGED partitioned table         partition_options
 */
import type { PartitionDef, PartitionForeignKey, PartitionKey, Resource } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { CHECK } from '../codes.js';
import { requireColumn, type CheckContext } from './report.js';
import { didYouMeanNear } from '../suggest-value.js';
import { partitionIndexes } from '../../model/partition-indexes.js';

const BOUND_OF = { range: '`from` and `to`', list: '`in`', hash: '`modulus` and `remainder`' } as const;

function checkKey(ctx: CheckContext, r: Resource, key: PartitionKey): void {
  for (const k of key.keys) if (k.kind === 'column') requireColumn(ctx, r, k.column, k.src, `\`keys\` of \`partition_by\` of resource ${r.name}`);
  if (key.strategy === 'list' && key.keys.length > 1) {
    ctx.report(CHECK.partitionBound, `\`partition_by\` of resource ${r.name} is a list partitioning on ${key.keys.length} keys; PostgreSQL lists values of one key only`, child(key.src, 'keys'), { suggestion: 'keep one key, or use `strategy: range` or `hash`' });
  }
}

function checkPartitions(ctx: CheckContext, r: Resource, key: PartitionKey | undefined, defs: readonly PartitionDef[], ownerSrc: Src): void {
  if (!key) {
    if (defs.length) ctx.report(CHECK.partitionOptions, `resource ${r.name} lists \`partitions\` but has no \`partition_by\``, child(ownerSrc, 'partitions'), { suggestion: 'add `partition_by: { strategy: range, keys: [column] }` beside `partitions`' });
    return;
  }
  checkKey(ctx, r, key);
  const n = key.keys.length;
  for (const p of defs) {
    const b = p.bound;
    const where = `partition \`${p.name}\` of resource ${r.name}`;
    const wrong = (message: string, at: Src, suggestion: string) => ctx.report(CHECK.partitionBound, `${where} ${message}`, at, { suggestion });
    if (b.kind === 'none') {
      if (!p.detached) wrong(`has no bound`, p.src, `give it ${BOUND_OF[key.strategy]}${key.strategy !== 'hash' ? ', or `default: true`' : ''} (the key is partitioned by ${key.strategy}), or \`detached: true\``);
    } else if (b.kind === 'default') {
      if (key.strategy === 'hash') wrong('is a default partition, which a hash partitioning cannot have', child(p.src, 'default'), 'give it `modulus` and `remainder`');
    } else if (b.kind !== key.strategy) {
      const at = b.kind === 'range' ? child(p.src, 'from') : b.kind === 'list' ? child(p.src, 'in') : child(p.src, 'modulus');
      wrong(`has a ${b.kind} bound, but the table is partitioned by ${key.strategy}`, at, `give it ${BOUND_OF[key.strategy]} instead`);
    } else if (b.kind === 'range') {
      for (const [side, vals] of [['from', b.from], ['to', b.to]] as const) {
        if (vals.length !== n) wrong(`has ${vals.length} value${vals.length === 1 ? '' : 's'} in \`${side}\` for a key of ${n} column${n === 1 ? '' : 's'}`, child(p.src, side), `write one value per key (${key.keys.map((k) => (k.kind === 'column' ? k.column : k.sql)).join(', ')})`);
        else if (vals.some((v) => v === null)) wrong(`has null in \`${side}\`; a range bound cannot be NULL`, child(p.src, side), 'use MINVALUE or MAXVALUE for an open end');
      }
    } else if (b.kind === 'list') {
      if (b.values.some((v) => v === 'MINVALUE' || v === 'MAXVALUE')) wrong('lists MINVALUE or MAXVALUE, which only range bounds take', child(p.src, 'in'), 'list the values themselves');
    } else if (b.kind === 'hash' && !(ctx.written(p.src, 'modulus') && ctx.written(p.src, 'remainder'))) {
      wrong('needs both `modulus` and `remainder`', ctx.written(p.src, 'modulus') ? child(p.src, 'modulus') : child(p.src, 'remainder'), 'write `{ modulus: N, remainder: R }` with R from 0 to N - 1');
    } else if (b.kind === 'hash' && b.remainder >= b.modulus) {
      wrong(`has remainder ${b.remainder}, which is not below its modulus ${b.modulus}`, child(p.src, 'remainder'), `use a remainder from 0 to ${b.modulus - 1}`);
    }
    for (const d of p.columnDefaults) requireColumn(ctx, r, d.attribute, d.src, `\`column_defaults\` of ${where}`, 'key');
    for (const [i, fk] of p.foreignKeys.entries()) checkForeignKey(ctx, r, fk, `foreign key ${i + 1} of ${where}`);
    checkPartitions(ctx, r, p.partitionBy, p.partitions, p.src);
  }
}

/** The column names of every key of the tree (the table's, and its partitions' sub-keys). */
function keyColumns(key: PartitionKey | undefined, defs: readonly PartitionDef[]): { column?: string; sql?: string; src: Src }[] {
  if (!key) return [];
  return [...key.keys.map((k) => (k.kind === 'column' ? { column: k.column, src: k.src } : { sql: k.sql, src: k.src })), ...defs.flatMap((p) => keyColumns(p.partitionBy, p.partitions))];
}

/** Primary keys and unique indexes of a partitioned table must hold every partition key column. */
function checkUnique(ctx: CheckContext, r: Resource): void {
  const key = r.partitionBy!;
  const top = keyColumns(key, []);
  const tenant = r.multitenancy?.strategy === 'attribute' ? r.multitenancy.attribute : undefined;
  const uniques: { what: string; columns: readonly string[]; src: Src }[] = [];
  const pk = r.attributes.filter((a) => a.primaryKey);
  if (pk.length) uniques.push({ what: 'the primary key', columns: pk.map((a) => a.name), src: pk[0]!.src });
  for (const id of r.identities) uniques.push({ what: `the identity \`${id.name}\``, columns: [...id.keys, ...(tenant && !id.allTenants ? [tenant] : [])], src: id.src });
  for (const x of r.customIndexes) {
    if (x.unique) uniques.push({ what: ctx.describe(x.src), columns: [...x.fields.flatMap((f) => (f.kind === 'column' ? [f.column] : [])), ...(tenant && !x.allTenants ? [tenant] : [])], src: x.src });
  }
  for (const u of uniques) {
    const expression = top.find((k) => k.sql !== undefined);
    if (expression) {
      ctx.report(CHECK.partitionKeyUnique, `${u.what} of resource ${r.name} is unique, but the table is partitioned by the expression \`${expression.sql}\`: PostgreSQL enforces uniqueness on a partitioned table only over key columns`, u.src, { suggestion: 'partition by columns, or make the index not unique (a unique index on each partition is not declared here)' });
      continue;
    }
    // A key column that is no attribute is reported as such, not here.
    const missing = top.flatMap((k) => (k.column !== undefined && r.attributes.some((a) => a.name === k.column) && !u.columns.includes(k.column) ? [k.column] : []));
    if (missing.length) {
      ctx.report(CHECK.partitionKeyUnique, `${u.what} of resource ${r.name} (${u.columns.join(', ')}) does not include the partition key column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `\`${c}\``).join(', ')}: PostgreSQL enforces uniqueness on a partitioned table only within one partition`, u.src, {
        suggestion: `add ${missing.map((c) => `\`${c}\``).join(', ')} to it (for the primary key: \`primary_key: true\` on ${missing.join(', ')}), or partition by columns it holds`,
      });
    }
  }
}

export function checkPartitioning(ctx: CheckContext, r: Resource): void {
  const pgSrc = child(r.src, 'postgres');
  checkPartitions(ctx, r, r.partitionBy, r.partitions ?? [], pgSrc);
  if (!r.partitionBy) return;
  checkUnique(ctx, r);
  for (const x of r.customIndexes) {
    if (x.concurrently) ctx.report(CHECK.partitionOptions, `${ctx.describe(x.src)} says \`concurrently: true\`, but resource ${r.name} is partitioned: PostgreSQL cannot build an index on a partitioned table CONCURRENTLY`, child(x.src, 'concurrently'), { suggestion: 'remove `concurrently: true` (the index is built on each partition in the plan\'s transaction)' });
  }
  // A partition's own index on a partition that is partitioned in turn: the same rules.
  for (const { partition, index: x } of partitionIndexes(r)) {
    if (!partition.partitionBy) continue;
    if (x.concurrently) ctx.report(CHECK.partitionOptions, `${ctx.describe(x.src)} says \`concurrently: true\`, but the partition ${partition.name} is partitioned: PostgreSQL cannot build an index on a partitioned table CONCURRENTLY`, child(x.src, 'concurrently'), { suggestion: 'remove `concurrently: true`' });
    const key = keyColumns(partition.partitionBy, []);
    const columns = x.fields.flatMap((f) => (f.kind === 'column' ? [f.column] : []));
    const missing = key.flatMap((k) => (k.column !== undefined && !columns.includes(k.column) ? [k.column] : []));
    if (x.unique && (missing.length || key.some((k) => k.sql !== undefined))) {
      ctx.report(CHECK.partitionKeyUnique, `${ctx.describe(x.src)} is unique, but the partition ${partition.name} is partitioned by ${key.map((k) => `\`${k.column ?? k.sql}\``).join(', ')}: PostgreSQL enforces uniqueness on a partitioned table only over all its key columns`, x.src, {
        suggestion: missing.length ? `add ${missing.map((c) => `\`${c}\``).join(', ')} to its fields` : 'make the index not unique',
      });
    }
  }
  if (r.unlogged) ctx.report(CHECK.partitionOptions, `resource ${r.name} is partitioned and \`unlogged: true\`: a partitioned table holds no rows to log or not`, child(pgSrc, 'unlogged'), { suggestion: 'remove `unlogged: true`' });
  if (r.storageParameters && Object.keys(r.storageParameters).length) {
    ctx.report(CHECK.partitionOptions, `resource ${r.name} is partitioned and has \`storage_parameters\`: PostgreSQL takes none for a partitioned table (its partitions hold the rows)`, child(pgSrc, 'storage_parameters'), { suggestion: 'remove `storage_parameters` (a partition\'s own are not managed)' });
  }
}

/** A partition's own foreign key: its fields are attributes, its destination a resource with those fields, as many on each side. */
function checkForeignKey(ctx: CheckContext, r: Resource, fk: PartitionForeignKey, what: string): void {
  if (!fk.fields.length || !fk.destinationFields.length) {
    ctx.report(CHECK.referenceOptions, `${what} needs \`fields\` and \`destination_fields\``, fk.src, { suggestion: 'write `{ fields: [customer_id], destination: Customer, destination_fields: [id] }`' });
    return;
  }
  fk.fields.forEach((f, i) => requireColumn(ctx, r, f, child(fk.src, 'fields', i), `\`fields\` of ${what}`));
  const dest = ctx.resources.get(fk.destination);
  if (!dest) {
    if (ctx.complete) ctx.report(CHECK.unknownResource, `${what} names \`${fk.destination}\` as its destination, which is not a resource`, child(fk.src, 'destination'), { part: 'value', suggestion: didYouMeanNear(fk.destination, ctx.resources.keys()) ?? 'name the resource whose table the key points at' });
  } else fk.destinationFields.forEach((f, i) => requireColumn(ctx, dest, f, child(fk.src, 'destination_fields', i), `\`destination_fields\` of ${what}`));
  if (fk.fields.length !== fk.destinationFields.length) {
    ctx.report(CHECK.referenceOptions, `${what} has ${fk.fields.length} \`fields\` and ${fk.destinationFields.length} \`destination_fields\`; a foreign key pairs them one to one`, child(fk.src, 'destination_fields'), { suggestion: 'name as many destination fields as fields, in the same order' });
  }
}
