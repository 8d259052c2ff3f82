/** CREATE OR REPLACE FUNCTION, laid out as pg_get_functiondef lays it out. */
import { routineKind, type Function } from '../../ir/catalog.js';
import { argumentsWithoutDefaults } from '../../sql/arguments.js';
import { dollarQuote, ident, qname, stringLiteral } from '../../sql/quote.js';

export function functionSignature(f: Pick<Function, 'schema' | 'name' | 'arguments'>): string {
  return `${qname(f.schema, f.name)}(${f.arguments})`;
}

/** FUNCTION or PROCEDURE, as CREATE, DROP and COMMENT ON say it. */
export function routineWord(f: Pick<Function, 'procedure'>): 'FUNCTION' | 'PROCEDURE' {
  return routineKind(f) === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
}

export function createFunction(f: Function): string {
  if (f.procedure) return createProcedure(f);
  const lines = [`CREATE OR REPLACE FUNCTION ${functionSignature(f)}`, ` RETURNS ${f.returns}`, ` LANGUAGE ${f.language}`];
  if (f.volatility !== 'volatile') lines.push(` ${f.volatility.toUpperCase()}`);
  if (f.strict) lines.push(' STRICT');
  if (f.security === 'definer') lines.push(' SECURITY DEFINER');
  if (f.leakproof) lines.push(' LEAKPROOF');
  if (f.parallel) lines.push(` PARALLEL ${f.parallel.toUpperCase()}`);
  if (f.cost !== undefined) lines.push(` COST ${f.cost}`);
  if (f.rows !== undefined) lines.push(` ROWS ${f.rows}`);
  for (const c of f.config ?? []) lines.push(` ${setClause(c)}`);
  lines.push(functionBody(f));
  return lines.join('\n');
}

/** `AS $body$…$body$`, or an SQL-standard body as it is (`BEGIN ATOMIC … END`, `RETURN …`). */
function functionBody(f: Function): string {
  return f.sqlBody ? f.body : `AS ${dollarQuote(f.body)}`;
}

/** Parameters whose value is a list: each element is its own literal (as pg_get_functiondef writes them). */
const LIST_PARAMETERS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'shared_preload_libraries', 'local_preload_libraries']);

/** `search_path=public, pg_temp` (a `proconfig` entry) → `SET search_path TO 'public', 'pg_temp'`. */
export function setClause(entry: string): string {
  const eq = entry.indexOf('=');
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  const list = LIST_PARAMETERS.has(name.toLowerCase()) ? listElements(value) : [value];
  // An empty list (`SET search_path = ''`, stored as `search_path=""`) is one empty string.
  const values = list.length ? list : [''];
  return `SET ${name.split('.').map(ident).join('.')} TO ${values.map(stringLiteral).join(', ')}`;
}

/** `"$user", public` → [`$user`, `public`]: split at commas outside double quotes, quotes removed. */
function listElements(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"') {
      if (quoted && value[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((s) => s !== '');
}

/** CREATE OR REPLACE PROCEDURE: a language, SECURITY DEFINER and SET are all it has. */
function createProcedure(f: Function): string {
  const lines = [`CREATE OR REPLACE PROCEDURE ${functionSignature(f)}`, ` LANGUAGE ${f.language}`];
  if (f.security === 'definer') lines.push(' SECURITY DEFINER');
  for (const c of f.config ?? []) lines.push(` ${setClause(c)}`);
  lines.push(functionBody(f));
  return lines.join('\n');
}

/** The signature DROP and COMMENT ON take: the arguments without their defaults. */
export function identitySignature(f: Pick<Function, 'schema' | 'name' | 'arguments'>): string {
  return functionSignature({ ...f, arguments: argumentsWithoutDefaults(f.arguments) });
}

export function commentOnFunction(f: Function): string {
  return `COMMENT ON ${routineWord(f)} ${identitySignature(f)} IS ${f.comment === undefined ? 'NULL' : stringLiteral(f.comment)}`;
}
