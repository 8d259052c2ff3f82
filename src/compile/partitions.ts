/**
 * `partition_by` and `partitions` → the parent's `partitionBy` and one IR table per partition
 * (`partitionOf` with its bound) and the grants it declares. The text is the SQL PostgreSQL accepts; the normaliser
 * (src/plan/normalize.ts) makes it read as `pg_get_partkeydef` and `pg_get_expr` print it.
 */
import { TENANT_SCHEMA, type Column, type ForeignKey, type Table } from '../ir/catalog.js';
import { foreignKeyFrom } from './references.js';
import { isContextTenant } from './tenancy.js';
import { referenceableKey } from './primary-key.js';
import { foreignKeyName } from '../model/naming.js';
import { keys } from '../ir/keys.js';
import type { BoundValue, PartitionBound, PartitionDef, PartitionKey } from '../model/resource.js';
import { ident, stringLiteral } from '../sql/quote.js';
import { compileError, origin, type CompileContext } from './context.js';
import { literalDefault } from './defaults.js';
import { customIndex, type IndexOwner } from './indexes.js';
import { withTableGrants } from './grants.js';
import { userChecks } from './checks.js';
import { userTrigger } from './triggers.js';

/** `RANGE (logdate)`, `LIST ((lower(city)))`, `HASH (id)`. */
export function partitionKeyText(key: PartitionKey): string {
  return `${key.strategy.toUpperCase()} (${key.keys.map((k) => (k.kind === 'column' ? ident(k.column) : `(${k.sql})`)).join(', ')})`;
}

/** A bound value: MINVALUE and MAXVALUE are keywords, other text a quoted literal. */
function boundValue(v: BoundValue): string {
  if (v === null) return 'NULL';
  if (v === 'MINVALUE' || v === 'MAXVALUE') return v;
  if (typeof v === 'string') return stringLiteral(v);
  return String(v);
}

/** `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (modulus m, remainder r)` or `DEFAULT`. */
export function boundText(b: PartitionBound): string | undefined {
  switch (b.kind) {
    case 'range':
      return `FOR VALUES FROM (${b.from.map(boundValue).join(', ')}) TO (${b.to.map(boundValue).join(', ')})`;
    case 'list':
      return `FOR VALUES IN (${b.values.map(boundValue).join(', ')})`;
    case 'hash':
      return `FOR VALUES WITH (modulus ${b.modulus}, remainder ${b.remainder})`;
    case 'default':
      return 'DEFAULT';
    case 'none':
      return undefined;
  }
}

/** The names of the partitions kept detached, for the parent's `detachedPartitions`. */
export function detachedNames(defs: readonly PartitionDef[]): { detachedPartitions?: readonly string[] } {
  const names = defs.filter((p) => p.detached).map((p) => p.name);
  return names.length ? { detachedPartitions: names } : {};
}

/**
 * The partitions of `parent` (and theirs, when partitioned in turn), as tables that hold only
 * what is their own: columns, keys and indexes are the parent's, and a partition's own indexes
 * (`custom_indexes:`), checks (`check_constraints:`) and triggers (`triggers:`) its own.
 */
export function compilePartitions(ctx: CompileContext, parent: Table, defs: readonly PartitionDef[], owner: Pick<IndexOwner, 'name' | 'attributes'>, tenant: string | undefined, columns: readonly Column[] = parent.columns): Table[] {
  const out: Table[] = [];
  for (const p of defs) {
    const bound = boundText(p.bound);
    if (p.detached || bound === undefined) continue;
    origin(ctx, keys.table(parent.schema, p.name), p.src);
    const indexOwner: IndexOwner = { name: `${owner.name} (partition ${p.name})`, table: p.name, attributes: owner.attributes };
    const indexes = p.customIndexes.flatMap((ix, n) => customIndex(ctx, indexOwner, ix, n, parent.schema, tenant) ?? []);
    const own = { name: indexOwner.name, table: p.name };
    const checks = userChecks(ctx, { ...own, checkConstraints: p.checkConstraints }, parent.schema);
    const triggers = p.triggers.flatMap((def) => userTrigger(ctx, own, def, parent.schema) ?? []);
    const ownDefaults = partitionDefaults(ctx, p, columns, owner.name);
    const foreignKeys = partitionForeignKeys(ctx, p, parent.schema, owner.name);
    const table: Table = {
      schema: parent.schema,
      name: p.name,
      ...(p.comment !== undefined ? { comment: p.comment } : {}),
      columns: [],
      foreignKeys,
      checks,
      indexes,
      triggers,
      ...(parent.tenancy ? { tenancy: parent.tenancy } : {}),
      ...(p.partitionBy ? { partitionBy: partitionKeyText(p.partitionBy) } : {}),
      partitionOf: { schema: parent.schema, name: parent.name, bound },
      ...(ownDefaults.length ? { ownDefaults } : {}),
      ...detachedNames(p.partitions),
    };
    out.push(withTableGrants(ctx, table, p.grants, owner.attributes), ...compilePartitions(ctx, table, p.partitions, owner, tenant, columns));
  }
  return out;
}

/** A partition's `column_defaults:`, compiled as its columns' defaults are (sorted by column). */
function partitionDefaults(ctx: CompileContext, p: PartitionDef, columns: readonly Column[], owner: string): NonNullable<Table['ownDefaults']> {
  const out: { column: string; default?: string }[] = [];
  for (const d of p.columnDefaults) {
    const column = columns.find((c) => c.name === d.attribute);
    if (!column) continue;
    if (d.default === undefined) {
      out.push({ column: column.name });
      continue;
    }
    if (d.default.kind === 'sql') {
      out.push({ column: column.name, default: d.default.sql.trim() });
      continue;
    }
    const r = literalDefault(d.default.value, column.type);
    if (!r.ok) compileError(ctx, 'default_type', `\`${owner}.${d.attribute}\` of partition \`${p.name}\`: ${r.message}`, d.default.src);
    else out.push({ column: column.name, ...(r.sql !== undefined ? { default: r.sql } : {}) });
  }
  return out.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/** A partition's `foreign_keys:` (its own, beside the partitioned table's), sorted by name. */
function partitionForeignKeys(ctx: CompileContext, p: PartitionDef, schema: string, owner: string): ForeignKey[] {
  const out: ForeignKey[] = [];
  for (const [i, fk] of p.foreignKeys.entries()) {
    const dest = ctx.resources.get(fk.destination);
    // The validator reports what is missing.
    if (!dest || !fk.fields.length || fk.fields.length !== fk.destinationFields.length) continue;
    const what = `foreign key ${i + 1} of partition \`${p.name}\` of \`${owner}\``;
    if (!referenceableKey(ctx, dest, fk.destinationFields, { name: what, src: fk.src })) continue;
    const name = fk.options.name ?? foreignKeyName(p.name, fk.fields);
    origin(ctx, keys.foreignKey(schema, p.name, name), fk.src);
    const refSchema = schema === TENANT_SCHEMA && isContextTenant(dest) ? TENANT_SCHEMA : dest.schema;
    out.push(foreignKeyFrom(ctx, fk.options, { name, columns: fk.fields, refSchema, refTable: dest.table, refColumns: fk.destinationFields, what, of: what }));
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
