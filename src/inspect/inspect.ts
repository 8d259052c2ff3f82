/**
 * Reads a live database into the IR: a fixed number of catalog queries (one per catalog,
 * see ./queries), whatever the number of tables or schemas. Only the schemas asked for are
 * read; other schemas, and pgdecl's own bookkeeping schema, are never part of the result.
 *
 * Queries run with `search_path = pg_catalog` (and without JIT), so every object outside pg_catalog is printed
 * schema-qualified (`public.citext`, `public.gen_random_bytes(16)`): the spelling does not
 * depend on the session, and the normaliser (../plan/normalize.ts) reads declared objects
 * the same way.
 */
import type { Catalog, Column, Extension, Function, Index, Policy, Schema, Statement, Table, Trigger, ForeignKey, Check, PrimaryKey, ColumnStorage } from '../ir/catalog.js';
import { IR_FORMAT_VERSION } from '../ir/catalog.js';
import { canonicalCatalog } from '../ir/canonical.js';
import type { Target } from '../targets/target.js';
import { query, type QueryName } from './queries.js';
import { groupBy } from '../util/group.js';
import { opt } from '../util/opt.js';
import { viewFromRow, type ViewRow } from './views.js';
import { citusFromRows, NO_CITUS, type CitusRow } from './citus.js';
import { typeFromRow, type TypeRow } from './types.js';
import { aggregateFromRow, type AggregateRow } from './aggregates.js';
import { defaultPrivilegesFromRows, withGrants, type DefaultPrivilegeRow, type GrantRow } from './grants.js';
import { identityOptionsByColumn, sequencesFromRows, withIdentityOptions, type SequenceRow } from './sequences.js';
import { collationFromRow, type CollationRow } from './collations.js';
import {
  checkFromRow,
  foreignKeyFromRow,
  indexFromRow,
  policyFromRow,
  storageFromOptions,
  triggerFromRow,
  type ConstraintRow,
  type IndexRow,
  type PolicyRow,
  type TriggerRow,
} from './decode.js';

import { BOOKKEEPING_SCHEMA, reservedSchema } from '../model/naming.js';

export { BOOKKEEPING_SCHEMA };

export interface InspectOptions {
  /** The managed schemas. */
  readonly schemas: readonly string[];
  /** Extensions of interest: those the files declare. Those pgdecl installed are added. */
  readonly extensions?: readonly string[];
  /** The caller already opened a transaction (the normaliser does): do not open another. */
  readonly inTransaction?: boolean;
  /**
   * A scratch copy (../plan/normalize.ts), read for its objects only: pgdecl's bookkeeping and
   * the extensions are not read (the caller keeps the declared ones). Listing what uses an
   * extension reads every column of the database that does: 0.1 s at 5,000 tables.
   */
  readonly scratch?: boolean;
}

export interface Bookkeeping {
  /** Custom statements `apply` ran, per scope ('' for the ordinary schemas, else a tenant schema). */
  readonly statements: readonly (Statement & { readonly scope: string })[];
  /** Extensions pgdecl installed (and may therefore drop). */
  readonly extensions: readonly string[];
}

export interface Inspection {
  readonly catalog: Catalog;
  readonly bookkeeping: Bookkeeping;
  /** How many queries inspection sent: constant, whatever the schema's size. */
  readonly queries: number;
}

interface TableRow {
  id: string;
  schema: string;
  name: string;
  comment: string | null;
  rls: boolean;
  rls_force: boolean;
  unlogged: boolean;
  storage: string[];
  partition_by: string | null;
  /** A partition's column defaults other than its parent's: [column, default or null]. */
  own_defaults: [string, string | null][] | null;
  parent_schema: string | null;
  parent_name: string | null;
  bound: string | null;
  replica_identity: string | null;
  replica_index: string | null;
  cluster_on: string | null;
  inherits_schemas: string[];
  inherits_names: string[];
}
interface ColumnRow {
  table_id: string;
  name: string;
  type: string;
  not_null: boolean;
  default: string | null;
  generated: string | null;
  /** attgenerated 'v' (PostgreSQL 18). */
  virtual: boolean;
  identity: string;
  collation: string | null;
  comment: string | null;
  statistics: number | null;
  storage: string | null;
  type_storage: string | null;
  compression: 'pglz' | 'lz4' | null;
  options: string[] | null;
}
interface FunctionRow {
  schema: string;
  name: string;
  arguments: string;
  returns: string;
  language: string;
  body: string;
  sql_body: boolean;
  volatility: string;
  security_definer: boolean;
  strict: boolean;
  leakproof: boolean;
  parallel: string;
  cost: number;
  rows: number;
  returns_set: boolean;
  is_procedure: boolean;
  config: string[];
  comment: string | null;
}
interface BookkeepingRow {
  kind: 'statement' | 'extension';
  scope: string;
  name: string;
  up: string | null;
  down: string | null;
  after_tables: string[] | null;
  owner: string | null;
}

const byTable = <R extends { table_id: string }>(rows: readonly R[]): Map<string, R[]> => groupBy(rows, (r) => r.table_id);

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function inspect(target: Target, options: InspectOptions): Promise<Inspection> {
  // PostgreSQL's own schemas and pgdecl's bookkeeping are never read, so never planned or dropped.
  const schemas = [...new Set(options.schemas)].filter((s) => reservedSchema(s) === undefined).sort();
  let queries = 0;
  // Read once per connection (a plan has read it already): some queries are written per version.
  const version = await target.serverVersionNum();
  const run = async <R>(name: QueryName, params: readonly unknown[] = [schemas]): Promise<R[]> => {
    queries++;
    return target.query<R>(query(name, version), params);
  };
  if (!options.inTransaction) await target.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // JIT never pays for a catalog query, and the planner's estimates are far off inside a
    // transaction that has just created thousands of tables (its catalog statistics are older):
    // the views query then cost half a second of compiling at 5,000 tables, for no view.
    await target.exec('SET LOCAL search_path = pg_catalog; SET LOCAL jit = off');
    queries++;
    // Whether Citus is installed rides along: its metadata is then read in one more query.
    const probe = (await target.query<{ ok: boolean; citus: boolean }>(
      `SELECT to_regclass('pgdecl.custom_statements') IS NOT NULL AND to_regclass('pgdecl.extensions') IS NOT NULL AS ok, EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') AS citus`,
    ))[0];
    const hasBookkeeping = probe?.ok;
    queries++;
    const bk = hasBookkeeping && !options.scratch ? await run<BookkeepingRow>('bookkeeping', []) : [];
    const recordedExtensions = bk.filter((r) => r.kind === 'extension').map((r) => r.name);
    const interest = [...new Set([...(options.extensions ?? []), ...recordedExtensions])];
    const [schemaRows, extRows, tableRows, columnRows, constraintRows, indexRows, triggerRows, functionRows, aggregateRows, policyRows, sequenceRows, collationRows, typeRows, viewRows, grantRows, defaultRows] = [
      await run<{ name: string; comment: string | null }>('schemas'),
      options.scratch ? [] : await run<{ name: string; schema: string; version: string; used_by: string[] }>('extensions', [interest]),
      await run<TableRow>('tables'),
      await run<ColumnRow>('columns'),
      await run<ConstraintRow>('constraints'),
      await run<IndexRow>('indexes'),
      await run<TriggerRow>('triggers'),
      await run<FunctionRow>('functions'),
      await run<AggregateRow>('aggregates'),
      await run<PolicyRow>('policies'),
      await run<SequenceRow>('sequences'),
      await run<CollationRow>('collations'),
      await run<TypeRow>('types'),
      await run<ViewRow>('views'),
      await run<GrantRow>('grants'),
      await run<DefaultPrivilegeRow>('default_privileges'),
    ];
    const citus = probe?.citus ? citusFromRows(await run<CitusRow>('citus')) : NO_CITUS;
    if (!options.inTransaction) await target.exec('COMMIT');

    const columnsBy = byTable(columnRows);
    const constraintsBy = byTable(constraintRows);
    const indexesBy = byTable(indexRows);
    const triggersBy = byTable(triggerRows);
    const policiesBy = byTable(policyRows);
    const identity = identityOptionsByColumn(sequenceRows);

    const tables: Table[] = tableRows.map((t) => {
      const columns: Column[] = (columnsBy.get(t.id) ?? []).map((c) => withIdentityOptions(columnFromRow(c), identity.get(`${t.id}.${c.name}`), t.name));
      const cons = constraintsBy.get(t.id) ?? [];
      const pkRow = cons.find((c) => c.type === 'p');
      const primaryKey: PrimaryKey | undefined = pkRow
        ? { name: pkRow.name, columns: pkRow.columns, ...(pkRow.deferrable ? { deferrable: true as const } : {}), ...(pkRow.deferred ? { initiallyDeferred: true as const } : {}), ...(pkRow.period ? { withoutOverlaps: true as const } : {}), ...(pkRow.include?.length ? { include: pkRow.include } : {}), ...(pkRow.comment !== null ? { comment: pkRow.comment } : {}) }
        : undefined;
      const foreignKeys: ForeignKey[] = cons.filter((c) => c.type === 'f').map(foreignKeyFromRow).sort(byName);
      const checks: Check[] = cons.filter((c) => c.type === 'c').map(checkFromRow).sort(byName);
      const indexes: Index[] = (indexesBy.get(t.id) ?? []).map(indexFromRow).sort(byName);
      const triggers: Trigger[] = (triggersBy.get(t.id) ?? []).map(triggerFromRow).sort(byName);
      const policies: Policy[] = (policiesBy.get(t.id) ?? []).map(policyFromRow).sort(byName);
      const rls = t.rls || t.rls_force || policies.length ? { rowLevelSecurity: { enabled: t.rls, force: t.rls_force, policies } } : {};
      return {
        schema: t.schema,
        name: t.name,
        ...(t.comment !== null ? { comment: t.comment } : {}),
        ...(t.unlogged ? { unlogged: true as const } : {}),
        ...withStorage(storageFromOptions(t.storage)),
        ...partitioningFromRow(t),
        ...(t.own_defaults?.length ? { ownDefaults: t.own_defaults.map(([column, d]) => ({ column, ...(d !== null ? { default: d } : {}) })) } : {}),
        ...physicalFromRow(t),
        ...(t.inherits_names.length ? { inherits: t.inherits_names.map((name, i) => ({ schema: t.inherits_schemas[i]!, name })) } : {}),
        // A partition is placed with its parent by Citus: only the parent's distribution is declared.
        ...(t.parent_name === null && citus.tables.has(`${t.schema}.${t.name}`) ? { distribution: citus.tables.get(`${t.schema}.${t.name}`)! } : {}),
        columns,
        ...(primaryKey ? { primaryKey } : {}),
        foreignKeys,
        checks,
        indexes,
        triggers,
        ...rls,
      };
    });

    const functions: Function[] = functionRows.map((f) => ({
      schema: f.schema,
      name: f.name,
      ...(f.is_procedure ? { procedure: true as const } : {}),
      arguments: f.arguments,
      returns: f.returns,
      language: f.language,
      body: f.body,
      ...(f.sql_body ? { sqlBody: true as const } : {}),
      volatility: f.volatility === 'i' ? 'immutable' : f.volatility === 's' ? 'stable' : 'volatile',
      security: f.security_definer ? 'definer' : 'invoker',
      ...functionAttributesFromRow(f),
      ...(f.comment !== null ? { comment: f.comment } : {}),
    }));

    const extensions: Extension[] = extRows.map((e) => ({ name: e.name, schema: e.schema, version: e.version, ...(e.used_by.length ? { usedBy: e.used_by } : {}) }));
    const schemasOut: Schema[] = schemaRows.map((s) => ({ name: s.name, ...(s.comment !== null ? { comment: s.comment } : {}), ...(citus.distributedSchemas.has(s.name) ? { distributed: true as const } : {}) }));
    const statementRows = bk.filter((r) => r.kind === 'statement');
    const bookkeeping: Bookkeeping = {
      extensions: recordedExtensions,
      statements: statementRows.map((r) => ({
        scope: r.scope,
        name: r.name,
        up: r.up ?? '',
        down: r.down ?? '',
        afterTables: r.after_tables ?? [],
        ...(r.owner ? { owner: r.owner } : {}),
      })),
    };
    const statements: Statement[] = bookkeeping.statements.filter((s) => s.scope === '').map(({ scope: _scope, ...s }) => s);
    const catalog: Catalog = canonicalCatalog(withGrants({
      formatVersion: IR_FORMAT_VERSION,
      extensions,
      schemas: schemasOut,
      functions,
      tables,
      statements,
      sequences: sequencesFromRows(sequenceRows),
      collations: collationRows.map(collationFromRow),
      types: typeRows.map(typeFromRow),
      aggregates: aggregateRows.map(aggregateFromRow),
      views: viewRows.map((r) => viewFromRow(r, (indexesBy.get(r.id) ?? []).map(indexFromRow), (triggersBy.get(r.id) ?? []).map(triggerFromRow).sort(byName))),
      defaultPrivileges: defaultPrivilegesFromRows(defaultRows),
    }, grantRows));
    return { catalog, bookkeeping, queries };
  } catch (e) {
    if (!options.inTransaction) await target.exec('ROLLBACK').catch(() => {});
    throw e;
  }
}

const withStorage = (storage: Record<string, string> | undefined): { storage?: Record<string, string> } => (storage ? { storage } : {});

/** A partitioned table's key; a partition's parent and bound. */
function partitioningFromRow(t: TableRow): Pick<Table, 'partitionBy' | 'partitionOf'> {
  return {
    ...(t.partition_by !== null ? { partitionBy: t.partition_by } : {}),
    ...(t.parent_schema !== null && t.parent_name !== null && t.bound !== null ? { partitionOf: { schema: t.parent_schema, name: t.parent_name, bound: t.bound } } : {}),
  };
}

/** STRICT, LEAKPROOF, PARALLEL, COST, ROWS and SET, each only when not PostgreSQL's default. */
function functionAttributesFromRow(f: FunctionRow): Partial<Function> {
  const defaultCost = f.language === 'c' || f.language === 'internal' ? 1 : 100;
  return {
    ...(f.strict ? { strict: true as const } : {}),
    ...(f.leakproof ? { leakproof: true as const } : {}),
    ...(f.parallel === 's' ? { parallel: 'safe' as const } : f.parallel === 'r' ? { parallel: 'restricted' as const } : {}),
    ...(Number(f.cost) !== defaultCost ? { cost: Number(f.cost) } : {}),
    ...(f.returns_set && Number(f.rows) !== 1000 ? { rows: Number(f.rows) } : {}),
    ...(f.config.length ? { config: f.config } : {}),
  };
}

function columnFromRow(c: ColumnRow): Column {
  return {
    name: c.name,
    type: c.type,
    nullable: !c.not_null,
    ...(c.default !== null ? { default: c.default } : {}),
    ...(c.identity === 'a' ? { identity: 'always' as const } : c.identity === 'd' ? { identity: 'by_default' as const } : {}),
    ...(c.generated !== null ? { generated: c.generated } : {}),
    ...(c.virtual ? { virtual: true as const } : {}),
    ...(c.collation !== null ? { collation: c.collation } : {}),
    ...(c.comment !== null ? { comment: c.comment } : {}),
    ...(c.statistics !== null ? { statistics: c.statistics } : {}),
    ...(c.storage !== null && c.type_storage !== null ? { storage: STORAGE[c.storage]!, typeStorage: STORAGE[c.type_storage]! } : {}),
    ...(c.compression !== null ? { compression: c.compression } : {}),
    ...attributeOptions(c.options),
  };
}

/** n_distinct and n_distinct_inherited of attoptions (`name=value`, as SET (…) stored them). */
function attributeOptions(options: readonly string[] | null): Pick<Column, 'nDistinct' | 'nDistinctInherited'> {
  const o = storageFromOptions(options ?? []) ?? {};
  return { ...opt('nDistinct', o.n_distinct !== undefined ? Number(o.n_distinct) : undefined), ...opt('nDistinctInherited', o.n_distinct_inherited !== undefined ? Number(o.n_distinct_inherited) : undefined) };
}

const STORAGE: Readonly<Record<string, ColumnStorage>> = { p: 'plain', m: 'main', e: 'external', x: 'extended' };

/** REPLICA IDENTITY and CLUSTER ON; an index identity whose index is gone acts as NOTHING. */
function physicalFromRow(t: TableRow): Pick<Table, 'replicaIdentity' | 'clusterOn'> {
  const ri = t.replica_identity === 'f' ? 'full' : t.replica_identity === 'n' ? 'nothing' : t.replica_identity === 'i' ? (t.replica_index !== null ? { index: t.replica_index } : 'nothing') : undefined;
  return { ...(ri !== undefined ? { replicaIdentity: ri } : {}), ...(t.cluster_on !== null ? { clusterOn: t.cluster_on } : {}) };
}
