/**
 * Column defaults: literals written as `pg_get_expr` prints them (see constants.ts), `{sql:}`
 * defaults verbatim (trimmed), and the defaults the macros imply.
 */
import type { Literal } from '../model/resource.js';
import { literal } from '../sql/quote.js';
import { arrayLiteralText, dateTimeText, isNumericText, jsonbText, numberConst, printNumber } from './constants.js';
import { castLabel, elementType, typeClass } from './type-class.js';

/** `(now() AT TIME ZONE 'utc')` as PostgreSQL prints it (14 and later alike). */
export const UTC_NOW = "(now() AT TIME ZONE 'utc'::text)";

export const GEN_RANDOM_UUID = 'gen_random_uuid()';

export type DefaultResult = { readonly ok: true; readonly sql: string | undefined } | { readonly ok: false; readonly message: string };

function typed(text: string, type: string): string {
  return `${literal(text)}::${castLabel(type)}`;
}

function describe(v: Literal): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * A literal default for a column of `type` (format_type spelling). `null` means no default
 * (PostgreSQL stores none for DEFAULT NULL).
 */
export function literalDefault(value: Literal, type: string): DefaultResult {
  if (value === null) return { ok: true, sql: undefined };
  const cls = typeClass(type);
  const bad = (what: string): DefaultResult => ({ ok: false, message: `the default ${describe(value)} is not ${what}` });
  switch (cls) {
    case 'integer':
    case 'numeric':
    case 'float': {
      if (typeof value === 'number' || (typeof value === 'string' && isNumericText(value))) {
        const c = numberConst(value);
        if (cls === 'integer' && c.type === 'numeric') return bad(`an integer (the column is ${type})`);
        return { ok: true, sql: printNumber(c) };
      }
      return bad(`a number (the column is ${type})`);
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, sql: value ? 'true' : 'false' };
      return bad('true or false');
    case 'jsonb':
    case 'json':
      return { ok: true, sql: typed(jsonbText(value), type) };
    case 'array': {
      if (typeof value === 'string') return { ok: true, sql: typed(value, type) };
      if (!Array.isArray(value)) return bad(`a list (the column is ${type})`);
      const elem = typeClass(elementType(type));
      const items = value as readonly Literal[];
      const jsonElements = elem === 'jsonb' || elem === 'json';
      return { ok: true, sql: typed(arrayLiteralText(jsonElements ? items.map((i) => jsonbText(i)) : items), type) };
    }
    case 'uuid':
      if (typeof value === 'string') return { ok: true, sql: typed(value.toLowerCase(), type) };
      return bad('a UUID string');
    case 'bytea':
      if (typeof value === 'string') {
        const hex = /^\\x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : '\\x' + Buffer.from(value, 'utf8').toString('hex');
        return { ok: true, sql: typed(hex, type) };
      }
      return bad('a string');
    case 'text':
    case 'citext':
    case 'varchar':
    case 'bpchar':
      if (typeof value === 'string') return { ok: true, sql: typed(value, type) };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, sql: typed(String(value), type) };
      return bad(`a string (the column is ${type})`);
    case 'other':
      if (typeof value === 'string') return { ok: true, sql: typed(/^(timestamp|time)\b/.test(type) ? dateTimeText(value) : value, type) };
      if (typeof value === 'number') return { ok: true, sql: typed(String(value), type) };
      return bad(`a string (the column is ${type})`);
  }
}
