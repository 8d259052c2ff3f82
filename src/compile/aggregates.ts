/**
 * Aggregates (`aggregates:`): CREATE AGGREGATE over a state-transition function. A support
 * function that is a key of `functions` is named by its schema and name (`public.mul`, as the
 * server prints it); any other name is left as written (a built-in such as `array_cat`, or
 * `schema.name`). Types are spelled as PostgreSQL prints them, declared types qualified.
 */
import type { Aggregate, FinalModify } from '../ir/aggregate.js';
import { keys } from '../ir/keys.js';
import type { AggregateDef } from '../model/resource.js';
import { child } from '../model/source.js';
import { qname } from '../sql/quote.js';
import { closest } from '../util/suggest.js';
import { compileError, origin, type CompileContext } from './context.js';
import { sqlType } from './user-types.js';
import { opt } from '../util/opt.js';

/** `*` (no arguments) is an empty list, as pg_get_function_arguments prints it. */
export function aggregateArguments(def: Pick<AggregateDef, 'arguments'>): string {
  const a = def.arguments.trim();
  return a === '*' ? '' : a;
}

const FUNCTIONS = ['sfunc', 'finalfunc', 'combinefunc', 'serialfunc', 'deserialfunc', 'msfunc', 'minvfunc', 'mfinalfunc'] as const;

/** `mul` (a key of `functions`) → `public.mul`; a built-in or `schema.name` stays as written. */
function supportFunction(ctx: CompileContext, def: AggregateDef, key: (typeof FUNCTIONS)[number]): string | undefined {
  const name = def[key];
  if (name === undefined) return undefined;
  const own = ctx.functions.get(name);
  if (own) return qname(own.schema, own.name);
  const m = /^([a-z_][a-z0-9_$]*)\.([a-z_][a-z0-9_$]*)$/.exec(name);
  // `schema.name` in a schema whose functions are all declared here (no extension, no custom
  // statement may add one) is known to be missing.
  if (m && m[1] !== 'pg_catalog' && !mayHoldOthers(ctx)) {
    const there = ctx.project.functions.filter((f) => f.schema === m[1]);
    if (there.length && !there.some((f) => f.name === m[2])) {
      const hint = closest(m[2]!, there.map((f) => f.key));
      compileError(ctx, 'unknown_function', `the ${key} \`${name}\` of aggregate \`${def.key}\` is not defined in \`functions\`, which declares the functions of schema ${m[1]}`, child(def.src, key), {
        suggestion: hint ? `did you mean \`${hint}\`?` : 'define it under `functions:`, or name a built-in function',
      });
      return undefined;
    }
  }
  return name;
}

/** Whether objects the files do not declare may live in the managed schemas (extensions, custom statements). */
function mayHoldOthers(ctx: CompileContext): boolean {
  return ctx.project.repos.some((r) => r.extensions.length > 0) || ctx.project.resources.some((r) => r.customStatements.length > 0);
}

const modify = (m: FinalModify | undefined) => (m === 'shareable' || m === 'read_write' ? m : undefined);

/** The moving-aggregate options other than msfunc, minvfunc and mstype: each needs all three. */
const MOVING = ['msspace', 'mfinalfunc', 'mfinalfunc_extra', 'mfinalfunc_modify', 'minitcond'] as const;

function movingOptionsComplete(ctx: CompileContext, def: AggregateDef): boolean {
  const written: Record<string, boolean> = {
    msfunc: def.msfunc !== undefined,
    minvfunc: def.minvfunc !== undefined,
    mstype: def.mstype !== undefined,
    msspace: def.msspace !== undefined,
    mfinalfunc: def.mfinalfunc !== undefined,
    mfinalfunc_extra: def.mfinalfuncExtra,
    mfinalfunc_modify: def.mfinalfuncModify !== undefined,
    minitcond: def.minitcond !== undefined,
  };
  const core = ['msfunc', 'minvfunc', 'mstype'] as const;
  const first = [...core, ...MOVING].find((k) => written[k]);
  if (first === undefined) return true;
  const missing = core.filter((k) => !written[k]);
  if (!missing.length) return true;
  compileError(ctx, 'aggregate_options', `the aggregate \`${def.key}\` has \`${first}\` but no ${missing.map((k) => `\`${k}\``).join(' or ')}: a moving-aggregate mode needs msfunc, minvfunc and mstype`, child(def.src, first), {
    suggestion: `add ${missing.map((k) => `\`${k}\``).join(', ')}, or drop the moving-aggregate options (m…)`,
  });
  return false;
}

export function userAggregate(ctx: CompileContext, def: AggregateDef): Aggregate | undefined {
  const args = aggregateArguments(def);
  origin(ctx, keys.aggregate(def.schema, def.name, args), def.src);
  if (!movingOptionsComplete(ctx, def)) return undefined;
  const fns = Object.fromEntries(FUNCTIONS.map((k) => [k, supportFunction(ctx, def, k)]));
  if (FUNCTIONS.some((k) => def[k] !== undefined && fns[k] === undefined)) return undefined;
  const stype = sqlType(ctx, def.stype, `the state type of aggregate \`${def.key}\``, def.schema);
  const mstype = def.mstype ? sqlType(ctx, def.mstype, `the moving state type of aggregate \`${def.key}\``, def.schema) : undefined;
  if (stype === undefined || (def.mstype && mstype === undefined)) return undefined;
  return {
    schema: def.schema,
    name: def.name,
    arguments: args,
    sfunc: fns.sfunc!,
    stype,
    ...opt('sspace', def.sspace !== 0 ? def.sspace : undefined),
    ...opt('finalfunc', fns.finalfunc),
    ...(def.finalfuncExtra ? { finalfuncExtra: true as const } : {}),
    ...opt('finalfuncModify', modify(def.finalfuncModify)),
    ...opt('combinefunc', fns.combinefunc),
    ...opt('serialfunc', fns.serialfunc),
    ...opt('deserialfunc', fns.deserialfunc),
    ...opt('initcond', def.initcond),
    ...opt('msfunc', fns.msfunc),
    ...opt('minvfunc', fns.minvfunc),
    ...opt('mstype', mstype),
    ...opt('msspace', def.msspace !== 0 ? def.msspace : undefined),
    ...opt('mfinalfunc', fns.mfinalfunc),
    ...(def.mfinalfuncExtra ? { mfinalfuncExtra: true as const } : {}),
    ...opt('mfinalfuncModify', modify(def.mfinalfuncModify)),
    ...opt('minitcond', def.minitcond),
    ...opt('sortop', def.sortop),
    ...(def.parallel !== 'unsafe' ? { parallel: def.parallel } : {}),
    ...(def.description !== undefined ? { comment: def.description } : {}),
  };
}
