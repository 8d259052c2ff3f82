/**
 * A narrowing type change never cuts or rounds a value silently. For the narrowings PostgreSQL
 * would carry out with a loss — a shorter varchar, a smaller numeric precision or scale, a
 * coarser timestamp or time, double → real, a smaller integer, a numeric or float to an
 * integer — `fits` is an SQL predicate that never raises and is true exactly when a value
 * converts unchanged. The step converts with `CASE WHEN fits THEN value::type ELSE <error>`,
 * so a value that does not fit makes the step (and the transaction) fail; the destructive
 * analysis counts the rows where it is false before anything runs. Both read this one file.
 */
import { ident, stringLiteral } from '../sql/quote.js';

const INT_RANGE: Record<string, readonly [string, string]> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};
const INTS = Object.keys(INT_RANGE);
const FLOATS = ['real', 'double precision'];
const NUMERIC = /^numeric(?:\((\d+),(\d+)\))?$/;
const VARCHAR = /^character varying\((\d+)\)$/;
const TEXTLIKE = /^(text|character varying(\(\d+\))?|(.+\.)?citext)$/;
const TIMES = /^(timestamp|time)(?:\((\d)\))? (with(?:out)? time zone)$/;

/** The predicate (over the quoted column `c`) true when a value of `from` converts to `to` unchanged; undefined when pgdecl has none. */
export function fitsPredicate(c: string, from: string, to: string): string | undefined {
  const v = VARCHAR.exec(to);
  if (v && TEXTLIKE.test(from)) return `pg_catalog.char_length(${c}) <= ${v[1]}`;
  const n = NUMERIC.exec(to);
  if (n && n[1] !== undefined && (NUMERIC.test(from) || INTS.includes(from) || FLOATS.includes(from))) {
    const x = from.startsWith('numeric') ? c : `${c}::numeric`;
    // Rounded to the scale it must stay equal, and its integer digits fit the precision.
    const nan = INTS.includes(from) ? '' : `${c} = 'NaN' OR `;
    return `(${nan}(pg_catalog.round(${x}, ${n[2]}) = ${x} AND pg_catalog.abs(pg_catalog.round(${x}, ${n[2]})) < 1e${Number(n[1]) - Number(n[2])}))`;
  }
  const range = INT_RANGE[to];
  if (range && (INTS.includes(from) || NUMERIC.test(from) || FLOATS.includes(from))) {
    const whole = INTS.includes(from) ? 'true' : `${c} = pg_catalog.trunc(${c})`;
    return `(${whole} AND ${c} BETWEEN ${range[0]} AND ${range[1]})`;
  }
  if (from === 'double precision' && to === 'real') {
    return `CASE WHEN ${c} IN ('Infinity', '-Infinity', 'NaN') THEN true WHEN pg_catalog.abs(${c}) > 3.4028234663852886e38 OR (${c} <> 0 AND pg_catalog.abs(${c}) < 1.401298464324817e-45) THEN false ELSE ${c}::real::double precision = ${c} END`;
  }
  const ft = TIMES.exec(from);
  const tt = TIMES.exec(to);
  if (ft && tt && ft[1] === tt[1] && ft[3] === tt[3]) return `${c}::${to} = ${c}`;
  return undefined;
}

/**
 * The USING expression of a narrowing type change: the value converted when it fits, else an
 * error naming the column, the type and the value (cast to integer so it raises whatever the
 * type; it depends on the value, so it is never folded into a constant while planning).
 */
export function guardedConversion(column: string, from: string, to: string): string | undefined {
  const c = ident(column);
  const fits = fitsPredicate(c, from, to);
  if (fits === undefined) return undefined;
  const message = `pgdecl: a value of column ${column} does not fit ${to} without being cut or rounded, so nothing was changed: `;
  return `CASE WHEN ${c} IS NULL OR ${fits} THEN ${c}::${to} ELSE (${stringLiteral(message)} || pg_catalog.left(${c}::text, 40))::integer::text::${to} END`;
}
