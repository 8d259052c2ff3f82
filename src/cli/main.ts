/**
 * The command line: finds the command, parses its options, runs its handler, and turns
 * every error into a message and an exit code. Core modules never import from here.
 */
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands.js';
import { commandHelp, mainHelp } from './help.js';
import { colors, processIo, useColor, type Io } from './io.js';
import { parseCommandArgs, UsageError } from './parse.js';
import { EXIT } from './exit-codes.js';
import type { CommandDef } from './command.js';
import { PgdeclError } from '../model/diagnostic.js';
import { didYouMean } from '../util/suggest.js';
import { packageFile } from '../util/package-file.js';
import { printDiagnostics } from './diagnostics.js';
import { withDotEnv } from './dotenv.js';
import { redactSecrets } from '../targets/redact.js';
import { watchInterrupt } from './interrupt.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function colorFlag(argv: readonly string[]): boolean | undefined {
  if (argv.includes('--no-color')) return false;
  if (argv.includes('--color')) return true;
  return undefined;
}

/** Messages never show a password, whatever produced them (a bad URL, the driver, a server). */
function maskedIo(io: Io): Io {
  const stderr = io.stderr;
  return { ...io, stderr: { isTTY: stderr.isTTY, write: (s: string) => stderr.write(redactSecrets(s)) } };
}

/** Runs the CLI and returns its exit code (the bin script exits with it). */
export async function main(argv: readonly string[], given: Io = processIo()): Promise<number> {
  const io = maskedIo(withDotEnv(given));
  const cflag = colorFlag(argv);
  const out = colors(useColor(io, cflag, 'stdout'));
  const err = colors(useColor(io, cflag, 'stderr'));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0]) return main([rest[0], '--help', ...rest.slice(1)], given);
    io.stdout.write(mainHelp(COMMANDS, version(), out));
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(version() + '\n');
    return EXIT.ok;
  }
  let def: CommandDef | undefined = COMMANDS.find((c) => c.name === name);
  let args = rest;
  let parent: string | undefined;
  if (!def) {
    const hint = didYouMean(name, COMMANDS.map((c) => c.name));
    io.stderr.write(`${err.red('error:')} unknown command \`${name}\`${hint ? `; ${hint}` : ''}\nRun \`pgdecl --help\` for the list of commands.\n`);
    return EXIT.error;
  }
  if (def.subcommands) {
    const sub = args[0];
    if (sub === undefined || sub.startsWith('-')) {
      io.stdout.write(commandHelp(def, out));
      return sub === undefined || sub === '--help' || sub === '-h' ? EXIT.ok : EXIT.error;
    }
    const found: CommandDef | undefined = def.subcommands.find((s) => s.name === sub);
    if (!found) {
      const hint = didYouMean(sub, def.subcommands.map((s) => s.name));
      io.stderr.write(`${err.red('error:')} unknown command \`pgdecl ${def.name} ${sub}\`${hint ? `; ${hint}` : ''}\n`);
      return EXIT.error;
    }
    parent = def.name;
    def = found;
    args = args.slice(1);
  }
  const ctxBase = { io, out, err, colorFlag: cflag };
  try {
    const parsed = parseCommandArgs(def, args);
    if (parsed.options.help === true) {
      io.stdout.write(commandHelp(def, out, parent));
      return EXIT.ok;
    }
    if (!def.handler) throw new Error(`command ${def.name} has no handler`);
    const { run } = await def.handler();
    // The real process: Ctrl-C says what is left behind, and exits 130.
    if (given.stderr !== process.stderr) return await run(parsed, ctxBase);
    const watch = watchInterrupt(io, err);
    try {
      return await Promise.race([run(parsed, ctxBase), watch.interrupted]);
    } finally {
      watch.dispose();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${err.red('error:')} ${e.message}\nRun \`pgdecl ${parent ? parent + ' ' : ''}${def.name} --help\` for usage.\n`);
      return EXIT.error;
    }
    if (e instanceof PgdeclError) {
      printDiagnostics(e.diagnostics, e.sources, ctxBase);
      return EXIT.error;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`${err.red('error:')} ${message}\n`);
    if (io.env.PGDECL_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
    return EXIT.error;
  }
}

export { guardOutput, exitWhenFlushed } from './exit.js';
