/**
 * `pull`: a live database → resources (the reverse of compile). Inspects the schemas asked
 * for with the same catalog queries plans use (src/inspect), plus one query for what the
 * format does not model, and writes each table as the resource that compiles back to it:
 * `pgdecl pull` then `pgdecl plan` against the same database plans nothing.
 */
import { pullCollations, withCollationSpellings } from './collations.js';
import { defaultPrivilegesValue, grantsValue } from './grants.js';
import type { Function, Schema, Table } from '../ir/catalog.js';
import { inspect } from '../inspect/inspect.js';
import { initSqlParser } from '../sql/parse.js';
import { loadParser, ownedByStatements, type OwnedObjects } from '../diff/owned.js';
import type { Target } from '../targets/target.js';
import type { PullContext } from './context.js';
import { functionKey, isUuidV7Function, touchFold, type TouchFold } from './macros.js';
import { resourceNames, tableKey } from './naming.js';
import { pullResource, type PulledResource } from './resource.js';
import { PgdeclError } from '../model/diagnostic.js';
import { expandSchemas, isPattern, tableMatcher, USER_SCHEMAS_SQL } from './select.js';
import { stubResource } from './stubs.js';
import { pgdeclTenantColumn } from './tenancy.js';
import { pickFunctions } from './functions.js';
import { functionValue } from './triggers.js';
import { findUnsupported, type Unsupported } from './unsupported.js';
import { pullSequences, serialColumns, type PulledSequence } from './sequences.js';
import { pullViews } from './views.js';
import { pullAggregates } from './aggregates.js';
import { pullTypes } from './user-types.js';
import { ymap, type Y } from './yaml-tree.js';
import { partitionsByParent } from './partitions.js';

/** The comment PostgreSQL gives `public` in every new database: a bare `public` leaves it. */
const PUBLIC_COMMENT = 'standard public schema';

export interface PullOptions {
  /**
   * The schemas to pull; default `public`. An entry with `*` or `?` is a pattern over the
   * database's schemas but PostgreSQL's own and those extensions create (`*`: all of them).
   */
  readonly schemas?: readonly string[];
  /** Glob patterns over table names (`*`, `?`); default every table. */
  readonly tables?: readonly string[];
}

export interface PulledFunction {
  readonly key: string;
  readonly schema: string;
  readonly value: Y;
}

export interface PullResult {
  readonly serverVersion: number;
  readonly schemas: readonly string[];
  /** Schemas asked for that the database does not have. */
  readonly missingSchemas: readonly string[];
  /** `schemas` patterns that matched none of the database's schemas. */
  readonly unmatchedPatterns: readonly string[];
  /**
   * `repos.default.schemas`: the pulled schemas that exist, each a name or `{name, comment}`;
   * empty when only some tables are pulled (the files then do not declare everything those
   * schemas hold, so they must not manage them whole).
   */
  readonly managedSchemas: readonly Y[];
  /** `repos.default.default_privileges`: ALTER DEFAULT PRIVILEGES entries, for every schema and the pulled ones. */
  readonly defaultPrivileges: readonly Y[];
  /** `repos.default.extensions`: every extension installed but plpgsql. */
  readonly extensions: readonly Y[];
  /** Pulled tables, then `migrate: false` resources for the tables their keys point at. */
  readonly resources: readonly PulledResource[];
  readonly functions: readonly PulledFunction[];
  /** `sequences:`: every sequence of the pulled schemas but those of serial columns. */
  readonly sequences: readonly PulledSequence[];
  /** `collations:`: the collations of the pulled schemas (./collations.ts). */
  readonly collations: readonly PulledSequence[];
  /** `types:`: the enum types of the pulled schemas. */
  readonly types: readonly PulledSequence[];
  /** `views:`: the views and materialized views of the pulled schemas (./views.ts). */
  readonly views: readonly PulledSequence[];
  /** `aggregates:`: the ordinary aggregates of the pulled schemas (./aggregates.ts). */
  readonly aggregates: readonly PulledSequence[];
  /** What the format does not model: left in the database, named in the output. */
  readonly unsupported: readonly Unsupported[];
  /** What was written but not exactly: a plan against the database would change it. */
  readonly inexact: readonly string[];
  /** Catalog queries sent: a fixed number, whatever the schema's size. */
  readonly queries: number;
}

interface ExtensionRow {
  name: string;
  schema: string;
}

const EXTENSIONS_SQL = `SELECT e.extname AS name, n.nspname AS schema
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' ORDER BY e.extname`;

/** Foreign-key targets of the pulled tables that are not pulled: their keys, by table. */
function outsideTargets(pulled: readonly Table[], pulledKeys: ReadonlySet<string>): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const t of pulled) {
    for (const fk of t.foreignKeys) {
      const k = tableKey({ schema: fk.refSchema, name: fk.refTable });
      if (pulledKeys.has(k)) continue;
      out.set(k, [...(out.get(k) ?? []), [...fk.refColumns]]);
    }
  }
  return out;
}

function isOwnedTable(owned: OwnedObjects, t: Table): boolean {
  return owned.get('table')?.has(tableKey(t)) ?? false;
}

export async function pull(target: Target, options: PullOptions = {}): Promise<PullResult> {
  await initSqlParser();
  await loadParser();
  const asked = options.schemas?.length ? options.schemas : ['public'];
  const { schemas, unmatched } = asked.some(isPattern) ? expandSchemas(asked, (await target.query<{ name: string }>(USER_SCHEMAS_SQL)).map((r) => r.name)) : { schemas: [...new Set(asked)].sort(), unmatched: [] };
  if (schemas.length === 0) throw new PgdeclError({ code: 'no_schema_matched', severity: 'error', message: `no schema of the database matches ${unmatched.map((p) => `\`${p}\``).join(', ')}`, suggestion: 'name the schemas (`--schema public,app`), or use a pattern that matches one (`--schema \'*\'` pulls every schema but PostgreSQL\'s own and those extensions create)' });
  const serverVersion = await target.serverVersionNum();
  const installed = await target.query<ExtensionRow>(EXTENSIONS_SQL);
  const first = await inspect(target, { schemas, extensions: installed.map((e) => e.name) });
  let queries = first.queries + 2;
  const owned = ownedByStatements(first.catalog.statements);
  // Collations (but those custom statements create) are named in columns, index keys and types as the files write them.
  const catalog = withCollationSpellings({ ...first.catalog, collations: (first.catalog.collations ?? []).filter((c) => !(owned.get('collation')?.has(`${c.schema}.${c.name}`) ?? false)) });
  const selected = tableMatcher(options.tables ?? []);
  // A partition is written under its parent's `partitions`, not as a resource.
  const pulledTables = catalog.tables.filter((t) => selected(t) && !isOwnedTable(owned, t) && !t.partitionOf);
  const pulledKeys = new Set(pulledTables.map(tableKey));

  // Tables the pulled keys point at: in the catalog already, or in other schemas (read once more).
  const targets = outsideTargets(pulledTables, pulledKeys);
  const known = new Map<string, Table>(catalog.tables.map((t) => [tableKey(t), t]));
  const otherSchemas = [...new Set([...targets.keys()].filter((k) => !known.has(k)).map((k) => k.slice(0, k.indexOf('.'))))];
  if (otherSchemas.length) {
    const more = await inspect(target, { schemas: otherSchemas });
    queries += more.queries;
    for (const t of more.catalog.tables) known.set(tableKey(t), t);
  }
  const stubTables = [...targets.keys()].flatMap((k) => (known.has(k) ? [known.get(k)!] : []));

  const functions = new Map<string, Function>(catalog.functions.map((f) => [functionKey(f.schema, f.name, f.arguments), f]));
  const touch = new Map<string, TouchFold>();
  for (const t of pulledTables) {
    const fold = touchFold(t, functions);
    if (fold) touch.set(tableKey(t), fold);
  }
  const uuidV7Schemas = new Set(serverVersion >= 180000 ? [] : catalog.functions.filter(isUuidV7Function).map((f) => f.schema));
  const tenants = new Map<string, string>();
  for (const t of pulledTables) {
    const c = pgdeclTenantColumn(t);
    if (c !== undefined) tenants.set(tableKey(t), c);
  }

  const inexact: string[] = [];
  const serials = serialColumns(catalog, pulledTables);
  const leftOut: Unsupported[] = [];
  const types = pullTypes(catalog);
  const collations = pullCollations(catalog);
  const sequences = pullSequences(catalog, serials, pulledKeys, (s, n) => owned.get('table')?.has(`${s}.${n}`) ?? false, leftOut);
  const folded = new Set<string>([...touch.values()].map((f) => functionKey(f.function.schema, f.function.name)));
  // pgdecl's uuid v7 functions are decided once the resources are: each is the macro's where a column uses it.
  const v7Functions = catalog.functions.filter((f) => uuidV7Schemas.has(f.schema) && isUuidV7Function(f));
  for (const f of v7Functions) folded.add(functionKey(f.schema, f.name));
  const written = pickFunctions(catalog.functions, { ...(options.tables?.length ? { onlyFor: pulledTables } : {}), owned, folded });
  const functionKeys = new Map(written.map((w) => [functionKey(w.fn.schema, w.fn.name, w.fn.arguments), w.key]));
  const ctx: PullContext = {
    serverVersion,
    names: resourceNames([...pulledTables, ...stubTables]),
    tables: known,
    pulled: pulledKeys,
    functionKeys,
    touch,
    uuidV7Schemas,
    owned,
    tenants,
    serials,
    partitions: partitionsByParent(catalog.tables),
    declaredTypes: catalog.types ?? [],
    inexact,
  };
  const views = options.tables?.length ? [] : pullViews(ctx, catalog);
  const resources = pulledTables.map((t) => pullResource(ctx, t, catalog.statements));
  for (const s of catalog.statements) {
    if (s.owner === undefined || !pulledKeys.has(s.owner)) inexact.push(`the custom statement ${s.name} belongs to ${s.owner ?? 'no table'}, which is not pulled: a plan would revert it`);
  }
  resources.push(...stubTables.map((t) => stubResource(ctx, t, targets.get(tableKey(t))!)));

  const v7Used = new Set(resources.filter((r) => [...((r.value.get('attributes') as Map<string, Y> | undefined)?.values() ?? [])].includes('uuid_v7_primary_key')).map((r) => r.schema));
  const unused = v7Functions.filter((f) => !v7Used.has(f.schema));
  const fns = [...written, ...pickFunctions(unused, { owned, folded: new Set(), taken: new Set(written.map((w) => w.key)) })];

  const unsupported = [...(await findUnsupported(target, schemas, catalog, owned)), ...leftOut];
  queries += 1;
  return {
    serverVersion,
    schemas,
    missingSchemas: schemas.filter((s) => !catalog.schemas.some((x) => x.name === s)),
    unmatchedPatterns: unmatched,
    managedSchemas: options.tables?.length ? [] : catalog.schemas.map(schemaEntry),
    defaultPrivileges: options.tables?.length ? [] : (catalog.defaultPrivileges ?? []).map(defaultPrivilegesValue),
    // An extension's schema is said only when it is pulled: naming another would make plans read it.
    extensions: installed.map((e) => (e.schema === 'public' || !schemas.includes(e.schema) ? e.name : ymap([['name', e.name], ['schema', e.schema]]))),
    resources,
    functions: fns.map((w) => ({ key: w.key, schema: w.fn.schema, value: functionValue(w.fn, w.key) })),
    sequences,
    collations,
    types,
    views,
    // Only with the whole schemas, as views: a table pulled alone never calls one.
    aggregates: options.tables?.length ? [] : pullAggregates(catalog, owned),
    unsupported,
    inexact,
    queries,
  };
}

/** A schema in `repos.default.schemas`: its name, or `{name, comment, grants}` when it has either. */
function schemaEntry(s: Schema): Y {
  const comment = s.name === 'public' && s.comment === PUBLIC_COMMENT ? undefined : s.comment;
  // `public` keeps the privileges every database gives it (USAGE for PUBLIC) unless they differ.
  const standard = s.name === 'public' && s.grants?.length === 1 && s.grants[0]!.grantee === 'PUBLIC' && s.grants[0]!.privilege === 'USAGE' && !s.grants[0]!.grantable;
  // Its privileges are written only when they were changed from those (`{}`: PUBLIC lost USAGE).
  const grants = s.name !== 'public' ? grantsValue('schema', s.grants) : standard || s.grants === undefined ? undefined : withPublic(grantsValue('schema', s.grants));
  if (comment === undefined && grants === undefined) return s.name;
  // Written as a map, a schema's comment is managed: public's standard one is then written too.
  return ymap([['name', s.name], ['comment', comment ?? s.comment], ['grants', grants]]);
}

/** `public`'s grants name PUBLIC, so that what PUBLIC lost is managed (`PUBLIC: []`). */
function withPublic(grants: Map<string, Y> | undefined): Map<string, Y> {
  const out = new Map<string, Y>(grants ?? []);
  return out.has('PUBLIC') ? out : new Map<string, Y>([['PUBLIC', []], ...out]);
}
