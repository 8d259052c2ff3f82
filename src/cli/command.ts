/** The shape of a command: its definition (for parsing and help) apart from its handler. */
import type { Colors, Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface OptionDef {
  readonly name: string;
  readonly short?: string;
  readonly type: 'boolean' | 'string';
  readonly multiple?: boolean;
  /** Placeholder in help, e.g. `URL`. */
  readonly value?: string;
  readonly description: string;
}

export interface CommandDef {
  readonly name: string;
  readonly summary: string;
  /** e.g. `pgdecl validate [paths…] [--json]` */
  readonly usage: string;
  /** Paragraphs shown by `pgdecl <command> --help`. */
  readonly description?: string;
  readonly options: readonly OptionDef[];
  /** Subcommands (`tenants list`), when the command is a group. */
  readonly subcommands?: readonly CommandDef[];
  readonly examples?: readonly string[];
  readonly exitCodes?: readonly string[];
  readonly handler?: () => Promise<{ run: Handler }>;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
}

export interface CommandContext {
  readonly io: Io;
  /** Colours for stdout and for stderr (each decided for its own stream). */
  readonly out: Colors;
  readonly err: Colors;
  readonly colorFlag?: boolean;
}

export type Handler = (args: ParsedArgs, ctx: CommandContext) => Promise<number>;

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionDef[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show help for the command' },
  { name: 'color', type: 'boolean', description: 'force colour on (default: only on a terminal; NO_COLOR turns it off)' },
  { name: 'no-color', type: 'boolean', description: 'never use colour' },
];

/** A string option; an option that may be repeated (--db) given more than once where one is expected is an error. */
export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  if (Array.isArray(v)) {
    if (v.length > 1) throw new UsageError(`--${name} is given ${v.length} times, and this command works on one${name === 'db' ? ' database (plan, apply, migrate, rollback and status take several)' : ''}`);
    return v[0];
  }
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable option, as given (not split on commas). */
export function all(args: ParsedArgs, name: string): string[] {
  const v = args.options[name];
  return Array.isArray(v) ? [...(v as string[])] : typeof v === 'string' ? [v] : [];
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

export function list(args: ParsedArgs, name: string): string[] {
  const v = args.options[name];
  if (v === undefined || typeof v === 'boolean') return [];
  const items = typeof v === 'string' ? [v] : v;
  return items.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}
