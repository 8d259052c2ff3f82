/** CREATE COLLATION, COMMENT ON COLLATION and DROP COLLATION. */
import { collationRef, type Collation } from '../../ir/collation.js';
import { stringLiteral } from '../../sql/quote.js';

/** CREATE COLLATION with its provider always said (libc is only PostgreSQL's default). */
export function createCollation(c: Collation): string {
  const options = [`provider = ${c.provider}`];
  if (c.locale !== undefined) options.push(`locale = ${stringLiteral(c.locale)}`);
  if (c.lcCollate !== undefined) options.push(`lc_collate = ${stringLiteral(c.lcCollate)}`);
  if (c.lcCtype !== undefined) options.push(`lc_ctype = ${stringLiteral(c.lcCtype)}`);
  if (!c.deterministic) options.push('deterministic = false');
  if (c.rules !== undefined) options.push(`rules = ${stringLiteral(c.rules)}`);
  return `CREATE COLLATION ${collationRef(c)} (${options.join(', ')})`;
}

export function commentOnCollation(c: { readonly schema: string; readonly name: string }, comment: string | undefined): string {
  return `COMMENT ON COLLATION ${collationRef(c)} IS ${comment === undefined ? 'NULL' : stringLiteral(comment)}`;
}

export function dropCollation(c: { readonly schema: string; readonly name: string }): string {
  return `DROP COLLATION ${collationRef(c)}`;
}

/** The collation with its comment. */
export function createCollationWithComment(c: Collation): string[] {
  return [createCollation(c), ...(c.comment !== undefined ? [commentOnCollation(c, c.comment)] : [])];
}
