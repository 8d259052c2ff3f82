/**
 * Resource types → column types, spelled as PostgreSQL's `format_type` prints them, so a
 * compiled catalog compares equal to an inspected one (`int4` → `integer`, `varchar(16)` →
 * `character varying(16)`).
 */
import type { AttrConstraints, AttrType, RangeElementType, ScalarType } from '../model/resource.js';
import { parseTypeName, type ParsedTypeName } from '../sql/parse.js';
import { ident, qname } from '../sql/quote.js';
import { unreachable } from '../util/unreachable.js';

/**
 * Every scalar type's column type. A table, not a match: it is read for every column, and a
 * `Record` over the union is as exhaustive (a type without an entry does not compile).
 */
const SCALAR_SQL = {
  integer: 'bigint',
  string: 'text',
  atom: 'text',
  ci_string: 'citext',
  uuid: 'uuid',
  uuid_v7: 'uuid',
  boolean: 'boolean',
  float: 'double precision',
  decimal: 'numeric',
  date: 'date',
  time: 'time(0) without time zone',
  time_usec: 'time without time zone',
  utc_datetime: 'timestamp(0) without time zone',
  naive_datetime: 'timestamp(0) without time zone',
  utc_datetime_usec: 'timestamp without time zone',
  naive_datetime_usec: 'timestamp without time zone',
  datetime: 'timestamp without time zone',
  timestamptz: 'timestamp(0) with time zone',
  timestamptz_usec: 'timestamp with time zone',
  map: 'jsonb',
  keyword: 'jsonb',
  struct: 'jsonb',
  union: 'jsonb',
  tuple: 'jsonb',
  binary: 'bytea',
  term: 'bytea',
  duration: 'interval',
  ltree: 'ltree',
  tsvector: 'tsvector',
  tsquery: 'tsquery',
} as const satisfies Record<ScalarType, string>;

export function scalarTypeSql(name: ScalarType, c: Pick<AttrConstraints, 'precision' | 'scale'> = {}): string {
  if (name === 'decimal' && c.precision !== undefined) return `numeric(${c.precision},${c.scale ?? 0})`;
  return SCALAR_SQL[name];
}

const RANGE_SQL = {
  integer: 'int8range',
  decimal: 'numrange',
  date: 'daterange',
  utc_datetime_usec: 'tsrange',
  naive_datetime_usec: 'tsrange',
  datetime: 'tsrange',
  timestamptz_usec: 'tstzrange',
} as const satisfies Record<RangeElementType, string>;

export function rangeTypeSql(of: RangeElementType): string {
  return RANGE_SQL[of];
}

/**
 * The column type of an attribute type; `constraints` gives a decimal its precision and scale.
 * A switch, not a match: it runs for every column (`unreachable` keeps it exhaustive).
 */
export function attrTypeSql(t: AttrType, c: Pick<AttrConstraints, 'precision' | 'scale'> = {}): string {
  switch (t.kind) {
    case 'scalar':
      return scalarTypeSql(t.name, c);
    case 'array': {
      const inner = attrTypeSql(t.of, c);
      // PostgreSQL keeps no dimensions: `text[][]` is `text[]`.
      return inner.endsWith('[]') ? inner : `${inner}[]`;
    }
    case 'range':
      return rangeTypeSql(t.of);
    // The name as written: src/compile/columns.ts qualifies it with the declaring schema.
    case 'declared':
      return ident(t.name);
    default:
      return unreachable(t);
  }
}

/** The scalar type names an attribute type mentions (for implied extensions). */
export function scalarNames(t: AttrType): ScalarType[] {
  switch (t.kind) {
    case 'scalar':
      return [t.name];
    case 'array':
      return scalarNames(t.of);
    case 'range':
    case 'declared':
      return [];
    default:
      return unreachable(t);
  }
}

const SERIAL = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** Internal names the parser produces → `format_type` spelling (without modifiers). */
const DISPLAY: Readonly<Record<string, string>> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  varbit: 'bit varying',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  time: 'time',
  timetz: 'time',
  decimal: 'numeric',
};

// Interval field masks (src/include/utils/datetime.h: YEAR=2, MONTH=1, DAY=3, HOUR=10, MINUTE=11, SECOND=12).
const INTERVAL_FULL_RANGE = 0x7fff;
const INTERVAL_FIELDS: Readonly<Record<number, string>> = {
  [1 << 2]: 'year',
  [1 << 1]: 'month',
  [1 << 3]: 'day',
  [1 << 10]: 'hour',
  [1 << 11]: 'minute',
  [1 << 12]: 'second',
  [(1 << 2) | (1 << 1)]: 'year to month',
  [(1 << 3) | (1 << 10)]: 'day to hour',
  [(1 << 3) | (1 << 10) | (1 << 11)]: 'day to minute',
  [(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12)]: 'day to second',
  [(1 << 10) | (1 << 11)]: 'hour to minute',
  [(1 << 10) | (1 << 11) | (1 << 12)]: 'hour to second',
  [(1 << 11) | (1 << 12)]: 'minute to second',
};

export type TypeResult = { readonly ok: true; readonly type: string } | { readonly ok: false; readonly message: string; readonly suggestion?: string; readonly offset?: number };

function display(t: ParsedTypeName): TypeResult {
  const names = t.names;
  const last = names[names.length - 1]!;
  const builtin = names.length === 1 || names[0] === 'pg_catalog';
  const mods = t.typmods;
  if (builtin && SERIAL.has(last)) {
    const base = last.startsWith('big') || last === 'serial8' ? 'bigint' : last.startsWith('small') || last === 'serial2' ? 'smallint' : 'integer';
    return {
      ok: false,
      message: `\`${last}\` is not a type but a shorthand for ${base} with a sequence default: it cannot be part of another type (an array)`,
      suggestion: `write \`postgres_type: ${last}\` alone (pgdecl creates its sequence), or use an identity column: \`{ type: integer, identity: by_default }\``,
    };
  }
  let base: string;
  if (!builtin) base = names.length === 2 ? qname(names[0]!, last) : names.map(ident).join('.');
  else if (last === 'timestamp' || last === 'timestamptz' || last === 'time' || last === 'timetz') {
    const zone = last.endsWith('tz') ? 'with time zone' : 'without time zone';
    const kind = last.startsWith('timestamp') ? 'timestamp' : 'time';
    base = mods.length ? `${kind}(${mods[0]}) ${zone}` : `${kind} ${zone}`;
    return { ok: true, type: base + (t.arrayDims ? '[]' : '') };
  } else if (last === 'numeric') {
    base = mods.length ? `numeric(${mods[0]},${mods[1] ?? 0})` : 'numeric';
    return { ok: true, type: base + (t.arrayDims ? '[]' : '') };
  } else if (last === 'interval') {
    const fields = mods[0] !== undefined && mods[0] !== INTERVAL_FULL_RANGE ? INTERVAL_FIELDS[mods[0]] : undefined;
    if (mods[0] !== undefined && mods[0] !== INTERVAL_FULL_RANGE && fields === undefined) return { ok: false, message: 'unknown interval fields' };
    base = 'interval' + (fields ? ` ${fields}` : '') + (mods[1] !== undefined ? `(${mods[1]})` : '');
    return { ok: true, type: base + (t.arrayDims ? '[]' : '') };
  } else if (last === 'bit' && mods.length === 0) {
    // Written `bit`, the grammar gives it a length of 1; quoted, `"bit"` has none (what
    // CREATE TABLE AS makes of a bit string), and format_type spells it quoted.
    base = '"bit"';
    return { ok: true, type: base + (t.arrayDims ? '[]' : '') };
  } else if (last === 'bpchar' && mods.length === 0) {
    base = 'bpchar';
  } else if (last === 'char') {
    // The one-byte type, which format_type spells quoted: unquoted, `char` is character(1).
    base = '"char"';
  } else base = DISPLAY[last] ?? (/^[a-z_][a-z0-9_]*$/.test(last) ? last : ident(last));
  const withMods = mods.length ? `${base}(${mods.join(',')})` : base;
  return { ok: true, type: withMods + (t.arrayDims ? '[]' : '') };
}

/** A raw `postgres_type` → the `format_type` spelling, or why it cannot be used. */
export function postgresTypeSql(raw: string): TypeResult {
  const parsed = parseTypeName(raw.trim());
  if (!parsed.ok) return { ok: false, message: parsed.error.message, ...(parsed.error.offset !== undefined ? { offset: parsed.error.offset + (raw.length - raw.trimStart().length) } : {}) };
  return display(parsed.type);
}
