/**
 * Every SQL fragment of the project, parsed at compile time in the position pgdecl renders
 * it in. A syntax error becomes a `sql_syntax` diagnostic pointing into the fragment
 * (`fragmentOffset`), and the functions a fragment calls are remembered for implied extensions.
 */
import type { FunctionDef, Resource } from '../model/resource.js';
import { child, type Src } from '../model/source.js';
import { checkDefault, checkExpression, checkPlpgsqlFunction, checkSqlBody, checkStatements, type FragmentResult } from '../sql/parse.js';
import { compileError, type CompileContext } from './context.js';
import { allPartitions, partitionIndexes } from '../model/partition-indexes.js';

type Kind = 'expression' | 'default' | 'statements';

interface Fragment {
  readonly sql: string;
  readonly src: Src;
  /** "the check `rating_range`" */
  readonly what: string;
  readonly kind: Kind;
}

/** Offset of the trimmed text inside the text as written (fragments are compiled trimmed). */
function leading(sql: string): number {
  return sql.length - sql.trimStart().length;
}

function record(ctx: CompileContext, r: FragmentResult, f: { sql: string; src: Src; what: string }, base = 0): void {
  if (r.ok) {
    for (const fn of r.functions) if (!ctx.calledFunctions.has(fn)) ctx.calledFunctions.set(fn, f.src);
    return;
  }
  const offset = r.error.offset;
  compileError(ctx, 'sql_syntax', `syntax error in ${f.what}: ${r.error.message}`, f.src, offset !== undefined ? { fragmentOffset: base + offset } : {});
}

function checkFragment(ctx: CompileContext, f: Fragment): void {
  const text = f.sql.trim();
  const r = f.kind === 'expression' ? checkExpression(text) : f.kind === 'default' ? checkDefault(text) : checkStatements(text);
  record(ctx, r, f, leading(f.sql));
}

/** The fragments of one resource, each with words that name it in a message. */
export function resourceFragments(resource: Resource): Fragment[] {
  const out: Fragment[] = [];
  const name = resource.name;
  for (const a of resource.attributes) {
    if (a.default?.kind === 'sql') out.push({ sql: a.default.sql, src: a.default.src, what: `the default of \`${name}.${a.name}\``, kind: 'default' });
    if (a.generated) out.push({ sql: a.generated.sql, src: a.generated.src, what: `the generated expression of \`${name}.${a.name}\``, kind: 'expression' });
  }
  for (const c of resource.checkConstraints) out.push({ sql: c.check.sql, src: c.check.src, what: `the check \`${c.name}\``, kind: 'expression' });
  for (const p of allPartitions(resource.partitions)) {
    for (const c of p.checkConstraints) out.push({ sql: c.check.sql, src: c.check.src, what: `the check \`${c.name}\` of the partition \`${p.name}\``, kind: 'expression' });
    for (const t of p.triggers) if (t.when) out.push({ sql: t.when.sql, src: t.when.src, what: `the when condition of the trigger \`${t.name}\` of the partition \`${p.name}\``, kind: 'expression' });
  }
  for (const i of resource.identities) {
    if (i.where) out.push({ sql: i.where.sql, src: i.where.src, what: `the where clause of the identity \`${i.name}\``, kind: 'expression' });
  }
  for (const r of resource.references) {
    if (r.indexWhere) out.push({ sql: r.indexWhere.sql, src: r.indexWhere.src, what: `the index_where of the reference \`${r.relationship}\``, kind: 'expression' });
  }
  const indexes = [...resource.customIndexes.map((index, n) => ({ index, of: name, n })), ...partitionIndexes(resource).map((p) => ({ index: p.index, of: `${name} (partition ${p.partition.name})`, n: p.position }))];
  for (const { index: ix, of, n } of indexes) {
    const label = ix.name ? `the index \`${ix.name}\`` : `custom index #${n + 1} of \`${of}\``;
    for (const f of ix.fields) if (f.kind === 'expression') out.push({ sql: f.sql, src: f.src, what: `an expression of ${label}`, kind: 'expression' });
    if (ix.where) out.push({ sql: ix.where.sql, src: ix.where.src, what: `the where clause of ${label}`, kind: 'expression' });
  }
  for (const t of resource.triggers) {
    if (t.when) out.push({ sql: t.when.sql, src: t.when.src, what: `the when condition of the trigger \`${t.name}\``, kind: 'expression' });
  }
  for (const s of resource.customStatements) {
    out.push({ sql: s.up.sql, src: s.up.src, what: `the \`up\` of the custom statement \`${s.name}\``, kind: 'statements' });
    if (s.down.sql.trim() !== '') out.push({ sql: s.down.sql, src: s.down.src, what: `the \`down\` of the custom statement \`${s.name}\``, kind: 'statements' });
  }
  return out;
}

export function checkResourceSql(ctx: CompileContext, resource: Resource): void {
  for (const f of resourceFragments(resource)) checkFragment(ctx, f);
}

export function checkFunctionSql(ctx: CompileContext, fn: FunctionDef): void {
  const what = `the body of the function \`${fn.name}\``;
  const body = fn.body.sql;
  const language = fn.language.toLowerCase();
  if (fn.sqlBody) {
    // Not language sql: refused by the compiler (`sql_body_options`).
    if (language === 'sql') record(ctx, checkSqlBody(body.trim(), fn.procedure), { sql: body, src: fn.body.src, what }, leading(body));
  } else if (language === 'sql') {
    if (body.trim() === '') return;
    record(ctx, checkStatements(body.trim()), { sql: body, src: fn.body.src, what }, leading(body));
  } else if (language === 'plpgsql') {
    const r = checkPlpgsqlFunction({ arguments: fn.arguments, returns: fn.returns.trim() === '' ? 'void' : fn.returns, body: body.trim(), procedure: fn.procedure });
    if (!r.ok && r.error.message.startsWith('in the function')) {
      compileError(ctx, 'sql_syntax', `syntax error in the function \`${fn.name}\` ${r.error.message}`, child(fn.src, 'arguments'));
      return;
    }
    record(ctx, r, { sql: body, src: fn.body.src, what }, leading(body));
  }
  // Other languages (plv8, plpython3u, ...) are the database's to check.
}
