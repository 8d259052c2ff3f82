/**
 * `types:` → enum types, domains and composite types. A column uses one with
 * `type: {enum: mood}` / `{domain: email}` / `{composite: address}` or `postgres_type: mood`.
 * A domain's base type and a composite's attribute types may name other declared types.
 */
import { keys } from '../ir/keys.js';
import { defaultMultirange, type CompositeType, type DomainType, type EnumType, type RangeType, type UserType } from '../ir/user-type.js';
import type { CompositeTypeDef, DomainTypeDef, EnumTypeDef, RangeTypeDef, SqlTypeRef, TypeDef } from '../model/resource.js';
import { compileError, origin, type CompileContext } from './context.js';
import { resolveDeclared } from './declared-types.js';
import { collationOf } from './collations.js';
import { postgresTypeSql } from './types.js';

export function userType(ctx: CompileContext, def: TypeDef): UserType | undefined {
  const t = def.kind === 'enum' ? enumType(ctx, def) : def.kind === 'domain' ? domainType(ctx, def) : def.kind === 'range' ? rangeType(ctx, def) : compositeType(ctx, def);
  if (t) origin(ctx, keys.type(def.schema, def.name), def.src);
  return t;
}

const comment = (def: TypeDef) => (def.description !== undefined ? { comment: def.description } : {});

function enumType(ctx: CompileContext, def: EnumTypeDef): EnumType | undefined {
  const seen = new Set<string>();
  for (const v of def.values) {
    if (seen.has(v.name)) {
      compileError(ctx, 'enum_values', `type \`${def.name}\` lists the value \`${v.name}\` twice`, v.src, { suggestion: 'remove one of them' });
      return undefined;
    }
    if (Buffer.byteLength(v.name, 'utf8') > 63) {
      compileError(ctx, 'enum_values', `the value \`${v.name}\` of type \`${def.name}\` is longer than 63 bytes, which PostgreSQL refuses`, v.src, { suggestion: 'shorten it' });
      return undefined;
    }
    seen.add(v.name);
  }
  return { kind: 'enum', schema: def.schema, name: def.name, values: def.values.map((v) => v.name), ...comment(def) };
}

/** A type as SQL spells it, checked and spelled as PostgreSQL prints it; a declared type's name qualified. */
export function sqlType(ctx: CompileContext, ref: SqlTypeRef, what: string, schema: string): string | undefined {
  const r = postgresTypeSql(ref.sql);
  if (r.ok) return resolveDeclared(ctx.project.types ?? [], r.type, schema);
  compileError(ctx, 'type_definition', `${what} cannot be used: ${r.message}`, ref.src, {
    ...(r.suggestion ? { suggestion: r.suggestion } : { suggestion: 'write a PostgreSQL type, e.g. `text`, `varchar(80)`, `integer[]` or the name of a declared type' }),
    ...(r.offset !== undefined ? { fragmentOffset: r.offset } : {}),
  });
  return undefined;
}

function domainType(ctx: CompileContext, def: DomainTypeDef): DomainType | undefined {
  const base = sqlType(ctx, def.base, `the base type of domain \`${def.name}\``, def.schema);
  if (base === undefined) return undefined;
  if (base === `${def.schema}.${def.name}` || base.startsWith(`${def.schema}.${def.name}[`)) {
    compileError(ctx, 'type_definition', `domain \`${def.name}\` is declared over itself`, def.base.src, { suggestion: 'name a base type such as `text` or `integer`' });
    return undefined;
  }
  for (const c of def.checks) {
    if (!c.sql.trim()) {
      compileError(ctx, 'type_definition', `check \`${c.name}\` of domain \`${def.name}\` is empty`, c.src, { suggestion: 'write a boolean expression over VALUE, e.g. `VALUE > 0`' });
      return undefined;
    }
  }
  return {
    kind: 'domain',
    schema: def.schema,
    name: def.name,
    base,
    ...(def.default !== undefined ? { default: def.default.sql.trim() } : {}),
    ...(def.notNull ? { notNull: true as const } : {}),
    ...collationOf(ctx, def.collation, def.schema),
    checks: def.checks.map((c) => ({ name: c.name, expression: c.sql.trim() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ...comment(def),
  };
}

function compositeType(ctx: CompileContext, def: CompositeTypeDef): CompositeType | undefined {
  const attributes: CompositeType['attributes'][number][] = [];
  for (const a of def.attributes) {
    const type = sqlType(ctx, a.type, `the type of \`${def.name}.${a.name}\``, def.schema);
    if (type === undefined) return undefined;
    attributes.push({ name: a.name, type, ...collationOf(ctx, a.collation, def.schema), ...(a.description !== undefined ? { comment: a.description } : {}) });
  }
  return { kind: 'composite', schema: def.schema, name: def.name, attributes, ...comment(def) };
}

function rangeType(ctx: CompileContext, def: RangeTypeDef): RangeType | undefined {
  const subtype = sqlType(ctx, def.subtype, `the subtype of range type \`${def.name}\``, def.schema);
  if (subtype === undefined) return undefined;
  return {
    kind: 'range',
    schema: def.schema,
    name: def.name,
    subtype,
    ...(def.subtypeOpclass !== undefined ? { subtypeOpclass: def.subtypeOpclass } : {}),
    ...collationOf(ctx, def.collation, def.schema),
    ...(def.canonical !== undefined ? { canonical: def.canonical } : {}),
    ...(def.subtypeDiff !== undefined ? { subtypeDiff: def.subtypeDiff } : {}),
    ...(def.multirange !== undefined && def.multirange !== defaultMultirange(def.name) ? { multirange: def.multirange } : {}),
    ...comment(def),
  };
}
