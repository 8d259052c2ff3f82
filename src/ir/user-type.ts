/**
 * Types the files declare (`types:`): enum types, domains and composite types. A column uses
 * one by its schema-qualified name, as `format_type` prints it (`public.mood`, `public.mood[]`).
 */
import { qname } from '../sql/quote.js';
import type { Grant } from './privilege.js';

export interface EnumType {
  readonly kind: 'enum';
  readonly schema: string;
  readonly name: string;
  /** The labels in their sort order. */
  readonly values: readonly string[];
  readonly comment?: string;
  /** Privileges of roles other than the owner; absent: USAGE for PUBLIC (./privilege.ts). */
  readonly grants?: readonly Grant[];
}

/** A named CHECK of a domain; `expression` is what `pg_get_constraintdef` prints inside `CHECK (…)`. */
export interface DomainCheck {
  readonly name: string;
  readonly expression: string;
  /** Added NOT VALID and not validated since. */
  readonly notValid?: boolean;
}

/** CREATE DOMAIN: a base type with a default, NOT NULL, a collation and named checks. */
export interface DomainType {
  readonly kind: 'domain';
  readonly schema: string;
  readonly name: string;
  /** The base type as `format_type` prints it (`character varying(80)`, `integer[]`, `public.other`). */
  readonly base: string;
  readonly default?: string;
  readonly notNull?: true;
  /** `COLLATE`, when it is not the base type's (a collation name, quoted where it must be). */
  readonly collation?: string;
  /** By name. */
  readonly checks: readonly DomainCheck[];
  readonly comment?: string;
  /** Privileges of roles other than the owner; absent: USAGE for PUBLIC (./privilege.ts). */
  readonly grants?: readonly Grant[];
}

/** An attribute of a composite type. */
export interface CompositeAttribute {
  readonly name: string;
  readonly type: string;
  readonly collation?: string;
  /** COMMENT ON COLUMN type.attribute. */
  readonly comment?: string;
}

/** CREATE TYPE … AS (…). */
export interface CompositeType {
  readonly kind: 'composite';
  readonly schema: string;
  readonly name: string;
  /** In their order. */
  readonly attributes: readonly CompositeAttribute[];
  readonly comment?: string;
  /** Privileges of roles other than the owner; absent: USAGE for PUBLIC (./privilege.ts). */
  readonly grants?: readonly Grant[];
}

/**
 * CREATE TYPE … AS RANGE: the subtype as `format_type` prints it; the operator class,
 * collation, canonical and difference functions only where they are not the default, and the
 * multirange type's name only where it is not the one PostgreSQL derives (defaultMultirange).
 */
export interface RangeType {
  readonly kind: 'range';
  readonly schema: string;
  readonly name: string;
  readonly subtype: string;
  readonly subtypeOpclass?: string;
  readonly collation?: string;
  readonly canonical?: string;
  readonly subtypeDiff?: string;
  readonly multirange?: string;
  readonly comment?: string;
  /** Privileges of roles other than the owner; absent: USAGE for PUBLIC (./privilege.ts). */
  readonly grants?: readonly Grant[];
}

export type UserType = EnumType | DomainType | CompositeType | RangeType;

/** The name of a range type's multirange type: its own (`multirange:`), else PostgreSQL's. */
export function multirangeName(t: { readonly name: string; readonly multirange?: string }): string {
  return t.multirange ?? defaultMultirange(t.name);
}

/** The multirange type PostgreSQL makes with a range type: `floatrange` → `floatmultirange`, `span` → `span_multirange`. */
export function defaultMultirange(rangeName: string): string {
  const at = rangeName.indexOf('range');
  return at >= 0 ? `${rangeName.slice(0, at)}multi${rangeName.slice(at)}` : `${rangeName.slice(0, 52)}_multirange`;
}

/** What a plan calls a type: `domain` or `type`. */
export function typeWord(t: UserType): string {
  return t.kind === 'domain' ? 'domain' : 'type';
}

/** What a plan says of a type: `AS ENUM (a, b)`, `over text NOT NULL`, `AS (street text, zip integer)`. */
export function typeShape(t: UserType): string {
  if (t.kind === 'enum') return `AS ENUM (${t.values.join(', ')})`;
  if (t.kind === 'composite') return `AS (${t.attributes.map((a) => `${a.name} ${a.type}${a.collation !== undefined ? ` COLLATE ${a.collation}` : ''}`).join(', ')})`;
  if (t.kind === 'range') {
    const options: [string, string | undefined][] = [['subtype_opclass', t.subtypeOpclass], ['collation', t.collation], ['canonical', t.canonical], ['subtype_diff', t.subtypeDiff], ['multirange', t.multirange]];
    return `AS RANGE (${[t.subtype, ...options.flatMap(([k, v]) => (v !== undefined ? [`${k} ${v}`] : []))].join(', ')})`;
  }
  const parts = [`over ${t.base}`];
  if (t.collation !== undefined) parts.push(`COLLATE ${t.collation}`);
  if (t.default !== undefined) parts.push(`DEFAULT ${t.default}`);
  if (t.notNull) parts.push('NOT NULL');
  for (const c of t.checks) parts.push(`CHECK ${c.name} (${c.expression})`);
  return parts.join(' ');
}

/** The type's name as a column's type says it: `public.mood`. */
export function typeName(t: { readonly schema: string; readonly name: string }): string {
  return qname(t.schema, t.name);
}

/** Whether a column type is this type or an array of it. */
export function usesType(columnType: string, t: { readonly schema: string; readonly name: string }): boolean {
  const n = typeName(t);
  return columnType === n || columnType === `${n}[]`;
}

/** The declared types this one is made of (a domain's base, a composite's attributes), by `schema.name` key. */
export function typeDependencies(t: UserType, all: readonly UserType[]): UserType[] {
  const types = t.kind === 'domain' ? [t.base] : t.kind === 'composite' ? t.attributes.map((a) => a.type) : t.kind === 'range' ? [t.subtype] : [];
  return all.filter((o) => o !== t && types.some((x) => usesType(x, o)));
}

/** The types in an order where each comes after those it is made of (a cycle keeps the given order). */
export function inDependencyOrder(types: readonly UserType[]): UserType[] {
  const out: UserType[] = [];
  const state = new Map<UserType, 'visiting' | 'done'>();
  const visit = (t: UserType) => {
    if (state.has(t)) return;
    state.set(t, 'visiting');
    for (const d of typeDependencies(t, types)) visit(d);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of types) visit(t);
  return out;
}
