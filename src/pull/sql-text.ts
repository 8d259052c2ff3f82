/**
 * Small rewrites of SQL text as PostgreSQL prints it, for reading, that PostgreSQL prints back
 * unchanged (plans compare what the server prints, src/plan/normalize.ts).
 */
import { balanced } from '../inspect/decode.js';
import { quotedEnd } from '../sql/quoted-end.js';

/** `(deleted_at IS NULL)` → `deleted_at IS NULL`; `(a) OR (b)` stays. */
export function stripOuterParens(sql: string): string {
  let s = sql.trim();
  while (s.startsWith('(')) {
    const group = balanced(s, 0);
    if (!group || group.end !== s.length) break;
    s = group.inner.trim();
  }
  return s;
}

/**
 * `public.gen_random_bytes(9)` → `gen_random_bytes(9)`, `'x'::public.citext` → `'x'::citext`:
 * inspection prints names outside pg_catalog qualified; `public` is on every search path, so
 * PostgreSQL resolves the bare name to the same object and prints it back qualified.
 * String literals and quoted identifiers are left alone.
 */
export function unqualifyPublic(sql: string): string {
  if (!sql.includes('public.')) return sql;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const j = quotedEnd(sql, i);
      out += sql.slice(i, j + 1);
      i = j;
      continue;
    }
    if (sql.startsWith('public.', i) && !/[A-Za-z0-9_$."]/.test(sql[i - 1] ?? ' ') && /[A-Za-z_"]/.test(sql[i + 7] ?? '')) {
      i += 6;
      continue;
    }
    out += ch;
  }
  return out;
}

/** `E'a\\b'` → `'a\b'`: escape-string literals as PostgreSQL prints them (standard strings). */
export function standardStrings(sql: string): string {
  return sql.replace(/(?<![A-Za-z0-9_])E'((?:[^'\\]|''|\\.)*)'/gs, (_m, body: string) => {
    const value = body.replace(/''/g, "'").replace(/\\(.)/gs, '$1');
    return `'${value.replace(/'/g, "''")}'`;
  });
}

/** SQL text as pull writes it: without the outer parentheses and `public.` qualifications PostgreSQL adds. */
export function readable(sql: string): string {
  return unqualifyPublic(stripOuterParens(sql));
}
