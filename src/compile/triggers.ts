/**
 * Triggers: the resource's own, with their function resolved to a schema and name, and the
 * touch trigger that keeps `update_timestamp` columns current.
 */
import { match } from 'ts-pattern';
import type { Trigger, TriggerEvent } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { TriggerDef } from '../model/resource.js';
import { child, type Src } from '../model/source.js';
import { touchFunctionName, touchTriggerName } from '../model/naming.js';
import { closest } from '../util/suggest.js';
import { compileError, origin, type CompileContext } from './context.js';

const EVENT_ORDER: readonly TriggerEvent[] = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];

/** `touch_edited_at` (a key of `functions`) → its schema and name; `schema.name` → split. */
export function resolveFunction(ctx: CompileContext, name: string, src: Src): { schema: string; name: string } | undefined {
  const own = ctx.functions.get(name);
  if (own) return { schema: own.schema, name: own.name };
  const dot = name.indexOf('.');
  if (dot > 0) return { schema: name.slice(0, dot), name: name.slice(dot + 1) };
  const hint = closest(name, ctx.functions.keys());
  compileError(ctx, 'unknown_function', `the trigger function \`${name}\` is not defined in \`functions\``, src, {
    suggestion: hint ? `did you mean \`${hint}\`?` : 'define it under `functions:`, or name an existing one as `schema.name`',
  });
  return undefined;
}

/** What a trigger is on: a resource's table, or a view (`view: true`). */
export interface TriggerOwner {
  readonly name: string;
  readonly table: string;
  readonly view?: true;
}

export function userTrigger(ctx: CompileContext, resource: TriggerOwner, def: TriggerDef, schema: string): Trigger | undefined {
  const fn = resolveFunction(ctx, def.function, child(def.src, 'function'));
  if (!fn) return undefined;
  if (!constraintTriggerAllowed(ctx, resource, def)) return undefined;
  if (!timingAllowed(ctx, resource, def)) return undefined;
  const events = EVENT_ORDER.filter((e) => def.events.includes(e.toLowerCase() as TriggerDef['events'][number]));
  origin(ctx, keys.trigger(schema, resource.table, def.name), def.src);
  return {
    name: def.name,
    timing: match(def.timing)
      .with('before', () => 'BEFORE' as const)
      .with('after', () => 'AFTER' as const)
      .with('instead_of', () => 'INSTEAD OF' as const)
      .exhaustive(),
    events,
    updateOf: events.includes('UPDATE') ? def.updateOf : [],
    forEach: def.forEach === 'row' ? 'ROW' : 'STATEMENT',
    functionSchema: fn.schema,
    functionName: fn.name,
    arguments: def.arguments,
    ...(def.when ? { when: def.when.sql.trim() } : {}),
    ...(def.constraint ? { constraint: { deferrable: def.deferrable !== false, initiallyDeferred: def.deferrable === 'initially' } } : {}),
    ...(def.referencing ? { transition: withoutSrc(def.referencing) } : {}),
    ...(def.comment !== undefined ? { comment: def.comment } : {}),
    ...(def.firing ? { firing: def.firing } : {}),
  };
}

const withoutSrc = ({ src: _s, ...transition }: NonNullable<TriggerDef['referencing']>): NonNullable<Trigger['transition']> => transition;

/** A constraint trigger runs AFTER, FOR EACH ROW, on rows (not TRUNCATE); only it can be deferred. */
function constraintTriggerAllowed(ctx: CompileContext, resource: TriggerOwner, def: TriggerDef): boolean {
  const refuse = (what: string, key: string, suggestion: string): boolean => {
    compileError(ctx, 'constraint_trigger_options', `the trigger \`${def.name}\` of \`${resource.name}\` ${what}`, child(def.src, key), { suggestion });
    return false;
  };
  if (!def.constraint) return def.deferrable === false || refuse('is `deferrable`, but only a constraint trigger can be', 'deferrable', 'add `constraint: true` (CREATE CONSTRAINT TRIGGER), or drop `deferrable`');
  if (def.timing !== 'after') return refuse(`is a constraint trigger with \`timing: ${def.timing}\``, 'timing', 'a constraint trigger runs `after` the row changes');
  if (def.forEach !== 'row') return refuse('is a constraint trigger `for_each: statement`', 'for_each', 'a constraint trigger runs for each row: drop `for_each`');
  if (def.events.includes('truncate')) return refuse('is a constraint trigger on `truncate`', 'events', 'a constraint trigger fires on insert, update and delete');
  return true;
}

/**
 * What PostgreSQL allows on each: INSTEAD OF only on a view, for each row, without WHEN or
 * UPDATE OF; a view's BEFORE and AFTER triggers run for each statement; no TRUNCATE, constraint
 * or transition tables on a view.
 */
function timingAllowed(ctx: CompileContext, owner: TriggerOwner, def: TriggerDef): boolean {
  const refuse = (what: string, key: string, suggestion: string): boolean => {
    compileError(ctx, 'trigger_options', `the trigger \`${def.name}\` of \`${owner.name}\` ${what}`, child(def.src, key), { suggestion });
    return false;
  };
  if (!owner.view) {
    return def.timing !== 'instead_of' || refuse('is `instead_of`, which only a view\'s triggers can be', 'timing', 'use `before` or `after` on a table');
  }
  if (def.firing) return refuse('sets `enabled`, which a view\'s triggers cannot (PostgreSQL enables and disables only a table\'s)', 'enabled', 'drop `enabled`');
  if (def.constraint) return refuse('is a constraint trigger, which a view cannot have', 'constraint', 'drop `constraint`');
  if (def.referencing) return refuse('has transition tables, which a view\'s triggers cannot have', 'referencing', 'drop `referencing`');
  if (def.events.includes('truncate')) return refuse('fires on `truncate`, which a view does not have', 'events', 'a view\'s triggers fire on insert, update and delete');
  if (def.timing === 'instead_of') {
    if (def.forEach !== 'row') return refuse('is `instead_of` for each statement', 'for_each', 'an `instead_of` trigger runs for each row: drop `for_each`');
    if (def.when) return refuse('is `instead_of` with a `when`', 'when', 'test the condition in the function');
    if (def.updateOf.length) return refuse('is `instead_of` with `update_of`', 'update_of', 'an `instead_of` trigger fires on every update: drop `update_of`');
    return true;
  }
  return def.forEach === 'statement' || refuse(`is \`${def.timing}\` for each row, which a view cannot have`, 'timing', 'use `timing: instead_of` for each row, or `for_each: statement`');
}

/** BEFORE UPDATE FOR EACH ROW, calling the table's touch function in the same schema. */
export function touchTrigger(ctx: CompileContext, table: string, schema: string, src: Src): Trigger {
  const name = touchTriggerName(table);
  origin(ctx, keys.trigger(schema, table, name), src);
  return {
    name,
    timing: 'BEFORE',
    events: ['UPDATE'],
    updateOf: [],
    forEach: 'ROW',
    functionSchema: schema,
    functionName: touchFunctionName(table),
    arguments: [],
  };
}
