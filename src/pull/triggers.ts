/**
 * Triggers → `postgres.triggers`, and functions → `functions:`. A trigger names its function
 * by its key under `functions:` when it was pulled, else as `schema.name`. A function body
 * that pgdecl would write back unchanged (the text on lines of its own, as pgdecl writes
 * bodies) is written trimmed; any other is written exactly, with `verbatim: true`.
 */
import { grantsValue } from './grants.js';
import type { Function, Table, Trigger } from '../ir/catalog.js';
import { bodyText } from '../compile/functions.js';
import type { PullContext } from './context.js';
import { functionKey } from './macros.js';
import { tableKey } from './naming.js';
import { block } from './render.js';
import { readable } from './sql-text.js';
import { ymap, type Y } from './yaml-tree.js';

const TIMING = { BEFORE: 'before', AFTER: 'after', 'INSTEAD OF': 'instead_of' } as const;

export function triggerValue(ctx: PullContext, t: Trigger): Y {
  // Trigger functions take no arguments.
  const key = ctx.functionKeys.get(functionKey(t.functionSchema, t.functionName));
  return ymap([
    ['name', t.name],
    ['timing', TIMING[t.timing]],
    ['events', t.events.map((e) => e.toLowerCase())],
    ['update_of', t.updateOf.length ? [...t.updateOf] : undefined],
    ['for_each', t.forEach === 'STATEMENT' ? 'statement' : undefined],
    ['function', key ?? `${t.functionSchema}.${t.functionName}`],
    ['arguments', t.arguments.length ? [...t.arguments] : undefined],
    ['when', t.when !== undefined ? readable(t.when) : undefined],
    ['constraint', t.constraint ? true : undefined],
    ['deferrable', t.constraint?.deferrable ? (t.constraint.initiallyDeferred ? 'initially' : true) : undefined],
    ['referencing', t.transition ? ymap([['old_table', t.transition.oldTable], ['new_table', t.transition.newTable]]) : undefined],
    ['comment', t.comment],
    ['enabled', t.firing === 'disabled' ? false : t.firing],
  ]);
}

/** The triggers of a table that are written (not pgdecl's touch trigger, not a custom statement's). */
export function pulledTriggers(ctx: PullContext, t: Table): Trigger[] {
  const touch = ctx.touch.get(tableKey(t))?.trigger.name;
  return t.triggers.filter((tr) => tr.name !== touch && !ctx.owned.get('trigger')?.has(`${t.schema}.${t.name}.${tr.name}`));
}

/** The `functions:` entry of a function or procedure, under `key`. */
export function functionValue(f: Function, key: string): Y {
  // An SQL-standard body is printed by the server, never with leading or trailing whitespace.
  const exact = f.sqlBody === true || bodyText(f.body) === f.body;
  const trimmed = f.body.trim();
  const body = exact ? (trimmed.includes('\n') ? `${trimmed}\n` : trimmed) : f.body;
  return block(ymap([
    ['name', key !== f.name ? f.name : undefined],
    ['procedure', f.procedure],
    ['schema', f.schema !== 'public' ? f.schema : undefined],
    ['arguments', f.arguments !== '' ? f.arguments : undefined],
    ['returns', f.procedure ? undefined : f.returns],
    ['language', f.language !== 'plpgsql' ? f.language : undefined],
    ['volatility', f.volatility !== 'volatile' ? f.volatility : undefined],
    ['security', f.security !== 'invoker' ? f.security : undefined],
    ['strict', f.strict],
    ['leakproof', f.leakproof],
    ['parallel', f.parallel],
    ['cost', f.cost],
    ['rows', f.rows],
    ['set', f.config?.length ? ymap(f.config.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const)) : undefined],
    ['description', f.comment],
    ['grants', grantsValue('function', f.grants)],
    ['verbatim', exact ? undefined : true],
    ['sql_body', f.sqlBody],
    ['body', body],
  ]));
}
