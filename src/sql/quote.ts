/**
 * The one place where identifiers and literals become SQL text (STYLE 7).
 * Every other module builds SQL through `ident`, `qname` and `literal`.
 */
import pgFormat from 'pg-format';
import { NON_UNRESERVED_KEYWORDS } from './keywords.js';

const SAFE = /^[a-z_][a-z0-9_]*$/;

/**
 * Quotes an identifier exactly when PostgreSQL's `quote_ident()` would: unless it is made of
 * lower-case letters, digits and underscores (not starting with a digit) and is not a
 * reserved or column-name keyword. Mixed case, unicode and keywords are double-quoted.
 */
export function ident(name: string): string {
  if (name.includes('\0')) throw new Error(`identifier contains a NUL byte: ${JSON.stringify(name)}`);
  if (SAFE.test(name) && !NON_UNRESERVED_KEYWORDS.has(name)) return name;
  return '"' + name.replace(/"/g, '""') + '"';
}

/** `schema.name`, each part quoted. */
export function qname(schema: string, name: string): string {
  return ident(schema) + '.' + ident(name);
}

/** A comma-separated list of quoted identifiers. */
export function identList(names: readonly string[]): string {
  return names.map(ident).join(', ');
}

export type SqlLiteral = string | number | boolean | null | bigint | readonly SqlLiteral[] | { readonly [k: string]: SqlLiteral };

/**
 * A literal: strings are single-quoted (pg-format doubles quotes and switches to E'' for
 * backslashes), numbers and booleans stand bare, null is NULL. Arrays and objects are
 * written as a JSON string literal (the caller casts it to `jsonb` or an array type).
 */
export function literal(value: SqlLiteral): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `'${String(value)}'`;
    return String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new Error('a string literal cannot contain a NUL byte');
    return pgFormat.literal(value);
  }
  return pgFormat.literal(JSON.stringify(value));
}

/** A string literal, always quoted (for COMMENT ON, policy settings, function bodies). */
export function stringLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a string literal cannot contain a NUL byte');
  return pgFormat.literal(value);
}

/**
 * Dollar-quotes a body (functions, DO blocks) with a tag that does not occur in it.
 */
export function dollarQuote(body: string): string {
  let tag = '$body$';
  for (let i = 1; body.includes(tag); i++) tag = `$body${i}$`;
  return tag + body + tag;
}
