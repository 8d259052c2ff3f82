/**
 * pgdecl's macros, recognised only where the database holds exactly what they compile to:
 * `uuid_primary_key`, `uuid_v7_primary_key`, `integer_primary_key`, `create_timestamp`, and
 * `update_timestamp` (the column plus pgdecl's touch trigger and function on its table). The
 * functions pgdecl writes for itself (touch, `pgdecl_uuid_v7` before PostgreSQL 18) are folded
 * back into the macros that make them, compared with what the compiler writes.
 */
import type { AttributeMacro, Project } from '../model/resource.js';
import type { Column, Function, Table, Trigger } from '../ir/catalog.js';
import { createContext } from '../compile/context.js';
import { GEN_RANDOM_UUID, UTC_NOW } from '../compile/defaults.js';
import { touchFunction, uuidV7Function } from '../compile/functions.js';
import { sameFunction, sameTrigger } from '../diff/compare.js';
import { touchFunctionName, touchTriggerName, UUID_V7_FUNCTION } from '../model/naming.js';
import { qname } from '../sql/quote.js';
import { withoutColumnOptions } from './columns.js';

const EMPTY_PROJECT: Project = { files: [], repos: [], resources: [], functions: [] };
const SRC = { file: 'pulled.yaml', pointer: '' };

export const functionKey = (schema: string, name: string, args = '') => `${schema}.${name}(${args})`;

/** The column `create_timestamp` (and `update_timestamp`) make, whatever its name. */
export function isTimestampColumn(c: Column): boolean {
  return c.type === 'timestamp without time zone' && !c.nullable && c.default === UTC_NOW && !c.identity && plain(c);
}

/** Nothing a macro cannot say: no comment, collation or generation, no sequence options or name of its own, no physical options. */
function plain(c: Column): boolean {
  return (
    c.comment === undefined &&
    c.collation === undefined &&
    c.generated === undefined &&
    c.identityOptions === undefined &&
    c.identitySequence === undefined &&
    withoutColumnOptions(c)
  );
}

/**
 * The macro a column is exactly, given that it is the table's only primary-key column
 * (`soleKey`) and which uuid v7 default this server's compiler writes in the table's schema.
 */
export function keyMacro(c: Column, soleKey: boolean, uuidV7Default: string | undefined): AttributeMacro | undefined {
  if (!soleKey || !plain(c) || c.nullable) return undefined;
  if (c.type === 'uuid' && !c.identity && c.default === GEN_RANDOM_UUID) return 'uuid_primary_key';
  if (c.type === 'uuid' && !c.identity && uuidV7Default !== undefined && c.default === uuidV7Default) return 'uuid_v7_primary_key';
  if (c.type === 'bigint' && c.identity === 'by_default' && c.default === undefined) return 'integer_primary_key';
  return undefined;
}

/** What the compiler writes as the default of a uuid v7 key in `schema` on this server. */
export function uuidV7DefaultFor(serverVersion: number, schema: string): string {
  return serverVersion >= 180000 ? 'uuidv7()' : `${qname(schema, UUID_V7_FUNCTION)}()`;
}

/** True when `fn` is exactly the `pgdecl_uuid_v7` function the compiler writes in its schema. */
export function isUuidV7Function(fn: Function): boolean {
  if (fn.name !== UUID_V7_FUNCTION || fn.arguments !== '') return false;
  const ours = uuidV7Function(createContext(EMPTY_PROJECT, {}), fn.schema, SRC);
  return sameFunction(ours, fn);
}

export interface TouchFold {
  /** The `update_timestamp` columns, in the order the function sets them. */
  readonly columns: readonly string[];
  readonly trigger: Trigger;
  readonly function: Function;
}

/**
 * The touch trigger and function of a table, when they are exactly what `update_timestamp`
 * columns compile to: the trigger `<table>_touch_timestamps` calling the function of that
 * name, which sets each column (in column order) to its default.
 */
export function touchFold(t: Table, functions: ReadonlyMap<string, Function>): TouchFold | undefined {
  const name = touchTriggerName(t.name);
  const trigger = t.triggers.find((x) => x.name === name);
  const fn = functions.get(functionKey(t.schema, touchFunctionName(t.name)));
  if (!trigger || !fn) return undefined;
  const set = [...fn.body.matchAll(/^ {2}NEW\.("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*) := /gm)].map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!));
  if (set.length === 0) return undefined;
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  const positions = set.map((c) => t.columns.findIndex((x) => x.name === c));
  if (positions.some((p, i) => p < 0 || (i > 0 && p <= positions[i - 1]!))) return undefined;
  if (!set.every((c) => isTimestampColumn(byName.get(c)!))) return undefined;
  const ctx = createContext(EMPTY_PROJECT, {});
  const ours = touchFunction(ctx, t.schema, t.name, set.map((c) => ({ name: c, expression: UTC_NOW })), SRC);
  if (!sameFunction(ours, fn)) return undefined;
  const expected: Trigger = { name, timing: 'BEFORE', events: ['UPDATE'], updateOf: [], forEach: 'ROW', functionSchema: t.schema, functionName: ours.name, arguments: [] };
  if (!sameTrigger(expected, trigger)) return undefined;
  return { columns: set, trigger, function: fn };
}
