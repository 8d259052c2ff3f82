/**
 * The desired catalog moved into scratch schemas for normalisation (./normalize.ts), and the
 * inspected copy moved back: schema names in name fields, and references inside expression
 * text to the functions, sequences, types, tables and views the catalog itself defines; the
 * collations it declares, and the columns, index keys and types that name them.
 */
import type { Catalog, Table, UserType } from '../ir/catalog.js';
import type { View } from '../ir/view.js';
import type { Aggregate } from '../ir/aggregate.js';
import { multirangeName } from '../ir/user-type.js';
import { collationRef } from '../ir/collation.js';
import { ident, qname, stringLiteral } from '../sql/quote.js';

export type SchemaMap = ReadonlyMap<string, string>;

/** Text matched literally inside a regular expression. */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A function that requalifies `schema.name(` references in expression text: for each mapped
 * schema, references to the functions the catalog defines point at the scratch schema.
 * One pattern per schema, built once; names are checked against a set (linear in the text).
 */
function requalifier(map: SchemaMap, functionNames: ReadonlySet<string>): (text: string) => string {
  const rules = [...map].map(([from, to]) => ({
    pattern: new RegExp(`(?<![\\w$".])${escapeRegExp(ident(from))}\\.("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?=\\s*\\()`, 'g'),
    to: ident(to),
  }));
  const unquote = (n: string) => (n.startsWith('"') ? n.slice(1, -1).replace(/""/g, '"') : n);
  return (text) => {
    let out = text;
    for (const r of rules) out = out.replace(r.pattern, (m, name: string) => (functionNames.has(unquote(name)) ? `${r.to}.${name}` : m));
    return out;
  };
}

/** The catalog with its schemas renamed. Only objects the catalog itself defines follow. */
export function mapSchemas(c: Catalog, map: SchemaMap, functionNames: ReadonlySet<string>): Catalog {
  const s = (x: string) => map.get(x) ?? x;
  const defined = new Set(c.tables.map((t) => `${t.schema}.${t.name}`));
  const definedFns = new Set(c.functions.map((f) => `${f.schema}.${f.name}`));
  const r = requalifier(map, functionNames);
  // `nextval('public.t_id_seq'::regclass)`: the catalog's sequences are created in the scratch schemas too.
  const seqRules = (c.sequences ?? []).map((q) => [`${stringLiteral(qname(q.schema, q.name))}::regclass`, `${stringLiteral(qname(s(q.schema), q.name))}::regclass`] as const);
  // Columns of a declared type (`public.mood`, `public.mood[]`) use the scratch copy.
  // A range type's multirange type (`public.floatmultirange`) is made with it there too.
  const typeRules = new Map(
    (c.types ?? []).flatMap((t) => [
      [qname(t.schema, t.name), qname(s(t.schema), t.name)] as const,
      ...(t.kind === 'range' ? [[qname(t.schema, multirangeName(t)), qname(s(t.schema), multirangeName(t))] as const] : []),
    ]),
  );
  const rt = (type: string) => {
    const arr = type.endsWith('[]') ? '[]' : '';
    const to = typeRules.get(arr ? type.slice(0, -2) : type);
    return to ? to + arr : type;
  };
  // A column, index key or type of a declared collation (`public.ci`) uses the scratch copy.
  const collationRules = new Map((c.collations ?? []).map((x) => [collationRef(x), collationRef({ schema: s(x.schema), name: x.name })] as const));
  const rc = <T extends { readonly collation?: string }>(o: T): T => (o.collation !== undefined && collationRules.has(o.collation) ? { ...o, collation: collationRules.get(o.collation)! } : o);
  const castRules = [...typeRules].map(([from, to]) => [`::${from}`, `::${to}`] as const);
  const swap = (text: string, rules: readonly (readonly [string, string])[]) => rules.reduce((acc, [from, to]) => (acc.includes(from) ? acc.split(from).join(to) : acc), text);
  // Every expression: calls of the catalog's functions, its sequences, casts to its types.
  const rd = (text: string) => swap(swap(r(text), seqRules), castRules);
  const rv = relationRequalifier(c, map);
  const table = (t: Table): Table => ({
    ...t,
    schema: s(t.schema),
    ...(t.partitionOf && defined.has(`${t.partitionOf.schema}.${t.partitionOf.name}`) ? { partitionOf: { ...t.partitionOf, schema: s(t.partitionOf.schema) } } : {}),
    ...(t.partitionBy !== undefined ? { partitionBy: rd(t.partitionBy) } : {}),
    ...(t.inherits ? { inherits: t.inherits.map((p) => (defined.has(`${p.schema}.${p.name}`) ? { ...p, schema: s(p.schema) } : p)) } : {}),
    columns: t.columns.map((col) => ({ ...rc(col), type: rt(col.type), ...(col.default !== undefined ? { default: rd(col.default) } : {}), ...(col.generated !== undefined ? { generated: rd(col.generated) } : {}) })),
    foreignKeys: t.foreignKeys.map((fk) => (defined.has(`${fk.refSchema}.${fk.refTable}`) ? { ...fk, refSchema: s(fk.refSchema) } : fk)),
    checks: t.checks.map((ch) => ({ ...ch, expression: rd(ch.expression) })),
    indexes: t.indexes.map((i) => ({ ...i, keys: i.keys.map((k) => (k.kind === 'expression' ? { ...rc(k), expression: rd(k.expression) } : rc(k))), ...(i.where !== undefined ? { where: rd(i.where) } : {}) })),
    triggers: t.triggers.map((tr) => ({ ...tr, ...(definedFns.has(`${tr.functionSchema}.${tr.functionName}`) ? { functionSchema: s(tr.functionSchema) } : {}), ...(tr.when !== undefined ? { when: rd(tr.when) } : {}) })),
    ...(t.rowLevelSecurity
      ? // A policy may read other tables (`id IN (SELECT … FROM public.members)`): those follow, as in a view.
        { rowLevelSecurity: { ...t.rowLevelSecurity, policies: t.rowLevelSecurity.policies.map((p) => ({ ...p, ...(p.using !== undefined ? { using: rv(rd(p.using)) } : {}), ...(p.withCheck !== undefined ? { withCheck: rv(rd(p.withCheck)) } : {}) })) } }
      : {}),
  });
  const view = (v: View): View => ({
    ...v,
    schema: s(v.schema),
    definition: rv(rd(v.definition)),
    indexes: v.indexes.map((i) => ({ ...i, keys: i.keys.map((k) => (k.kind === 'expression' ? { ...rc(k), expression: rd(k.expression) } : rc(k))), ...(i.where !== undefined ? { where: rd(i.where) } : {}) })),
  });
  return {
    ...c,
    ...(c.views ? { views: c.views.map(view) } : {}),
    schemas: c.schemas.map((x) => ({ ...x, name: s(x.name) })),
    // A table's row type or a declared type in the signature (`q public.quotes`) is the scratch copy.
    // An SQL-standard body is parsed when created, like a view's query: the relations it reads follow too.
    // An argument's default (`DEFAULT public.next_code()`) calls the catalog's functions there too.
    functions: c.functions.map((f) => ({ ...f, schema: s(f.schema), arguments: rv(rd(f.arguments)), returns: rv(f.returns), body: f.sqlBody ? rv(rd(f.body)) : r(f.body) })),
    tables: c.tables.map(table),
    // Without their owners: only some of the tables are created there.
    ...(c.sequences ? { sequences: c.sequences.map(({ ownedBy: _o, ...q }) => ({ ...q, schema: s(q.schema) })) } : {}),
    ...(c.collations ? { collations: c.collations.map((x) => ({ ...x, schema: s(x.schema) })) } : {}),
    // A domain or composite type over a table's row type (`CREATE DOMAIN d AS public.t`) uses the scratch copy.
    ...(c.types ? { types: c.types.map((t) => scratchType(t, s, (type) => rv(rt(type)), rd, rc)) } : {}),
    // Support functions the catalog defines (`public.mul`) and its types (a table's row type too) follow.
    ...(c.aggregates ? { aggregates: c.aggregates.map((a) => scratchAggregate(a, s, (name) => scratchFunction(name, map, definedFns), (type) => rv(rt(type)))) } : {}),
  };
}

const FUNCTION_FIELDS = ['sfunc', 'finalfunc', 'combinefunc', 'serialfunc', 'deserialfunc', 'msfunc', 'minvfunc', 'mfinalfunc'] as const;

function scratchAggregate(a: Aggregate, s: (x: string) => string, rf: (name: string) => string, rt: (type: string) => string): Aggregate {
  const fns = Object.fromEntries(FUNCTION_FIELDS.flatMap((k) => (a[k] !== undefined ? [[k, rf(a[k])]] : [])));
  return { ...a, ...fns, schema: s(a.schema), arguments: rt(a.arguments), stype: rt(a.stype), ...(a.mstype !== undefined ? { mstype: rt(a.mstype) } : {}) };
}

/** `public.mul` (a function the catalog defines, by qualified name) → the scratch schema's. */
function scratchFunction(name: string, map: SchemaMap, definedFns: ReadonlySet<string>): string {
  const m = /^("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)$/.exec(name);
  if (!m) return name;
  const unquote = (n: string) => (n.startsWith('"') ? n.slice(1, -1).replace(/""/g, '"') : n);
  const schema = unquote(m[1]!);
  const to = map.get(schema);
  return to !== undefined && definedFns.has(`${schema}.${unquote(m[2]!)}`) ? `${ident(to)}.${m[2]}` : name;
}

/** A declared type in the scratch schemas: the types it is made of and its expressions follow. */
function scratchType(t: UserType, s: (x: string) => string, rt: (type: string) => string, rd: (text: string) => string, rc: <T extends { readonly collation?: string }>(o: T) => T): UserType {
  if (t.kind === 'enum') return { ...t, schema: s(t.schema) };
  if (t.kind === 'composite') return { ...t, schema: s(t.schema), attributes: t.attributes.map((a) => ({ ...rc(a), type: rt(a.type) })) };
  if (t.kind === 'range') return { ...rc(t), schema: s(t.schema), subtype: rt(t.subtype) };
  return { ...rc(t), schema: s(t.schema), base: rt(t.base), ...(t.default !== undefined ? { default: rd(t.default) } : {}), checks: t.checks.map((c) => ({ ...c, expression: rd(c.expression) })) };
}

/**
 * A function that requalifies `schema.name` in a view's query: a table, view, sequence or
 * type the catalog defines in a mapped schema is read from the scratch schema. (Unqualified
 * names find the scratch copy of `public` first on the search path.)
 */
function relationRequalifier(c: Catalog, map: SchemaMap): (text: string) => string {
  const defined = new Map<string, Set<string>>();
  const add = (schema: string, name: string) => {
    if (!map.has(schema)) return;
    const names = defined.get(schema) ?? new Set<string>();
    names.add(name);
    defined.set(schema, names);
  };
  for (const t of c.tables) add(t.schema, t.name);
  for (const v of c.views ?? []) add(v.schema, v.name);
  for (const q of c.sequences ?? []) add(q.schema, q.name);
  for (const t of c.types ?? []) add(t.schema, t.name);
  const rules = [...defined].map(([schema, names]) => ({
    pattern: new RegExp(`(?<![\\w$".])${escapeRegExp(ident(schema))}\\.("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`, 'g'),
    names,
    to: ident(map.get(schema)!),
  }));
  const unquote = (n: string) => (n.startsWith('"') ? n.slice(1, -1).replace(/""/g, '"') : n);
  return (text) => rules.reduce((acc, rule) => acc.replace(rule.pattern, (m, name: string) => (rule.names.has(unquote(name)) ? `${rule.to}.${name}` : m)), text);
}

/**
 * The inspected catalog with scratch schema names turned back into the real ones: exactly in
 * name fields, and as `ident(real)` inside expression text (where the placeholder `$tenant`
 * must read `"$tenant"`, as `instantiateTenant` expects). Scratch names are unique random
 * identifiers, so a plain replacement is exact.
 */
export function unmap(c: Catalog, back: SchemaMap): Catalog {
  const names = new Set(['schema', 'refSchema', 'functionSchema']);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && names.has(key)) return back.get(v) ?? v;
      let out = v;
      for (const [scratch, real] of back) if (out.includes(scratch)) out = out.split(scratch).join(ident(real));
      return out;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(c) as Catalog;
}
