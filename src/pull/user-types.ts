/**
 * Declared types → `types:` (enum types, domains, composite types, keyed by name; a second
 * type of a name is left out and listed), and the attribute type of a column of one
 * (`{enum: mood}`, `{domain: email}`, `{composite: address}`, in arrays too).
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

const KIND_WORDS: Readonly<Record<UserType['kind'], string>> = { enum: 'enum type', domain: 'domain', composite: 'composite type' };

/** The types pull writes: the first of each name (types are keyed by name), with what is left out. */
export function writtenTypes(catalog: Catalog): { written: UserType[]; left: UserType[] } {
  const taken = new Set<string>();
  const written: UserType[] = [];
  const left: UserType[] = [];
  for (const t of catalog.types ?? []) {
    if (taken.has(t.name)) left.push(t);
    else (taken.add(t.name), written.push(t));
  }
  return { written, left };
}

/** How a type is written in `types:` or an attribute: a declared type by its bare name when that finds it, else qualified. */
function sqlSpelling(type: string, written: readonly UserType[], schema: string): string {
  const arr = type.endsWith('[]') ? '[]' : '';
  const base = arr ? type.slice(0, -2) : type;
  const declared = written.find((t) => typeName(t) === base);
  if (declared) {
    const same = written.filter((t) => t.name === declared.name);
    const pick = same.find((t) => t.schema === schema) ?? same.find((t) => t.schema === 'public') ?? same[0];
    return (pick === declared ? declared.name : `${declared.schema}.${declared.name}`) + arr;
  }
  const short = shortSpelling(type);
  if (short !== type) {
    const r = postgresTypeSql(short);
    if (r.ok && r.type === type) return short;
  }
  return type;
}

function typeValue(t: UserType, written: readonly UserType[]): Y {
  const schema: readonly [string, Y | undefined] = ['schema', t.schema !== 'public' ? t.schema : undefined];
  const grants: readonly [string, Y | undefined] = ['grants', grantsValue('type', t.grants)];
  if (t.kind === 'enum') return ymap([schema, ['enum', [...t.values]], ['description', t.comment], grants]);
  if (t.kind === 'domain') {
    const checks = ymap(t.checks.map((c) => [c.name, readable(c.expression)] as const));
    return ymap([
      schema,
      ['domain', sqlSpelling(t.base, written, t.schema)],
      ['collation', t.collation],
      ['default', t.default !== undefined ? readable(t.default) : undefined],
      ['not_null', t.notNull ? true : undefined],
      ['checks', checks.size ? checks : undefined],
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
  return ymap([schema, ['composite', attrs], ['description', t.comment], grants]);
}

/**
 * `types:`: the declared types of the pulled schemas. A type whose name another has already is
 * not written, and a plan would drop it (its schema is managed): said in `inexact`.
 */
export function pullTypes(catalog: Catalog, inexact: string[]): PulledSequence[] {
  const { written, left: out } = writtenTypes(catalog);
  for (const t of out) inexact.push(`the ${KIND_WORDS[t.kind]} ${t.schema}.${t.name} has the name of another type, and types are keyed by name, so it is not written: a plan would drop it`);
  return written.map((t) => ({ key: t.name, schema: t.schema, value: typeValue(t, written) }));
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
  const same = written.filter((x) => x.name === t.name);
  const pick = same.find((x) => x.schema === tableSchema) ?? same.find((x) => x.schema === 'public') ?? same[0];
  if (pick !== t) return undefined;
  const family: DeclaredTypeFamily = t.kind;
  let attrType: PulledType['attrType'] = { kind: 'declared', family, name: t.name };
  // PostgreSQL keeps no array dimensions: one level is the type.
  if (depth > 0) attrType = { kind: 'array', of: attrType };
  return { type: typeText(attrType), attrType, compiled: type, exact: true };
}
