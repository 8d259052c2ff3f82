/** Argument parsing with node:util parseArgs, plus "did you mean" for unknown options. */
import { parseArgs } from 'node:util';
import { GLOBAL_OPTIONS, type CommandDef, type ParsedArgs } from './command.js';
import { didYouMean } from '../util/suggest.js';
import { UsageError } from './usage-error.js';

export { UsageError };

export function parseCommandArgs(def: CommandDef, argv: readonly string[]): ParsedArgs {
  const all = [...GLOBAL_OPTIONS, ...def.options];
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const o of all) options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { positionals, options: values as ParsedArgs['options'] };
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(msg);
    if (unknown) {
      const hint = didYouMean(unknown[2]!, all.map((o) => o.name));
      throw new UsageError(`unknown option ${unknown[1]}${unknown[2]} for \`pgdecl ${def.name}\`${hint ? `; ${hint.replace(/`([^`]+)`/, '`--$1`')}` : ''}`, def);
    }
    const missing = /Option '(-\w, )?--([\w-]+) <value>' argument missing/.exec(msg);
    if (missing) {
      const o = all.find((x) => x.name === missing[2]);
      throw new UsageError(`option --${missing[2]} needs a value${o?.value ? ` (${o.value})` : ''}`, def);
    }
    throw new UsageError(msg, def);
  }
}
