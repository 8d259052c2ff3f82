/**
 * Which declared object an error from PostgreSQL is about. A CREATE TABLE holds many objects
 * (columns, the primary key, checks); PostgreSQL reports the character where it stopped, and
 * the line of the statement that holds it names the column or constraint.
 */
import type { Step } from './step.js';
import { keys, type ObjectKey } from '../ir/keys.js';

const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
const IDENT = '("(?:[^"]|"")+"|[^\\s"]+)';

/** The object at `position` (1-based, as PostgreSQL reports it) of `statement`, else the step's own. */
export function objectAt(step: Step, statement: string, position: number | undefined): ObjectKey {
  const c = step.change;
  if (c.kind !== 'create_table' || position === undefined || position < 1) return step.object;
  const before = statement.slice(0, position - 1);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = statement.indexOf('\n', lineStart);
  const line = statement.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim();
  const { schema, name } = c.table;
  const check = new RegExp(`^CONSTRAINT ${IDENT} CHECK`).exec(line);
  if (check) return keys.check(schema, name, unquote(check[1]!));
  if (new RegExp(`^CONSTRAINT ${IDENT} PRIMARY KEY`).test(line)) return keys.primaryKey(schema, name);
  const column = new RegExp(`^${IDENT} `).exec(line);
  if (column && c.table.columns.some((col) => col.name === unquote(column[1]!))) return keys.column(schema, name, unquote(column[1]!));
  return step.object;
}
