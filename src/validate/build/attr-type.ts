/** Attribute types as written (`string`, `{array: T}`, `{range: T}`) → `AttrType`, and back to words. */
import { DECLARED_TYPE_FAMILIES, RANGE_ELEMENT_TYPES, SCALAR_TYPES, type AttrType, type RangeElementType, type ScalarType } from '../../model/resource.js';
import { isMap } from './raw.js';

const SCALARS = new Set<string>(SCALAR_TYPES);
const RANGES = new Set<string>(RANGE_ELEMENT_TYPES);

export const isScalarType = (s: string): s is ScalarType => SCALARS.has(s);

/** The type, or undefined when it is not a valid type (the schema reports that). */
export function parseType(raw: unknown, depth = 0): AttrType | undefined {
  if (typeof raw === 'string') return isScalarType(raw) ? { kind: 'scalar', name: raw } : undefined;
  if (!isMap(raw) || depth > 16) return undefined;
  if ('array' in raw) {
    const of = parseType(raw.array, depth + 1);
    return of ? { kind: 'array', of } : undefined;
  }
  if (typeof raw.range === 'string' && RANGES.has(raw.range)) return { kind: 'range', of: raw.range as RangeElementType };
  for (const family of DECLARED_TYPE_FAMILIES) if (typeof raw[family] === 'string') return { kind: 'declared', family, name: raw[family] };
  return undefined;
}

/** How the type is written in a resource file: `string`, `{array: string}`. */
export function typeText(t: AttrType): string {
  if (t.kind === 'scalar') return t.name;
  if (t.kind === 'array') return `{array: ${typeText(t.of)}}`;
  if (t.kind === 'declared') return `{${t.family}: ${t.name}}`;
  return `{range: ${t.of}}`;
}

/** The scalar at the bottom of arrays (ranges count as their own kind). */
export function baseScalar(t: AttrType): ScalarType | undefined {
  if (t.kind === 'scalar') return t.name;
  if (t.kind === 'array') return baseScalar(t.of);
  return undefined;
}

export const INTEGER_TYPES: ReadonlySet<ScalarType> = new Set(['integer']);
export const NUMBER_TYPES: ReadonlySet<ScalarType> = new Set(['integer', 'float', 'decimal']);
export const STRING_TYPES: ReadonlySet<ScalarType> = new Set(['string', 'atom', 'ci_string']);
export const TEMPORAL_TYPES: ReadonlySet<ScalarType> = new Set([
  'date',
  'time',
  'time_usec',
  'utc_datetime',
  'utc_datetime_usec',
  'naive_datetime',
  'naive_datetime_usec',
  'datetime',
  'timestamptz',
  'timestamptz_usec',
]);
export const JSON_TYPES: ReadonlySet<ScalarType> = new Set(['map', 'keyword', 'struct', 'union', 'tuple']);

/** Types whose columns are the same PostgreSQL type (for comparing a foreign key with its target). */
export function columnFamily(t: AttrType): string {
  if (t.kind === 'array') return `${columnFamily(t.of)}[]`;
  if (t.kind === 'range') return `range:${t.of}`;
  if (t.kind === 'declared') return `${t.family}:${t.name}`;
  switch (t.name) {
    case 'uuid':
    case 'uuid_v7':
      return 'uuid';
    case 'string':
    case 'atom':
      return 'text';
    case 'binary':
    case 'term':
      return 'bytea';
    case 'map':
    case 'keyword':
    case 'struct':
    case 'union':
    case 'tuple':
      return 'jsonb';
    case 'utc_datetime':
    case 'naive_datetime':
    case 'utc_datetime_usec':
    case 'naive_datetime_usec':
    case 'datetime':
      return 'timestamp';
    case 'timestamptz':
    case 'timestamptz_usec':
      return 'timestamptz';
    case 'time':
    case 'time_usec':
      return 'time';
    default:
      return t.name;
  }
}
