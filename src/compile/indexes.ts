/**
 * Custom indexes: column and expression fields, sort order, access method, operator classes
 * (one for every field or per field), partial predicate, INCLUDE columns, NULLS NOT
 * DISTINCT, and CONCURRENTLY as a plan hint. The default name is `<table>_<fields>_index`.
 */
import type { Index, IndexKey } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { CustomIndex, IndexField, Resource } from '../model/resource.js';
import { child } from '../model/source.js';
import { fieldsIndexName } from '../model/naming.js';
import { compileError, olderThan, origin, type CompileContext } from './context.js';
import { withTenantKey } from './tenancy.js';
import { resolveCollation } from './collations.js';

function fieldName(f: IndexField): string {
  return f.kind === 'column' ? f.column : f.sql.trim();
}

function opclassFor(index: CustomIndex, f: IndexField): string | undefined {
  if (index.opclass === undefined) return undefined;
  if (typeof index.opclass === 'string') return index.opclass;
  return index.opclass[fieldName(f)] ?? (f.kind === 'expression' ? index.opclass[f.sql] : undefined);
}

/** What an index needs of its resource; a materialized view passes its own name and no attributes. */
export type IndexOwner = Pick<Resource, 'name' | 'table' | 'attributes'>;

/** A field written as text that names an attribute (`größe`, which is not a bare ASCII name) is that column. */
function asColumns(resource: IndexOwner, fields: readonly IndexField[]): IndexField[] {
  const names = new Set(resource.attributes.map((a) => a.name));
  return fields.map((f) => (f.kind === 'expression' && names.has(f.sql.trim()) ? { kind: 'column', column: f.sql.trim(), order: f.order, src: f.src } : f));
}

/** A field's collation, left out when it is its column's own (as inspection reads it). */
function keyCollation(ctx: CompileContext, resource: IndexOwner, f: IndexField, schema: string): { collation?: string } {
  if (f.collation === undefined) return {};
  const collation = resolveCollation(ctx, f.collation, schema);
  const own = f.kind === 'column' ? resource.attributes.find((a) => a.name === f.column)?.collation : undefined;
  return own !== undefined && resolveCollation(ctx, own, schema) === collation ? {} : { collation };
}

export function customIndex(ctx: CompileContext, resource: IndexOwner, written: CustomIndex, position: number, schema: string, tenant: string | undefined): Index | undefined {
  const index: CustomIndex = { ...written, fields: asColumns(resource, written.fields) };
  const expression = index.fields.find((f) => f.kind === 'expression');
  if (index.name === undefined && expression) {
    compileError(ctx, 'index_name_required', `the custom index #${position + 1} of \`${resource.name}\` has the expression field \`${fieldName(expression)}\`, so it needs a \`name\``, index.src, {
      suggestion: `add \`name: ${resource.table}_<something>_index\``,
    });
    return undefined;
  }
  if (!index.nullsDistinct && olderThan(ctx, 15)) {
    compileError(ctx, 'requires_pg15', `\`nulls_distinct: false\` needs PostgreSQL 15 or later (NULLS NOT DISTINCT)`, child(index.src, 'nulls_distinct'));
  }
  if (typeof index.opclass === 'object') {
    const names = new Set(index.fields.map(fieldName));
    for (const key of Object.keys(index.opclass)) {
      if (!names.has(key) && !index.fields.some((f) => f.kind === 'expression' && f.sql === key)) {
        compileError(ctx, 'unknown_index_field', `the opclass map of a custom index of \`${resource.name}\` names \`${key}\`, which is not one of its fields`, child(index.src, 'opclass', key));
      }
    }
  }
  const name = index.name ?? fieldsIndexName(resource.table, index.fields.map(fieldName));
  const operators = exclusionOperators(ctx, resource, index);
  if (operators === null) return undefined;
  const fieldKeys: IndexKey[] = index.fields.map((f, i) => {
    const opclass = opclassFor(index, f);
    const desc = f.order === 'desc';
    // Only a departure from the default is recorded, as inspection does.
    const nullsFirst = f.nulls === undefined || (f.nulls === 'first') === desc ? undefined : f.nulls === 'first';
    const common = {
      desc,
      ...(nullsFirst !== undefined ? { nullsFirst } : {}),
      ...(opclass ? { opclass } : {}),
      ...keyCollation(ctx, resource, f, schema),
      ...(operators ? { operator: operators[i]! } : {}),
    };
    return f.kind === 'column' ? { kind: 'column', column: f.column, ...common } : { kind: 'expression', expression: f.sql.trim(), ...common };
  });
  origin(ctx, keys.index(schema, name), index.src);
  if (!operators && !uniqueConstraintAllowed(ctx, resource, index)) return undefined;
  const deferred = index.deferrable === 'initially' || index.initiallyDeferred;
  const constraint = index.constraint || operators !== undefined;
  return {
    name,
    unique: index.unique,
    method: (index.using ?? 'btree').toLowerCase(),
    keys: withTenantKey(fieldKeys, tenant, index.allTenants),
    include: index.include,
    ...(index.where ? { where: index.where.sql.trim() } : {}),
    nullsNotDistinct: !index.nullsDistinct,
    ...(index.concurrently ? { concurrently: true } : {}),
    ...(constraint ? { constraint: true } : {}),
    ...(operators ? { exclusion: true as const } : {}),
    ...(index.comment !== undefined ? { comment: index.comment } : {}),
    ...(constraint && index.deferrable !== false ? { deferrable: true as const } : {}),
    ...(constraint && index.deferrable !== false && deferred ? { initiallyDeferred: true as const } : {}),
    ...(index.storage ? { storage: { ...index.storage } } : {}),
  };
}

/** A PostgreSQL operator written bare (`=`, `&&`, `-|-`) or qualified (`OPERATOR(public.&&)`). */
const OPERATOR = /^(?:[-+*/<>=~!@#%^&|`?]{1,63}|OPERATOR\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\.\s*[-+*/<>=~!@#%^&|`?]{1,63}\s*\))$/;

/**
 * The `exclude:` operator of every field, in field order; undefined for an index that is not an
 * exclusion constraint, null after an error (reported at the key that is wrong).
 */
function exclusionOperators(ctx: CompileContext, resource: IndexOwner, index: CustomIndex): string[] | undefined | null {
  const ex = index.exclude;
  if (ex === undefined) return undefined;
  const fail = (message: string, at: readonly (string | number)[], suggestion: string): null => {
    compileError(ctx, 'exclusion_constraint_options', `a custom index of \`${resource.name}\` with \`exclude\` ${message}`, child(index.src, ...at), { suggestion });
    return null;
  };
  if (index.unique) return fail('is also `unique: true`', ['unique'], 'an exclusion constraint with `=` on every field is what a unique index does: drop `unique` (or `exclude`)');
  if (index.concurrently) return fail('is `concurrently`', ['concurrently'], 'an exclusion constraint is built in the transaction: drop `concurrently`');
  if (!index.nullsDistinct) return fail('has `nulls_distinct: false`', ['nulls_distinct'], 'drop `nulls_distinct` (exclusion constraints have no NULLS NOT DISTINCT)');
  let operators: (string | undefined)[];
  if (Array.isArray(ex)) {
    if (ex.length !== index.fields.length) return fail(`lists ${ex.length} operator${ex.length === 1 ? '' : 's'} for ${index.fields.length} field${index.fields.length === 1 ? '' : 's'}`, ['exclude'], 'give one operator per field, in field order, or a map {field: operator}');
    operators = [...ex];
  } else {
    const map = ex as Readonly<Record<string, string>>;
    const names = new Set(index.fields.map(fieldName));
    for (const key of Object.keys(map)) if (!names.has(key)) return fail(`names \`${key}\`, which is not one of its fields`, ['exclude', key], `use one of: ${[...names].join(', ')}`);
    operators = index.fields.map((f) => map[fieldName(f)] ?? (f.kind === 'expression' ? map[f.sql] : undefined));
    const missing = index.fields.findIndex((_, i) => operators[i] === undefined);
    if (missing >= 0) return fail(`gives no operator for the field \`${fieldName(index.fields[missing]!)}\``, ['exclude'], 'every field of an exclusion constraint needs its operator (`=` for equality, `&&` for overlap)');
  }
  for (let i = 0; i < operators.length; i++) {
    const op = operators[i]!.trim();
    if (!OPERATOR.test(op)) return fail(`has \`${op}\`, which is not an operator`, Array.isArray(ex) ? ['exclude', i] : ['exclude', fieldName(index.fields[i]!)], 'write an operator such as `=`, `&&` or `OPERATOR(schema.&&)`');
    operators[i] = op;
  }
  return operators as string[];
}

/**
 * A UNIQUE constraint is a unique btree index on plain columns without a predicate, built in
 * the transaction; deferrability is a constraint's alone.
 */
function uniqueConstraintAllowed(ctx: CompileContext, resource: IndexOwner, index: CustomIndex): boolean {
  const refuse = (what: string, key: string): boolean => {
    compileError(ctx, 'unique_constraint_options', `a custom index of \`${resource.name}\` with \`constraint: true\` ${what}`, child(index.src, key), {
      suggestion: 'a UNIQUE constraint is `unique: true` on plain columns (btree, no `where`, not `concurrently`); drop `constraint: true` for an index',
    });
    return false;
  };
  if (!index.constraint) {
    if (index.deferrable === false && !index.initiallyDeferred) return true;
    compileError(ctx, 'unique_constraint_options', `a custom index of \`${resource.name}\` is deferrable, but only constraints are`, child(index.src, index.deferrable !== false ? 'deferrable' : 'initially_deferred'), {
      suggestion: 'add `constraint: true` (and `unique: true`) to make it a UNIQUE constraint',
    });
    return false;
  }
  if (!index.unique) return refuse('is not `unique: true`', 'unique');
  if ((index.using ?? 'btree').toLowerCase() !== 'btree') return refuse(`uses \`${index.using}\``, 'using');
  if (index.where) return refuse('has a `where`', 'where');
  if (index.concurrently) return refuse('is `concurrently`', 'concurrently');
  if (index.opclass !== undefined) return refuse('has an `opclass`', 'opclass');
  const attributes = new Set(resource.attributes.map((a) => a.name));
  const quotedColumn = (sql: string) => /^"(?:[^"]|"")+"$/.test(sql.trim()) && attributes.has(sql.trim().slice(1, -1).replace(/""/g, '"'));
  if (index.fields.some((f) => (f.kind !== 'column' && !quotedColumn(f.sql)) || f.order !== 'asc')) return refuse('has an expression or a descending field', 'fields');
  return true;
}
