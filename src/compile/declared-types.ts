/**
 * Names of types the files declare under `types:` → the type as PostgreSQL prints it:
 * `mood` → `public.mood`, `email[]` → `public.email[]`. A name without a schema is the type
 * of that name in the given schema, else in public, else the only one.
 */
import type { DeclaredTypeFamily, TypeDef } from '../model/resource.js';
import { ident, qname } from '../sql/quote.js';
import { defaultMultirange } from '../ir/user-type.js';

/** The declared type a name (`email`, `"Email"`, `billing.email`) names, preferring `schema`. */
export function findDeclared(types: readonly TypeDef[], name: string, schema: string, family?: DeclaredTypeFamily): TypeDef | undefined {
  const of = family ? types.filter((t) => t.kind === family) : types;
  const named = of.filter((t) => t.name === name || ident(t.name) === name || qname(t.schema, t.name) === name || `${t.schema}.${t.name}` === name);
  return named.find((t) => t.schema === schema) ?? named.find((t) => t.schema === 'public') ?? named[0];
}

/** A column or attribute type with a declared type's name qualified; any other type as it is. */
export function resolveDeclared(types: readonly TypeDef[], type: string, schema: string): string {
  if (!types.length) return type;
  const arr = type.endsWith('[]') ? '[]' : '';
  const base = arr ? type.slice(0, -2) : type;
  const pick = findDeclared(types, base, schema);
  if (pick) return qname(pick.schema, pick.name) + arr;
  // The multirange type a declared range type makes (`floatmultirange`, or its `multirange:`).
  const multiranges = types.flatMap((t) => (t.kind === 'range' ? [{ schema: t.schema, name: t.multirange ?? defaultMultirange(t.name) }] : []));
  const named = multiranges.filter((m) => m.name === base || ident(m.name) === base || qname(m.schema, m.name) === base || `${m.schema}.${m.name}` === base);
  const multi = named.find((m) => m.schema === schema) ?? named.find((m) => m.schema === 'public') ?? named[0];
  return multi ? qname(multi.schema, multi.name) + arr : type;
}
