/**
 * Names of types the files declare under `types:` → the type as PostgreSQL prints it:
 * `mood` → `public.mood`, `email[]` → `public.email[]`. A name without a schema is the type
 * of that name in the given schema, else in public, else the only one.
 */
import type { DeclaredTypeFamily, TypeDef } from '../model/resource.js';
import { ident, qname } from '../sql/quote.js';
import { multirangeName } from '../ir/user-type.js';

/** The declared type a name (`email`, `"Email"`, `billing.email`) names, preferring `schema`. */
export function findDeclared(types: readonly TypeDef[], name: string, schema: string, family?: DeclaredTypeFamily): TypeDef | undefined {
  return named(family ? types.filter((t) => t.kind === family) : types, name, schema);
}

/** Of `objects`, the one `name` (bare, quoted or qualified) names, preferring `schema`, then public. */
export function named<T extends { readonly schema: string; readonly name: string }>(objects: readonly T[], name: string, schema: string): T | undefined {
  const all = objects.filter((t) => t.name === name || ident(t.name) === name || qname(t.schema, t.name) === name || `${t.schema}.${t.name}` === name);
  return all.find((t) => t.schema === schema) ?? all.find((t) => t.schema === 'public') ?? all[0];
}

/** A column or attribute type with a declared type's name qualified; any other type as it is. */
export function resolveDeclared(types: readonly TypeDef[], type: string, schema: string): string {
  if (!types.length) return type;
  const arr = type.endsWith('[]') ? '[]' : '';
  const base = arr ? type.slice(0, -2) : type;
  const pick = findDeclared(types, base, schema);
  if (pick) return qname(pick.schema, pick.name) + arr;
  // The multirange type a declared range type makes (`floatmultirange`, or its `multirange:`).
  const multi = named(types.flatMap((t) => (t.kind === 'range' ? [{ schema: t.schema, name: multirangeName(t) }] : [])), base, schema);
  return multi ? qname(multi.schema, multi.name) + arr : type;
}
