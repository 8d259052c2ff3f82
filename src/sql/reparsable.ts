/**
 * An expression PostgreSQL printed, in a form it reads back to the same tree (and so prints the
 * same again): DDL is rendered from what the server prints (plans compare printed text,
 * src/plan/normalize.ts), and a few printed forms do not read back to themselves.
 *
 *   reparsable("(state)::text = ANY ((ARRAY['a'::character varying])::text[])")
 *     // → "(state)::text = ANY (ARRAY['a'::character varying])"
 *
 * The one such form handled: an IN list over a column whose type is compared through a cast
 * (a varchar column compares as text). The server casts the list's array implicitly and prints
 * the cast as if written, but it reads a cast written right around `ARRAY[…]` as a cast of each
 * element (`ARRAY[('a'::character varying)::text]`), another text. Without the cast, it adds
 * the same implicit cast again. Such a cast only ever comes from an implicit one: one written
 * there never stays around the array.
 */
import { balanced } from '../inspect/decode.js';
import { quotedEnd } from './quoted-end.js';

const ARRAY_OPERAND = /(?<![A-Za-z0-9_$])(ANY|ALL) \(\(ARRAY\[/y;
const ARRAY_CAST_END = /::(?:[^()'"]|"(?:[^"]|"")*")+?\[\]\)/y;

export function reparsable(sql: string): string {
  if (!/(ANY|ALL) \(\(ARRAY\[/.test(sql)) return sql;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const j = quotedEnd(sql, i);
      out += sql.slice(i, j + 1);
      i = j;
      continue;
    }
    ARRAY_OPERAND.lastIndex = i;
    const op = ARRAY_OPERAND.exec(sql);
    const group = op ? balanced(sql, i + op[1]!.length + 2) : undefined;
    if (op && group) {
      ARRAY_CAST_END.lastIndex = group.end;
      const cast = ARRAY_CAST_END.exec(sql);
      if (cast) {
        out += `${op[1]} (${reparsable(group.inner)})`;
        i = cast.index + cast[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
