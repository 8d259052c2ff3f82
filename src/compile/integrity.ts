/**
 * Whole-catalog rules the per-table steps cannot see: unique keys that composite foreign
 * keys need on other tables, names that collide, and identifiers PostgreSQL would truncate.
 */
import { TENANT_SCHEMA, type Catalog, type Index, type Table } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import { byteLength, fieldsIndexName, MAX_IDENTIFIER_BYTES, tooLongForIdentifier } from '../model/naming.js';
import { compileError, origin, type CompileContext } from './context.js';
import type { RequiredUnique } from './references.js';
import { multirangeName } from '../ir/user-type.js';

function coveredBy(columns: readonly string[], t: Table): boolean {
  const want = [...columns].sort().join('\0');
  if (t.primaryKey && [...t.primaryKey.columns].sort().join('\0') === want) return true;
  return t.indexes.some(
    (i) => i.unique && i.where === undefined && i.keys.every((k) => k.kind === 'column') && i.keys.map((k) => (k.kind === 'column' ? k.column : '')).sort().join('\0') === want,
  );
}

/** Adds a unique index `<table>_<tenant>_<key>_index` where a composite foreign key needs one. */
export function ensureUniqueKeys(ctx: CompileContext, tables: Table[], required: readonly RequiredUnique[]): Table[] {
  const out = tables.map((t) => t);
  for (const r of required) {
    const i = out.findIndex((t) => t.schema === r.schema && t.name === r.table);
    if (i < 0) continue; // a migrate: false destination: its owner provides the key
    const t = out[i]!;
    if (coveredBy(r.columns, t)) continue;
    const name = fieldsIndexName(t.name, r.columns);
    origin(ctx, keys.index(t.schema, name), r.src);
    const index: Index = { name, unique: true, method: 'btree', keys: r.columns.map((column) => ({ kind: 'column', column, desc: false })), include: [], nullsNotDistinct: false };
    out[i] = { ...t, indexes: [...t.indexes, index] };
  }
  return out;
}

/** `key`: the object's key, made only for a name that is too long (most are not; there is one per column). */
function tooLong(ctx: CompileContext, kind: string, name: string, key: () => string): void {
  if (!tooLongForIdentifier(name)) return;
  compileError(ctx, 'identifier_too_long', `the ${kind} name \`${name}\` is ${byteLength(name)} bytes long; PostgreSQL keeps only ${MAX_IDENTIFIER_BYTES} and would truncate it`, ctx.origins.get(key()), {
    suggestion: `give it a shorter name${kind === 'index' || kind === 'foreign key' || kind === 'check' ? ' with `name:`' : ''}`,
  });
}

/** Identifier lengths and name collisions (indexes share a namespace with tables; constraints are per table). */
export function checkNames(ctx: CompileContext, catalog: Catalog): void {
  const relations = new Map<string, string>();
  const claim = (schema: string, name: string, what: string, key: () => string) => {
    const k = `${schema}.${name}`;
    const prev = relations.get(k);
    const where = schema === TENANT_SCHEMA ? 'in the tenant schemas' : `in schema \`${schema}\``;
    if (prev) compileError(ctx, 'duplicate_name', `${what} \`${name}\` ${where} has the same name as ${prev}`, ctx.origins.get(key()), { suggestion: 'give one of them another name' });
    else relations.set(k, `${what} \`${name}\``);
  };
  for (const s of catalog.schemas) tooLong(ctx, 'schema', s.name, () => keys.schema(s.name));
  for (const f of catalog.functions) tooLong(ctx, 'function', f.name, () => keys.function(f.schema, f.name, f.arguments));
  for (const t of catalog.tables) {
    const tk = keys.table(t.schema, t.name);
    tooLong(ctx, 'table', t.name, () => tk);
    claim(t.schema, t.name, 'the table', () => tk);
    for (const c of t.columns) tooLong(ctx, 'column', c.name, () => keys.column(t.schema, t.name, c.name));
    const constraints = new Map<string, string>();
    const constraint = (name: string, what: string, key: () => string) => {
      tooLong(ctx, what, name, key);
      if (constraints.has(name)) compileError(ctx, 'duplicate_name', `the table \`${t.name}\` has two constraints named \`${name}\` (${constraints.get(name)} and ${what})`, ctx.origins.get(key()));
      else constraints.set(name, what);
    };
    if (t.primaryKey) constraint(t.primaryKey.name, 'primary key', () => keys.primaryKey(t.schema, t.name));
    for (const fk of t.foreignKeys) constraint(fk.name, 'foreign key', () => keys.foreignKey(t.schema, t.name, fk.name));
    for (const c of t.checks) constraint(c.name, 'check', () => keys.check(t.schema, t.name, c.name));
    for (const i of t.indexes) {
      const ik = () => keys.index(t.schema, i.name);
      tooLong(ctx, 'index', i.name, ik);
      claim(t.schema, i.name, 'the index', ik);
    }
    if (t.primaryKey) claim(t.schema, t.primaryKey.name, 'the primary key index', () => keys.primaryKey(t.schema, t.name));
    const triggers = new Set<string>();
    for (const tr of t.triggers) {
      const k = () => keys.trigger(t.schema, t.name, tr.name);
      tooLong(ctx, 'trigger', tr.name, k);
      if (triggers.has(tr.name)) compileError(ctx, 'duplicate_name', `the table \`${t.name}\` has two triggers named \`${tr.name}\``, ctx.origins.get(k()));
      triggers.add(tr.name);
    }
    for (const p of t.rowLevelSecurity?.policies ?? []) tooLong(ctx, 'policy', p.name, () => keys.policy(t.schema, t.name, p.name));
  }
  // Views and sequences share the tables' namespace; declared types share one with the row
  // types every table and view has (keys may differ: `name:` says the SQL name).
  for (const v of catalog.views ?? []) claim(v.schema, v.name, `the ${v.materialized ? 'materialized ' : ''}view`, () => keys.view(v.schema, v.name));
  for (const q of catalog.sequences ?? []) claim(q.schema, q.name, 'the sequence', () => keys.sequence(q.schema, q.name));
  const typeNames = new Map<string, string>();
  for (const t of catalog.tables) typeNames.set(`${t.schema}.${t.name}`, `the row type of the table \`${t.name}\``);
  for (const v of catalog.views ?? []) typeNames.set(`${v.schema}.${v.name}`, `the row type of the view \`${v.name}\``);
  for (const t of catalog.types ?? []) {
    const k = `${t.schema}.${t.name}`;
    const prev = typeNames.get(k);
    if (prev) compileError(ctx, 'duplicate_name', `the type \`${t.name}\` in schema \`${t.schema}\` has the same name as ${prev}`, ctx.origins.get(keys.type(t.schema, t.name)), { suggestion: 'give one of them another name (`name:` under `types:` says the name in the database)' });
    else typeNames.set(k, `the type \`${t.name}\``);
  }
  // A range type makes its multirange type beside it.
  for (const t of catalog.types ?? []) {
    if (t.kind !== 'range') continue;
    const multirange = multirangeName(t);
    const prev = typeNames.get(`${t.schema}.${multirange}`);
    if (prev) compileError(ctx, 'duplicate_name', `the range type \`${t.name}\` makes the multirange type \`${multirange}\` in schema \`${t.schema}\`, which has the same name as ${prev}`, ctx.origins.get(keys.type(t.schema, t.name)), { suggestion: 'name its multirange type with `multirange:`, or rename the other' });
    else typeNames.set(`${t.schema}.${multirange}`, `the multirange type of \`${t.name}\``);
  }
  const fns = new Set<string>();
  for (const f of catalog.functions) {
    const k = keys.function(f.schema, f.name, f.arguments);
    if (fns.has(k)) compileError(ctx, 'duplicate_name', `two functions are named \`${f.schema}.${f.name}(${f.arguments})\``, ctx.origins.get(k), { suggestion: 'rename your function: pgdecl writes functions of that name itself' });
    fns.add(k);
  }
  const statements = new Set<string>();
  for (const s of catalog.statements) {
    if (statements.has(s.name)) compileError(ctx, 'duplicate_name', `two custom statements are named \`${s.name}\``, ctx.origins.get(keys.statement(s.name)));
    statements.add(s.name);
  }
}
