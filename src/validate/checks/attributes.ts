/**
 * Attributes: one primary-key form per resource, constraints that fit the type, literal
 * defaults that fit the type, identity on integers, and options PostgreSQL cannot combine.
 */
import type { Attribute, AttrType, Literal, Resource, ScalarType } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { INTEGER_TYPES, JSON_TYPES, NUMBER_TYPES, STRING_TYPES, TEMPORAL_TYPES, typeText } from '../build/attr-type.js';
import { CHECK } from '../codes.js';
import { describeValue } from '../suggest-value.js';
import type { CheckContext } from './report.js';

const PK_MACROS = new Set(['uuid_primary_key', 'uuid_v7_primary_key', 'integer_primary_key']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function primaryKeyForms(ctx: CheckContext, r: Resource): void {
  const macros = r.attributes.filter((a) => a.macro !== undefined && PK_MACROS.has(a.macro));
  const flagged = r.attributes.filter((a) => a.primaryKey && (a.macro === undefined || !PK_MACROS.has(a.macro)));
  const first = macros[0];
  if (!first) return;
  for (const other of macros.slice(1)) {
    ctx.report(CHECK.primaryKeyForms, `resource ${r.name} has two primary-key macros, \`${first.name}\` and \`${other.name}\`: a resource has one primary key`, other.src, {
      suggestion: 'keep one macro; for a composite key write `primary_key: true` on each of its columns instead',
    });
  }
  for (const other of flagged) {
    ctx.report(CHECK.primaryKeyForms, `\`${other.name}\` is marked \`primary_key: true\`, but \`${first.name}\` (${first.macro}) is already the primary key of resource ${r.name}`, child(other.src, 'primary_key'), {
      suggestion: 'a composite key is `primary_key: true` on each of its columns, without a primary-key macro',
    });
  }
}

/** `postgres.primary_key_order` names every primary-key column once, and nothing else. */
function primaryKeyOrder(ctx: CheckContext, r: Resource): void {
  const order = r.primaryKeyOrder;
  if (order === undefined) return;
  const src = child(r.src, 'postgres', 'primary_key_order');
  const key = r.attributes.filter((a) => a.primaryKey).map((a) => a.name);
  const names = (list: readonly string[]) => list.map((k) => `\`${k}\``).join(', ');
  order.forEach((name, i) => {
    if (key.includes(name)) return;
    ctx.report(CHECK.primaryKeyOrder, `\`primary_key_order\` of resource ${r.name} names \`${name}\`, which is not a primary-key column of ${r.name}`, child(src, i), {
      part: 'value',
      suggestion: key.length ? `the key's columns are ${names(key)}` : 'mark each key column `primary_key: true`',
    });
  });
  const missing = key.filter((k) => !order.includes(k));
  if (missing.length && missing.length < key.length) {
    ctx.report(CHECK.primaryKeyOrder, `\`primary_key_order\` of resource ${r.name} leaves out the key column${missing.length > 1 ? 's' : ''} ${names(missing)}`, src, {
      suggestion: `list every key column once: [${[...order.filter((o) => key.includes(o)), ...missing].join(', ')}]`,
    });
  }
}

/** Whether a literal fits a column type (as far as can be told without PostgreSQL). */
function fits(t: AttrType, v: Literal): boolean {
  if (v === null) return true;
  if (t.kind === 'array') return Array.isArray(v) && v.every((x) => fits(t.of, x));
  if (t.kind === 'range') return typeof v === 'string';
  // A declared type takes the literal's text, as PostgreSQL reads a quoted literal.
  if (t.kind === 'declared') return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return fitsScalar(t.name, v);
}

function fitsScalar(t: ScalarType, v: Literal): boolean {
  if (JSON_TYPES.has(t)) return true;
  if (INTEGER_TYPES.has(t)) return typeof v === 'number' && Number.isInteger(v);
  if (t === 'float') return typeof v === 'number';
  if (t === 'decimal') return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));
  if (t === 'boolean') return typeof v === 'boolean';
  if (t === 'uuid' || t === 'uuid_v7') return typeof v === 'string' && UUID.test(v);
  return typeof v === 'string';
}

function typeWords(t: AttrType): string {
  if (t.kind !== 'scalar') return typeText(t);
  if (INTEGER_TYPES.has(t.name)) return 'a whole number';
  if (NUMBER_TYPES.has(t.name)) return 'a number';
  if (t.name === 'boolean') return 'true or false';
  if (t.name === 'uuid' || t.name === 'uuid_v7') return 'a UUID string';
  return 'a string';
}

function constraints(ctx: CheckContext, r: Resource, a: Attribute): void {
  const c = a.constraints;
  const scalar = a.type.kind === 'scalar' ? a.type.name : undefined;
  const decimal = scalar === 'decimal' || (a.type.kind === 'array' && a.type.of.kind === 'scalar' && a.type.of.name === 'decimal');
  const at = (key: string) => child(c.src, key);
  const bad = (key: string, why: string, suggestion?: string) =>
    ctx.report(CHECK.constraintType, `\`constraints.${key}\` of attribute \`${a.name}\` of resource ${r.name} ${why}`, at(key), { ...(suggestion ? { suggestion } : {}) });
  const type = typeText(a.type);
  if (c.precision !== undefined && !decimal) bad('precision', `applies to decimal attributes, and this one is ${type}`);
  if (c.scale !== undefined && !decimal) bad('scale', `applies to decimal attributes, and this one is ${type}`);
  else if (c.scale !== undefined && c.precision === undefined) bad('scale', 'needs `precision` too: numeric(precision, scale)');
  const stringy = scalar !== undefined && STRING_TYPES.has(scalar);
  for (const key of ['min_length', 'max_length', 'match'] as const) {
    const v = key === 'min_length' ? c.minLength : key === 'max_length' ? c.maxLength : c.match;
    if (v !== undefined && !stringy) bad(key, `applies to string, atom and ci_string attributes, and this one is ${type}`);
  }
  if (stringy && c.minLength !== undefined && c.maxLength !== undefined && c.minLength > c.maxLength) bad('min_length', `(${c.minLength}) is more than \`max_length\` (${c.maxLength}): no value would fit`);
  const numeric = scalar !== undefined && NUMBER_TYPES.has(scalar);
  const temporal = scalar !== undefined && TEMPORAL_TYPES.has(scalar);
  for (const key of ['min', 'max'] as const) {
    const v = c[key];
    if (v === undefined) continue;
    if (!numeric && !temporal) bad(key, `applies to number, date and time attributes, and this one is ${type}`);
    else if (numeric && !fitsScalar(scalar!, v) && !(scalar !== 'integer' && typeof v === 'number')) bad(key, `must be ${typeWords(a.type)} for a ${type} attribute, not ${describeValue(v)}`);
    else if (temporal && typeof v !== 'string') bad(key, `must be a ${type} written as a string, e.g. "2024-01-01"`);
  }
  if (numeric && typeof c.min === 'number' && typeof c.max === 'number' && c.min > c.max) bad('min', `(${c.min}) is more than \`max\` (${c.max}): no value would fit`);
  if (c.oneOf !== undefined) {
    if (!stringy && !numeric) bad('one_of', `applies to string and number attributes, and this one is ${type}`);
    else {
      const wrong = c.oneOf.find((v) => !fitsScalar(scalar!, v));
      if (wrong !== undefined) bad('one_of', `lists ${describeValue(wrong)}, which is not ${typeWords(a.type)} like the attribute (${type})`, stringy ? `quote it: "${wrong}"` : undefined);
    }
  }
}

function columnOptions(ctx: CheckContext, r: Resource, a: Attribute): void {
  const where = `attribute \`${a.name}\` of resource ${r.name}`;
  if (a.identity !== undefined && !(a.type.kind === 'scalar' && INTEGER_TYPES.has(a.type.name))) {
    ctx.report(CHECK.identityType, `\`identity\` of ${where} needs an integer column, and this one is ${typeText(a.type)}`, child(a.src, 'identity'), { suggestion: 'use `type: integer`, or a default instead' });
  }
  const conflicts: [boolean, string, string][] = [
    [a.identity !== undefined && a.default !== undefined && a.macro === undefined, 'identity', 'default'],
    [a.identity !== undefined && a.generated !== undefined, 'identity', 'generated'],
    [a.generated !== undefined && a.default !== undefined, 'generated', 'default'],
  ];
  for (const [clash, x, y] of conflicts) {
    if (clash) ctx.report(CHECK.columnOptions, `${where} has both \`${x}\` and \`${y}\`: PostgreSQL allows only one of them`, child(a.src, y), { suggestion: `remove \`${y}\` or \`${x}\`` });
  }
  if (a.identity !== undefined && a.allowNil && a.macro === undefined) {
    ctx.report(CHECK.columnOptions, `${where} is an identity column, which PostgreSQL keeps NOT NULL, but it says \`allow_nil: true\``, child(a.src, 'allow_nil'), { suggestion: 'remove `allow_nil: true`' });
  }
  if (a.primaryKey && a.allowNil && a.fromRelationship === undefined && a.macro === undefined) {
    ctx.report(CHECK.primaryKeyNullable, `${where} is part of the primary key, so it cannot allow nil`, child(a.src, 'allow_nil'), { suggestion: 'remove `allow_nil: true`' });
  }
  const d = a.default;
  if (d?.kind === 'literal' && a.postgresType === undefined && a.macro === undefined) {
    if (!fits(a.type, d.value)) {
      ctx.report(CHECK.defaultType, `the default of ${where} is ${describeValue(d.value)}, but the attribute is ${typeText(a.type)} (${typeWords(a.type)})`, d.src, {
        part: 'value',
        suggestion: typeof d.value === 'string' && a.type.kind === 'scalar' && NUMBER_TYPES.has(a.type.name) ? 'write the number without quotes, or `{sql: "..."}` for an SQL expression' : 'write a value of the type, or `{sql: "..."}` for an SQL expression',
      });
    } else if (a.constraints.oneOf && (typeof d.value === 'string' || typeof d.value === 'number') && !a.constraints.oneOf.includes(d.value)) {
      ctx.report(CHECK.defaultType, `the default of ${where} is ${describeValue(d.value)}, which is not among its \`one_of\` values`, d.src, { part: 'value', suggestion: `use one of ${a.constraints.oneOf.map((v) => `\`${v}\``).join(', ')}` });
    }
  }
}

export function checkAttributes(ctx: CheckContext, r: Resource): void {
  primaryKeyForms(ctx, r);
  primaryKeyOrder(ctx, r);
  for (const rel of r.relationships) {
    if (rel.type === 'belongs_to' && rel.primaryKey && rel.allowNil && ctx.written(rel.src, 'allow_nil')) {
      ctx.report(CHECK.primaryKeyNullable, `relationship \`${rel.name}\` of resource ${r.name} is part of the primary key, so it cannot allow nil`, child(rel.src, 'allow_nil'), { suggestion: 'remove `allow_nil: true`' });
    }
  }
  for (const a of r.attributes) {
    if (a.fromRelationship !== undefined) continue;
    constraints(ctx, r, a);
    columnOptions(ctx, r, a);
  }
}
