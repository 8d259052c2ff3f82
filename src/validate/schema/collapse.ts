/**
 * ajv's errors with the anyOf noise removed. An `anyOf` fails with one error per branch;
 * the branch the user evidently meant is the one whose type matches the value (a string
 * for `uuid_primery_key`, a map for `{type: strng}`). That branch is validated alone and
 * its errors replace the lot; with no such branch, one "wrong form" error remains.
 */
import type { ErrorObject } from 'ajv';
import type { SchemaValidator } from './ajv.js';
import { closest } from '../../util/suggest.js';

/** An error that stands for itself, at an instance path of the whole document. */
export interface LeafError {
  readonly path: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly schemaPath: string;
  /** The schema object holding the failed keyword. */
  readonly parentSchema: unknown;
  readonly data: unknown;
  /** For `wrong_form`: the pointer of the anyOf schema in the root schema. */
  readonly anyOf?: string;
  readonly propertyName?: string;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typesOf(schema: unknown, v: SchemaValidator, depth = 0): string[] | undefined {
  if (schema === true) return undefined;
  if (schema === null || typeof schema !== 'object' || depth > 8) return undefined;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) return typesOf(resolve(v.root, s.$ref.slice(1)), v, depth + 1);
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (Array.isArray(s.anyOf)) {
    const all = s.anyOf.map((b) => typesOf(b, v, depth + 1));
    return all.some((t) => t === undefined) ? undefined : all.flat() as string[];
  }
  if (Array.isArray(s.enum)) return [...new Set((s.enum as unknown[]).map(jsonType))];
  return undefined;
}

export function resolve(root: unknown, ptr: string): unknown {
  let node = root;
  for (const seg of ptr.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function compatible(schema: unknown, value: unknown, v: SchemaValidator): boolean {
  const types = typesOf(schema, v);
  if (!types) return true;
  const t = jsonType(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** Of several compatible branches: the one whose required keys the value has (or a misspelling of one), then the fewest errors. */
function score(schema: unknown, value: unknown, v: SchemaValidator): number {
  const s = (schema !== null && typeof schema === 'object' ? (typeof (schema as { $ref?: unknown }).$ref === 'string' ? resolve(v.root, ((schema as { $ref: string }).$ref).slice(1)) : schema) : {}) as Record<string, unknown>;
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  const has = value !== null && typeof value === 'object' ? value : {};
  if (required.every((k) => k in has)) return required.length;
  // None has its required keys: the branch whose required key is misspelt (`domian` for `domain`).
  return Object.keys(has).some((k) => required.some((r) => closest(k, [r]) === r)) ? -1 : -2;
}

const toLeaf = (e: ErrorObject, prefix: string): LeafError => ({
  path: prefix + e.instancePath,
  keyword: e.keyword,
  params: e.params as Record<string, unknown>,
  schemaPath: e.schemaPath,
  parentSchema: e.parentSchema,
  data: e.data,
  ...(typeof e.propertyName === 'string' ? { propertyName: e.propertyName } : {}),
});

/** Collapses the errors of one validation run whose instance paths start with `prefix`. */
export function collapse(errors: readonly ErrorObject[], v: SchemaValidator, prefix = '', depth = 0): LeafError[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.instancePath.length - b.instancePath.length);
  const handled: string[] = [];
  const out: LeafError[] = [];
  const within = (path: string, base: string) => path === base || path.startsWith(base + '/');
  for (const a of anyOfs) {
    if (handled.some((h) => within(a.instancePath, h))) continue;
    handled.push(a.instancePath);
    const branches = Array.isArray(a.schema) ? (a.schema as unknown[]) : [];
    const anyOfPtr = v.pointerOf(a.parentSchema);
    const candidates = branches.map((b, i) => ({ b, i })).filter(({ b }) => compatible(b, a.data, v));
    candidates.sort((x, y) => score(y.b, a.data, v) - score(x.b, a.data, v));
    const chosen = candidates[0];
    const sub = chosen && anyOfPtr !== undefined && depth < 16 ? v.sub(`${anyOfPtr}/anyOf/${chosen.i}`) : undefined;
    if (sub && !sub(a.data)) {
      out.push(...collapse(sub.errors ?? [], v, prefix + a.instancePath, depth + 1));
      continue;
    }
    out.push({ ...toLeaf(a, prefix), keyword: 'wrong_form', ...(anyOfPtr !== undefined ? { anyOf: anyOfPtr } : {}) });
  }
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    if (handled.some((h) => within(e.instancePath, h))) continue;
    out.push(toLeaf(e, prefix));
  }
  return out;
}
