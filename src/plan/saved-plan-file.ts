/**
 * Reads a saved plan (`pgdecl plan -o plan.json`) back, part by part. A file that is not
 * JSON, is from another plan format, or misses a part is refused with a message about the
 * plan file: which file, which part, and how to get a good one.
 */
import { PLAN_FORMAT_VERSION, type PlanDocument } from '../render/plan-json.js';
import { PgdeclError } from '../model/diagnostic.js';

export const PLAN_FILE_FIX = 'make the plan again with `pgdecl plan -o plan.json` (on the database you mean to change), review it, and apply the new file';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The keys only a plan file has at its top: what tells a plan from a resource file. */
const PLAN_KEYS = ['formatVersion', 'steps', 'fingerprint', 'desired', 'inspect'];
const RESOURCE_KEYS = ['resources', 'repos', 'functions', 'version', '$schema'];

/**
 * Whether a `.json` file given to `apply` is meant as a saved plan (broken or not): a JSON
 * object with a plan's keys and none of a resource file's, or text that is not JSON at all
 * but names a plan's keys or is called `*plan*.json`.
 */
export function looksLikePlanFile(name: string, text: string): boolean {
  if (!name.toLowerCase().endsWith('.json')) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return /plan[^/\\]*\.json$/i.test(name) || new RegExp(`"(${PLAN_KEYS.join('|')})"\\s*:`).test(text.slice(0, 65536));
  }
  if (!isObject(value)) return /plan[^/\\]*\.json$/i.test(name);
  const keys = Object.keys(value);
  if (keys.some((k) => RESOURCE_KEYS.includes(k))) return false;
  return keys.some((k) => PLAN_KEYS.includes(k)) || /plan[^/\\]*\.json$/i.test(name);
}

/** Reads a saved plan; refuses, naming the part, anything that is not a whole one. */
export function parseSavedPlan(text: string, file: string): PlanDocument {
  const fail = (why: string): never => {
    throw new PgdeclError({ code: 'plan_file_invalid', severity: 'error', message: `${file} is not a usable pgdecl plan: ${why}. Nothing was changed`, suggestion: PLAN_FILE_FIX });
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`it is not JSON (${(e as Error).message})`);
  }
  if (!isObject(doc)) return fail('it is not a JSON object');
  const missing = (part: string, what: string) => fail(`the part "${part}" is ${doc && (doc as Json)[part] === undefined ? 'missing' : 'malformed'} (${what})`);
  if (doc.formatVersion === undefined) return missing('formatVersion', `the number ${PLAN_FORMAT_VERSION}`);
  if (doc.formatVersion !== PLAN_FORMAT_VERSION) {
    return fail(`it has plan formatVersion ${JSON.stringify(doc.formatVersion)}; this pgdecl reads formatVersion ${PLAN_FORMAT_VERSION} (the plan was made by ${typeof doc.pgdecl === 'string' ? `pgdecl ${doc.pgdecl}` : 'another version of pgdecl'})`);
  }
  if (typeof doc.pgdecl !== 'string') missing('pgdecl', 'the version of pgdecl that made the plan');
  if (typeof doc.createdAt !== 'string') missing('createdAt', 'when the plan was made');
  if (typeof doc.target !== 'string') missing('target', 'the database, as printed');
  if (!isDatabase(doc.database)) missing('database', 'the database the plan is for: {"kind": "postgres", "url": …} or {"kind": "pglite", "location": …}');
  if (typeof doc.serverVersion !== 'number' || !Number.isInteger(doc.serverVersion)) missing('serverVersion', 'the server_version_num of the database');
  if (typeof doc.fingerprint !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(doc.fingerprint)) missing('fingerprint', 'sha256: and 64 hex digits');
  if (!isObject(doc.inspect) || !isStrings(doc.inspect.schemas) || !isStrings(doc.inspect.extensions)) missing('inspect', 'the schemas and extensions that were inspected, as lists of names');
  if (!isStrings(doc.files)) missing('files', 'the resource files, as a list');
  const d = doc.desired;
  if (!isObject(d) || typeof d.formatVersion !== 'number' || !['extensions', 'schemas', 'functions', 'tables', 'statements'].every((k) => Array.isArray(d[k]))) {
    missing('desired', 'the desired catalog, with its extensions, schemas, functions, tables and statements');
  }
  const r = doc.renames;
  if (!isObject(r) || !Array.isArray(r.tables) || !Array.isArray(r.columns) || !Array.isArray(r.schemas)) missing('renames', 'the renames, with their tables, columns and schemas');
  const on = doc.online;
  if (on !== undefined && !(isObject(on) && (on.tables === 'all' || isStrings(on.tables)))) missing('online', 'how existing tables are changed online: {"tables": "all"} or a list of tables');
  if (!isObject(doc.summary)) missing('summary', 'the counts of steps that create, change and drop');
  if (!Array.isArray(doc.steps)) return missing('steps', 'the list of steps');
  doc.steps.forEach((s: unknown, i: number) => {
    const ok = isObject(s) && typeof s.id === 'number' && isStrings(s.sql) && isStrings(s.reverse) && isStrings(s.hazards) && typeof s.transactional === 'boolean' && isObject(s.change) && typeof s.change.kind === 'string';
    if (!ok) fail(`step ${i + 1} of "steps" is incomplete (each step has an id, sql, reverse, hazards, transactional and change)`);
  });
  return doc as unknown as PlanDocument;
}

function isDatabase(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (v.kind === 'postgres') return typeof v.url === 'string' && /^postgres(ql)?:\/\//i.test(v.url);
  return v.kind === 'pglite' && typeof v.location === 'string' && v.location !== '';
}
