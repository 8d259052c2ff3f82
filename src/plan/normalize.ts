/**
 * Makes the desired catalog read exactly as the target server will print it (the scratch
 * schemas: ./scratch-schemas.ts).
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
import type { Collation } from '../ir/collation.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Catalog, Function, Table, UserType } from '../ir/catalog.js';
import type { View } from '../ir/view.js';
import type { Aggregate } from '../ir/aggregate.js';
import { createScratchViews } from './normalize-views.js';
import { aggregatesOnViewRows, functionKey, functionsOnViewRows } from '../ir/view-row-types.js';
import { stableStringify } from '../ir/canonical.js';
import type { ObjectKey } from '../ir/keys.js';
import type { Src } from '../model/source.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Target } from '../targets/target.js';
import { databaseErrorInfo } from '../targets/target.js';
import { ident } from '../sql/quote.js';
import { inspect } from '../inspect/inspect.js';
import { diff } from '../diff/diff.js';
import { plan } from './plan.js';
import { objectAt } from './locate.js';
import { adviceFor, batches, execBatch } from '../apply/apply.js';
import { installedExtensions, readStoredNormalized, storedKey } from './stored-normalized.js';
import { partitionRoots } from '../ir/partitions.js';
import { mapSchemas, unmap } from './scratch-schemas.js';
import { functionsFor } from './scratch-work.js';
import { tableTypesUsed } from '../ir/table-typed.js';
import { NormalizedCache } from './normalized-cache.js';
import { codeVersion } from './project-cache.js';
import { carryOver } from './carry-over.js';

export interface NormalizeOptions {
  /** Where the compiler says each object was declared: a refusal points there. */
  readonly origins?: Readonly<Record<ObjectKey, Src>>;
  /** A directory for cached results (e.g. `.pgdecl/cache`); undefined: no cache. */
  readonly cacheDir?: string;
  /** Filled in with how many tables were created on the server and how many came from the cache. */
  readonly stats?: { normalized: number; cached: number; stored?: number; deferred?: number };
  /** Filled in with every result this plan used, by partial key: what an apply stores (./stored-normalized.ts). */
  readonly used?: Map<string, unknown>;
  /** false: do not read or fill this process's memory of earlier results (see MEMORY). Default true. */
  readonly memory?: boolean;
  /**
   * The whole result for files known to be unchanged (./project-cache.ts): `key` names the
   * catalog given (the files, the repo, the caller); the server version and the extensions
   * installed are added here. A hit skips hashing every table.
   */
  readonly whole?: { readonly key: string; get(key: string): Whole | undefined; set(key: string, value: Whole): void };
  /**
   * Tables and functions (`schema.name`) the database does not have yet: not created in scratch schemas (nor
   * read from a cache), they stay as compiled, and `deferred` receives them. An apply
   * creates them for real and takes them as the server made them (./settle-deferred.ts), so the
   * same DDL does not run twice. Partitions, distributed tables and any table when views must
   * be normalised are never deferred.
   */
  readonly defer?: { readonly tables: ReadonlySet<string>; readonly functions: ReadonlySet<string> };
  /**
   * Filled in with the deferred objects: `schema.name` to the partial key their result is
   * stored under. Functions (`schema.name` of functions without arguments the database does not
   * have) are deferred only when nothing else needs scratch schemas.
   */
  readonly deferred?: { readonly tables: Map<string, string>; readonly functions: Map<string, string> };
  /** Receives the cache's write, left to finish while the caller goes on (it awaits it); without it, written before normalize returns. */
  readonly writes?: Promise<unknown>[];
}

/** A whole normalisation result: the catalog and what `used` receives. */
export interface Whole {
  readonly desired: Catalog;
  readonly used: Readonly<Record<string, unknown>>;
}

/**
 * Results already computed in this process, by the same keys as the cache on disk (server
 * version, extensions, the definition): a long-running process or a test that plans the same
 * definitions again asks the server once. Bounded; the oldest entries go first.
 */
const MEMORY = new Map<string, unknown>();
const MEMORY_LIMIT = 20_000;

function remember(k: string, v: unknown): void {
  if (MEMORY.has(k)) MEMORY.delete(k);
  MEMORY.set(k, v);
  if (MEMORY.size > MEMORY_LIMIT) MEMORY.delete(MEMORY.keys().next().value!);
}

const EMPTY: Catalog = { formatVersion: 1, extensions: [], schemas: [], functions: [], tables: [], statements: [] };

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

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
  const wholeKey = options.whole ? `normalize ${options.whole.key} ${serverVersion} | ${installed.extensions}` : undefined;
  const hit = wholeKey !== undefined ? options.whole!.get(wholeKey) : undefined;
  if (hit) {
    for (const [k, v] of Object.entries(hit.used)) options.used?.set(k, v);
    if (options.stats) Object.assign(options.stats, { normalized: 0, cached: desired.tables.length, stored: 0 });
    return hit.desired;
  }
  // What every key shares, hashed once (it lists every function: hashing it per table would be quadratic).
  // Keys in two parts: what the files and the server say (`partial`, what an apply stores), and
  // the extensions installed now, which apply may change (`storedKey` joins them).
  // pgdecl's own code is part of it: what inspection makes of the server's answer may change
  // from one version to the next, and a result another version stored is then not used.
  const base = sha([codeVersion(), serverVersion, stableStringify(desired.extensions), stableStringify((desired.sequences ?? []).map((q) => [q.schema, q.name])), stableStringify(desired.types ?? []), stableStringify(desired.collations ?? []), stableStringify(desired.functions.map((f) => [f.schema, f.name, f.arguments, f.returns]))].join('\n'));
  // Privileges hold no expressions: they are carried over as declared (and GRANT needs no scratch
  // copy); so is a Citus distribution (the scratch copy is never distributed).
  const bare = (t: Table): Table => ({ ...t, foreignKeys: [], grants: undefined, distribution: undefined });
  // A partition (or inheritance child) is created with its whole tree (../ir/partitions.ts): the tree is its key.
  const roots = partitionRoots(desired.tables);
  const trees = new Map<string, Table[]>();
  for (const t of desired.tables) {
    const root = roots.get(t)!;
    const tree = trees.get(root);
    if (tree) tree.push(t);
    else trees.set(root, [t]);
  }
  const treeOf = (t: Table) => trees.get(roots.get(t)!)!;
  // A definition's own JSON is its key: the compiler builds each kind of object with its fields in
  // one order, so equal definitions print alike (a sorted copy per table cost more than the rest).
  // Equal text is always an equal definition; another pgdecl that orders fields otherwise only misses.
  const partial = new Map<Table | Function, string>([
    ...desired.tables.map((t) => [t, 't' + sha(base + '\n' + JSON.stringify(bare(t)) + (t.partitionOf || t.partitionBy !== undefined || treeOf(t).length > 1 ? '\n' + JSON.stringify(treeOf(t).map(bare)) : ''))] as const),
    ...desired.functions.map((f) => [f, 'f' + sha(base + '\n' + JSON.stringify({ ...f, grants: undefined }))] as const),
  ]);
  const tableKey = new Map(desired.tables.map((t) => [t, storedKey(installed.extensions, partial.get(t)!)]));
  const fnKey = new Map(desired.functions.map((f) => [f, storedKey(installed.extensions, partial.get(f)!)]));
  const cache = NormalizedCache.read(options.cacheDir);
  const memory = options.memory !== false;
  // Views are normalised together, over every table (they read them): one key for all of them.
  const views = desired.views ?? [];
  const viewsPartial = views.length ? 'v' + sha(base + '\n' + JSON.stringify(desired.tables.map(bare)) + '\n' + JSON.stringify(views.map((v) => ({ ...v, grants: undefined, triggers: undefined })))) : undefined;
  const viewsKey = viewsPartial !== undefined ? storedKey(installed.extensions, viewsPartial) : undefined;
  // Declared types as the server prints them (a domain's default and checks), cached together.
  const typesPartial = (desired.types ?? []).length ? 'y' + sha(base) : undefined;
  const typesKey = typesPartial !== undefined ? storedKey(installed.extensions, typesPartial) : undefined;
  // Declared collations as the server keeps them (PostgreSQL 16 and later write an ICU locale as a
  // language tag: en_US reads en-US), cached together.
  const collationsPartial = (desired.collations ?? []).length ? 'k' + sha(base) : undefined;
  const collationsKey = collationsPartial !== undefined ? storedKey(installed.extensions, collationsPartial) : undefined;
  // Aggregates as the server prints them (support functions, types), cached together: they are
  // made over every function and type.
  const aggregates = desired.aggregates ?? [];
  const aggregatesPartial = aggregates.length ? 'g' + sha(base + '\n' + JSON.stringify(aggregates.map((a) => ({ ...a, grants: undefined })))) : undefined;
  const aggregatesKey = aggregatesPartial !== undefined ? storedKey(installed.extensions, aggregatesPartial) : undefined;
  if (memory) {
    for (const k of [...tableKey.values(), ...fnKey.values(), viewsKey, typesKey, collationsKey, aggregatesKey]) {
      if (k !== undefined && !cache.has(k) && MEMORY.has(k)) cache.set(k, MEMORY.get(k));
    }
  }
  const locallyMissing = [...desired.tables.map((t) => tableKey.get(t)!), ...desired.functions.map((f) => fnKey.get(f)!), ...(viewsKey !== undefined ? [viewsKey] : []), ...(typesKey !== undefined ? [typesKey] : []), ...(collationsKey !== undefined ? [collationsKey] : []), ...(aggregatesKey !== undefined ? [aggregatesKey] : [])].filter((k) => !cache.has(k));
  let stored = 0;
  if (locallyMissing.length && installed.stored) {
    for (const [k, v] of await readStoredNormalized(target, locallyMissing)) {
      cache.set(k, v);
      stored++;
    }
  }
  const missingFns = desired.functions.filter((f) => !cache.has(fnKey.get(f)!));
  // A function on a view's row type is made once the views are: they are made again with it.
  const onViewRows = functionsOnViewRows(desired.functions, views);
  const missingAggregates = aggregatesKey !== undefined && !cache.has(aggregatesKey);
  // So is an aggregate over one.
  const viewsMissing = viewsKey !== undefined && (!cache.has(viewsKey) || missingFns.some((f) => onViewRows.has(functionKey(f))) || (missingAggregates && aggregatesOnViewRows(aggregates, views).size > 0));
  const missingTypes = typesKey !== undefined && !cache.has(typesKey);
  const missingCollations = collationsKey !== undefined && !cache.has(collationsKey);
  // A function that names a table's row type is created with that table (../ir/table-typed.ts).
  const tableNames = new Set(desired.tables.map((t) => t.name));
  const rowTyped = new Set(missingFns.flatMap((f) => tableTypesUsed(f, tableNames)));
  const deferrable = (t: Table) => options.defer?.tables.has(`${t.schema}.${t.name}`) === true && !t.partitionOf && t.partitionBy === undefined && treeOf(t).length === 1 && !t.distribution && !rowTyped.has(t.name);
  const deferred = new Set(viewsMissing ? [] : desired.tables.filter(deferrable));
  const missingTables = desired.tables.filter((t) => !deferred.has(t) && (viewsMissing || rowTyped.has(t.name) || treeOf(t).some((x) => !cache.has(tableKey.get(x)!))));
  for (const t of deferred) options.deferred?.tables.set(`${t.schema}.${t.name}`, partial.get(t)!);
  // Functions without arguments are found again by name; when scratch schemas are needed anyway, every function is created there.
  const fnDeferrable = (f: Function) => f.arguments === '' && options.defer?.functions.has(`${f.schema}.${f.name}`) === true;
  const fnsDeferred = new Set(!missingTables.length && !viewsMissing && !missingTypes && !missingCollations && !missingAggregates && missingFns.every(fnDeferrable) ? desired.functions.filter(fnDeferrable) : []);
  for (const f of fnsDeferred) options.deferred?.functions.set(`${f.schema}.${f.name}`, partial.get(f)!);
  const fnsToCreate = missingFns.filter((f) => !fnsDeferred.has(f));
  if (missingTables.length || fnsToCreate.length || viewsMissing || missingTypes || missingCollations || missingAggregates) {
    // Only the tables not cached, and the functions not cached or called by those tables or by
    // the declared types, which are always created there (views may call any function: when they
    // are normalised, every one).
    // Views may call the aggregates: they are made there whenever views or aggregates are normalised.
    const fns = viewsMissing || missingTypes || missingAggregates ? desired.functions : functionsFor(desired.functions, fnsToCreate, [...missingTables, ...(desired.types ?? [])]);
    const aggs = viewsMissing || missingAggregates ? aggregates : [];
    const fresh = await normalizeOnServer(target, { ...desired, roles: undefined, defaultPrivileges: undefined, tables: missingTables.map(bare), views: viewsMissing ? views : [], functions: fns, aggregates: aggs }, options);
    if (aggregatesKey !== undefined && missingAggregates) cache.set(aggregatesKey, fresh.aggregates ?? []);
    if (viewsKey !== undefined && viewsMissing) cache.set(viewsKey, fresh.views ?? []);
    const tables = new Map(fresh.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    if (typesKey !== undefined && missingTypes) cache.set(typesKey, fresh.types ?? []);
    if (collationsKey !== undefined && missingCollations) cache.set(collationsKey, fresh.collations ?? []);
    for (const t of missingTables) {
      const n = tables.get(`${t.schema}.${t.name}`);
      if (!n) throw new Error(`normalisation lost table ${t.schema}.${t.name}`);
      cache.set(tableKey.get(t)!, n);
    }
    // Functions come back in the order they were given (overloads share a name).
    fns.forEach((f, i) => {
      if (!cache.has(fnKey.get(f)!)) cache.set(fnKey.get(f)!, fresh.functions[i]!);
    });
  }
  if (options.stats) {
    options.stats.normalized = missingTables.length;
    options.stats.cached = desired.tables.length - missingTables.length - deferred.size;
    if (deferred.size) options.stats.deferred = deferred.size;
    options.stats.stored = stored;
  }
  // What this plan used, by partial key (what an apply stores), and by full key for the caches.
  const used: Record<string, unknown> = {};
  const use = (partialKey: string, k: string) => {
    cache.used.add(k);
    used[partialKey] = cache.get(k);
    options.used?.set(partialKey, used[partialKey]);
  };
  for (const [object, k] of [...tableKey, ...fnKey]) if (!deferred.has(object as Table) && !fnsDeferred.has(object as Function)) use(partial.get(object)!, k);
  if (viewsKey !== undefined && viewsPartial !== undefined) use(viewsPartial, viewsKey);
  if (typesKey !== undefined && typesPartial !== undefined) use(typesPartial, typesKey);
  if (collationsKey !== undefined && collationsPartial !== undefined) use(collationsPartial, collationsKey);
  if (aggregatesKey !== undefined && aggregatesPartial !== undefined) use(aggregatesPartial, aggregatesKey);
  if (memory) for (const k of cache.used) remember(k, cache.get(k));
  if (cache.changed) {
    // Best effort, as every cache: a write that fails only makes the next plan slower.
    const written = cache.write().catch(() => {});
    if (options.writes) options.writes.push(written);
    else await written;
  }
  const result = carryOver(
    {
      ...desired,
      functions: desired.functions.map((f) => (fnsDeferred.has(f) ? f : (cache.get(fnKey.get(f)!) as Function))),
      ...(typesKey !== undefined ? { types: cache.get(typesKey) as UserType[] } : {}),
      ...(collationsKey !== undefined ? { collations: cache.get(collationsKey) as Collation[] } : {}),
      ...(aggregatesKey !== undefined ? { aggregates: cache.get(aggregatesKey) as Aggregate[] } : {}),
      tables: desired.tables.map((t) => (deferred.has(t) ? t : { ...(cache.get(tableKey.get(t)!) as Table), foreignKeys: t.foreignKeys })),
      ...(viewsKey !== undefined ? { views: cache.get(viewsKey) as View[] } : {}),
    },
    desired,
  );
  // A result with tables still as compiled is not a whole result.
  if (wholeKey !== undefined && deferred.size === 0 && fnsDeferred.size === 0) options.whole!.set(wholeKey, { desired: result, used });
  return result;
}

async function normalizeOnServer(target: Target, desired: Catalog, options: NormalizeOptions): Promise<Catalog> {
  const tag = randomBytes(4).toString('hex');
  const schemaNames = [...new Set([...desired.schemas.map((s) => s.name), ...desired.tables.map((t) => t.schema), ...(desired.views ?? []).map((v) => v.schema), ...desired.functions.map((f) => f.schema), ...(desired.sequences ?? []).map((q) => q.schema), ...(desired.types ?? []).map((t) => t.schema), ...(desired.collations ?? []).map((x) => x.schema), ...(desired.aggregates ?? []).map((a) => a.schema)])].sort();
  const map = new Map(schemaNames.map((name, i) => [name, `pgdecl_n${tag}_${i}`] as const));
  const back = new Map([...map].map(([real, scratch]) => [scratch, real] as const));
  // Calls of the aggregates (`public.product(x)` in a view) follow them into the scratch schemas too.
  const functionNames = new Set([...desired.functions.map((f) => f.name), ...(desired.aggregates ?? []).map((a) => a.name)]);
  // Each function is created with a marker comment, so the inspected copy is found again
  // whatever the server makes of its arguments (`x int` reads `x integer`; overloads share a name).
  const marker = (i: number) => `pgdecl normalize ${tag} ${i}`;
  const marked = desired.functions.map((f, i) => ({ ...f, comment: marker(i) }));
  // Aggregates too (`x int` reads `x integer`; overloads share a name).
  const aggregateMarker = (i: number) => `pgdecl normalize ${tag} aggregate ${i}`;
  const markedAggregates = (desired.aggregates ?? []).map((a, i) => ({ ...a, comment: aggregateMarker(i) }));
  const scratch = mapSchemas({ ...desired, functions: marked, aggregates: markedAggregates, schemas: schemaNames.map((name) => ({ name })), statements: [] }, map, functionNames);
  // Create it all in an empty world: the plan from nothing, minus extensions (created for real
  // inside the transaction, then rolled back with it) and custom statements (not run here);
  // functions on a view's row type once the views are.
  const onViewRows = new Set([...functionsOnViewRows(scratch.functions, scratch.views ?? []), ...aggregatesOnViewRows(scratch.aggregates ?? [], scratch.views ?? [])]);
  const onViews = (f: { schema: string; name: string; arguments: string }) => onViewRows.has(functionKey(f));
  const steps = plan(diff(EMPTY, { ...scratch, extensions: [], views: [], functions: scratch.functions.filter((f) => !onViews(f)), aggregates: (scratch.aggregates ?? []).filter((a) => !onViews(a)) })).steps;
  const afterViews = plan(diff(EMPTY, { ...EMPTY, functions: scratch.functions.filter(onViews), aggregates: (scratch.aggregates ?? []).filter(onViews) })).steps;
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
    // In apply's batches (a round trip per batch, not per statement), each under a savepoint; a
    // batch the server refuses runs again statement by statement to name what it refused.
    const rejected = (step: (typeof steps)[number], sql: string, e: unknown): PgdeclError => {
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
      return new PgdeclError(d);
    };
    for (const batch of batches(steps)) {
      if (batch.length > 1 && (await execBatch(target, batch))) continue;
      for (const step of batch) {
        for (const sql of step.sql) {
          try {
            await target.exec(sql);
          } catch (e) {
            throw rejected(step, sql, e);
          }
        }
      }
    }
    await createScratchViews(target, scratch.views ?? [], back, options.origins);
    for (const step of afterViews) {
      for (const sql of step.sql) {
        try {
          await target.exec(sql);
        } catch (e) {
          throw rejected(step, sql, e);
        }
      }
    }
    // Extensions and statements are the declared ones (carryOver): not read.
    const inspected = unmap((await inspect(target, { schemas: [...map.values()], inTransaction: true, scratch: true })).catalog, back);
    const byMarker = new Map(inspected.functions.map((f) => [f.comment, f]));
    const functions = desired.functions.map((f, i) => {
      const n = byMarker.get(marker(i));
      if (!n) throw new Error(`normalisation lost function ${f.schema}.${f.name}(${f.arguments})`);
      const { comment: _marker, ...rest } = n;
      return { ...rest, ...(f.comment !== undefined ? { comment: f.comment } : {}) };
    });
    const aggregatesByMarker = new Map((inspected.aggregates ?? []).map((a) => [a.comment, a]));
    const aggregates = (desired.aggregates ?? []).map((a, i) => {
      const n = aggregatesByMarker.get(aggregateMarker(i));
      if (!n) throw new Error(`normalisation lost aggregate ${a.schema}.${a.name}(${a.arguments})`);
      const { comment: _marker, grants: _g, ...rest } = n;
      return { ...rest, ...(a.comment !== undefined ? { comment: a.comment } : {}) };
    });
    return { ...inspected, functions, aggregates };
  } finally {
    await target.exec('ROLLBACK').catch(() => {});
  }
}
