/** Help text for `pgdecl --help` and `pgdecl <command> --help`. */
import { GLOBAL_OPTIONS, type CommandDef, type OptionDef } from './command.js';
import type { Colors } from './io.js';

const EXIT_CODES = [
  '0  success; nothing pending',
  '1  error: invalid input, a failed or refused step (nothing was changed)',
  '2  changes pending (with plan --exit-code, generate --check)',
  '130  interrupted (Ctrl-C): pgdecl says what was committed before, if anything',
];

function optionLines(options: readonly OptionDef[], c: Colors): string[] {
  const left = options.map((o) => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return options.map((o, i) => `  ${c.bold(left[i]!.padEnd(width))}${o.description}`);
}

export function mainHelp(commands: readonly CommandDef[], version: string, c: Colors): string {
  const width = Math.max(...commands.map((d) => d.name.length)) + 2;
  return [
    `${c.bold('pgdecl')} ${version}: declarative PostgreSQL schemas from resource files`,
    '',
    `${c.bold('Usage:')} pgdecl <command> [options]`,
    '',
    c.bold('Commands:'),
    ...commands.map((d) => `  ${c.cyan(d.name.padEnd(width))}${d.summary}`),
    '',
    c.bold('Options:'),
    ...optionLines([...GLOBAL_OPTIONS, { name: 'version', short: 'V', type: 'boolean', description: 'print the version' }], c),
    '',
    c.bold('Exit codes:'),
    ...EXIT_CODES.map((l) => `  ${l}`),
    '',
    c.bold('Environment:'),
    '  DATABASE_URL  the database when --db is not given; also read from a .env file in the',
    '                working directory, as dotenv reads it (a variable set in the environment wins)',
    '  NO_COLOR      no colour',
    '',
    `Run ${c.cyan('pgdecl <command> --help')} for a command's options. Docs: README.md, docs/reference.md.`,
    '',
  ].join('\n');
}

export function commandHelp(def: CommandDef, c: Colors, parent?: string): string {
  const lines = [`${c.bold('Usage:')} ${def.usage}`, '', def.summary];
  if (def.description) lines.push('', def.description.trim());
  if (def.subcommands?.length) {
    const width = Math.max(...def.subcommands.map((s) => s.name.length)) + 2;
    lines.push('', c.bold('Commands:'), ...def.subcommands.map((s) => `  ${c.cyan(s.name.padEnd(width))}${s.summary}`));
  }
  const opts = [...def.options, ...GLOBAL_OPTIONS];
  lines.push('', c.bold('Options:'), ...optionLines(opts, c));
  if (def.examples?.length) lines.push('', c.bold('Examples:'), ...def.examples.map((e) => `  ${e}`));
  lines.push('', c.bold('Exit codes:'), ...(def.exitCodes ?? EXIT_CODES.slice(0, 2)).map((l) => `  ${l}`));
  if (def.subcommands?.length) lines.push('', `Run ${c.cyan(`pgdecl ${parent ? parent + ' ' : ''}${def.name} <command> --help`)} for a command's options.`);
  return lines.join('\n') + '\n';
}
