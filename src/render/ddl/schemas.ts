/** CREATE SCHEMA / CREATE EXTENSION. */
import type { Extension, Schema } from '../../ir/catalog.js';
import { ident, stringLiteral } from '../../sql/quote.js';

export function createSchema(s: Schema, options: { ifNotExists?: boolean } = {}): string {
  return `CREATE SCHEMA ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${ident(s.name)}`;
}

export function commentOnSchema(s: Schema): string {
  return `COMMENT ON SCHEMA ${ident(s.name)} IS ${s.comment === undefined ? 'NULL' : stringLiteral(s.comment)}`;
}

/** IF NOT EXISTS: an extension is database-wide and may be there already (a template, another tool). */
export function createExtension(e: Extension): string {
  const parts = [`CREATE EXTENSION IF NOT EXISTS ${ident(e.name)}`];
  if (e.schema !== undefined) parts.push(`WITH SCHEMA ${ident(e.schema)}`);
  if (e.version !== undefined) parts.push(`VERSION ${stringLiteral(e.version)}`);
  return parts.join(' ');
}
