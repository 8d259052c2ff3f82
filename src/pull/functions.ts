/**
 * Which functions go under `functions:`: every function of the pulled schemas, except pgdecl's
 * own that macros make again (touch functions, `pgdecl_uuid_v7`), those custom statements
 * create, and those the format cannot write (C and internal: reported as unsupported).
 * When only some tables are pulled (`--tables`), only the functions those tables use: called by
 * their triggers, or by name in their defaults, checks, generated columns and indexes.
 */
import type { Function, Table } from '../ir/catalog.js';
import type { OwnedObjects } from '../diff/owned.js';
import { functionKey } from './macros.js';

export interface PickedFunction {
  /** The key under `functions:`: the function's name, or `<name>_<n>` for a second one of a name. */
  readonly key: string;
  readonly fn: Function;
}

/** Every SQL text of a table a function can be called from. */
function sqlTexts(t: Table): string[] {
  return [
    ...t.columns.flatMap((c) => [c.default ?? '', c.generated ?? '']),
    ...t.checks.map((c) => c.expression),
    ...t.indexes.flatMap((i) => [...i.keys.map((k) => (k.kind === 'expression' ? k.expression : '')), i.where ?? '']),
    ...t.triggers.map((tr) => tr.when ?? ''),
  ].filter((s) => s !== '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A predicate: does one of the tables use the function? */
function usedBy(tables: readonly Table[]): (fn: Function) => boolean {
  const triggers = new Set(tables.flatMap((t) => t.triggers.map((tr) => functionKey(tr.functionSchema, tr.functionName))));
  const text = tables.flatMap(sqlTexts).join('\n');
  return (fn) => triggers.has(functionKey(fn.schema, fn.name, fn.arguments)) || new RegExp(`(^|[^A-Za-z0-9_$])"?${escape(fn.name)}"?\\s*\\(`).test(text);
}

export interface PickOptions {
  /** Only functions these tables use; undefined: every function. */
  readonly onlyFor?: readonly Table[];
  readonly owned: OwnedObjects;
  /** `schema.name(arguments)` of functions macros make again. */
  readonly folded: ReadonlySet<string>;
  /** Keys already taken. */
  readonly taken?: ReadonlySet<string>;
}

/**
 * The functions to write, each keyed by its name; a second function of the same name (in another
 * schema, or an overload) is keyed `<name>_2`, `<name>_3`, … and says its `name`.
 */
export function pickFunctions(functions: readonly Function[], o: PickOptions): PickedFunction[] {
  const used = o.onlyFor ? usedBy(o.onlyFor) : () => true;
  const out: PickedFunction[] = [];
  const keys = new Set<string>(o.taken ?? []);
  for (const fn of functions) {
    if (o.folded.has(functionKey(fn.schema, fn.name, fn.arguments)) || o.owned.get('function')?.has(`${fn.schema}.${fn.name}`)) continue;
    if (fn.body.trim() === '' || fn.language === 'c' || fn.language === 'internal' || !used(fn)) continue;
    let key = fn.name;
    for (let n = 2; keys.has(key); n++) key = `${fn.name}_${n}`;
    keys.add(key);
    out.push({ key, fn });
  }
  return out;
}
