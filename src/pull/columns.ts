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
import { note, sqlValue, ymap, type Y } from './yaml-tree.js';

export interface ColumnPlan {
  readonly column: Column;
  readonly type: PulledType;
  /** What `default:` says, when the column has a default. */
  readonly default?: Y;
  readonly defaultLiteral?: Literal;
  /** A serial column's sequence (`nextval('public.t_id_seq'::regclass)`). */
  readonly sequence?: string;
}

export function planColumn(c: Column): ColumnPlan {
  const type = pullType(c.type);
  const base = { column: c, type };
  if (c.default === undefined) return base;
  const d = pullDefault(c.default, c.type, type.postgresType === undefined);
  const sequence = /^nextval\('((?:[^']|'')+)'::regclass\)$/.exec(c.default)?.[1]?.replace(/''/g, "'");
  return { ...base, default: d.value, ...(d.literal !== undefined ? { defaultLiteral: d.literal } : {}), ...(sequence ? { sequence } : {}) };
}

/** True when nothing but the type and nullability is set: a column a belongs_to may add itself. */
export function isPlain(p: ColumnPlan, constraints: ReadonlyMap<Rule, RuleValue> | undefined): boolean {
  const c = p.column;
  return c.default === undefined && c.identity === undefined && c.generated === undefined && c.collation === undefined && c.comment === undefined && !constraints?.size;
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
  // NOT NULL is implied by a primary key and by an identity column.
  const allowNil = c.nullable || primaryKey || c.identity !== undefined ? undefined : false;
  const constraintMap = ymap([
    ['precision', t.precision],
    ['scale', t.precision !== undefined ? t.scale : undefined],
    ...RULES.map((r) => [r, constraints?.get(r) as Y | undefined] as const),
  ]);
  const map = ymap([
    ['type', t.type],
    ['postgres_type', t.postgresType],
    ['primary_key', primaryKey ? true : undefined],
    ['allow_nil', allowNil],
    ['default', defaultValue],
    ['identity', c.identity],
    ['generated', c.generated !== undefined ? sqlValue(readable(c.generated)) : undefined],
    ['constraints', constraintMap.size ? constraintMap : undefined],
    ['collation', c.collation],
    ['description', c.comment],
  ]);
  const value: Y = map.size === 1 && typeof t.type === 'string' ? t.type : map;
  return plan.sequence ? note(value, `the sequence ${plan.sequence} is the database's: pgdecl does not create it`) : value;
}
