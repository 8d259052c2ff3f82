/**
 * Where a string literal or quoted identifier that opens at `start` (`'…'` or `"…"`) ends: the
 * index of its closing quote, a doubled quote staying inside; the last index of `sql` when it
 * is not closed. For scanners that rewrite SQL text and must leave quoted text as it is.
 */
export function quotedEnd(sql: string, start: number): number {
  const q = sql[start]!;
  let j = start + 1;
  for (; j < sql.length; j++) {
    if (sql[j] === q) {
      if (sql[j + 1] === q) j++;
      else break;
    }
  }
  return Math.min(j, sql.length - 1);
}
