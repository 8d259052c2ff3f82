/**
 * Types the files declare (`types:`): enum types for now. A column uses one by its
 * schema-qualified name, as `format_type` prints it (`public.mood`, `public.mood[]`).
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

export type UserType = EnumType;

/** The type's name as a column's type says it: `public.mood`. */
export function typeName(t: { readonly schema: string; readonly name: string }): string {
  return qname(t.schema, t.name);
}

/** Whether a column type is this type or an array of it. */
export function usesType(columnType: string, t: { readonly schema: string; readonly name: string }): boolean {
  const n = typeName(t);
  return columnType === n || columnType === `${n}[]`;
}
