/**
 * A `.env` file in the working directory, read as dotenv reads it (`KEY=value` lines, quotes,
 * `#` comments, `export KEY=…`; no `${…}` expansion) with Node's own parser. A variable set in
 * the real environment wins over the file. The file never prints: it may hold passwords.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as util from 'node:util';
import type { Io } from './io.js';

export const DOTENV_FILE = '.env';

/** `io` with the variables of `<cwd>/.env` that the environment does not set. */
export function withDotEnv(io: Io): Io {
  const file = join(io.cwd, DOTENV_FILE);
  let text: string;
  try {
    if (!statSync(file).isFile()) return io;
    text = readFileSync(file, 'utf8');
  } catch {
    return io;
  }
  // util.parseEnv is Node 20.12 and later: on an older Node, say the file is not read.
  if (typeof util.parseEnv !== 'function') {
    io.stderr.write(`warning: ${DOTENV_FILE} is not read: it needs Node 20.12 or later (this is ${process.version})\n`);
    return io;
  }
  const fromFile = util.parseEnv(text);
  const added = Object.keys(fromFile).filter((k) => io.env[k] === undefined);
  if (added.length === 0) return io;
  // The real process: set them where libraries look too (the pg driver reads PGPASSWORD, …).
  if (io.env === process.env) {
    for (const k of added) process.env[k] = fromFile[k];
    return io;
  }
  return { ...io, env: { ...Object.fromEntries(added.map((k) => [k, fromFile[k]])), ...io.env } };
}
