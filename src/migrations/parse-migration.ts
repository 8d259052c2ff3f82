/**
 * Reading a migration file: its name (`<version>_<name>.sql`), its two sections and its
 * transaction marker, and the statements of a section with the line each starts on.
 *
 *   -- pgdecl:no-transaction      (optional, before `-- migrate:up`: run statement by statement)
 *   -- migrate:up
 *   …SQL…
 *   -- migrate:down
 *   …SQL…
 *
 * Statements are split by PostgreSQL's own parser (libpg-query), so semicolons inside
 * strings, dollar-quoted bodies and comments are never mistaken for ends of statements.
 */
import { parseSync } from 'libpg-query';
import { loadParser } from '../diff/owned.js';
import { PgdeclError } from '../model/diagnostic.js';
import { isDevName } from './version.js';

export const UP_MARKER = '-- migrate:up';
export const DOWN_MARKER = '-- migrate:down';
export const NO_TRANSACTION_MARKER = '-- pgdecl:no-transaction';

export const MIGRATION_FILE = /^(\d{14})_([A-Za-z0-9_]+)\.sql$/;

export interface Section {
  readonly sql: string;
  /** 1-based line of the file where the section's text starts. */
  readonly line: number;
}

export interface MigrationFile {
  /** File name, relative to its folder. */
  readonly file: string;
  readonly version: string;
  readonly name: string;
  readonly dev: boolean;
  readonly noTransaction: boolean;
  readonly up: Section;
  readonly down: Section;
  /** The whole text (its checksum is recorded when applied). */
  readonly content: string;
}

export interface SqlStatement {
  readonly sql: string;
  /** 1-based line in the file. */
  readonly line: number;
}

function fileError(file: string, message: string, suggestion: string, line?: number): PgdeclError {
  return new PgdeclError({ code: 'migration_invalid', severity: 'error', message, suggestion, ...(line !== undefined ? { pos: { file, line, column: 1 } } : {}) });
}

const isMarker = (line: string, marker: string) => line.trim() === marker;

/** Parses a migration file's text. `shown` is how to name the file in errors (its path). */
export function parseMigration(file: string, text: string, shown = file): MigrationFile {
  const m = MIGRATION_FILE.exec(file);
  if (!m) throw fileError(shown, `${shown} is not named <version>_<name>.sql (14 digits, then letters, digits and underscores)`, 'rename it, or move it out of the migrations folder');
  const lines = text.split('\n');
  const upAt = lines.findIndex((l) => isMarker(l, UP_MARKER));
  const downAt = lines.findIndex((l) => isMarker(l, DOWN_MARKER));
  if (upAt < 0) throw fileError(shown, `${shown} has no \`${UP_MARKER}\` line`, `put \`${UP_MARKER}\` on its own line before the SQL that migrates, and \`${DOWN_MARKER}\` before the SQL that undoes it`);
  if (downAt < 0) throw fileError(shown, `${shown} has no \`${DOWN_MARKER}\` line`, `put \`${DOWN_MARKER}\` on its own line after the up section (it may be empty)`);
  if (downAt < upAt) throw fileError(shown, `${shown}: \`${DOWN_MARKER}\` comes before \`${UP_MARKER}\``, 'put the up section first', downAt + 1);
  const again = lines.findIndex((l, i) => i !== upAt && i !== downAt && (isMarker(l, UP_MARKER) || isMarker(l, DOWN_MARKER)));
  if (again >= 0) throw fileError(shown, `${shown} has a second \`${lines[again]!.trim()}\` line`, 'a migration has one up and one down section', again + 1);
  const noTransaction = lines.slice(0, upAt).some((l) => isMarker(l, NO_TRANSACTION_MARKER));
  return {
    file,
    version: m[1]!,
    name: m[2]!,
    dev: isDevName(m[2]!),
    noTransaction,
    up: { sql: lines.slice(upAt + 1, downAt).join('\n'), line: upAt + 2 },
    down: { sql: lines.slice(downAt + 1).join('\n'), line: downAt + 2 },
    content: text,
  };
}

/** The line (0-based count of newlines) before a UTF-8 byte offset of `text`. */
function linesBefore(bytes: Buffer, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/** Whether a piece of SQL is only comments and whitespace. */
function blank(sql: string): boolean {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}

/**
 * The statements of a section, in order, each with the file line it starts on. Needs the
 * parser loaded (`await loadParser()`); a syntax error is a PgdeclError at its line.
 */
export function splitStatements(m: MigrationFile, which: 'up' | 'down', shown = m.file): SqlStatement[] {
  const section = m[which];
  if (blank(section.sql)) return [];
  let stmts: { stmt_location?: number; stmt_len?: number }[];
  try {
    stmts = (parseSync(section.sql) as unknown as { stmts: { stmt_location?: number; stmt_len?: number }[] }).stmts;
  } catch (e) {
    const details = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition;
    const line = at !== undefined ? section.line + linesBefore(Buffer.from(section.sql, 'utf8'), at) : section.line;
    throw fileError(shown, `${shown}:${line}: the ${which} section does not parse: ${(e as Error).message}`, 'fix the SQL (pgdecl runs nothing of a migration that does not parse)', line);
  }
  const bytes = Buffer.from(section.sql, 'utf8');
  const out: SqlStatement[] = [];
  for (const s of stmts) {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    const raw = bytes.subarray(start, end).toString('utf8');
    // Leading comments belong to the statement's block; the statement starts after them.
    const lead = /^(?:\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/.exec(raw)![0];
    const sql = raw.slice(lead.length).replace(/;\s*$/, '').trimEnd();
    if (sql === '') continue;
    out.push({ sql, line: section.line + linesBefore(bytes, start) + (lead.match(/\n/g)?.length ?? 0) });
  }
  return out;
}

export { loadParser };
