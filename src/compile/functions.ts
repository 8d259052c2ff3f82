/**
 * Functions: the project's own (`functions:`), and the ones pgdecl writes for itself — the
 * version 7 UUID generator before PostgreSQL 18, and one touch function per table with
 * `update_timestamp` columns.
 *
 * A body is stored as PostgreSQL keeps it (`prosrc`): pgdecl renders `AS $body$` + body +
 * `$body$`, and puts the trimmed text on lines of its own, so the body is `\n<text>\n`. An
 * SQL-standard body (`sql_body: true`) is rendered as written, trimmed, without quotes.
 */
import type { Function } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { FunctionDef } from '../model/resource.js';
import { child, type Src } from '../model/source.js';
import { touchFunctionName, UUID_V7_FUNCTION } from '../model/naming.js';
import { ident } from '../sql/quote.js';
import { compileError, origin, type CompileContext } from './context.js';

export function bodyText(body: string): string {
  return `\n${body.trim()}\n`;
}

/** STRICT, LEAKPROOF, PARALLEL, COST, ROWS and SET, each only when not PostgreSQL's default. */
function functionAttributes(fn: FunctionDef): Partial<Function> {
  const defaultCost = fn.language.toLowerCase() === 'c' || fn.language.toLowerCase() === 'internal' ? 1 : 100;
  return {
    ...(fn.strict ? { strict: true as const } : {}),
    ...(fn.leakproof ? { leakproof: true as const } : {}),
    ...(fn.parallel !== 'unsafe' ? { parallel: fn.parallel } : {}),
    ...(fn.cost !== undefined && fn.cost !== defaultCost ? { cost: fn.cost } : {}),
    ...(fn.rows !== undefined && fn.rows !== 1000 && /^\s*(SETOF|TABLE)\b/i.test(fn.returns) ? { rows: fn.rows } : {}),
    ...(fn.config.length ? { config: fn.config.map(([k, v]) => `${k}=${v}`) } : {}),
  };
}

/** The body as the IR holds it, and whether it is SQL-standard (refused but in language sql, and with `verbatim`). */
function compiledBody(ctx: CompileContext, fn: FunctionDef): Pick<Function, 'body' | 'sqlBody'> {
  if (!fn.sqlBody) return { body: fn.verbatim ? fn.body.sql : bodyText(fn.body.sql) };
  const word = fn.procedure ? 'procedure' : 'function';
  if (fn.language.toLowerCase() !== 'sql') {
    compileError(ctx, 'sql_body_options', `the ${word} \`${fn.key}\` has \`sql_body\` in language ${fn.language}: an SQL-standard body is for language sql`, child(fn.src, 'sql_body'), { suggestion: 'add `language: sql`, or drop `sql_body` and write the body PostgreSQL runs between dollar quotes' });
  }
  if (fn.verbatim) {
    compileError(ctx, 'sql_body_options', `the ${word} \`${fn.key}\` has both \`sql_body\` and \`verbatim\`: PostgreSQL keeps an SQL-standard body parsed, not as written`, child(fn.src, 'verbatim'), { suggestion: 'drop `verbatim`' });
  }
  return { body: fn.body.sql.trim(), sqlBody: true };
}

export function userFunction(ctx: CompileContext, fn: FunctionDef): Function {
  const args = fn.arguments.trim();
  origin(ctx, keys.function(fn.schema, fn.name, args), fn.src);
  if (fn.procedure) return userProcedure(ctx, fn, args);
  if (fn.returns.trim() === '') {
    compileError(ctx, 'procedure_options', `the function \`${fn.key}\` has no \`returns\``, fn.src, { suggestion: 'add `returns: <type>` (`void` when it returns nothing), or `procedure: true` for a procedure called with CALL' });
  }
  return {
    schema: fn.schema,
    name: fn.name,
    arguments: args,
    returns: fn.returns.trim(),
    language: fn.language.toLowerCase(),
    ...compiledBody(ctx, fn),
    volatility: fn.volatility,
    security: fn.security,
    ...functionAttributes(fn),
    ...(fn.description !== undefined ? { comment: fn.description } : {}),
  };
}

/** A procedure has a language, SECURITY DEFINER and SET: what only functions have is refused where it is written. */
function userProcedure(ctx: CompileContext, fn: FunctionDef, args: string): Function {
  const own: readonly [string, boolean][] = [
    ['returns', fn.returns.trim() !== ''],
    ['volatility', fn.volatility !== 'volatile'],
    ['strict', fn.strict],
    ['leakproof', fn.leakproof],
    ['parallel', fn.parallel !== 'unsafe'],
    ['cost', fn.cost !== undefined],
    ['rows', fn.rows !== undefined],
  ];
  for (const [key, written] of own) {
    if (written) compileError(ctx, 'procedure_options', `the procedure \`${fn.key}\` has \`${key}\`, which only functions have`, child(fn.src, key), { suggestion: `drop \`${key}\`, or drop \`procedure: true\` to make it a function` });
  }
  return {
    schema: fn.schema,
    name: fn.name,
    procedure: true,
    arguments: args,
    returns: '',
    language: fn.language.toLowerCase(),
    ...compiledBody(ctx, fn),
    volatility: 'volatile',
    security: fn.security,
    ...(fn.config.length ? { config: fn.config.map(([k, v]) => `${k}=${v}`) } : {}),
    ...(fn.description !== undefined ? { comment: fn.description } : {}),
  };
}

/**
 * RFC 9562 version 7: the first 48 bits are the Unix time in milliseconds, then version
 * `0111`, then random bits with the RFC variant, all taken from gen_random_uuid() (core
 * since PostgreSQL 13). set_bit numbers bits from the low end of each byte: bits 52 and 53
 * turn version 4 (0100) into 7 (0111).
 */
const UUID_V7_BODY = `
SELECT encode(
  set_bit(
    set_bit(
      overlay(
        uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6
      ),
      52, 1
    ),
    53, 1
  ),
  'hex'
)::uuid
`;

export function uuidV7Function(ctx: CompileContext, schema: string, src: Src): Function {
  origin(ctx, keys.function(schema, UUID_V7_FUNCTION, ''), src);
  return {
    schema,
    name: UUID_V7_FUNCTION,
    arguments: '',
    returns: 'uuid',
    language: 'sql',
    body: UUID_V7_BODY,
    volatility: 'volatile',
    security: 'invoker',
    comment: 'Version 7 (time-ordered) UUIDs, written by pgdecl for PostgreSQL before 18.',
    managedBy: 'pgdecl',
  };
}

/** Sets every `update_timestamp` column of a row being updated to its default expression. */
export function touchFunction(ctx: CompileContext, schema: string, table: string, columns: readonly { name: string; expression: string }[], src: Src): Function {
  const name = touchFunctionName(table);
  origin(ctx, keys.function(schema, name, ''), src);
  const sets = columns.map((c) => `  NEW.${ident(c.name)} := ${c.expression};`).join('\n');
  return {
    schema,
    name,
    arguments: '',
    returns: 'trigger',
    language: 'plpgsql',
    body: `\nBEGIN\n${sets}\n  RETURN NEW;\nEND;\n`,
    volatility: 'volatile',
    security: 'invoker',
    comment: `Keeps the update timestamps of ${table} current; written by pgdecl.`,
    managedBy: 'pgdecl',
  };
}
