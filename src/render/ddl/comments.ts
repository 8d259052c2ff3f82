/** COMMENT ON INDEX / CONSTRAINT / TRIGGER: the comments of a table's parts. */
import type { CommentedObject } from '../../diff/change.js';
import type { Index } from '../../ir/catalog.js';
import { ident, qname, stringLiteral } from '../../sql/quote.js';
import { tableName, type TableRef } from './names.js';

export function commentOnObject(t: TableRef, o: CommentedObject, comment: string | undefined): string {
  const text = comment === undefined ? 'NULL' : stringLiteral(comment);
  switch (o.type) {
    case 'index':
      return `COMMENT ON INDEX ${qname(t.schema, o.name)} IS ${text}`;
    case 'constraint':
      return `COMMENT ON CONSTRAINT ${ident(o.name)} ON ${tableName(t)} IS ${text}`;
    case 'trigger':
      return `COMMENT ON TRIGGER ${ident(o.name)} ON ${tableName(t)} IS ${text}`;
    case 'policy':
      return `COMMENT ON POLICY ${ident(o.name)} ON ${tableName(t)} IS ${text}`;
  }
}

/** The comment statement of a part being created, if it has a comment. */
export function commentIfAny(t: TableRef, o: CommentedObject, comment: string | undefined): string[] {
  return comment === undefined ? [] : [commentOnObject(t, o, comment)];
}

/** What a comment on an index is on: the index, or the UNIQUE or exclusion constraint that owns it. */
export function indexObject(i: Index): CommentedObject {
  return { type: i.constraint ? 'constraint' : 'index', name: i.name };
}
