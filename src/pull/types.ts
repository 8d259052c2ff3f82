/**
 * Column types (as `format_type` prints them, under `search_path = pg_catalog`) → attribute
 * types: the exact inverse of src/compile/types.ts. A type the Ash names cover exactly becomes
 * that name (`text` → string, `timestamp without time zone` → utc_datetime_usec, `text[]` →
 * `{array: string}`); any other keeps its spelling in `postgres_type` (`integer`,
 * `varchar(16)`), next to the closest Ash type. Each answer is checked against the compiler:
 * compiling what is written gives back the column's type.
 */
import type { AttrType, RangeElementType, ScalarType } from '../model/resource.js';
import { attrTypeSql, postgresTypeSql } from '../compile/types.js';
import { ymap, type Y } from './yaml-tree.js';

export interface PulledType {
  /** What `type:` says: `string`, `{array: string}`, `{range: integer}`. */
  readonly type: Y;
  readonly attrType: AttrType;
  /** The exact SQL type when `type` alone does not give it. */
  readonly postgresType?: string;
  /** `numeric(p,s)`: the decimal's precision and scale. */
  readonly precision?: number;
  readonly scale?: number;
  /** The column type as the compiler spells it (`citext`, where inspection says `public.citext`). */
  readonly compiled: string;
  /** False when no spelling compiles back to the type: a plan would change the column. */
  readonly exact: boolean;
}

/** Types that are exactly one Ash type (extension types only where they live in public). */
const EXACT: Readonly<Record<string, ScalarType>> = {
  bigint: 'integer',
  text: 'string',
  'public.citext': 'ci_string',
  uuid: 'uuid',
  boolean: 'boolean',
  'double precision': 'float',
  numeric: 'decimal',
  date: 'date',
  'time(0) without time zone': 'time',
  'time without time zone': 'time_usec',
  'timestamp(0) without time zone': 'utc_datetime',
  'timestamp without time zone': 'utc_datetime_usec',
  'timestamp(0) with time zone': 'timestamptz',
  'timestamp with time zone': 'timestamptz_usec',
  jsonb: 'map',
  bytea: 'binary',
  interval: 'duration',
  'public.ltree': 'ltree',
  tsvector: 'tsvector',
  tsquery: 'tsquery',
};

const RANGES: Readonly<Record<string, RangeElementType>> = {
  int8range: 'integer',
  numrange: 'decimal',
  daterange: 'date',
  tsrange: 'utc_datetime_usec',
  tstzrange: 'timestamptz_usec',
};

/** The closest Ash type of a type that is not exact: what a reader (and the validator) goes by. */
function closest(type: string): AttrType {
  if (type.endsWith('[]')) return { kind: 'array', of: closest(type.slice(0, -2)) };
  const base = type.replace(/\(.*?\)/g, '');
  if (/^(smallint|integer|bigint)$/.test(base)) return { kind: 'scalar', name: 'integer' };
  if (/^(real|double precision)$/.test(base)) return { kind: 'scalar', name: 'float' };
  if (base === 'numeric') return { kind: 'scalar', name: 'decimal' };
  if (base === 'json' || base === 'jsonb') return { kind: 'scalar', name: 'map' };
  if (base === 'boolean') return { kind: 'scalar', name: 'boolean' };
  if (base === 'uuid') return { kind: 'scalar', name: 'uuid' };
  if (base === 'date') return { kind: 'scalar', name: 'date' };
  if (base === 'bytea') return { kind: 'scalar', name: 'binary' };
  if (base.startsWith('interval')) return { kind: 'scalar', name: 'duration' };
  if (base === 'timestamp without time zone') return { kind: 'scalar', name: 'utc_datetime_usec' };
  if (base === 'timestamp with time zone') return { kind: 'scalar', name: 'timestamptz_usec' };
  if (base === 'time without time zone' || base === 'time with time zone') return { kind: 'scalar', name: 'time_usec' };
  if (base.endsWith('.citext')) return { kind: 'scalar', name: 'ci_string' };
  return { kind: 'scalar', name: 'string' };
}

/** How a person writes the type: `character varying(16)` → `varchar(16)`. */
export function shortSpelling(type: string): string {
  return type
    .replace(/^character varying/, 'varchar')
    .replace(/^character\b/, 'char')
    .replace(/^bit varying/, 'varbit')
    .replace(/^timestamp(\(\d+\))? without time zone/, 'timestamp$1')
    .replace(/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1')
    .replace(/^time(\(\d+\))? without time zone/, 'time$1')
    .replace(/^time(\(\d+\))? with time zone/, 'timetz$1');
}

export function typeText(t: AttrType): Y {
  if (t.kind === 'scalar') return t.name;
  if (t.kind === 'array') return ymap([['array', typeText(t.of)]]);
  if (t.kind === 'declared') return ymap([[t.family, t.name]]);
  return ymap([['range', t.of]]);
}

function exact(type: string): { attrType: AttrType; precision?: number; scale?: number } | undefined {
  if (type.endsWith('[]')) {
    const inner = exact(type.slice(0, -2));
    return inner ? { ...inner, attrType: { kind: 'array', of: inner.attrType } } : undefined;
  }
  const scalar = EXACT[type];
  if (scalar) return { attrType: { kind: 'scalar', name: scalar } };
  const range = RANGES[type];
  if (range) return { attrType: { kind: 'range', of: range } };
  const numeric = /^numeric\((\d+),(-?\d+)\)$/.exec(type);
  if (numeric) return { attrType: { kind: 'scalar', name: 'decimal' }, precision: Number(numeric[1]), scale: Number(numeric[2]) };
  return undefined;
}

/** The compiler's spelling of an inspected type: extension types in public lose the qualification. */
function compiledSpelling(inspected: string): string {
  return inspected.replace(/^public\.(citext|ltree)(?=$|\[)/, '$1');
}

const memo = new Map<string, PulledType>();

/** The attribute type of a column type. The SQL parser must be loaded (`initSqlParser`). */
export function pullType(type: string): PulledType {
  const hit = memo.get(type);
  if (hit) return hit;
  const out = resolve(type);
  memo.set(type, out);
  return out;
}

function resolve(type: string): PulledType {
  const compiled = compiledSpelling(type);
  const e = exact(type);
  if (e && attrTypeSql(e.attrType, { ...(e.precision !== undefined ? { precision: e.precision } : {}), ...(e.scale !== undefined ? { scale: e.scale } : {}) }) === compiled) {
    return { type: typeText(e.attrType), attrType: e.attrType, compiled, exact: true, ...(e.precision !== undefined ? { precision: e.precision, scale: e.scale! } : {}) };
  }
  const attrType = closest(type);
  const short = shortSpelling(type);
  const candidates = short === type ? [type] : [short, type];
  const postgresType = candidates.find((c) => {
    const r = postgresTypeSql(c);
    return r.ok && r.type === type;
  });
  return { type: typeText(attrType), attrType, postgresType: postgresType ?? type, compiled: type, exact: postgresType !== undefined };
}
