/**
 * Makes the desired catalog read exactly as the target server will print it.
 *
 * PostgreSQL rewrites what users declare (`amount > 0` is stored as
 * `(amount > (0)::numeric)`, `int` is `integer`, an IN list becomes `= ANY (ARRAY[…])`), so
 * comparing declared text with inspected text would never converge. Instead, once per plan,
 * the desired objects are created on the target itself in scratch schemas inside a
 * transaction, read back with the same catalog queries `inspect` uses, and the transaction
 * is rolled back: nothing stays. The same pass proves the server accepts every object before
 * anything is applied; a refusal names the object and where the files declare it.
 *
 * Results are cached on disk per table and function (by its definition, the server version
 * and the installed extensions), so a plan of unchanged files creates nothing, and a plan
 * after editing one resource creates one table. An apply also stores the results it planned
 * with in the database itself (`pgdecl.normalized`, ./stored-normalized.ts): a plan from any
 * checkout — a fresh clone in CI — reads them there and creates nothing for what an earlier
 * apply already normalised.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, Function, Table, UserType } from '../ir/catalog.js';
import type { View } from '../ir/view.js';
import { createScratchViews } from './normalize-views.js';
import { canonicalCatalog, stableStringify } from '../ir/canonical.js';
import type { ObjectKey } from '../ir/keys.js';
import type { Src } from '../model/source.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Target } from '../targets/target.js';
import { databaseErrorInfo } from '../targets/target.js';
import { ident, qname, stringLiteral } from '../sql/quote.js';
import { inspect } from '../inspect/inspect.js';
import { diff } from '../diff/diff.js';
import { plan } from './plan.js';
import { objectAt } from './locate.js';
import { adviceFor } from '../apply/apply.js';
import { installedExtensions, readStoredNormalized, storedKey } from './stored-normalized.js';
import { partitionRoots } from '../ir/partitions.js';

export interface NormalizeOptions {
  /** Where the compiler says each object was declared: a refusal points there. */
  readonly origins?: Readonly<Record<ObjectKey, Src>>;
  /** A directory for cached results (e.g. `.pgdecl/cache`); undefined: no cache. */
  readonly cacheDir?: string;
  /** Filled in with how many tables were created on the server and how many came from the cache. */
  readonly stats?: { normalized: number; cached: number; stored?: number };
  /** Filled in with every result this plan used, by partial key: what an apply stores (./stored-normalized.ts). */
  readonly used?: Map<string, unknown>;
}

type SchemaMap = ReadonlyMap<string, string>;

const EMPTY: Catalog = { formatVersion: 1, extensions: [], schemas: [], functions: [], tables: [], statements: [] };

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
function mapSchemas(c: Catalog, map: SchemaMap, functionNames: ReadonlySet<string>): Catalog {
  const s = (x: string) => map.get(x) ?? x;
  const defined = new Set(c.tables.map((t) => `${t.schema}.${t.name}`));
  const definedFns = new Set(c.functions.map((f) => `${f.schema}.${f.name}`));
  const r = requalifier(map, functionNames);
  // `nextval('public.t_id_seq'::regclass)`: the catalog's sequences are created in the scratch schemas too.
  const seqRules = (c.sequences ?? []).map((q) => [`${stringLiteral(qname(q.schema, q.name))}::regclass`, `${stringLiteral(qname(s(q.schema), q.name))}::regclass`] as const);
  // Columns of a declared type (`public.mood`, `public.mood[]`) use the scratch copy.
  const typeRules = new Map((c.types ?? []).map((t) => [qname(t.schema, t.name), qname(s(t.schema), t.name)] as const));
  const rt = (type: string) => {
    const arr = type.endsWith('[]') ? '[]' : '';
    const to = typeRules.get(arr ? type.slice(0, -2) : type);
    return to ? to + arr : type;
  };
  const castRules = [...typeRules].map(([from, to]) => [`::${from}`, `::${to}`] as const);
  const swap = (text: string, rules: readonly (readonly [string, string])[]) => rules.reduce((acc, [from, to]) => (acc.includes(from) ? acc.split(from).join(to) : acc), text);
  // Every expression: calls of the catalog's functions, its sequences, casts to its types.
  const rd = (text: string) => swap(swap(r(text), seqRules), castRules);
  const table = (t: Table): Table => ({
    ...t,
    schema: s(t.schema),
    ...(t.partitionOf && defined.has(`${t.partitionOf.schema}.${t.partitionOf.name}`) ? { partitionOf: { ...t.partitionOf, schema: s(t.partitionOf.schema) } } : {}),
    ...(t.partitionBy !== undefined ? { partitionBy: rd(t.partitionBy) } : {}),
    columns: t.columns.map((col) => ({ ...col, type: rt(col.type), ...(col.default !== undefined ? { default: rd(col.default) } : {}), ...(col.generated !== undefined ? { generated: rd(col.generated) } : {}) })),
    foreignKeys: t.foreignKeys.map((fk) => (defined.has(`${fk.refSchema}.${fk.refTable}`) ? { ...fk, refSchema: s(fk.refSchema) } : fk)),
    checks: t.checks.map((ch) => ({ ...ch, expression: rd(ch.expression) })),
    indexes: t.indexes.map((i) => ({ ...i, keys: i.keys.map((k) => (k.kind === 'expression' ? { ...k, expression: rd(k.expression) } : k)), ...(i.where !== undefined ? { where: rd(i.where) } : {}) })),
    triggers: t.triggers.map((tr) => ({ ...tr, ...(definedFns.has(`${tr.functionSchema}.${tr.functionName}`) ? { functionSchema: s(tr.functionSchema) } : {}), ...(tr.when !== undefined ? { when: rd(tr.when) } : {}) })),
    ...(t.rowLevelSecurity
      ? { rowLevelSecurity: { ...t.rowLevelSecurity, policies: t.rowLevelSecurity.policies.map((p) => ({ ...p, ...(p.using !== undefined ? { using: rd(p.using) } : {}), ...(p.withCheck !== undefined ? { withCheck: rd(p.withCheck) } : {}) })) } }
      : {}),
  });
  const rv = relationRequalifier(c, map);
  const view = (v: View): View => ({
    ...v,
    schema: s(v.schema),
    definition: rv(rd(v.definition)),
    indexes: v.indexes.map((i) => ({ ...i, keys: i.keys.map((k) => (k.kind === 'expression' ? { ...k, expression: rd(k.expression) } : k)), ...(i.where !== undefined ? { where: rd(i.where) } : {}) })),
  });
  return {
    ...c,
    ...(c.views ? { views: c.views.map(view) } : {}),
    schemas: c.schemas.map((x) => ({ ...x, name: s(x.name) })),
    functions: c.functions.map((f) => ({ ...f, schema: s(f.schema), body: r(f.body) })),
    tables: c.tables.map(table),
    // Without their owners: only some of the tables are created there.
    ...(c.sequences ? { sequences: c.sequences.map(({ ownedBy: _o, ...q }) => ({ ...q, schema: s(q.schema) })) } : {}),
    ...(c.types ? { types: c.types.map((t) => scratchType(t, s, rt, rd)) } : {}),
  };
}

/** A declared type in the scratch schemas: the types it is made of and its expressions follow. */
function scratchType(t: UserType, s: (x: string) => string, rt: (type: string) => string, rd: (text: string) => string): UserType {
  if (t.kind === 'enum') return { ...t, schema: s(t.schema) };
  if (t.kind === 'composite') return { ...t, schema: s(t.schema), attributes: t.attributes.map((a) => ({ ...a, type: rt(a.type) })) };
  return { ...t, schema: s(t.schema), base: rt(t.base), ...(t.default !== undefined ? { default: rd(t.default) } : {}), checks: t.checks.map((c) => ({ ...c, expression: rd(c.expression) })) };
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
function unmap(c: Catalog, back: SchemaMap): Catalog {
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

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Normalised tables and functions by key, kept in `<cacheDir>/normalized.json`. */
interface Cache {
  readonly entries: Map<string, unknown>;
  readonly used: Set<string>;
}

const CACHE_FILE = 'normalized.json';

function readCache(dir: string | undefined): Cache {
  const entries = new Map<string, unknown>();
  if (dir && existsSync(join(dir, CACHE_FILE))) {
    try {
      const doc = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { version?: number; entries?: Record<string, unknown> };
      if (doc.version === 1 && doc.entries) for (const [k, v] of Object.entries(doc.entries)) entries.set(k, v);
    } catch {
      // A damaged cache is ignored and rewritten.
    }
  }
  return { entries, used: new Set() };
}

/** Keeps what this plan used, and older entries up to three times as many (other branches, undo). */
function writeCache(dir: string, cache: Cache): void {
  const keep = new Map<string, unknown>();
  const others = [...cache.entries].filter(([k]) => !cache.used.has(k)).slice(-3 * Math.max(cache.used.size, 100));
  for (const [k, v] of others) keep.set(k, v);
  for (const k of cache.used) keep.set(k, cache.entries.get(k));
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${CACHE_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify({ version: 1, entries: Object.fromEntries(keep) }));
  renameSync(tmp, join(dir, CACHE_FILE));
}

/**
 * The desired catalog as the target prints it. Statements, extensions and the hints the
 * server does not store (tenancy, CONCURRENTLY, pgdecl-managed functions) are carried over.
 *
 * Tables are normalised one by one and cached by their own definition, so editing one
 * resource re-normalises one table. Foreign keys hold no expressions and are taken from the
 * compiled catalog as they are: tables then have no dependencies on each other in the scratch
 * schemas, and any subset of them can be created there.
 */
export async function normalize(target: Target, desired: Catalog, options: NormalizeOptions = {}): Promise<Catalog> {
  const serverVersion = await target.serverVersionNum();
  const installed = await installedExtensions(target);
  // What every key shares, hashed once (it lists every function: hashing it per table would be quadratic).
  // Keys in two parts: what the files and the server say (`partial`, what an apply stores), and
  // the extensions installed now, which apply may change (`storedKey` joins them).
  const base = sha([serverVersion, stableStringify(desired.extensions), stableStringify((desired.sequences ?? []).map((q) => [q.schema, q.name])), stableStringify(desired.types ?? []), stableStringify(desired.functions.map((f) => [f.schema, f.name, f.arguments, f.returns]))].join('\n'));
  // Privileges hold no expressions: they are carried over as declared (and GRANT needs no scratch copy).
  const bare = (t: Table): Table => ({ ...t, foreignKeys: [], grants: undefined });
  // A partition is created with its whole tree (parent and siblings): the tree is its key.
  const roots = partitionRoots(desired.tables);
  const trees = new Map<string, Table[]>();
  for (const t of desired.tables) {
    const root = roots.get(t)!;
    const tree = trees.get(root);
    if (tree) tree.push(t);
    else trees.set(root, [t]);
  }
  const treeOf = (t: Table) => trees.get(roots.get(t)!)!;
  const partial = new Map<Table | Function, string>([
    ...desired.tables.map((t) => [t, 't' + sha(base + '\n' + stableStringify(bare(t)) + (t.partitionOf || t.partitionBy !== undefined ? '\n' + stableStringify(treeOf(t).map(bare)) : ''))] as const),
    ...desired.functions.map((f) => [f, 'f' + sha(base + '\n' + stableStringify({ ...f, grants: undefined }))] as const),
  ]);
  const tableKey = new Map(desired.tables.map((t) => [t, storedKey(installed.extensions, partial.get(t)!)]));
  const fnKey = new Map(desired.functions.map((f) => [f, storedKey(installed.extensions, partial.get(f)!)]));
  const cache = readCache(options.cacheDir);
  // Views are normalised together, over every table (they read them): one key for all of them.
  const views = desired.views ?? [];
  const viewsPartial = views.length ? 'v' + sha(base + '\n' + stableStringify(desired.tables.map(bare)) + '\n' + stableStringify(views)) : undefined;
  const viewsKey = viewsPartial !== undefined ? storedKey(installed.extensions, viewsPartial) : undefined;
  // Declared types as the server prints them (a domain's default and checks), cached together.
  const typesPartial = (desired.types ?? []).length ? 'y' + sha(base) : undefined;
  const typesKey = typesPartial !== undefined ? storedKey(installed.extensions, typesPartial) : undefined;
  const locallyMissing = [...desired.tables.map((t) => tableKey.get(t)!), ...desired.functions.map((f) => fnKey.get(f)!), ...(viewsKey !== undefined ? [viewsKey] : []), ...(typesKey !== undefined ? [typesKey] : [])].filter((k) => !cache.entries.has(k));
  let stored = 0;
  if (locallyMissing.length && installed.stored) {
    for (const [k, v] of await readStoredNormalized(target, locallyMissing)) {
      cache.entries.set(k, v);
      stored++;
    }
  }
  const missingFns = desired.functions.filter((f) => !cache.entries.has(fnKey.get(f)!));
  const viewsMissing = viewsKey !== undefined && !cache.entries.has(viewsKey);
  const missingTypes = typesKey !== undefined && !cache.entries.has(typesKey);
  const missingTables = desired.tables.filter((t) => viewsMissing || treeOf(t).some((x) => !cache.entries.has(tableKey.get(x)!)));
  if (missingTables.length || missingFns.length || viewsMissing || missingTypes) {
    // Every function is created (tables call them); only the tables not cached.
    const fresh = await normalizeOnServer(target, { ...desired, roles: undefined, defaultPrivileges: undefined, tables: missingTables.map(bare), views: viewsMissing ? views : [] }, options);
    if (viewsKey !== undefined && viewsMissing) cache.entries.set(viewsKey, fresh.views ?? []);
    const tables = new Map(fresh.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    if (typesKey !== undefined && missingTypes) cache.entries.set(typesKey, fresh.types ?? []);
    for (const t of missingTables) {
      const n = tables.get(`${t.schema}.${t.name}`);
      if (!n) throw new Error(`normalisation lost table ${t.schema}.${t.name}`);
      cache.entries.set(tableKey.get(t)!, n);
    }
    // Functions come back in the order they were given (overloads share a name).
    desired.functions.forEach((f, i) => {
      if (!cache.entries.has(fnKey.get(f)!)) cache.entries.set(fnKey.get(f)!, fresh.functions[i]!);
    });
  }
  if (options.stats) {
    options.stats.normalized = missingTables.length;
    options.stats.cached = desired.tables.length - missingTables.length;
    options.stats.stored = stored;
  }
  for (const [object, k] of [...tableKey, ...fnKey]) {
    cache.used.add(k);
    options.used?.set(partial.get(object)!, cache.entries.get(k));
  }
  if (viewsKey !== undefined && viewsPartial !== undefined) {
    cache.used.add(viewsKey);
    options.used?.set(viewsPartial, cache.entries.get(viewsKey));
  }
  if (typesKey !== undefined && typesPartial !== undefined) {
    cache.used.add(typesKey);
    options.used?.set(typesPartial, cache.entries.get(typesKey));
  }
  if (options.cacheDir && (missingTables.length || missingFns.length || viewsMissing || missingTypes || stored)) writeCache(options.cacheDir, cache);
  return carryOver(
    {
      ...desired,
      functions: desired.functions.map((f) => cache.entries.get(fnKey.get(f)!) as Function),
      ...(typesKey !== undefined ? { types: cache.entries.get(typesKey) as UserType[] } : {}),
      tables: desired.tables.map((t) => ({ ...(cache.entries.get(tableKey.get(t)!) as Table), foreignKeys: t.foreignKeys })),
      ...(viewsKey !== undefined ? { views: cache.entries.get(viewsKey) as View[] } : {}),
    },
    desired,
  );
}

async function normalizeOnServer(target: Target, desired: Catalog, options: NormalizeOptions): Promise<Catalog> {
  const tag = randomBytes(4).toString('hex');
  const schemaNames = [...new Set([...desired.schemas.map((s) => s.name), ...desired.tables.map((t) => t.schema), ...(desired.views ?? []).map((v) => v.schema), ...desired.functions.map((f) => f.schema), ...(desired.sequences ?? []).map((q) => q.schema), ...(desired.types ?? []).map((t) => t.schema)])].sort();
  const map = new Map(schemaNames.map((name, i) => [name, `pgdecl_n${tag}_${i}`] as const));
  const back = new Map([...map].map(([real, scratch]) => [scratch, real] as const));
  const functionNames = new Set(desired.functions.map((f) => f.name));
  // Each function is created with a marker comment, so the inspected copy is found again
  // whatever the server makes of its arguments (`x int` reads `x integer`; overloads share a name).
  const marker = (i: number) => `pgdecl normalize ${tag} ${i}`;
  const marked = desired.functions.map((f, i) => ({ ...f, comment: marker(i) }));
  const scratch = mapSchemas({ ...desired, functions: marked, schemas: schemaNames.map((name) => ({ name })), statements: [] }, map, functionNames);
  // Create it all in an empty world: the plan from nothing, minus extensions (created for real
  // inside the transaction, then rolled back with it) and custom statements (not run here).
  const steps = plan(diff(EMPTY, { ...scratch, extensions: [], views: [] })).steps;
  const scratchPublic = map.get('public');
  await target.exec('BEGIN');
  try {
    await target.exec(`SET LOCAL search_path = ${scratchPublic ? ident(scratchPublic) + ', ' : ''}public`);
    // Bodies are stored as written; like pg_dump, do not check them here (an SQL function may
    // read tables by their real names). `apply` checks them, in dependency order.
    await target.exec('SET LOCAL check_function_bodies = off');
    for (const e of desired.extensions) {
      if (e.schema !== undefined) await target.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(e.schema)}`);
      await target.exec(`CREATE EXTENSION IF NOT EXISTS ${ident(e.name)}${e.schema !== undefined ? ` WITH SCHEMA ${ident(e.schema)}` : ''}`);
    }
    for (const step of steps) {
      for (const sql of step.sql) {
        try {
          await target.exec(sql);
        } catch (e) {
          const err = databaseErrorInfo(e);
          const realObject = [...back].reduce((k, [s, r]) => k.split(s).join(r), objectAt(step, sql, err.position));
          const src = options.origins?.[realObject];
          const summary = [...back].reduce((k, [s, r]) => k.split(s).join(r), step.summary);
          const advice = adviceFor(err);
          // Resource limits are the server's, not the files': say so, and what to raise.
          const limit = err.code === '53200' || err.code === '55P03';
          const d: Diagnostic = {
            code: limit ? 'server_limit' : 'server_rejects',
            severity: 'error',
            message: limit
              ? `checking the files against the server stopped at ${summary}: ${err.message}; nothing was changed`
              : `PostgreSQL rejects ${summary}: ${err.message}${err.detail ? ` (${err.detail})` : ''}`,
            suggestion: advice ?? err.hint ?? 'fix the declaration; nothing was changed in the database',
            ...(src && !limit ? { src } : {}),
          };
          throw new PgdeclError(d);
        }
      }
    }
    await createScratchViews(target, scratch.views ?? [], back, options.origins);
    const inspected = unmap((await inspect(target, { schemas: [...map.values()], inTransaction: true })).catalog, back);
    const byMarker = new Map(inspected.functions.map((f) => [f.comment, f]));
    const functions = desired.functions.map((f, i) => {
      const n = byMarker.get(marker(i));
      if (!n) throw new Error(`normalisation lost function ${f.schema}.${f.name}(${f.arguments})`);
      const { comment: _marker, ...rest } = n;
      return { ...rest, ...(f.comment !== undefined ? { comment: f.comment } : {}) };
    });
    return { ...inspected, functions };
  } finally {
    await target.exec('ROLLBACK').catch(() => {});
  }
}

/** Adds back what the server does not store, from the desired catalog. */
function carryOver(normalized: Catalog, desired: Catalog): Catalog {
  const dTables = new Map(desired.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const dTypes = new Map((desired.types ?? []).map((t) => [`${t.schema}.${t.name}`, t]));
  return canonicalCatalog({
    ...normalized,
    extensions: desired.extensions,
    schemas: desired.schemas,
    statements: desired.statements,
    ...(normalized.views ? { views: normalized.views.map((v) => withNoDataOf(v, desired)) } : {}),
    ...(normalized.types
      ? {
          types: normalized.types.map((t) => {
            const { grants: _g, ...rest } = t;
            const d = dTypes.get(`${t.schema}.${t.name}`);
            return d?.grants ? { ...rest, grants: d.grants } : rest;
          }),
        }
      : {}),
    // In the order of the desired functions (normalize keeps it; overloads share a name).
    functions: normalized.functions.map((f, i) => {
      const d = desired.functions[i];
      // Privileges are the files' own: what the scratch copy got from default privileges is not.
      const { grants: _g, ...rest } = f;
      return { ...rest, ...(d?.managedBy ? { managedBy: d.managedBy } : {}), ...(d?.grants ? { grants: d.grants } : {}) };
    }),
    tables: normalized.tables.map((t) => {
      const d = dTables.get(`${t.schema}.${t.name}`);
      if (!d) return t;
      const hints = new Map(d.indexes.filter((i) => i.concurrently).map((i) => [i.name, true]));
      const { grants: _g, ...rest } = t;
      return {
        ...rest,
        ...(d.tenancy ? { tenancy: d.tenancy } : {}),
        ...(d.detachedPartitions ? { detachedPartitions: d.detachedPartitions } : {}),
        ...(d.grants ? { grants: d.grants } : {}),
        indexes: t.indexes.map((i) => (hints.has(i.name) ? { ...i, concurrently: true } : i)),
      };
    }),
  });
}

/** WITH NO DATA as the files say (the scratch copy is made the same way, but say it from the source). */
function withNoDataOf(v: View, desired: Catalog): View {
  const { withNoData: _w, ...rest } = v;
  const d = (desired.views ?? []).find((x) => x.schema === v.schema && x.name === v.name);
  return d?.withNoData ? { ...rest, withNoData: true } : rest;
}
