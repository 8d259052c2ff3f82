/** Declared attributes: macros and type names expanded, defaults filled (docs/resource-format.md). */
import type { AttrConstraints, AttrDefault, Attribute, AttributeMacro, Literal, SequenceSettings } from '../../model/resource.js';
import { ATTRIBUTE_MACROS } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { isScalarType, parseType } from './attr-type.js';
import { bool, int, isMap, num, numOrStr, str, type RawMap } from './raw.js';

const MACROS = new Set<string>(ATTRIBUTE_MACROS);
export const isMacro = (s: string): s is AttributeMacro => MACROS.has(s);

/** The default of `create_timestamp` and `update_timestamp`. */
export const UTC_NOW_SQL = "(now() AT TIME ZONE 'utc')";

/** The column a macro stands for. */
export function macroAttribute(name: string, macro: AttributeMacro, src: Src): Attribute {
  const constraints = { src: child(src, 'constraints') };
  switch (macro) {
    case 'uuid_primary_key':
      return { name, src, macro, type: { kind: 'scalar', name: 'uuid' }, allowNil: false, primaryKey: true, default: { kind: 'sql', sql: 'gen_random_uuid()', src }, constraints };
    case 'uuid_v7_primary_key':
      // No default here: the compiler picks uuidv7() (PostgreSQL 18) or pgdecl_uuid_v7().
      return { name, src, macro, type: { kind: 'scalar', name: 'uuid_v7' }, allowNil: false, primaryKey: true, constraints };
    case 'integer_primary_key':
      return { name, src, macro, type: { kind: 'scalar', name: 'integer' }, allowNil: false, primaryKey: true, identity: 'by_default', constraints };
    case 'create_timestamp':
    case 'update_timestamp':
      return { name, src, macro, type: { kind: 'scalar', name: 'utc_datetime_usec' }, allowNil: false, primaryKey: false, default: { kind: 'sql', sql: UTC_NOW_SQL, src }, constraints };
  }
}

function buildConstraints(raw: unknown, src: Src): AttrConstraints {
  if (!isMap(raw)) return { src };
  const oneOf = Array.isArray(raw.one_of) ? raw.one_of.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number') : undefined;
  const out: { -readonly [K in keyof AttrConstraints]: AttrConstraints[K] } = { src };
  if (oneOf) out.oneOf = oneOf;
  const min = numOrStr(raw, 'min');
  const max = numOrStr(raw, 'max');
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  const minLength = int(raw, 'min_length');
  const maxLength = int(raw, 'max_length');
  if (minLength !== undefined) out.minLength = minLength;
  if (maxLength !== undefined) out.maxLength = maxLength;
  const match = str(raw, 'match');
  if (match !== undefined) out.match = match;
  const precision = int(raw, 'precision');
  const scale = int(raw, 'scale');
  if (precision !== undefined) out.precision = precision;
  if (scale !== undefined) out.scale = scale;
  return out;
}

export function buildDefault(raw: unknown, src: Src): AttrDefault | undefined {
  // `default: null` is no default (PostgreSQL shows none, so plans converge).
  if (raw === undefined || raw === null) return undefined;
  if (isMap(raw) && 'sql' in raw) return typeof raw.sql === 'string' ? { kind: 'sql', sql: raw.sql, src: child(src, 'sql') } : undefined;
  return { kind: 'literal', value: raw as Literal, src };
}

function sqlPart(o: RawMap, key: string, src: Src): { sql: string; src: Src } | undefined {
  const v = o[key];
  if (typeof v === 'string') return { sql: v, src: child(src, key) };
  if (isMap(v) && typeof v.sql === 'string') return { sql: v.sql, src: child(src, key, 'sql') };
  return undefined;
}

const numText = (o: RawMap, key: string): string | undefined => {
  const v = o[key];
  return typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? v.trim() : undefined;
};

/** `start`, `increment`, `min_value`, `max_value`, `cache`, `cycle` of a sequence map. */
export function buildSequenceSettings(raw: unknown, src: Src): SequenceSettings | undefined {
  if (!isMap(raw)) return undefined;
  const out: { -readonly [K in keyof SequenceSettings]: SequenceSettings[K] } = { src };
  const set = (k: 'start' | 'increment' | 'minValue' | 'maxValue' | 'cache', key: string) => {
    const v = numText(raw, key);
    if (v !== undefined) out[k] = v;
  };
  set('start', 'start');
  set('increment', 'increment');
  set('minValue', 'min_value');
  set('maxValue', 'max_value');
  set('cache', 'cache');
  const cycle = bool(raw, 'cycle');
  if (cycle !== undefined) out.cycle = cycle;
  return out;
}

/** One declared attribute, or undefined when it is too malformed to describe a column. */
export function buildAttribute(name: string, raw: unknown, src: Src): Attribute {
  if (typeof raw === 'string') {
    if (isMacro(raw)) return macroAttribute(name, raw, src);
    const type = isScalarType(raw) ? raw : 'string';
    return { name, src, type: { kind: 'scalar', name: type }, allowNil: true, primaryKey: false, constraints: { src: child(src, 'constraints') } };
  }
  const o = isMap(raw) ? raw : {};
  const primaryKey = bool(o, 'primary_key') ?? false;
  // PostgreSQL makes primary-key and identity columns NOT NULL whatever is asked.
  const identityWritten = o.identity === 'always' || o.identity === 'by_default';
  const attr: { -readonly [K in keyof Attribute]: Attribute[K] } = {
    name,
    src,
    type: parseType(o.type) ?? { kind: 'scalar', name: 'string' },
    allowNil: bool(o, 'allow_nil') ?? !(primaryKey || identityWritten),
    primaryKey,
    constraints: buildConstraints(o.constraints, child(src, 'constraints')),
  };
  const def = buildDefault(o.default, child(src, 'default'));
  if (def) attr.default = def;
  const postgresType = sqlPart(o, 'postgres_type', src);
  if (postgresType) attr.postgresType = postgresType;
  const identity = str(o, 'identity');
  if (identity === 'always' || identity === 'by_default') attr.identity = identity;
  const sequence = buildSequenceSettings(o.sequence, child(src, 'sequence'));
  const sequenceName = isMap(o.sequence) ? str(o.sequence, 'name') : undefined;
  if (sequence) attr.sequence = sequenceName !== undefined ? { ...sequence, name: sequenceName } : sequence;
  const generated = sqlPart(o, 'generated', src);
  if (generated) attr.generated = isMap(o.generated) && o.generated.virtual === true ? { ...generated, virtual: true } : generated;
  const collation = str(o, 'collation');
  if (collation !== undefined) attr.collation = collation;
  const renamedFrom = str(o, 'renamed_from');
  if (renamedFrom !== undefined) attr.renamedFrom = renamedFrom;
  const description = str(o, 'description');
  if (description !== undefined) attr.description = description;
  const statistics = int(o, 'statistics');
  if (statistics !== undefined) attr.statistics = statistics;
  const storage = str(o, 'storage');
  if (storage === 'plain' || storage === 'main' || storage === 'external' || storage === 'extended') attr.storage = storage;
  const compression = str(o, 'compression');
  if (compression === 'pglz' || compression === 'lz4') attr.compression = compression;
  const nDistinct = num(o, 'n_distinct');
  if (nDistinct !== undefined) attr.nDistinct = nDistinct;
  const nDistinctInherited = num(o, 'n_distinct_inherited');
  if (nDistinctInherited !== undefined) attr.nDistinctInherited = nDistinctInherited;
  return attr;
}
