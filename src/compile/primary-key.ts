/**
 * A resource's primary key: its columns (the attributes marked `primary_key`, in
 * `postgres.primary_key_order` when given), its name, its INCLUDE columns
 * (`postgres.primary_key_include`), its comment and its deferrability (`postgres.primary_key_deferrable`). No foreign key can reference a
 * deferrable key, so a belongs_to pointing at one is refused here, at the reference.
 */
import type { PrimaryKey } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Resource } from '../model/resource.js';
import { primaryKeyName } from '../model/naming.js';
import { child, type Src } from '../model/source.js';
import { compileError, olderThan, origin, type CompileContext } from './context.js';

const deferrableSrc = (r: Resource): Src => child(r.src, 'postgres', 'primary_key_deferrable');

/** The primary key of `resource` in `schema`, or undefined when no attribute is `primary_key`. */
export function compilePrimaryKey(ctx: CompileContext, resource: Resource, schema: string): PrimaryKey | undefined {
  const columns = primaryKeyColumns(resource);
  if (!columns.length) {
    if (resource.primaryKeyDeferrable !== undefined) {
      compileError(ctx, 'primary_key_options', `resource ${resource.name} has \`primary_key_deferrable\` but no primary key`, deferrableSrc(resource), {
        suggestion: 'mark its key attributes `primary_key: true`, or remove `primary_key_deferrable`',
      });
    }
    return undefined;
  }
  origin(ctx, keys.primaryKey(schema, resource.table), resource.attributes.find((a) => a.primaryKey)!.src);
  const d = resource.primaryKeyDeferrable;
  return {
    name: resource.primaryKeyName ?? primaryKeyName(resource.table),
    columns,
    ...(d !== undefined ? { deferrable: true as const } : {}),
    ...(d === 'initially' ? { initiallyDeferred: true as const } : {}),
    ...(resource.primaryKeyWithoutOverlaps && withoutOverlapsAllowed(ctx, resource, columns) ? { withoutOverlaps: true as const } : {}),
    ...(resource.primaryKeyInclude?.length ? { include: includedColumns(ctx, resource, columns, resource.primaryKeyInclude) } : {}),
    ...(resource.primaryKeyComment !== undefined ? { comment: resource.primaryKeyComment } : {}),
  };
}

/** `primary_key_include`: attributes of the resource that are not in the key, each once. */
function includedColumns(ctx: CompileContext, resource: Resource, key: readonly string[], include: readonly string[]): string[] {
  const names = new Set(resource.attributes.map((a) => a.name));
  include.forEach((name, i) => {
    const src = child(resource.src, 'postgres', 'primary_key_include', i);
    const wrong = !names.has(name) ? `names \`${name}\`, which is not an attribute of ${resource.name}` : key.includes(name) ? `names \`${name}\`, which is in the key already` : include.indexOf(name) !== i ? `names \`${name}\` twice` : undefined;
    if (wrong) compileError(ctx, 'primary_key_options', `\`primary_key_include\` of ${resource.name} ${wrong}`, src, { suggestion: 'name attributes of the resource that are not primary_key, each once' });
  });
  return include.filter((name, i) => names.has(name) && !key.includes(name) && include.indexOf(name) === i);
}

/** WITHOUT OVERLAPS came with PostgreSQL 18, and takes a key of two columns or more (the last one a range). */
function withoutOverlapsAllowed(ctx: CompileContext, resource: Resource, columns: readonly string[]): boolean {
  const src = child(resource.src, 'postgres', 'primary_key_without_overlaps');
  if (columns.length < 2) {
    compileError(ctx, 'primary_key_options', `the primary key of ${resource.name} has \`primary_key_without_overlaps\` but one column: WITHOUT OVERLAPS needs the key's other columns beside the range`, src, {
      suggestion: 'mark the columns that identify the row `primary_key: true` too, the range last (`primary_key_order`), or drop the option',
    });
    return false;
  }
  if (olderThan(ctx, 18)) {
    compileError(ctx, 'requires_pg18', `the primary key of ${resource.name} is WITHOUT OVERLAPS, which needs PostgreSQL 18 or later`, src, {
      suggestion: 'target PostgreSQL 18+, or use an exclusion constraint (`custom_indexes` with `exclude`)',
    });
    return false;
  }
  return true;
}

/** The key's columns: `postgres.primary_key_order` when given, else the key attributes in order. */
function primaryKeyColumns(resource: Resource): string[] {
  return resource.primaryKeyOrder ? [...resource.primaryKeyOrder] : resource.attributes.filter((a) => a.primaryKey).map((a) => a.name);
}

/**
 * False (and an error at the reference) when a foreign key to `dest` on `refColumns` would use
 * its deferrable primary key, which PostgreSQL refuses.
 */
export function referenceableKey(ctx: CompileContext, dest: Resource, refColumns: readonly string[], where: { readonly name: string; readonly src: Src }): boolean {
  if (dest.primaryKeyDeferrable === undefined) return true;
  const pk = primaryKeyColumns(dest);
  if (!pk.length || [...pk].sort().join('\0') !== [...refColumns].sort().join('\0')) return true;
  compileError(ctx, 'primary_key_options', `${where.name} references ${dest.name}, whose primary key is deferrable (\`primary_key_deferrable\`): PostgreSQL cannot use a deferrable key for a foreign key`, where.src, {
    suggestion: `remove \`primary_key_deferrable\` from ${dest.name}, or set \`ignore: true\` on the reference`,
  });
  return false;
}
