/**
 * `pgdecl init [--force]`: a starter resources.yaml in the working directory, `.pgdecl/` in
 * .gitignore, and what to run next. Refuses to replace an existing resources.yaml unless
 * --force.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { flag, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { initProject, IGNORED, STARTER_FILE } from '../../init/init.js';
import { schemaFile } from '../../util/package-file.js';

const INSTALLED = 'node_modules/pgdecl/schema/pgdecl.schema.json';

/** The modeline's path from `dir`: the installed package's schema, else this pgdecl's own. */
export function modelinePath(dir: string): string {
  if (existsSync(join(dir, INSTALLED))) return `./${INSTALLED}`;
  const rel = relative(dir, schemaFile());
  if (isAbsolute(rel)) return schemaFile();
  const posix = rel.split(sep).join('/');
  return posix.startsWith('..') ? posix : `./${posix}`;
}

export const run: Handler = async (args, ctx) => {
  const { io, out: c, err } = ctx;
  if (args.positionals.length) {
    io.stderr.write(`${err.red('error:')} pgdecl init takes no path: it writes ${STARTER_FILE} in the working directory (${io.cwd})\n`);
    return EXIT.error;
  }
  const r = initProject(io.cwd, { schemaPath: modelinePath(io.cwd), force: flag(args, 'force') });
  if (r.file.state === 'exists') {
    io.stderr.write(`${err.red('error:')} ${STARTER_FILE} already exists in ${io.cwd}; nothing was written. Keep it, or run \`pgdecl init --force\` to replace it with the starter file.\n`);
    return EXIT.error;
  }
  io.stdout.write(`${c.green('✓')} ${r.file.state === 'written' ? 'wrote' : 'replaced'} ${STARTER_FILE} (two resources, User and Post, to edit)\n`);
  if (r.gitignore !== 'unchanged') io.stdout.write(`${c.green('✓')} ${r.gitignore === 'created' ? 'created .gitignore with' : 'added'} ${IGNORED}${r.gitignore === 'appended' ? ' to .gitignore' : ''} (the embedded database and pgdecl's cache)\n`);
  io.stdout.write(
    [
      '',
      'Next:',
      `  pgdecl validate          check ${STARTER_FILE} (editors with yaml-language-server complete it)`,
      '  pgdecl plan              what would change in the database',
      '  pgdecl apply             make it so (the embedded database in .pgdecl/, or --db URL / DATABASE_URL)',
      '  pgdecl generate init     or: write versioned migrations instead of applying',
      '',
    ].join('\n'),
  );
  return EXIT.ok;
};
