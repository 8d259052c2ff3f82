/**
 * A view whose query is a bare VALUES list (`CREATE VIEW v (k, n) AS VALUES (1, 'a')`) is
 * printed by the server as a SELECT from it:
 *
 *   SELECT "*VALUES*".column1 AS k, "*VALUES*".column2 AS n FROM (VALUES (1,'a'::text)) "*VALUES*";
 *
 * (PostgreSQL 18 without the `"*VALUES*".`), which it reads back as a subquery and prints
 * otherwise (`FROM ( VALUES …`): created from its own printed text, such a view would never plan
 * empty. `valuesView` finds that form and gives back the column names and the `VALUES …` list,
 * which the view is then created from.
 */
import { balanced } from '../inspect/decode.js';

const HEAD = /^\s*SELECT\s+/;
const COLUMN = /^(?:"\*VALUES\*"\.)?column(\d+) AS ("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)(,\s+|\s+FROM\s+)/;

export function valuesView(definition: string): { readonly columns: readonly string[]; readonly values: string } | undefined {
  const head = HEAD.exec(definition);
  if (!head) return undefined;
  let rest = definition.slice(head[0].length);
  const columns: string[] = [];
  for (;;) {
    const m = COLUMN.exec(rest);
    if (!m || Number(m[1]) !== columns.length + 1) return undefined;
    columns.push(m[2]!);
    rest = rest.slice(m[0].length);
    if (!m[3]!.startsWith(',')) break;
  }
  if (!rest.startsWith('(VALUES ')) return undefined;
  const group = balanced(rest, 0);
  if (!group || !/^\s*"\*VALUES\*"\s*;?\s*$/.test(rest.slice(group.end))) return undefined;
  return { columns, values: group.inner };
}
