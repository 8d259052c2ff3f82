/**
 * A lint input: the SQL of a file (for a migration, its up section) split into statements by
 * PostgreSQL's own parser, each with its parse tree, its position in the file, and the rules
 * its leading comments silence.
 *
 *   -- pgdecl-lint: ignore ban-drop-column, renaming-table     (the next statement only)
 *   -- pgdecl-lint: ignore-file prefer-timestamptz            (the whole file)
 */
import { parseSync, scanSync } from 'libpg-query';
import { tooLongForIdentifier } from '../model/naming.js';
import { lineCol } from '../load/source-index.js';
import { NO_TRANSACTION_MARKER, UP_MARKER, DOWN_MARKER } from '../migrations/parse-migration.js';

export interface LintStatement {
  /** The statement's node: `{ AlterTableStmt: {...} }` and the like. */
  readonly node: Readonly<Record<string, unknown>>;
  /** Its byte offset in the section (parse-tree locations are byte offsets too). */
  readonly start: number;
  /** Rules named by `-- pgdecl-lint: ignore …` in its leading comments, with their offsets. */
  readonly ignores: readonly IgnoreComment[];
}

export interface IgnoreComment {
  readonly rule: string;
  /** Byte offset of the comment in the section. */
  readonly at: number;
  readonly file: boolean;
}

export interface LintSource {
  readonly file: string;
  /** Whether pgdecl's migrate would run it in one transaction (no `-- pgdecl:no-transaction`). */
  readonly transactional: boolean;
  readonly statements: readonly LintStatement[];
  /** `ignore-file` comments anywhere in the file. */
  readonly fileIgnores: readonly IgnoreComment[];
  /** Identifiers longer than PostgreSQL keeps (the parser has already cut them in the tree). */
  readonly longIdentifiers: readonly { readonly at: number; readonly name: string }[];
  /** Turns a byte offset of the section into a 1-based file line and column (in characters). */
  position(offset: number): { line: number; column: number };
}

export class LintParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

const IGNORE = /^--\s*pgdecl-lint:\s*(ignore-file|ignore)\s+([A-Za-z0-9_,\s-]+)/;

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly tokenName: string;
}

function ignoresIn(comment: Token): IgnoreComment[] {
  const m = IGNORE.exec(comment.text);
  if (!m) return [];
  return m[2]!
    .split(/[\s,]+/)
    .filter((r) => r !== '')
    .map((rule) => ({ rule, at: comment.start, file: m[1] === 'ignore-file' }));
}

/** An identifier token's name: unquoted, `""` folded. */
const identName = (t: Token) => (t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text);

/**
 * The part of a file that runs forward (a migration's up section, or the whole file), where it
 * starts, and whether pgdecl's migrate runs it in one transaction.
 */
export function forwardSection(text: string): { sql: string; firstLine: number; transactional: boolean } {
  const lines = text.split('\n');
  const upAt = lines.findIndex((l) => l.trim() === UP_MARKER);
  const noTransaction = lines.slice(0, upAt < 0 ? lines.length : upAt).some((l) => l.trim() === NO_TRANSACTION_MARKER);
  if (upAt < 0) return { sql: text, firstLine: 1, transactional: !noTransaction };
  const downAt = lines.findIndex((l, i) => i > upAt && l.trim() === DOWN_MARKER);
  const end = downAt < 0 ? lines.length : downAt;
  return { sql: lines.slice(upAt + 1, end).join('\n'), firstLine: upAt + 2, transactional: !noTransaction };
}

/** Parses one file. Throws LintParseError with the position of a syntax error. */
export function readLintSource(file: string, text: string): LintSource {
  const { sql, firstLine, transactional } = forwardSection(text);
  const bytes = Buffer.from(sql, 'utf8');
  // Parse-tree locations are byte offsets: lines are found on byte line starts, columns counted in characters.
  const lineStarts = [0];
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    const { line } = lineCol(lineStarts, offset);
    const column = bytes.subarray(lineStarts[line - 1]!, Math.min(offset, bytes.length)).toString('utf8').length + 1;
    return { line: firstLine + line - 1, column };
  };
  let tree: { stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = parseSync(sql) as unknown as typeof tree;
  } catch (e) {
    const at = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    // The parser counts characters here; turn them into a byte offset.
    const p = at !== undefined ? position(Buffer.byteLength(sql.slice(0, at), 'utf8')) : { line: firstLine, column: 1 };
    throw new LintParseError(file, p.line, p.column, `does not parse: ${(e as Error).message}`);
  }
  // Token offsets, like parse-tree locations, are byte offsets.
  const tokens = (scanSync(sql) as unknown as { tokens: Token[] }).tokens;
  const comments = tokens.filter((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT');
  const allIgnores = comments.flatMap(ignoresIn);
  const longIdentifiers = tokens.filter((t) => t.tokenName === 'IDENT' && tooLongForIdentifier(identName(t))).map((t) => ({ at: t.start, name: identName(t) }));
  const statements: LintStatement[] = [];
  let previousEnd = 0;
  for (const s of tree.stmts ?? []) {
    const start = s.stmt_location ?? 0;
    // A statement's own comments are those between the previous statement and it.
    statements.push({ node: s.stmt, start, ignores: allIgnores.filter((c) => !c.file && c.at >= previousEnd && c.at < start) });
    previousEnd = s.stmt_len ? start + s.stmt_len : bytes.length;
  }
  const fileIgnores = allIgnores.filter((c) => c.file);
  return { file, transactional, statements, fileIgnores, longIdentifiers, position };
}
