/**
 * Declared types → `types:` (enum types, domains, composite types, keyed by name; a second
 * type of a name, in another schema, by `<schema>_<name>` with its `name:`), and the attribute
 * type of a column of one (`{enum: mood}`, `{domain: email}`, `{composite: address}`, in arrays
 * too).
 */
import type { Catalog } from '../ir/catalog.js';
import type { DeclaredTypeFamily } from '../model/resource.js';
import { typeName, type UserType } from '../ir/user-type.js';
import { postgresTypeSql } from '../compile/types.js';
import type { PulledSequence } from './sequences.js';
import { readable } from './sql-text.js';
import { shortSpelling, typeText, type PulledType } from './types.js';
import { ymap, type Y } from './yaml-tree.js';
import { grantsValue } from './grants.js';
import { objectKeys } from './object-keys.js';

/**
 * Of the written types named `name`, the one the bare name finds from `schema`, as the
 * compiler finds it (../compile/declared-types.ts): the one in `schema`, else public's, else
 * the only one. Undefined when the name alone is ambiguous: the type is then written qualified.
 */
function bareFinds(written: readonly UserType[], name: string, schema: string): UserType | undefined {
  const same = written.filter((x) => x.name === name);
  return same.find((x) => x.schema === schema) ?? same.find((x) => x.schema === 'public') ?? (same.length === 1 ? same[0] : undefined);
}

/** How a type is written in `types:` or an attribute: a declared type by its bare name when that finds it, else qualified. */
function sqlSpelling(type: string, written: readonly UserType[], schema: string): string {
  const arr = type.endsWith('[]') ? '[]' : '';
  const base = arr ? type.slice(0, -2) : type;
  const declared = written.find((t) => typeName(t) === base);
  if (declared) {
    return (bareFinds(written, declared.name, schema) === declared ? declared.name : `${declared.schema}.${declared.name}`) + arr;
  }
  const short = shortSpelling(type);
  if (short !== type) {
    const r = postgresTypeSql(short);
    if (r.ok && r.type === type) return short;
  }
  return type;
}

function typeValue(t: UserType, written: readonly UserType[], named: boolean): Y {
  const schema: readonly [string, Y | undefined] = ['schema', t.schema !== 'public' ? t.schema : undefined];
  const name: readonly [string, Y | undefined] = ['name', named ? t.name : undefined];
  const grants: readonly [string, Y | undefined] = ['grants', grantsValue('type', t.grants)];
  if (t.kind === 'enum') return ymap([schema, name, ['enum', [...t.values]], ['description', t.comment], grants]);
  if (t.kind === 'domain') {
    const checks = ymap(t.checks.map((c) => [c.name, readable(c.expression)] as const));
    return ymap([
      schema,
      name,
      ['domain', sqlSpelling(t.base, written, t.schema)],
      ['collation', t.collation],
      ['default', t.default !== undefined ? readable(t.default) : undefined],
      ['not_null', t.notNull ? true : undefined],
      ['checks', checks.size ? checks : undefined],
      ['description', t.comment],
      grants,
    ]);
  }
  if (t.kind === 'range') {
    return ymap([
      schema,
      name,
      ['range', sqlSpelling(t.subtype, written, t.schema)],
      ['subtype_opclass', t.subtypeOpclass],
      ['collation', t.collation],
      ['canonical', t.canonical],
      ['subtype_diff', t.subtypeDiff],
      ['multirange', t.multirange],
      ['description', t.comment],
      grants,
    ]);
  }
  const attrs = ymap(
    t.attributes.map((a) => {
      const type = sqlSpelling(a.type, written, t.schema);
      return [a.name, a.collation !== undefined || a.comment !== undefined ? ymap([['type', type], ['collation', a.collation], ['description', a.comment]]) : type] as const;
    }),
  );
  return ymap([schema, name, ['composite', attrs], ['description', t.comment], grants]);
}

/** `types:`: the declared types of the pulled schemas, a second one of a name under another key (./object-keys.ts). */
export function pullTypes(catalog: Catalog): PulledSequence[] {
  const written = catalog.types ?? [];
  const keys = objectKeys(written);
  return written.map((t, i) => ({ key: keys[i]!.key, schema: t.schema, value: typeValue(t, written, keys[i]!.named) }));
}

/**
 * The attribute type of a column whose type is a written declared type (or an array of one),
 * when the name alone finds it from the table's schema; undefined otherwise.
 */
export function declaredColumnType(type: string, written: readonly UserType[], tableSchema: string): PulledType | undefined {
  let depth = 0;
  let base = type;
  while (base.endsWith('[]')) (base = base.slice(0, -2), depth++);
  const t = written.find((x) => typeName(x) === base);
  if (!t) return undefined;
  // A range type has no attribute form of its own: its columns say `postgres_type:`.
  if (t.kind === 'range' || bareFinds(written, t.name, tableSchema) !== t) return undefined;
  const family: DeclaredTypeFamily = t.kind;
  let attrType: PulledType['attrType'] = { kind: 'declared', family, name: t.name };
  // PostgreSQL keeps no array dimensions: one level is the type.
  if (depth > 0) attrType = { kind: 'array', of: attrType };
  return { type: typeText(attrType), attrType, compiled: type, exact: true };
}
