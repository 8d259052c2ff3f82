/**
 * Column defaults → `default:`. A default that is exactly a literal of the column's type
 * (`'member'::text` → member, `0`, `true`, `'{}'::jsonb` → `{}`, `'{a,b}'::text[]` → [a, b])
 * becomes that literal; anything else is kept as SQL, `{sql: "now()"}`. A literal is chosen
 * only when the compiler writes it back exactly as PostgreSQL printed it (src/compile/defaults.ts).
 */
import type { Literal } from '../model/resource.js';
import { literalDefault } from '../compile/defaults.js';
import { isNumericText } from '../compile/constants.js';
import { elementType, typeClass, type TypeClass } from '../compile/type-class.js';
import { standardStrings, unqualifyPublic } from './sql-text.js';
import { sqlValue, ymap, type Y } from './yaml-tree.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `'it''s'::text` → `it's` and its cast; undefined when the text is not one quoted literal with a cast. */
export function quotedLiteral(text: string): { value: string; cast: string } | undefined {
  const m = /^'((?:[^']|'')*)'::(.+)$/s.exec(text);
  return m ? { value: m[1]!.replace(/''/g, "'"), cast: m[2]! } : undefined;
}

/** The elements of an array literal as `array_out` prints them: `{a,"b c",NULL}`. */
export function arrayElements(text: string): (string | null | unknown[])[] | undefined {
  let i = 0;
  const parse = (): (string | null | unknown[])[] | undefined => {
    if (text[i] !== '{') return undefined;
    i++;
    const out: (string | null | unknown[])[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      if (text[i] === '{') {
        const inner = parse();
        if (!inner) return undefined;
        out.push(inner);
      } else if (text[i] === '"') {
        let s = '';
        for (i++; i < text.length && text[i] !== '"'; i++) s += text[i] === '\\' ? text[++i] : text[i];
        if (text[i] !== '"') return undefined;
        i++;
        out.push(s);
      } else {
        const start = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
        const raw = text.slice(start, i);
        out.push(raw === 'NULL' ? null : raw);
      }
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return out;
      } else return undefined;
    }
  };
  const r = parse();
  return r && i === text.length ? r : undefined;
}

/** Array elements typed for the element class: numbers for number columns, booleans for boolean ones. */
function typedElements(items: readonly unknown[], cls: TypeClass): Literal[] | undefined {
  const out: Literal[] = [];
  for (const item of items) {
    if (item === null) out.push(null);
    else if (Array.isArray(item)) {
      const inner = typedElements(item, cls);
      if (!inner) return undefined;
      out.push(inner);
    } else if (typeof item === 'string') {
      if (cls === 'integer' || cls === 'numeric' || cls === 'float') {
        if (!isNumericText(item) || !Number.isFinite(Number(item))) return undefined;
        out.push(Number(item));
      } else if (cls === 'boolean') {
        if (item !== 't' && item !== 'f') return undefined;
        out.push(item === 't');
      } else if (cls === 'jsonb' || cls === 'json') {
        try {
          out.push(JSON.parse(item) as Literal);
        } catch {
          return undefined;
        }
      } else out.push(item);
    } else return undefined;
  }
  return out;
}

/** A JSON value as a pulled value (objects become ordered maps). */
export function jsonToY(v: Literal): Y {
  if (Array.isArray(v)) return (v as readonly Literal[]).map(jsonToY);
  if (v !== null && typeof v === 'object') return ymap(Object.entries(v as Record<string, Literal>).map(([k, x]) => [k, jsonToY(x)] as const));
  return v as string | number | boolean | null;
}

function containsSqlKey(v: Literal): boolean {
  if (Array.isArray(v)) return (v as readonly Literal[]).some(containsSqlKey);
  if (v !== null && typeof v === 'object') return 'sql' in v || Object.values(v as Record<string, Literal>).some(containsSqlKey);
  return false;
}

/** Candidate literals for the default text, most readable first. */
function candidates(text: string, type: string, exactType: boolean): Literal[] {
  const cls = typeClass(type);
  const out: Literal[] = [];
  const quoted = quotedLiteral(text);
  switch (cls) {
    case 'integer':
    case 'numeric':
    case 'float': {
      const digits = quoted && /^(integer|bigint|numeric)$/.test(quoted.cast) ? quoted.value : text;
      if (!isNumericText(digits)) break;
      const n = Number(digits);
      if (Number.isFinite(n) && (cls !== 'integer' || Number.isSafeInteger(n))) out.push(n);
      // A decimal keeps its digits (1.10) as text.
      if (cls === 'numeric' || !exactType) out.push(digits.trim());
      break;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') out.push(text === 'true');
      break;
    case 'jsonb':
    case 'json':
      if (quoted) {
        try {
          const v = JSON.parse(quoted.value) as Literal;
          // A map with a `sql` key would read as an SQL default.
          if (!(v !== null && typeof v === 'object' && !Array.isArray(v) && 'sql' in v)) out.push(v);
        } catch {
          // not JSON: kept as SQL
        }
      }
      break;
    case 'array': {
      if (!quoted) break;
      const items = arrayElements(quoted.value);
      const typed = items ? typedElements(items, typeClass(elementType(type))) : undefined;
      if (typed && !containsSqlKey(typed)) out.push(typed);
      break;
    }
    case 'uuid':
      if (quoted && UUID.test(quoted.value)) out.push(quoted.value);
      break;
    default:
      if (quoted) out.push(quoted.value);
  }
  return out;
}

/**
 * The `default:` of a column: a literal when one compiles back to exactly `text`, else `{sql: text}`.
 * `type` is the inspected column type; `exactType` says whether the attribute has no
 * `postgres_type` (the validator then wants a literal of the attribute's own type).
 */
export function pullDefault(text: string, type: string, exactType: boolean): { value: Y; literal?: Literal } {
  for (const c of candidates(text, type, exactType)) {
    const r = literalDefault(c, type);
    if (r.ok && r.sql !== undefined && (r.sql === text || standardStrings(r.sql) === text)) return { value: jsonToY(c), literal: c };
  }
  // Parentheses stay: DEFAULT takes a restricted expression (`(now() AT TIME ZONE 'utc')`).
  return { value: sqlValue(unqualifyPublic(text)) };
}
