/** Rows of ./queries/types.sql → enum types, domains, composite types and range types. */
import { defaultMultirange, type UserType } from '../ir/user-type.js';
import { checkExpression } from './decode.js';

export interface TypeRow {
  schema: string;
  name: string;
  kind: 'e' | 'd' | 'c' | 'r';
  values: string[];
  base: string | null;
  default: string | null;
  not_null: boolean;
  collation: string | null;
  checks: unknown;
  attributes: unknown;
  comment: string | null;
  subtype: string | null;
  subtype_opclass: string | null;
  range_collation: string | null;
  canonical: string | null;
  subtype_diff: string | null;
  multirange: string | null;
}

/** A json column: parsed by the driver, or its text. */
function json<T>(v: unknown): T[] {
  if (v === null || v === undefined) return [];
  return (typeof v === 'string' ? JSON.parse(v) : v) as T[];
}

export function typeFromRow(r: TypeRow): UserType {
  const comment = r.comment !== null ? { comment: r.comment } : {};
  if (r.kind === 'd') {
    const checks = json<{ name: string; definition: string; validated: boolean }>(r.checks).map((c) => ({
      name: c.name,
      expression: checkExpression(c.definition),
      ...(c.validated ? {} : { notValid: true as const }),
    }));
    return {
      kind: 'domain',
      schema: r.schema,
      name: r.name,
      base: r.base ?? '',
      ...(r.default !== null ? { default: r.default } : {}),
      ...(r.not_null ? { notNull: true as const } : {}),
      ...(r.collation !== null ? { collation: r.collation } : {}),
      checks,
      ...comment,
    };
  }
  if (r.kind === 'r') {
    return {
      kind: 'range',
      schema: r.schema,
      name: r.name,
      subtype: r.subtype ?? '',
      ...(r.subtype_opclass !== null ? { subtypeOpclass: r.subtype_opclass } : {}),
      ...(r.range_collation !== null ? { collation: r.range_collation } : {}),
      ...(r.canonical !== null ? { canonical: r.canonical } : {}),
      ...(r.subtype_diff !== null ? { subtypeDiff: r.subtype_diff } : {}),
      ...(r.multirange !== null && r.multirange !== defaultMultirange(r.name) ? { multirange: r.multirange } : {}),
      ...comment,
    };
  }
  if (r.kind === 'c') {
    const attributes = json<{ name: string; type: string; collation: string | null; comment: string | null }>(r.attributes).map((a) => ({
      name: a.name,
      type: a.type,
      ...(a.collation !== null ? { collation: a.collation } : {}),
      ...(a.comment !== null ? { comment: a.comment } : {}),
    }));
    return { kind: 'composite', schema: r.schema, name: r.name, attributes, ...comment };
  }
  return { kind: 'enum', schema: r.schema, name: r.name, values: r.values, ...comment };
}
