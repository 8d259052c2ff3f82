/**
 * One collapsed ajv error → one sentence a person understands, positioned at the offending
 * key (unknown or misplaced keys, wrong types, missing keys) or value (wrong values), with a
 * suggestion where one can be guessed.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { ATTRIBUTE_MACROS, SCALAR_TYPES } from '../../model/resource.js';
import { pointer, segments, type Pos, type SourceIndex } from '../../model/source.js';
import { SCHEMA } from '../codes.js';
import { describe, inPlace, place } from '../context.js';
import { andList, describeValue, didYouMeanNear, nearMiss, orList, suggestValue } from '../suggest-value.js';
import type { SchemaValidator } from './ajv.js';
import type { LeafError } from './collapse.js';
import { FORMS, KEY_COUNT_FORMS, MISPLACED, MISSING_HINTS } from './forms.js';

export interface TranslateContext {
  readonly file: string;
  readonly lookup: (ptr: string) => unknown;
  readonly sources: SourceIndex;
  readonly validator: SchemaValidator;
}

const TYPE_WORDS: Record<string, string> = {
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  array: 'a list',
  object: 'a map',
  null: 'null',
};

/** What the values of a key mean, when no "did you mean" applies. */
const VALUE_HINTS: Readonly<Record<string, string>> = {
  deferrable: '`true` is DEFERRABLE INITIALLY IMMEDIATE; `initially` is DEFERRABLE INITIALLY DEFERRED',
  on_update: 'ON UPDATE CASCADE is `update`, SET NULL is `nilify`',
  strategy: '`context`: a table in every tenant schema; `attribute`: one table with a tenant column',
};

const YAML11_BOOLEANS = /^(y|yes|n|no|on|off|true|false)$/i;

const code = (s: string) => `\`${s}\``;
const parentOf = (ptr: string) => ptr.slice(0, Math.max(0, ptr.lastIndexOf('/')));
const lastSeg = (ptr: string) => segments(ptr).pop() ?? '';
const isItem = (ptr: string) => /^\d+$/.test(lastSeg(ptr));

/** Allowed values in words: plain names when all are strings, else JSON (false, true or "initially"). */
function valuesText(values: readonly unknown[]): string {
  const allStrings = values.every((v) => typeof v === 'string');
  return orList(values.map((v) => (allStrings ? String(v) : JSON.stringify(v))));
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? code(v) : v === null || typeof v !== 'object' ? String(v) : describeValue(v);
}

export function translate(e: LeafError, ctx: TranslateContext): Diagnostic {
  const schemaPtr = ctx.validator.pointerOf(e.parentSchema) ?? '';
  const pos = (ptr: string, part: 'key' | 'value'): Pos | undefined => {
    const src = { file: ctx.file, pointer: ptr };
    return (part === 'key' ? ctx.sources.position(src, 'key') : undefined) ?? ctx.sources.position(src, 'value');
  };
  const make = (c: string, message: string, ptr: string, part: 'key' | 'value', suggestion?: string): Diagnostic => {
    const p = pos(ptr, part);
    return { code: c, severity: 'error', message, src: { file: ctx.file, pointer: ptr }, ...(p ? { pos: p } : {}), ...(suggestion ? { suggestion } : {}) };
  };
  const what = describe(e.path, ctx.lookup);
  const keyPart = isItem(e.path) ? 'value' : 'key';

  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const ptr = e.path + pointer(key);
      const props = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      const misplaced = MISPLACED[schemaPtr];
      const hint = didYouMeanNear(key, props) ?? (misplaced?.keys.includes(key) ? `\`${key}\` goes under \`${misplaced.under}:\`` : undefined);
      return make(SCHEMA.unknownKey, `unknown key ${code(key)} ${inPlace(what)}`, ptr, 'key', hint ?? (props.length ? `the keys here are ${andList(props.map(code))}` : undefined));
    }
    case 'false schema':
      return notAllowed(e, ctx, make);
    case 'required': {
      const missing = (e.params.missing as string[] | undefined) ?? [String(e.params.missingProperty)];
      const hints = missing.map((m) => MISSING_HINTS[m]).filter((h): h is string => h !== undefined);
      const hintText = missing.length === 1 && hints.length === 1 ? `: ${hints[0]}` : '';
      return make(SCHEMA.missingKey, `${what} needs ${andList(missing.map(code))}${hintText}`, e.path, keyPart);
    }
    case 'type': {
      const expected = Array.isArray(e.params.type) ? (e.params.type as string[]) : String(e.params.type).split(',');
      const words = orList(expected.map((t) => TYPE_WORDS[t] ?? t));
      return make(SCHEMA.wrongType, `${what} must be ${words}, not ${describeValue(e.data)}`, e.path, keyPart, typeHint(expected, e.data));
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'const' ? [e.params.allowedValue] : ((e.params.allowedValues as unknown[]) ?? []);
      return badValue(e, allowed, schemaPtr, what, ctx, make);
    }
    case 'pattern': {
      if (e.propertyName !== undefined) {
        const ptr = e.path + pointer(e.propertyName);
        return make(SCHEMA.badName, `${code(e.propertyName)} is not a valid resource name: a name starts with a letter and holds only letters, digits and \`_\``, ptr, 'key');
      }
      return make(SCHEMA.badName, `${what} must be a resource name (a letter, then letters, digits or \`_\`), not ${valueText(e.data)}`, e.path, 'value');
    }
    case 'minLength':
      return make(SCHEMA.empty, `${what} must not be empty`, e.path, 'value');
    case 'minItems':
      return make(SCHEMA.empty, Number(e.params.limit) === 1 ? `${what} must not be empty` : `${what} must list at least ${e.params.limit} elements`, e.path, 'value');
    case 'uniqueItems': {
      const later = Math.max(Number(e.params.i), Number(e.params.j));
      const item = (e.data as unknown[] | undefined)?.[later];
      return make(SCHEMA.duplicateItem, `${what} lists ${valueText(item)} twice`, `${e.path}/${later}`, 'value', 'remove one of them');
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = e.keyword === 'minimum' ? 'at least' : e.keyword === 'maximum' ? 'at most' : e.keyword === 'exclusiveMinimum' ? 'more than' : 'less than';
      return make(SCHEMA.outOfRange, `${what} must be ${bound} ${e.params.limit}, not ${valueText(e.data)}`, e.path, 'value');
    }
    case 'minProperties':
    case 'maxProperties': {
      const form = KEY_COUNT_FORMS[schemaPtr] ?? `it must have ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${e.params.limit} keys`;
      return make(SCHEMA.wrongForm, `${what} has the wrong form: ${form}`, e.path, keyPart);
    }
    case 'wrong_form': {
      const form = (e.anyOf !== undefined ? FORMS[e.anyOf] : undefined) ?? 'see docs/resource-format.md for its forms';
      return make(SCHEMA.wrongForm, `${what} is ${describeValue(e.data)}; ${form}`, e.path, keyPart);
    }
    default:
      return make(SCHEMA.wrongForm, `${what} is not valid here (${e.keyword})`, e.path, keyPart);
  }
}

function typeHint(expected: readonly string[], data: unknown): string | undefined {
  if (typeof data === 'string') {
    if (expected.includes('boolean') && YAML11_BOOLEANS.test(data)) {
      const b = /^(y|yes|on|true)$/i.test(data);
      return /^(true|false)$/i.test(data) ? `remove the quotes: ${b}` : `YAML 1.2 reads \`${data}\` as a string: write ${b}`;
    }
    if (expected.includes('boolean') && nearMiss(data, ['true', 'false'])) return `did you mean \`${nearMiss(data, ['true', 'false'])}\`?`;
    if ((expected.includes('integer') || expected.includes('number')) && data.trim() !== '' && !Number.isNaN(Number(data))) return `remove the quotes: ${data.trim()}`;
  }
  if (expected.includes('string') && (typeof data === 'number' || typeof data === 'boolean')) return `quote it: "${data}"`;
  if (expected.includes('array') && typeof data === 'string') return `write a list: [${data}]`;
  return undefined;
}

type Make = (code: string, message: string, ptr: string, part: 'key' | 'value', suggestion?: string) => Diagnostic;

function badValue(e: LeafError, allowed: readonly unknown[], schemaPtr: string, what: string, ctx: TranslateContext, make: Make): Diagnostic {
  const v = e.data;
  const strings = allowed.filter((a): a is string => typeof a === 'string');
  const hint = typeof v === 'string' ? suggestValue(v, strings) : undefined;
  const context = place(e.path, ctx.lookup).context;
  if (e.path === '/version') return make(SCHEMA.unsupportedVersion, `unsupported \`version: ${JSON.stringify(v)}\`: this pgdecl reads version ${valuesText(allowed)}`, e.path, 'value', 'write `version: 1`');
  if (lastSeg(e.path) === 'match_type' && v === 'partial') return make(SCHEMA.matchPartial, 'PostgreSQL does not implement MATCH PARTIAL; use simple or full', e.path, 'value', 'MATCH SIMPLE (the default) lets a key with a NULL column through; MATCH FULL does not');
  if (schemaPtr === '/$defs/Attribute/anyOf/0') {
    return make(SCHEMA.unknownType, `unknown type or macro ${valueText(v)} for ${context}`, e.path, 'value', typeof v === 'string' ? suggestValue(v, [...ATTRIBUTE_MACROS, ...SCALAR_TYPES]) : undefined);
  }
  if (schemaPtr === '/$defs/ScalarType') {
    const macro = typeof v === 'string' && (ATTRIBUTE_MACROS as readonly string[]).includes(v);
    return make(SCHEMA.unknownType, `unknown type ${valueText(v)} ${inPlace(context)}`, e.path, 'value', macro ? `\`${String(v)}\` is a macro: write it alone, \`name: ${String(v)}\`` : hint);
  }
  if (schemaPtr === '/$defs/RangeElementType') return make(SCHEMA.unknownType, `a range of ${valueText(v)} is not supported ${inPlace(context)}; ranges are of ${valuesText(allowed)}`, e.path, 'value', hint);
  const extra = schemaPtr === '/$defs/OnDelete/anyOf/0' ? ' (or `{nilify: [columns]}`)' : '';
  return make(SCHEMA.badValue, `${what} must be ${valuesText(allowed)}${extra}, not ${valueText(v)}`, e.path, 'value', hint ?? VALUE_HINTS[lastSeg(e.path)]);
}

/** A key forbidden by an if/then on a discriminator (`type` of a relationship, `strategy`). */
function notAllowed(e: LeafError, ctx: TranslateContext, make: Make): Diagnostic {
  const key = lastSeg(e.path);
  const ownerPtr = parentOf(e.path);
  const owner = ctx.lookup(ownerPtr);
  const context = place(ownerPtr, ctx.lookup).context;
  // `#/allOf/1/then/properties/allow_nil/false schema`: find the discriminator in that `if`.
  const branch = /allOf\/(\d+)\/then/.exec(e.schemaPath)?.[1];
  const schemaRoot = ctx.validator.root as { $defs?: Record<string, { allOf?: { if?: { properties?: Record<string, { const?: unknown; enum?: unknown[] }> }; then?: { properties?: Record<string, unknown> } }[]; properties?: Record<string, { enum?: unknown[] }> }> };
  const def = Object.values(schemaRoot.$defs ?? {}).find((d) => branch !== undefined && d.allOf?.[Number(branch)]?.then?.properties?.[key] === false && d.allOf?.[Number(branch)]?.if !== undefined);
  const ifProps = def?.allOf?.[Number(branch)]?.if?.properties ?? {};
  const disc = Object.keys(ifProps)[0];
  const value = disc !== undefined && owner !== null && typeof owner === 'object' ? (owner as Record<string, unknown>)[disc] : undefined;
  const all = (disc !== undefined ? def?.properties?.[disc]?.enum : undefined) ?? [];
  const forbidden = new Set<unknown>();
  for (const b of def?.allOf ?? []) {
    if (b.then?.properties?.[key] !== false || disc === undefined) continue;
    const cond = b.if?.properties?.[disc];
    for (const x of cond?.enum ?? (cond && 'const' in cond ? [cond.const] : [])) forbidden.add(x);
  }
  const allowed = all.filter((x) => !forbidden.has(x)).map(String);
  if (disc === 'type') {
    return make(SCHEMA.notAllowed, `${code(key)} does not apply to ${context}, a ${String(value)}`, e.path, 'key', allowed.length ? `\`${key}\` is for ${orList(allowed)} relationships: remove it here` : 'remove it');
  }
  const on = disc !== undefined ? ` with \`${disc}: ${String(value)}\`` : '';
  return make(SCHEMA.notAllowed, `${code(key)} does not apply to ${context}${on}`, e.path, 'key', allowed.length && disc ? `\`${key}\` is for \`${disc}: ${orList(allowed)}\`: remove it here` : 'remove it');
}
