/**
 * CHECK constraints: an attribute's `constraints` (one_of, min, max, min_length, max_length,
 * match), each lowered to one check named `<table>_<column>_<rule>` and written the way
 * `pg_get_constraintdef` prints it; and the resource's `check_constraints`, verbatim.
 */
import type { Check } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Attribute, Resource } from '../model/resource.js';
import { child } from '../model/source.js';
import { attributeCheckName } from '../model/naming.js';
import { ident, literal } from '../sql/quote.js';
import { isNumericText, numberConst, printNumber, printNumberAs, widest, type NumberConst } from './constants.js';
import { compileError, origin, type CompileContext } from './context.js';
import { enforcementAllowed } from './enforcement.js';
import { castLabel, elementType, typeClass, type TypeClass } from './type-class.js';

type Rule = 'one_of' | 'min' | 'max' | 'min_length' | 'max_length' | 'match';

interface Built {
  readonly expression?: string;
  readonly error?: string;
}

/** The column as an operand: varchar and character columns compare as text (`(code)::text`). */
function textOperand(col: string, cls: TypeClass): string {
  return cls === 'varchar' ? `(${col})::text` : col;
}

function stringLabel(cls: TypeClass): string {
  return cls === 'citext' ? 'citext' : 'text';
}

function numbers(values: readonly (string | number)[]): NumberConst[] | undefined {
  if (!values.every((v) => typeof v === 'number' || isNumericText(v))) return undefined;
  return values.map((v) => numberConst(v));
}

function floatLabel(type: string): 'double precision' {
  void type; // real and double precision columns both compare with double precision constants
  return 'double precision';
}

/** A bound for min/max, typed so PostgreSQL prints it back unchanged. */
function bound(value: number | string, type: string, cls: TypeClass): Built {
  if (cls === 'integer' || cls === 'numeric' || cls === 'float') {
    if (!(typeof value === 'number' || isNumericText(value))) return { error: `needs a number for a ${type} column` };
    const c = numberConst(value);
    if (cls === 'integer') return c.type === 'numeric' ? { error: `needs an integer for a ${type} column` } : { expression: printNumber(c) };
    if (cls === 'numeric') return { expression: c.type === 'numeric' ? printNumber(c) : printNumberAs(c, 'numeric') };
    return { expression: printNumberAs(c, floatLabel(type)) };
  }
  if (cls === 'text' || cls === 'citext' || cls === 'varchar' || cls === 'bpchar' || cls === 'boolean' || cls === 'jsonb' || cls === 'json' || cls === 'bytea' || cls === 'array') {
    return { error: `does not apply to a ${type} column (use min_length/max_length for lengths)` };
  }
  return { expression: `${literal(String(value))}::${castLabel(type)}` };
}

function oneOf(col: string, values: readonly (string | number)[], type: string): Built {
  const cls = typeClass(type);
  if (cls === 'array') {
    const elem = elementType(type);
    const inner = oneOf('x', values, elem);
    if (inner.error) return inner;
    const list = /ANY \((.*)\)\)$/.exec(inner.expression!)?.[1];
    return list ? { expression: `(${col} <@ ${list})` } : { error: `does not apply to a ${type} column` };
  }
  if (cls === 'integer' || cls === 'numeric' || cls === 'float') {
    const nums = numbers(values);
    if (!nums) return { error: `needs numbers for a ${type} column` };
    const common = widest(nums.map((n) => n.type));
    if (cls === 'integer' && common === 'numeric') return { error: `needs integers for a ${type} column` };
    const array = `ARRAY[${nums.map((n) => printNumberAs(n, common)).join(', ')}]`;
    if (cls === 'integer' || (cls === 'numeric' && common === 'numeric')) return { expression: `(${col} = ANY (${array}))` };
    const label = cls === 'numeric' ? 'numeric' : floatLabel(type);
    return { expression: `(${col} = ANY ((${array})::${label}[]))` };
  }
  if (cls === 'text' || cls === 'citext' || cls === 'varchar' || cls === 'bpchar') {
    const label = stringLabel(cls);
    const operand = cls === 'bpchar' ? `(${col})::text` : textOperand(col, cls);
    return { expression: `(${operand} = ANY (ARRAY[${values.map((v) => `${literal(String(v))}::${label}`).join(', ')}]))` };
  }
  if (cls === 'boolean' || cls === 'jsonb' || cls === 'json' || cls === 'bytea') return { error: `does not apply to a ${type} column` };
  const label = castLabel(type);
  return { expression: `(${col} = ANY (ARRAY[${values.map((v) => `${literal(String(v))}::${label}`).join(', ')}]))` };
}

function length(col: string, op: '>=' | '<=', n: number, type: string): Built {
  const cls = typeClass(type);
  if (cls === 'array') return { expression: `(cardinality(${col}) ${op} ${printNumber(numberConst(n))})` };
  if (cls === 'text' || cls === 'bpchar') return { expression: `(char_length(${col}) ${op} ${printNumber(numberConst(n))})` };
  if (cls === 'citext' || cls === 'varchar') return { expression: `(char_length((${col})::text) ${op} ${printNumber(numberConst(n))})` };
  return { error: `does not apply to a ${type} column` };
}

function matches(col: string, pattern: string, type: string): Built {
  const cls = typeClass(type);
  if (cls === 'text' || cls === 'citext') return { expression: `(${col} ~ ${literal(pattern)}::${stringLabel(cls)})` };
  if (cls === 'varchar' || cls === 'bpchar') return { expression: `((${col})::text ~ ${literal(pattern)}::text)` };
  return { error: `does not apply to a ${type} column` };
}

/** The checks an attribute's constraints imply, in rule order. */
export function attributeChecks(ctx: CompileContext, resource: Resource, attr: Attribute, type: string, schema: string): Check[] {
  const c = attr.constraints;
  const col = ident(attr.name);
  const rules: [Rule, () => Built][] = [];
  if (c.oneOf !== undefined) rules.push(['one_of', () => oneOf(col, c.oneOf!, type)]);
  if (c.min !== undefined) rules.push(['min', () => wrapCompare(col, '>=', bound(c.min!, type, typeClass(type)))]);
  if (c.max !== undefined) rules.push(['max', () => wrapCompare(col, '<=', bound(c.max!, type, typeClass(type)))]);
  if (c.minLength !== undefined) rules.push(['min_length', () => length(col, '>=', c.minLength!, type)]);
  if (c.maxLength !== undefined) rules.push(['max_length', () => length(col, '<=', c.maxLength!, type)]);
  if (c.match !== undefined) rules.push(['match', () => matches(col, c.match!, type)]);
  const out: Check[] = [];
  for (const [rule, build] of rules) {
    const built = build();
    const src = child(c.src, rule);
    if (built.error !== undefined || built.expression === undefined) {
      compileError(ctx, 'constraint_type', `the constraint \`${rule}\` of \`${resource.name}.${attr.name}\` ${built.error ?? 'cannot be compiled'}`, src);
      continue;
    }
    const name = attributeCheckName(resource.table, attr.name, rule);
    origin(ctx, keys.check(schema, resource.table, name), src);
    out.push({ name, expression: built.expression });
  }
  return out;
}

function wrapCompare(col: string, op: '>=' | '<=', b: Built): Built {
  return b.expression === undefined ? b : { expression: `(${col} ${op} ${b.expression})` };
}

/** The resource's own `check_constraints`, expression verbatim (trimmed). */
export function userChecks(ctx: CompileContext, resource: Pick<Resource, 'name' | 'table' | 'checkConstraints'>, schema: string): Check[] {
  return resource.checkConstraints.map((cc) => {
    origin(ctx, keys.check(schema, resource.table, cc.name), cc.src);
    return { name: cc.name, expression: cc.check.sql.trim(), ...(cc.noInherit ? { noInherit: true as const } : {}), ...(cc.notValid ? { notValid: true as const } : {}), ...(cc.notEnforced && enforcementAllowed(ctx, `the check \`${cc.name}\` of \`${resource.name}\``, cc, cc.src) ? { notEnforced: true as const } : {}), ...(cc.comment !== undefined ? { comment: cc.comment } : {}) };
  });
}
