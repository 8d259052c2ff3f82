/**
 * Attributes → columns: type, nullability, default (literal, `{sql:}` or implied by a macro),
 * identity, generated expression and comment. A belongs_to column takes the exact type of
 * the key it points at (a `char(2)` key gets a `character(2)` foreign key column).
 */
import type { Column } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Attribute, AttrType, Resource } from '../model/resource.js';
import { child } from '../model/source.js';
import { UUID_V7_FUNCTION } from '../model/naming.js';
import { qname } from '../sql/quote.js';
import { resolveDeclared } from './declared-types.js';
import { atLeast, compileError, olderThan, origin, type CompileContext } from './context.js';
import { GEN_RANDOM_UUID, literalDefault, UTC_NOW } from './defaults.js';
import { typeClass } from './type-class.js';
import { attrTypeSql, postgresTypeSql } from './types.js';
import { identitySequenceOptions, serialSequence, serialType } from './sequences.js';
import { serialSequenceName } from '../ir/sequence.js';
import { collationOf } from './collations.js';
import type { Sequence } from '../ir/sequence.js';
import { columnOptions } from './physical.js';

/** The column type of an attribute; undefined (with a diagnostic) when `postgres_type` is unusable. */
export function columnType(ctx: CompileContext, resource: Resource, attr: Attribute, depth = 0): string | undefined {
  const serial = serialType(attr.postgresType?.sql);
  if (serial) return serial;
  if (attr.postgresType) {
    const r = postgresTypeSql(attr.postgresType.sql);
    if (r.ok) return declaredType(ctx, r.type, resource.schema);
    compileError(ctx, 'postgres_type', `the postgres_type of \`${resource.name}.${attr.name}\` cannot be used: ${r.message}`, attr.postgresType.src, {
      ...(r.suggestion ? { suggestion: r.suggestion } : {}),
      ...(r.offset !== undefined ? { fragmentOffset: r.offset } : {}),
    });
    return undefined;
  }
  const pointed = depth < 8 ? referencedAttribute(ctx, resource, attr) : undefined;
  if (pointed && JSON.stringify(pointed.attr.type) === JSON.stringify(attr.type)) {
    return columnType({ ...ctx, diagnostics: [] }, pointed.resource, pointed.attr, depth + 1) ?? attrTypeSql(attr.type, attr.constraints);
  }
  if (attr.constraints.scale !== undefined && attr.constraints.precision === undefined) {
    compileError(ctx, 'decimal_scale', `\`${resource.name}.${attr.name}\` has a scale but no precision`, child(attr.constraints.src, 'scale'), {
      suggestion: 'give `precision` too (the total number of digits), e.g. `{ precision: 12, scale: 2 }`',
    });
  }
  const sql = attrTypeSql(attr.type, attr.constraints);
  return isDeclared(attr.type) ? declaredType(ctx, sql, resource.schema) : sql;
}

/** `{domain: email}`, or an array of it. */
function isDeclared(t: AttrType): boolean {
  return t.kind === 'declared' || (t.kind === 'array' && isDeclared(t.of));
}

/** A declared type's name, qualified with the schema that declares it (./declared-types.ts). */
function declaredType(ctx: CompileContext, type: string, schema: string): string {
  return resolveDeclared(ctx.project.types ?? [], type, schema);
}

/** For a column a belongs_to added: the destination attribute it references. */
export function referencedAttribute(ctx: CompileContext, resource: Resource, attr: Attribute): { resource: Resource; attr: Attribute } | undefined {
  if (!attr.fromRelationship) return undefined;
  const rel = resource.relationships.find((r) => r.name === attr.fromRelationship);
  if (!rel) return undefined;
  const dest = ctx.resources.get(rel.destination);
  const i = rel.sourceAttributes.indexOf(attr.name);
  const destAttr = dest?.attributes.find((a) => a.name === rel.destinationAttributes[i]);
  return dest && destAttr ? { resource: dest, attr: destAttr } : undefined;
}

const MACRO_UTC_NOW = new Set([UTC_NOW, "(now() AT TIME ZONE 'utc')", "now() AT TIME ZONE 'utc'"]);

const V7_SPELLINGS = new Set(['uuidv7()', 'uuid_generate_v7()', `${UUID_V7_FUNCTION}()`]);

/** The default of a uuid v7 key: PostgreSQL 18's `uuidv7()`, or pgdecl's function in the table's schema. */
export function uuidV7Default(ctx: CompileContext, schema: string): { sql: string; needsFunction: boolean } {
  if (atLeast(ctx, 18)) return { sql: 'uuidv7()', needsFunction: false };
  return { sql: `${qname(schema, UUID_V7_FUNCTION)}()`, needsFunction: true };
}

export interface CompiledColumn {
  readonly column: Column;
  /** The column's type resolved (also when the column itself could not be built). */
  readonly type: string;
  readonly needsUuidV7: boolean;
  readonly touch: boolean;
  /** The sequence behind a serial column. */
  readonly sequence?: Sequence;
}

function defaultOf(ctx: CompileContext, resource: Resource, attr: Attribute, type: string, schema: string): { sql?: string; needsUuidV7: boolean } {
  const given = attr.default;
  if (attr.macro === 'uuid_v7_primary_key' && (!given || (given.kind === 'sql' && V7_SPELLINGS.has(given.sql.trim())))) {
    const d = uuidV7Default(ctx, schema);
    return { sql: d.sql, needsUuidV7: d.needsFunction };
  }
  const timestamp = attr.macro === 'create_timestamp' || attr.macro === 'update_timestamp';
  // The macro's own default, in the spelling PostgreSQL prints back.
  if (timestamp && given?.kind === 'sql' && MACRO_UTC_NOW.has(given.sql.trim())) return { sql: UTC_NOW, needsUuidV7: false };
  if (given?.kind === 'sql') return { sql: given.sql.trim(), needsUuidV7: false };
  if (given?.kind === 'literal') {
    const r = literalDefault(given.value, type);
    if (!r.ok) {
      compileError(ctx, 'default_type', `\`${resource.name}.${attr.name}\`: ${r.message}`, given.src);
      return { needsUuidV7: false };
    }
    return { ...(r.sql !== undefined ? { sql: r.sql } : {}), needsUuidV7: false };
  }
  if (attr.macro === 'uuid_primary_key') return { sql: GEN_RANDOM_UUID, needsUuidV7: false };
  if (timestamp) return { sql: UTC_NOW, needsUuidV7: false };
  return { needsUuidV7: false };
}

export function compileColumn(ctx: CompileContext, resource: Resource, attr: Attribute, schema: string): CompiledColumn | undefined {
  const type = columnType(ctx, resource, attr);
  if (type === undefined) return undefined;
  const identity = attr.identity ?? (attr.macro === 'integer_primary_key' ? 'by_default' : undefined);
  if (identity && typeClass(type) !== 'integer') {
    compileError(ctx, 'identity_type', `\`${resource.name}.${attr.name}\` is an identity column, which needs an integer type, not ${type}`, attr.src, {
      suggestion: 'use `type: integer` (bigint) or `postgres_type: integer`',
    });
  }
  const generated = attr.generated?.sql.trim();
  const serial = attr.fromRelationship ? undefined : serialType(attr.postgresType?.sql);
  if (serial && (identity || generated !== undefined || attr.default)) {
    compileError(ctx, 'serial_default', `\`${resource.name}.${attr.name}\` is a ${attr.postgresType!.sql.trim()} column, whose default is its sequence: it cannot also have ${identity ? 'an identity' : generated !== undefined ? 'a generation expression' : 'a default'}`, attr.postgresType!.src, {
      suggestion: 'remove `postgres_type`, or the other option',
    });
  }
  if (attr.sequence && !serial && !identity) {
    compileError(ctx, 'sequence_options', `\`${resource.name}.${attr.name}\` has \`sequence\` options but no sequence`, attr.sequence.src, {
      suggestion: 'add `identity: by_default`, or `postgres_type: bigserial`; or remove `sequence`',
    });
  }
  const owned = serial ? serialSequence(ctx, resource, attr, schema, serial) : undefined;
  const d = owned ? { sql: owned.default, needsUuidV7: false } : identity || generated !== undefined ? { needsUuidV7: false } : defaultOf(ctx, resource, attr, type, schema);
  const identityOpts = identity ? identitySequenceOptions(ctx, resource, attr, type) : undefined;
  const sequenceName = attr.sequence?.name;
  if (sequenceName !== undefined && !identity) {
    compileError(ctx, 'sequence_options', `\`${resource.name}.${attr.name}\` names its sequence, which only an identity column's \`sequence\` can`, child(attr.sequence!.src, 'name'), {
      suggestion: 'declare a serial column\'s sequence under `sequences:` (with `owned_by`), or make the column an identity',
    });
  }
  const column: Column = {
    name: attr.name,
    type,
    // PostgreSQL makes identity columns NOT NULL whatever the declaration says.
    nullable: attr.allowNil && !attr.primaryKey && !identity && !serial,
    ...(d.sql !== undefined ? { default: d.sql } : {}),
    ...(identity ? { identity } : {}),
    ...(identityOpts ? { identityOptions: identityOpts } : {}),
    // PostgreSQL's own name is no name of its own.
    ...(identity && sequenceName !== undefined && sequenceName !== serialSequenceName(resource.table, attr.name) ? { identitySequence: sequenceName } : {}),
    ...(generated !== undefined ? { generated } : {}),
    ...(generated !== undefined && attr.generated?.virtual && virtualAllowed(ctx, resource, attr) ? { virtual: true as const } : {}),
    ...collationOf(ctx, attr.collation, schema),
    ...(attr.description !== undefined ? { comment: attr.description } : {}),
    ...columnOptions(ctx, resource, attr, type),
  };
  origin(ctx, keys.column(schema, resource.table, attr.name), attr.src);
  return { column, type, needsUuidV7: d.needsUuidV7, touch: attr.macro === 'update_timestamp', ...(owned?.sequence ? { sequence: owned.sequence } : {}) };
}

/** VIRTUAL generated columns came with PostgreSQL 18. */
function virtualAllowed(ctx: CompileContext, resource: Resource, attr: Attribute): boolean {
  if (!olderThan(ctx, 18)) return true;
  compileError(ctx, 'requires_pg18', `\`${resource.name}.${attr.name}\` is a virtual generated column, which needs PostgreSQL 18 or later`, child(attr.src, 'generated', 'virtual'), {
    suggestion: 'target PostgreSQL 18+, or drop `virtual: true` (a stored generated column computes its values when rows are written)',
  });
  return false;
}
