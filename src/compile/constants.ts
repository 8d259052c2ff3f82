/**
 * Constants written the way PostgreSQL prints them back (`get_const_expr` in ruleutils.c),
 * so a compiled default or check compares equal to the inspected one:
 *
 *   0 → `0`, -1 → `'-1'::integer`, 10000000000 → `'10000000000'::bigint`, 1.5 → `1.5`,
 *   -1.5 → `'-1.5'::numeric`, 'member' on text → `'member'::text`, {} on jsonb → `'{}'::jsonb`,
 *   [] on text[] → `'{}'::text[]`.
 *
 * Every quoted piece goes through `literal` (src/sql/quote.ts).
 */
import type { Literal } from '../model/resource.js';
import { literal } from '../sql/quote.js';

export type NumberType = 'integer' | 'bigint' | 'numeric';

/** A number as the parser types a literal: int4, int8 or numeric. */
export interface NumberConst {
  readonly digits: string;
  readonly type: NumberType;
}

const INT4_MIN = -(2n ** 31n);
const INT4_MAX = 2n ** 31n - 1n;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** A decimal without exponent: 1e-7 → 0.0000001, 1e21 → 1000000000000000000000. */
export function plainDecimal(value: number | string): string {
  let s = typeof value === 'number' ? String(value) : value.trim();
  if (s.startsWith('+')) s = s.slice(1);
  const m = /^(-?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int = '', frac = '', exp] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  out = out.replace(/^0+(?=\d)/, '');
  return sign + out;
}

export function isNumericText(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
}

export function numberConst(value: number | string): NumberConst {
  const digits = plainDecimal(value);
  if (/^-?\d+$/.test(digits)) {
    const n = BigInt(digits);
    if (n >= INT4_MIN && n <= INT4_MAX) return { digits, type: 'integer' };
    if (n >= INT8_MIN && n <= INT8_MAX) return { digits, type: 'bigint' };
  }
  return { digits, type: 'numeric' };
}

/** How PostgreSQL prints a Const of that number type. */
export function printNumber(c: NumberConst): string {
  switch (c.type) {
    case 'integer':
      return c.digits.startsWith('-') ? `${literal(c.digits)}::integer` : c.digits;
    case 'bigint':
      return `${literal(c.digits)}::bigint`;
    case 'numeric':
      return /^\d/.test(c.digits) && /[.eE]/.test(c.digits) ? c.digits : `${literal(c.digits)}::numeric`;
  }
}

const RANK: Readonly<Record<NumberType, number>> = { integer: 0, bigint: 1, numeric: 2 };

export function widest(types: readonly NumberType[]): NumberType {
  return types.reduce<NumberType>((a, b) => (RANK[b] > RANK[a] ? b : a), 'integer');
}

/** A number cast to a wider type, as PostgreSQL prints the coercion: `(2)::numeric`, `('-1'::integer)::bigint`. */
export function printNumberAs(c: NumberConst, type: NumberType | 'double precision' | 'real'): string {
  return c.type === type ? printNumber(c) : `(${printNumber(c)})::${type}`;
}

/** jsonb's own output: keys ordered by length then bytes, `", "` and `": "` separators. */
export function jsonbText(v: Literal): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return plainDecimal(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + (v as readonly Literal[]).map(jsonbText).join(', ') + ']';
  const obj = v as { readonly [k: string]: Literal };
  const keys = Object.keys(obj).sort((a, b) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return '{' + keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(obj[k]!)}`).join(', ') + '}';
}

/** One element of an array literal, quoted as `array_out` quotes it. */
function arrayElement(v: Literal): string {
  if (v === null) return 'NULL';
  if (Array.isArray(v)) return arrayLiteralText(v as readonly Literal[]);
  let s: string;
  if (typeof v === 'boolean') s = v ? 't' : 'f';
  else if (typeof v === 'number') s = plainDecimal(v);
  else if (typeof v === 'string') s = v;
  else s = jsonbText(v);
  const needsQuotes = s === '' || /[{}",\\\s]/.test(s) || /^null$/i.test(s);
  return needsQuotes ? '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"' : s;
}

/** The text of an array value as `array_out` prints it: `{a,"b c",""}`. */
export function arrayLiteralText(values: readonly Literal[]): string {
  return '{' + values.map(arrayElement).join(',') + '}';
}

/** Timestamps as PostgreSQL prints them: a space between date and time. */
export function dateTimeText(s: string): string {
  return s.replace(/^(\d{4}-\d{2}-\d{2})[Tt](\d)/, '$1 $2');
}
