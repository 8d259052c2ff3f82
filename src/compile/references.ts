/**
 * belongs_to relationships → foreign keys, with every `postgres.references` option, and the
 * index a reference asks for (`index: true`, partial with `index_where`).
 *
 * Where the key points: at the destination's schema, or at `$tenant` when both tables live in
 * every tenant schema. Between two attribute-tenant tables the key points at the destination's
 * key, as any other (AshPostgres); with `match_tenant: true` it is composite
 * `(tenant, col) → (tenant, key)`, with the reference's `match_type` (MATCH SIMPLE by default,
 * so a NULL reference is allowed), and the destination must have a unique index on those
 * columns (`RequiredUnique`; added by `ensureUniqueKeys` when missing).
 */
import { match } from 'ts-pattern';
import { TENANT_SCHEMA, type FkAction, type ForeignKey, type Index } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { OnUpdate, Reference, Relationship, Resource } from '../model/resource.js';
import { child, type Src } from '../model/source.js';
import { fieldsIndexName, foreignKeyName } from '../model/naming.js';
import { compileError, olderThan, origin, type CompileContext } from './context.js';
import { enforcementAllowed } from './enforcement.js';
import { isContextTenant, tenantColumn, withTenantKey, type Placement } from './tenancy.js';
import { referenceableKey } from './primary-key.js';

/** A unique key a foreign key needs on its destination. */
export interface RequiredUnique {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly src: Src;
}

export interface CompiledReferences {
  readonly foreignKeys: ForeignKey[];
  readonly indexes: Index[];
  readonly requiredUnique: RequiredUnique[];
}

const DEFAULT_REFERENCE = (relationship: string, src: Src): Reference => ({
  relationship,
  src,
  onDelete: { action: 'nothing' },
  onUpdate: 'nothing',
  deferrable: false,
  initiallyDeferred: false,
  matchType: 'simple',
  matchWith: [],
  matchTenant: false,
  index: false,
  ignore: false,
  notValid: false,
  notEnforced: false,
  period: false,
});

const onUpdateAction = (u: OnUpdate): FkAction =>
  match(u)
    .with('nothing', () => 'NO ACTION' as const)
    .with('restrict', () => 'RESTRICT' as const)
    .with('update', () => 'CASCADE' as const)
    .with('nilify', () => 'SET NULL' as const)
    .with('set_default', () => 'SET DEFAULT' as const)
    .exhaustive();

/** The schema the destination table is in, seen from a table in `placement`; undefined when it cannot be referenced. */
function destinationSchema(ctx: CompileContext, resource: Resource, rel: Relationship, dest: Resource, placement: Placement): string | undefined {
  if (isContextTenant(dest)) {
    if (placement.schema === TENANT_SCHEMA) return TENANT_SCHEMA;
    if (dest.multitenancy?.global) return dest.schema;
    compileError(ctx, 'tenant_reference', `\`${resource.name}.${rel.name}\` points at \`${dest.name}\`, which lives only in tenant schemas; a table outside them cannot have a foreign key to it`, rel.src, {
      suggestion: `make \`${resource.name}\` a tenant resource too (\`multitenancy: { strategy: context }\`), give \`${dest.name}\` \`global: true\`, or set \`ignore: true\` on the reference`,
    });
    return undefined;
  }
  return dest.schema;
}

export function compileReferences(ctx: CompileContext, resource: Resource, placement: Placement): CompiledReferences {
  const out: CompiledReferences = { foreignKeys: [], indexes: [], requiredUnique: [] };
  const schema = placement.schema;
  const tenant = tenantColumn(resource);
  for (const rel of resource.relationships) {
    if (rel.type !== 'belongs_to') continue;
    const ref = resource.references.find((r) => r.relationship === rel.name) ?? DEFAULT_REFERENCE(rel.name, rel.src);
    const dest = ctx.resources.get(rel.destination);
    if (!dest) continue; // the validator reports unknown destinations
    const localColumns = [...rel.sourceAttributes, ...ref.matchWith.map(([local]) => local)];
    if (ref.index) {
      const name = fieldsIndexName(resource.table, localColumns);
      origin(ctx, keys.index(schema, name), ref.src);
      out.indexes.push({
        name,
        unique: false,
        method: 'btree',
        keys: withTenantKey(localColumns.map((column) => ({ kind: 'column', column, desc: false })), tenant, false),
        include: [],
        ...(ref.indexWhere ? { where: ref.indexWhere.sql.trim() } : {}),
        nullsNotDistinct: false,
      });
    }
    // No key across databases (AshPostgres: references only within one repo), none when ignored.
    if (ref.ignore || dest.repo !== resource.repo) continue;
    const refSchema = destinationSchema(ctx, resource, rel, dest, placement);
    if (refSchema === undefined) continue;
    let columns = localColumns;
    let refColumns = [...rel.destinationAttributes, ...ref.matchWith.map(([, remote]) => remote)];
    const action = deleteAction(ref.onDelete);
    const onDelete = action.onDelete;
    let onDeleteColumns = action.onDeleteColumns;
    if (!referenceableKey(ctx, dest, refColumns, { name: `\`${resource.name}.${rel.name}\``, src: rel.src })) continue;
    const destTenant = tenantColumn(dest);
    if (ref.matchTenant && tenant && destTenant && !columns.includes(tenant) && !refColumns.includes(destTenant)) {
      columns = [tenant, ...columns];
      refColumns = [destTenant, ...refColumns];
      // Nulling the tenant column too would break its NOT NULL: null only the reference's own columns.
      if (onDelete === 'SET NULL') onDeleteColumns ??= localColumns;
      out.requiredUnique.push({ schema: refSchema, table: dest.table, columns: refColumns, src: ref.src });
    }
    const name = ref.name ?? foreignKeyName(resource.table, rel.sourceAttributes);
    origin(ctx, keys.foreignKey(schema, resource.table, name), ref.src);
    out.foreignKeys.push(foreignKeyFrom(ctx, ref, { name, columns, refSchema, refTable: dest.table, refColumns, onDeleteColumns, what: `\`${resource.name}.${rel.name}\``, of: `the reference \`${ref.relationship}\` of \`${resource.name}\`` }));
  }
  return out;
}

/** ON DELETE of a reference's `on_delete`, and the columns SET NULL names. */
function deleteAction(d: Reference['onDelete']): { onDelete: FkAction; onDeleteColumns?: readonly string[] } {
  switch (d.action) {
    case 'nothing':
      return { onDelete: 'NO ACTION' };
    case 'restrict':
      return { onDelete: 'RESTRICT' };
    case 'delete':
      return { onDelete: 'CASCADE' };
    case 'nilify':
      return { onDelete: 'SET NULL' };
    case 'set_default':
      return { onDelete: 'SET DEFAULT' };
    case 'nilify_columns':
      return { onDelete: 'SET NULL', onDeleteColumns: d.columns };
  }
}

/**
 * A foreign key from a reference's options (a belongs_to's `references`, a partition's
 * `foreign_keys` entry): `what` names it in messages (`Post.author`), `of` in those about options.
 */
export function foreignKeyFrom(
  ctx: CompileContext,
  ref: Reference,
  k: { name: string; columns: readonly string[]; refSchema: string; refTable: string; refColumns: readonly string[]; onDeleteColumns?: readonly string[] | undefined; what: string; of: string },
): ForeignKey {
  const onDeleteColumns = k.onDeleteColumns ?? deleteAction(ref.onDelete).onDeleteColumns;
  if (onDeleteColumns && olderThan(ctx, 15)) {
    compileError(ctx, 'requires_pg15', `\`on_delete: {nilify: [...]}\` on ${k.what} needs PostgreSQL 15 or later (ON DELETE SET NULL (columns))`, child(ref.src, 'on_delete'), {
      suggestion: 'target PostgreSQL 15+, or use `on_delete: nilify` (nulls every column of the key)',
    });
  }
  return {
    name: k.name,
    columns: k.columns,
    refSchema: k.refSchema,
    refTable: k.refTable,
    refColumns: k.refColumns,
    onDelete: deleteAction(ref.onDelete).onDelete,
    ...(onDeleteColumns ? { onDeleteColumns } : {}),
    onUpdate: onUpdateAction(ref.onUpdate),
    match: ref.matchType === 'full' ? 'FULL' : 'SIMPLE',
    deferrable: ref.deferrable !== false,
    initiallyDeferred: ref.deferrable === 'initially' || (ref.deferrable === true && ref.initiallyDeferred),
    ...(ref.notValid ? { notValid: true } : {}),
    ...(ref.period && periodAllowed(ctx, k.of, k.columns, ref.src) ? { period: true as const } : {}),
    ...(ref.notEnforced && enforcementAllowed(ctx, k.of, ref, ref.src) ? { notEnforced: true as const } : {}),
    ...(ref.comment !== undefined ? { comment: ref.comment } : {}),
  };
}

/** PERIOD came with PostgreSQL 18, and takes a key of two columns or more (the last one a range). */
function periodAllowed(ctx: CompileContext, what: string, columns: readonly string[], src: Src): boolean {
  if (columns.length < 2) {
    compileError(ctx, 'reference_options', `${what} has \`period: true\` on one column: PERIOD needs the key's other columns beside the range`, child(src, 'period'), {
      suggestion: 'add the other columns with `match_with` (the range last), or drop `period`',
    });
    return false;
  }
  if (olderThan(ctx, 18)) {
    compileError(ctx, 'requires_pg18', `${what} has \`period: true\`, which needs PostgreSQL 18 or later (a temporal foreign key)`, child(src, 'period'), {
      suggestion: 'target PostgreSQL 18+, or drop `period`',
    });
    return false;
  }
  return true;
}
