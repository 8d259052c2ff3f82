/**
 * CHECK constraints that are exactly what an attribute's `constraints` compile to — named
 * `<table>_<column>_<rule>` and of the shape src/compile/checks.ts writes — become those
 * constraints again (`max_length: 200`). The value is read from the expression, then compiled
 * with the compiler's own function: only when that gives back the same text is it taken.
 */
import type { AttrType, Project, Resource } from '../model/resource.js';
import { attributeChecks } from '../compile/checks.js';
import { createContext } from '../compile/context.js';
import { attributeCheckName } from '../model/naming.js';
import { INTEGER_TYPES, NUMBER_TYPES, STRING_TYPES, TEMPORAL_TYPES } from '../validate/build/attr-type.js';
import { quotedLiteral } from './defaults.js';
import { standardStrings } from './sql-text.js';

export type Rule = 'one_of' | 'min' | 'max' | 'min_length' | 'max_length' | 'match';
export type RuleValue = string | number | readonly (string | number)[];

/** In the order the compiler writes them. */
export const RULES: readonly Rule[] = ['one_of', 'min', 'max', 'min_length', 'max_length', 'match'];

const EMPTY_PROJECT: Project = { files: [], repos: [], resources: [], functions: [] };
const SRC = { file: 'pulled.yaml', pointer: '' };

/** The rules the validator allows on an attribute of this type. */
function allowed(rule: Rule, t: AttrType): boolean {
  if (t.kind !== 'scalar') return false;
  const stringy = STRING_TYPES.has(t.name);
  const numeric = NUMBER_TYPES.has(t.name);
  if (rule === 'min_length' || rule === 'max_length' || rule === 'match') return stringy;
  if (rule === 'min' || rule === 'max') return numeric || TEMPORAL_TYPES.has(t.name);
  return stringy || numeric;
}

/** `0`, `'-1'::integer`, `(0)::numeric`, `'1.5'::numeric`, `(1.5)::double precision` → its digits. */
function numberText(sql: string): string | undefined {
  let s = sql.trim();
  for (;;) {
    const cast = /^\((.*)\)::[a-z ]+$/s.exec(s);
    if (cast) {
      s = cast[1]!.trim();
      continue;
    }
    const quoted = quotedLiteral(s);
    if (quoted && /^(integer|bigint|numeric)$/.test(quoted.cast)) {
      s = quoted.value;
      continue;
    }
    break;
  }
  return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? s : undefined;
}

/** A bound or list element: a number (for number attributes) or the text of a quoted literal. */
function scalarValue(sql: string, t: AttrType): string | number | undefined {
  const numeric = t.kind === 'scalar' && NUMBER_TYPES.has(t.name);
  if (numeric) {
    const digits = numberText(sql);
    if (digits === undefined) return undefined;
    const n = Number(digits);
    const integer = t.kind === 'scalar' && INTEGER_TYPES.has(t.name);
    if (integer) return Number.isSafeInteger(n) ? n : undefined;
    return Number.isFinite(n) && String(n) === digits.replace(/^(-?)0+(?=\d)/, '$1') ? n : digits;
  }
  return quotedLiteral(sql.trim())?.value;
}

/** The top-level elements of `ARRAY[a, b, c]` inside an expression. */
function arrayItems(sql: string): string[] | undefined {
  const at = sql.indexOf('ARRAY[');
  if (at < 0) return undefined;
  const items: string[] = [];
  let depth = 0;
  let start = at + 6;
  for (let i = start; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'") {
      for (i++; i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'"); i++) if (sql[i] === "'") i++;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || (ch === ']' && depth > 0)) depth--;
    else if (ch === ']' && depth === 0) {
      items.push(sql.slice(start, i).trim());
      return items;
    } else if (ch === ',' && depth === 0) {
      items.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  return undefined;
}

/** The value a rule's check holds, read from its expression (not yet checked). */
function readValue(rule: Rule, expression: string, t: AttrType): RuleValue | undefined {
  switch (rule) {
    case 'one_of': {
      const items = arrayItems(expression);
      if (!items) return undefined;
      const values = items.map((i) => scalarValue(i, t));
      return values.every((v) => v !== undefined) ? (values as (string | number)[]) : undefined;
    }
    case 'min':
    case 'max': {
      const m = /^\(.+? [<>]= (.+)\)$/s.exec(expression);
      return m ? scalarValue(m[1]!, t) : undefined;
    }
    case 'min_length':
    case 'max_length': {
      const m = /^\(char_length\(.+\) [<>]= (\d+)\)$/s.exec(expression);
      return m ? Number(m[1]) : undefined;
    }
    case 'match': {
      const m = /^\(.+? (?:~|OPERATOR\(public\.~\)) ('(?:[^']|'')*'::[a-z.]+)\)$/s.exec(expression);
      return m ? quotedLiteral(m[1]!)?.value : undefined;
    }
  }
}

export interface PulledConstraint {
  readonly column: string;
  readonly rule: Rule;
  readonly value: RuleValue;
}

/** Columns the check's name could be derived from: `<table>_<column>_<rule>`. */
function nameCandidates(table: string, name: string, columns: ReadonlySet<string>): { column: string; rule: Rule }[] {
  const out: { column: string; rule: Rule }[] = [];
  if (!name.startsWith(`${table}_`)) return out;
  for (const rule of RULES) {
    if (!name.endsWith(`_${rule}`)) continue;
    const column = name.slice(table.length + 1, name.length - rule.length - 1);
    if (columns.has(column) && attributeCheckName(table, column, rule) === name) out.push({ column, rule });
  }
  return out;
}

export interface ConstraintColumn {
  readonly attrType: AttrType;
  /** The column type as the compiler spells it. */
  readonly compiled: string;
}

/**
 * The attribute constraint a check is exactly, or undefined. `inspected` is the expression as
 * the server printed it; compiled text is compared after the compiler's spellings are mapped to
 * the server's (`::citext` is printed `::public.citext`, `E'…'` as a standard string).
 */
export function pullConstraint(table: string, check: { name: string; expression: string }, columns: ReadonlyMap<string, ConstraintColumn>): PulledConstraint | undefined {
  for (const { column, rule } of nameCandidates(table, check.name, new Set(columns.keys()))) {
    const col = columns.get(column)!;
    if (!allowed(rule, col.attrType)) continue;
    const value = readValue(rule, check.expression, col.attrType);
    if (value === undefined) continue;
    if (compiles(table, column, rule, value, col.compiled) === check.expression) return { column, rule, value };
  }
  return undefined;
}

const KEY: Readonly<Record<Rule, 'oneOf' | 'min' | 'max' | 'minLength' | 'maxLength' | 'match'>> = {
  one_of: 'oneOf',
  min: 'min',
  max: 'max',
  min_length: 'minLength',
  max_length: 'maxLength',
  match: 'match',
};

/** What the compiler writes for one constraint, in the server's spelling; undefined on a compile error. */
function compiles(table: string, column: string, rule: Rule, value: RuleValue, type: string): string | undefined {
  const ctx = createContext(EMPTY_PROJECT, {});
  const resource = { name: 'Pulled', table } as Resource;
  const attr = {
    name: column,
    src: SRC,
    type: { kind: 'scalar', name: 'string' },
    allowNil: true,
    primaryKey: false,
    constraints: { src: SRC, [KEY[rule]]: value },
  } as const;
  const checks = attributeChecks(ctx, resource, attr as never, type, 'public');
  if (ctx.diagnostics.length || checks.length !== 1) return undefined;
  let text = standardStrings(checks[0]!.expression);
  // citext's operators live in its extension's schema: printed qualified.
  if (type === 'citext') text = text.replace(/ = ANY \(/, ' OPERATOR(public.=) ANY (').replace(/ ~ '/, " OPERATOR(public.~) '");
  return text.replace(/::citext\b/g, '::public.citext');
}
