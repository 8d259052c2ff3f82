/**
 * Columns → attributes: the type (src/pull/types.ts), the default (src/pull/defaults.ts), the
 * macro a column is exactly (src/pull/macros.ts), identity and generated expressions,
 * nullability, the comment, and the constraints read back from checks.
 */
import type { Column } from '../ir/catalog.js';
import type { AttributeMacro, Literal } from '../model/resource.js';
import type { RuleValue, Rule } from './constraints.js';
import { RULES } from './constraints.js';
import { pullDefault } from './defaults.js';
import { readable } from './sql-text.js';
import { pullType, type PulledType } from './types.js';
import { sqlValue, ymap, type Y } from './yaml-tree.js';
import { optionsValue, type SerialColumn } from './sequences.js';
import { isSequenceType } from '../ir/sequence.js';

export interface ColumnPlan {
  readonly column: Column;
  readonly type: PulledType;
  /** What `default:` says, when the column has a default. */
  readonly default?: Y;
  readonly defaultLiteral?: Literal;
  /** A serial column: written as `postgres_type: serial` (bigserial, smallserial), its default implied. */
  readonly serial?: SerialColumn;
}

export function planColumn(c: Column, serial?: SerialColumn, declared?: PulledType): ColumnPlan {
  const type = declared ?? pullType(c.type);
  const base = { column: c, type };
  if (serial) return { ...base, serial };
  if (c.default === undefined) return base;
  const d = pullDefault(c.default, c.type, type.postgresType === undefined);
  return { ...base, default: d.value, ...(d.literal !== undefined ? { defaultLiteral: d.literal } : {}) };
}

/** No statistics target, storage, compression or n_distinct of its own. */
export function withoutColumnOptions(c: Column): boolean {
  return c.statistics === undefined && c.storage === undefined && c.compression === undefined && c.nDistinct === undefined && c.nDistinctInherited === undefined;
}

/** True when nothing but the type and nullability is set (no statistics target, storage or compression of its own either): a column a belongs_to may add itself. */
export function isPlain(p: ColumnPlan, constraints: ReadonlyMap<Rule, RuleValue> | undefined): boolean {
  const c = p.column;
  return (
    c.default === undefined &&
    c.identity === undefined &&
    c.generated === undefined &&
    c.collation === undefined &&
    c.comment === undefined &&
    withoutColumnOptions(c) &&
    !constraints?.size
  );
}

export interface AttributeShape {
  readonly plan: ColumnPlan;
  readonly primaryKey: boolean;
  readonly macro?: AttributeMacro;
  readonly constraints?: ReadonlyMap<Rule, RuleValue>;
}

/** The attribute of a column: a macro name, a type name alone, or a map in reading order. */
export function attributeValue(a: AttributeShape): Y {
  const { plan, primaryKey, macro, constraints } = a;
  const c = plan.column;
  if (macro) return macro;
  const t = plan.type;
  const defaultValue = c.identity === undefined && c.generated === undefined ? plan.default : undefined;
  // NOT NULL is implied by a primary key, an identity column and a serial column.
  const allowNil = c.nullable || primaryKey || c.identity !== undefined || plan.serial ? undefined : false;
  const identityOptions = c.identityOptions && isSequenceType(c.type) ? optionsValue(c.identityOptions, c.type) : undefined;
  const sequence = plan.serial ? plan.serial.options : c.identitySequence !== undefined ? ymap([['name', c.identitySequence], ...(identityOptions instanceof Map ? identityOptions : [])]) : identityOptions;
  const constraintMap = ymap([
    ['precision', t.precision],
    ['scale', t.precision !== undefined ? t.scale : undefined],
    ...RULES.map((r) => [r, constraints?.get(r) as Y | undefined] as const),
  ]);
  const map = ymap([
    ['type', t.type],
    ['postgres_type', plan.serial ? plan.serial.postgresType : t.postgresType],
    ['primary_key', primaryKey ? true : undefined],
    ['allow_nil', allowNil],
    ['default', defaultValue],
    ['identity', c.identity],
    ['sequence', sequence],
    ['generated', c.generated !== undefined ? (c.virtual ? ymap([['sql', readable(c.generated)], ['virtual', true]]) : sqlValue(readable(c.generated))) : undefined],
    ['constraints', constraintMap.size ? constraintMap : undefined],
    ['collation', c.collation],
    ['statistics', c.statistics],
    ['storage', c.storage],
    ['compression', c.compression],
    ['n_distinct', c.nDistinct],
    ['n_distinct_inherited', c.nDistinctInherited],
    ['description', c.comment],
  ]);
  return map.size === 1 && typeof t.type === 'string' ? t.type : map;
}
