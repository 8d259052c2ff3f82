/** Qualified names as the DDL writes them. */
import { ident, qname } from '../../sql/quote.js';

export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

export const tableName = (t: TableRef): string => qname(t.schema, t.name);

/** `gin_trgm_ops` or `public.gin_trgm_ops`: each part quoted when needed. */
export function dottedName(name: string): string {
  return name.split('.').map(ident).join('.');
}
