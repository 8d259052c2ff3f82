/**
 * User SQL checked with PostgreSQL's own parser (libpg-query, WASM) before any of it reaches
 * a database: expressions, defaults, statement lists, function bodies and type names.
 *
 * The WASM module loads asynchronously once: `await initSqlParser()` before the first check;
 * every check after that is synchronous. Each fragment is parsed in the syntactic position
 * pgdecl renders it in (an expression inside `CHECK (…)`, a default after `DEFAULT`, ...), so
 * what passes here also parses in the generated DDL. Errors carry a 0-based offset into the
 * fragment (the printer turns it into a file line and column).
 */
import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import { dollarQuote } from './quote.js';

let ready: Promise<void> | undefined;
let loaded = false;

/** Loads the parser (idempotent). Call once before `compile`. */
export async function initSqlParser(): Promise<void> {
  ready ??= loadModule().then(() => {
    loaded = true;
  });
  await ready;
}

export function sqlParserReady(): boolean {
  return loaded;
}

function ensureLoaded(): void {
  if (!loaded) throw new Error('the SQL parser is not loaded: call `await initSqlParser()` before compiling');
}

/** What a fragment turned out to contain. */
export interface FragmentInfo {
  /** Names of the functions it calls (last name part, as the parser folds them). */
  readonly functions: readonly string[];
}

export interface SqlFragmentError {
  readonly message: string;
  /** 0-based offset into the fragment, when the parser says where. */
  readonly offset?: number;
}

export type FragmentResult = ({ readonly ok: true } & FragmentInfo) | { readonly ok: false; readonly error: SqlFragmentError };

type Json = unknown;

/** PostgreSQL reports positions in characters (code points); JavaScript indexes UTF-16 units. */
function codePointsToIndex(text: string, codePoints: number): number {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

interface Wrapped {
  readonly prefix: string;
  readonly suffix: string;
}

function parseError(e: unknown, text: string, fragment: string, prefixLength: number): SqlFragmentError {
  const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
  const message = err.message ?? String(e);
  const pos = err.sqlDetails?.cursorPosition;
  if (pos === undefined) return { message };
  const index = codePointsToIndex(text, pos) - prefixLength;
  if (index < 0) return { message };
  return { message, offset: Math.min(index, fragment.length) };
}

function parseWrapped(fragment: string, w: Wrapped): { tree: Json } | { error: SqlFragmentError } {
  const text = w.prefix + fragment + w.suffix;
  try {
    return { tree: parseSync(text) };
  } catch (e) {
    return { error: parseError(e, text, fragment, w.prefix.length) };
  }
}

interface Token {
  readonly text: string;
  readonly start: number;
}

/** The scanner reports byte offsets into the UTF-8 text; `start` here is a JavaScript string index. */
function tokens(fragment: string): Token[] | undefined {
  try {
    const bytes = Buffer.from(fragment, 'utf8');
    return scanSync(fragment)
      .tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
      .map((t) => ({ text: t.text, start: bytes.subarray(0, t.start).toString('utf8').length }));
  } catch {
    return undefined; // an unterminated literal: the parser reports it with a position
  }
}

/**
 * An expression must stay inside the parentheses pgdecl puts around it: no `)` that closes
 * them early and no `;` that would start a second statement (`1); DROP TABLE x; --`).
 */
function escapesParentheses(fragment: string): SqlFragmentError | undefined {
  const toks = tokens(fragment);
  if (!toks) return undefined;
  const semicolon = toks.find((t) => t.text === ';');
  if (semicolon) {
    return { message: 'it contains `;`, which would end the statement and smuggle in another one', offset: semicolon.start };
  }
  let depth = 0;
  for (const t of toks) {
    const start = t.start;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      depth--;
      if (depth < 0) return { message: `it closes a parenthesis it did not open, which would end the expression early`, offset: start };
    }
  }
  return undefined;
}

/** Every function name called anywhere in a parse tree. */
export function functionNames(tree: Json): string[] {
  const out = new Set<string>();
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'FuncCall') {
        const names = (value as { funcname?: { String?: { sval?: string } }[] }).funcname ?? [];
        const last = names[names.length - 1]?.String?.sval;
        if (last) out.add(last);
      }
      walk(value);
    }
  };
  walk(tree);
  return [...out].sort();
}

function statementsOf(tree: Json): Record<string, Json>[] {
  const stmts = (tree as { stmts?: { stmt?: Record<string, Json> }[] }).stmts ?? [];
  return stmts.map((s) => s.stmt ?? {});
}

const SELECT_CLAUSES = ['distinctClause', 'intoClause', 'fromClause', 'whereClause', 'groupClause', 'havingClause', 'windowClause', 'valuesLists', 'sortClause', 'limitOffset', 'limitCount', 'lockingClause', 'withClause'];

function isBareSelect(stmt: Record<string, Json>): boolean {
  const sel = stmt.SelectStmt as Record<string, Json> | undefined;
  if (!sel) return false;
  const targets = sel.targetList as { ResTarget?: { name?: string } }[] | undefined;
  if (!targets || targets.length !== 1 || targets[0]?.ResTarget?.name !== undefined) return false;
  if (sel.op !== undefined && sel.op !== 'SETOP_NONE') return false;
  return SELECT_CLAUSES.every((k) => sel[k] === undefined);
}

/**
 * Results by fragment, per kind: a schema repeats the same defaults and checks (`now()`, a
 * status list) on many tables, and each is parsed once per process. Results are plain
 * readonly data. Bounded; the oldest entries go first.
 */
const RESULTS = new Map<string, FragmentResult>();
const RESULTS_LIMIT = 10_000;

function remembered(kind: string, fragment: string, check: (fragment: string) => FragmentResult): FragmentResult {
  const key = kind + fragment;
  let r = RESULTS.get(key);
  if (r === undefined) {
    r = check(fragment);
    RESULTS.set(key, r);
    if (RESULTS.size > RESULTS_LIMIT) RESULTS.delete(RESULTS.keys().next().value!);
  }
  return r;
}

const ONE_EXPRESSION = 'it must be one SQL expression';

/** A boolean or scalar expression, as rendered inside parentheses: `CHECK (…)`, `WHERE (…)`, `(…)` index keys. */
export function checkExpression(fragment: string): FragmentResult {
  return remembered('e', fragment, checkExpressionOnce);
}

function checkExpressionOnce(fragment: string): FragmentResult {
  ensureLoaded();
  if (fragment.trim() === '') return { ok: false, error: { message: 'the expression is empty' } };
  const r = parseWrapped(fragment, { prefix: 'SELECT (', suffix: ')' });
  if ('error' in r) return { ok: false, error: escapesParentheses(fragment) ?? r.error };
  const escape = escapesParentheses(fragment);
  if (escape) return { ok: false, error: escape };
  const stmts = statementsOf(r.tree);
  if (stmts.length !== 1 || !isBareSelect(stmts[0]!)) return { ok: false, error: { message: ONE_EXPRESSION } };
  return { ok: true, functions: functionNames(r.tree) };
}

/** A column default, as rendered after `DEFAULT` (where PostgreSQL accepts a restricted expression). */
export function checkDefault(fragment: string): FragmentResult {
  return remembered('d', fragment, checkDefaultOnce);
}

function checkDefaultOnce(fragment: string): FragmentResult {
  ensureLoaded();
  if (fragment.trim() === '') return { ok: false, error: { message: 'the default is empty' } };
  const escape = escapesParentheses(fragment);
  if (escape) return { ok: false, error: escape };
  const r = parseWrapped(fragment, { prefix: 'CREATE TABLE t (c text DEFAULT ', suffix: ')' });
  if ('error' in r) return { ok: false, error: r.error };
  const stmts = statementsOf(r.tree);
  const create = stmts[0]?.CreateStmt as { tableElts?: Json[] } | undefined;
  if (stmts.length !== 1 || !create || create.tableElts?.length !== 1) return { ok: false, error: { message: ONE_EXPRESSION } };
  return { ok: true, functions: functionNames(r.tree) };
}

/** One or more complete SQL statements (custom statements, SQL function bodies). */
export function checkStatements(fragment: string): FragmentResult {
  return remembered('s', fragment, checkStatementsOnce);
}

function checkStatementsOnce(fragment: string): FragmentResult {
  ensureLoaded();
  if (fragment.trim() === '') return { ok: false, error: { message: 'it contains no SQL statement' } };
  const r = parseWrapped(fragment, { prefix: '', suffix: '' });
  if ('error' in r) return { ok: false, error: r.error };
  if (statementsOf(r.tree).length === 0) return { ok: false, error: { message: 'it contains no SQL statement' } };
  return { ok: true, functions: functionNames(r.tree) };
}

/**
 * An SQL-standard body (`BEGIN ATOMIC … END`, or `RETURN …` for a function), parsed where
 * CREATE FUNCTION puts it: it must be that body and nothing after it.
 */
export function checkSqlBody(fragment: string, procedure: boolean): FragmentResult {
  return remembered(procedure ? 'P' : 'F', fragment, (f) => checkSqlBodyOnce(f, procedure));
}

function checkSqlBodyOnce(fragment: string, procedure: boolean): FragmentResult {
  ensureLoaded();
  const prefix = procedure ? 'CREATE PROCEDURE pg_temp.pgdecl_check() LANGUAGE sql ' : 'CREATE FUNCTION pg_temp.pgdecl_check() RETURNS integer LANGUAGE sql ';
  const r = parseWrapped(fragment, { prefix, suffix: '' });
  if ('error' in r) return { ok: false, error: r.error };
  const stmts = statementsOf(r.tree);
  const create = stmts[0]?.CreateFunctionStmt as { sql_body?: Record<string, Json> } | undefined;
  // A procedure has no result: only the block form (a List of statements; RETURN is a ReturnStmt).
  if (stmts.length !== 1 || create?.sql_body === undefined || (procedure && create.sql_body.List === undefined)) {
    return { ok: false, error: { message: procedure ? 'it must be one BEGIN ATOMIC … END block' : 'it must be one BEGIN ATOMIC … END block or one RETURN expression' } };
  }
  return { ok: true, functions: functionNames(create.sql_body) };
}

/**
 * A PL/pgSQL body, parsed as the function PostgreSQL would create. PL/pgSQL errors come
 * without a position; the offending token is located in the body when it occurs once.
 */
export function checkPlpgsqlFunction(fn: { readonly arguments: string; readonly returns: string; readonly body: string; readonly procedure?: boolean }): FragmentResult {
  ensureLoaded();
  // A procedure as a procedure: its OUT and INOUT parameters give it no result type.
  const prefix = fn.procedure ? `CREATE PROCEDURE pg_temp.pgdecl_check(${fn.arguments}) AS ` : `CREATE FUNCTION pg_temp.pgdecl_check(${fn.arguments}) RETURNS ${fn.returns} AS `;
  const quoted = dollarQuote(fn.body);
  const tag = quoted.slice(0, quoted.indexOf('$', 1) + 1);
  const text = `${prefix}${quoted} LANGUAGE plpgsql`;
  try {
    parseSync(text);
  } catch (e) {
    const err = parseError(e, text, fn.body, prefix.length + tag.length);
    const inBody = err.offset !== undefined && err.offset < fn.body.length;
    return { ok: false, error: inBody ? err : { message: `in the function's signature: ${err.message}` } };
  }
  try {
    parsePlPgSQLSync(text);
  } catch (e) {
    const message = (e as { message?: string }).message ?? String(e);
    return { ok: false, error: { message, offset: locateToken(fn.body, message) } };
  }
  return { ok: true, functions: calledNames(fn.body) };
}

/** `syntax error at or near "x"` → the offset of `x` when it occurs exactly once; `at end of input` → the end. */
function locateToken(body: string, message: string): number | undefined {
  if (/at end of input/.test(message)) return body.trimEnd().length;
  const near = /at or near "(.*)"$/.exec(message)?.[1];
  if (near === undefined) return undefined;
  const toks = tokens(body)?.filter((t) => t.text === near) ?? [];
  return toks.length === 1 ? toks[0]!.start : undefined;
}

/** Function names called in procedural code: an identifier followed by `(`. */
export function calledNames(body: string): string[] {
  const toks = tokens(body) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i]!;
    if (toks[i + 1]!.text === '(' && /^[A-Za-z_][A-Za-z0-9_$]*$/.test(t.text)) out.add(t.text.toLowerCase());
  }
  return [...out].sort();
}

/** A type name as the parser resolves it (`int` → `pg_catalog.int4`). */
export interface ParsedTypeName {
  readonly names: readonly string[];
  readonly typmods: readonly number[];
  readonly arrayDims: number;
}

/** Parses a type as written in `postgres_type` (`varchar(16)`, `int[]`, `timestamp(3) with time zone`). */
export function parseTypeName(fragment: string): { ok: true; type: ParsedTypeName } | { ok: false; error: SqlFragmentError } {
  ensureLoaded();
  if (fragment.trim() === '') return { ok: false, error: { message: 'the type is empty' } };
  const escape = escapesParentheses(fragment);
  if (escape) return { ok: false, error: escape };
  const r = parseWrapped(fragment, { prefix: 'SELECT NULL::', suffix: '' });
  if ('error' in r) return { ok: false, error: r.error };
  const stmts = statementsOf(r.tree);
  const sel = stmts[0]?.SelectStmt as { targetList?: { ResTarget?: { val?: { TypeCast?: { typeName?: Json } } } }[] } | undefined;
  const tn = sel?.targetList?.[0]?.ResTarget?.val?.TypeCast?.typeName as
    | { names?: { String?: { sval?: string } }[]; typmods?: { A_Const?: { ival?: { ival?: number } } }[]; arrayBounds?: Json[]; setof?: boolean }
    | undefined;
  if (stmts.length !== 1 || !isBareSelect(stmts[0]!) || !tn?.names) return { ok: false, error: { message: 'it must be one type name' } };
  const typmods: number[] = [];
  for (const m of tn.typmods ?? []) {
    if (!m.A_Const?.ival) return { ok: false, error: { message: 'type modifiers must be integers' } };
    typmods.push(m.A_Const.ival.ival ?? 0);
  }
  return {
    ok: true,
    type: { names: tn.names.map((n) => n.String?.sval ?? ''), typmods, arrayDims: tn.arrayBounds?.length ?? 0 },
  };
}
