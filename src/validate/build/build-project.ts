/**
 * Raw merged documents → the typed `Project`: every shorthand expanded, every default of
 * docs/resource-format.md filled, every node with its `Src`. Tolerant: it never throws on a
 * document that failed validation (it then builds something, and the caller discards it).
 */
import type { RawEntry, RawProject } from '../../load/merge.js';
import type { Attribute, CollationDef, DistributionDef, ExtensionRef, FleetDef, FunctionDef, ManagedSchema, Project, Repo, Resource, SequenceDef, TypeDef, ViewDef } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { buildAttribute, buildSequenceSettings } from './attributes.js';
import {
  buildCheckConstraints,
  buildCustomIndexes,
  buildCustomStatements,
  buildIdentities,
  buildManageTenant,
  buildMultitenancy,
  buildReferences,
  buildTriggers,
  storageParameters,
} from './postgres.js';
import { bool, int, isMap, list, map, str, strList, type RawMap } from './raw.js';
import { buildPartitionKey, buildPartitions } from './partitions.js';
import { buildType } from './types.js';
import { buildAggregate } from './aggregates.js';
import { buildDefaultPrivileges, buildGrants, buildRowLevelSecurity } from './grants.js';
import { rawRelationships, RelationshipResolver, type Draft } from './relationships.js';
import { opt } from '../../util/opt.js';

const byName = <T extends { readonly name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export const DEFAULT_REPO = 'default';

function buildFleet(o: RawMap, src: RawEntry['src']): FleetDef | undefined {
  if (!isMap(o.fleet)) return undefined;
  const f = o.fleet;
  const fsrc = child(src, 'fleet');
  const targets = isMap(f.targets)
    ? Object.entries(f.targets).flatMap(([name, url]) => (typeof url === 'string' ? [{ name, url, src: child(fsrc, 'targets', name) }] : []))
    : undefined;
  const sql = str(f, 'query');
  const directory = str(f, 'directory');
  return { src: fsrc, ...opt('targets', targets), ...(sql !== undefined && directory !== undefined ? { query: { sql, directory, src: child(fsrc, 'query') } } : {}) };
}

function buildRepo(e: RawEntry): Repo {
  const o = map(e.value);
  const extensions: ExtensionRef[] = list(o, 'extensions').flatMap((x, i) => {
    const src = child(e.src, 'extensions', i);
    if (typeof x === 'string') return [{ name: x, src }];
    if (!isMap(x) || typeof x.name !== 'string') return [];
    return [{ name: x.name, src, ...opt('schema', str(x, 'schema')), ...opt('version', str(x, 'version')) }];
  });
  const tenants = str(o, 'tenants');
  const schemas: ManagedSchema[] | undefined = Array.isArray(o.schemas)
    ? list(o, 'schemas').flatMap((x, i): ManagedSchema[] => {
        const src = child(e.src, 'schemas', i);
        if (typeof x === 'string') return [{ name: x, src, object: false }];
        if (!isMap(x) || typeof x.name !== 'string') return [];
        return [{ name: x.name, src, object: true, ...opt('comment', str(x, 'comment')), ...opt('grants', buildGrants(x, src)) }];
      })
    : undefined;
  return {
    name: e.name,
    src: e.src,
    ...opt('url', str(o, 'url')),
    extensions,
    ...(tenants !== undefined ? { tenants: { sql: tenants, src: child(e.src, 'tenants') } } : {}),
    ...opt('fleet', buildFleet(o, e.src)),
    ...opt('schemas', schemas),
    ...opt('online', str(o, 'online') as Repo['online']),
    ...opt('defaultPrivileges', buildDefaultPrivileges(o, e.src)),
    ...(isMap(o.citus) ? { citus: { src: child(e.src, 'citus'), schemaBasedSharding: bool(o.citus, 'schema_based_sharding') ?? false } } : {}),
  };
}

function buildFunction(e: RawEntry): FunctionDef {
  const o = map(e.value);
  const volatility = str(o, 'volatility');
  const parallel = str(o, 'parallel');
  return {
    key: e.name,
    name: str(o, 'name') ?? e.name,
    src: e.src,
    procedure: bool(o, 'procedure') ?? false,
    schema: str(o, 'schema') ?? 'public',
    arguments: str(o, 'arguments') ?? '',
    returns: str(o, 'returns') ?? '',
    language: str(o, 'language') ?? 'plpgsql',
    body: { sql: str(o, 'body') ?? '', src: child(e.src, 'body') },
    verbatim: bool(o, 'verbatim') ?? false,
    sqlBody: bool(o, 'sql_body') ?? false,
    volatility: volatility === 'stable' || volatility === 'immutable' ? volatility : 'volatile',
    security: str(o, 'security') === 'definer' ? 'definer' : 'invoker',
    strict: bool(o, 'strict') ?? false,
    leakproof: bool(o, 'leakproof') ?? false,
    parallel: parallel === 'safe' || parallel === 'restricted' ? parallel : 'unsafe',
    ...opt('cost', typeof o.cost === 'number' ? o.cost : undefined),
    ...opt('rows', typeof o.rows === 'number' ? o.rows : undefined),
    config: Object.entries(map(o.set)).flatMap(([k, v]) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [[k, String(v)] as const] : [])),
    ...opt('description', str(o, 'description')),
    ...opt('grants', buildGrants(o, e.src)),
  };
}

function buildSequence(e: RawEntry): SequenceDef {
  const o = map(e.value);
  return {
    ...(buildSequenceSettings(o, e.src) ?? { src: e.src }),
    name: str(o, 'name') ?? e.name,
    schema: str(o, 'schema') ?? 'public',
    ...opt('as', str(o, 'as')),
    ...opt('ownedBy', str(o, 'owned_by')),
    ...opt('description', str(o, 'description')),
    ...opt('grants', buildGrants(o, e.src)),
  };
}

function buildCollation(e: RawEntry): CollationDef {
  const o = map(e.value);
  return {
    name: str(o, 'name') ?? e.name,
    src: e.src,
    schema: str(o, 'schema') ?? 'public',
    ...opt('provider', str(o, 'provider')),
    ...opt('locale', str(o, 'locale')),
    ...opt('lcCollate', str(o, 'lc_collate')),
    ...opt('lcCtype', str(o, 'lc_ctype')),
    ...opt('deterministic', bool(o, 'deterministic')),
    ...opt('rules', str(o, 'rules')),
    ...opt('description', str(o, 'description')),
  };
}

function buildView(e: RawEntry): ViewDef {
  const o = map(e.value);
  const check = str(o, 'check_option');
  const checkOption: ViewDef['checkOption'] = check === 'local' || check === 'cascaded' ? check : undefined;
  return {
    name: str(o, 'name') ?? e.name,
    src: e.src,
    schema: str(o, 'schema') ?? 'public',
    sql: { sql: str(o, 'sql') ?? '', src: child(e.src, 'sql') },
    materialized: bool(o, 'materialized') ?? false,
    ...opt('checkOption', checkOption),
    securityBarrier: bool(o, 'security_barrier') ?? false,
    securityInvoker: bool(o, 'security_invoker') ?? false,
    ...opt('description', str(o, 'description')),
    columnDescriptions: Object.entries(map(o.column_descriptions)).flatMap(([column, text]) => (typeof text === 'string' ? [{ column, text, src: child(e.src, 'column_descriptions', column) }] : [])),
    indexes: buildCustomIndexes(o, e.src, new Set(), 'indexes'),
    triggers: buildTriggers(o, e.src),
    withData: bool(o, 'with_data') ?? true,
    ...opt('storageParameters', storageParameters(o.storage_parameters)),
    ...opt('grants', buildGrants(o, e.src)),
  };
}

function draft(e: RawEntry): Draft {
  const o = map(e.value);
  const declared = Object.entries(map(o.attributes)).map(([name, v]) => buildAttribute(name, v, child(e.src, 'attributes', name)));
  const keyOrder = strList(map(o.postgres), 'primary_key_order');
  return { name: e.name, src: e.src, declared, rels: rawRelationships(o, e.src), ...(keyOrder ? { primaryKeyOrder: keyOrder } : {}) };
}

function splitRenamedFrom(v: string | undefined): Resource['renamedFrom'] {
  if (v === undefined) return undefined;
  const dot = v.indexOf('.');
  return dot < 0 ? { table: v } : { schema: v.slice(0, dot), table: v.slice(dot + 1) };
}

function buildDistribution(pg: RawMap, pgSrc: Src): DistributionDef | undefined {
  if (!isMap(pg.distribution)) return undefined;
  const d = pg.distribution;
  const column = str(d, 'column');
  if (column === undefined) return undefined;
  return { src: child(pgSrc, 'distribution'), column, colocateWith: str(d, 'colocate_with') ?? 'default', ...opt('shardCount', int(d, 'shard_count')) };
}

/** `inherits:` the parents' resource names, in order; undefined when none. */
function buildInherits(pg: RawMap, pgSrc: Src): Resource['inherits'] {
  const parents = list(pg, 'inherits').flatMap((n, i) => (typeof n === 'string' ? [{ name: n, src: child(pgSrc, 'inherits', i) }] : []));
  return parents.length ? parents : undefined;
}

function buildResource(e: RawEntry, d: Draft, resolver: RelationshipResolver): Resource {
  const o = map(e.value);
  const pgSrc = child(e.src, 'postgres');
  const pg: RawMap = map(o.postgres);
  const relationships = resolver.relationships(d);
  // A belongs_to with primary_key and define_attribute: false makes its declared columns the key.
  const keyed = new Set(relationships.filter((r) => r.type === 'belongs_to' && r.primaryKey && !r.defineAttribute).flatMap((r) => r.sourceAttributes));
  const declared: Attribute[] = d.declared.map((a) => (keyed.has(a.name) && !a.primaryKey ? { ...a, primaryKey: true, allowNil: bool(map(map(o.attributes)[a.name]), 'allow_nil') ?? false } : a));
  const attributes = [...declared, ...resolver.addedColumns(d)];
  const description = str(o, 'description');
  const multitenancy = buildMultitenancy(o, e.src);
  const manageTenant = buildManageTenant(pg, pgSrc, new Set(attributes.map((a) => a.name)));
  const comment = str(pg, 'comment') ?? description;
  const attributeNames = new Set(attributes.map((a) => a.name));
  return {
    name: e.name,
    src: e.src,
    ...opt('description', description),
    table: str(pg, 'table') ?? '',
    schema: str(pg, 'schema') ?? 'public',
    repo: str(pg, 'repo') ?? DEFAULT_REPO,
    migrate: bool(pg, 'migrate') ?? true,
    unlogged: bool(pg, 'unlogged') ?? false,
    ...opt('storageParameters', storageParameters(pg.storage_parameters)),
    ...opt('distribution', buildDistribution(pg, pgSrc)),
    ...(bool(pg, 'reference') ? { reference: { src: child(pgSrc, 'reference') } } : {}),
    ...opt('renamedFrom', splitRenamedFrom(str(pg, 'renamed_from'))),
    ...opt('comment', comment),
    ...opt('primaryKeyName', str(pg, 'primary_key_name')),
    ...opt('primaryKeyWithoutOverlaps', pg.primary_key_without_overlaps === true ? (true as const) : undefined),
    ...opt('primaryKeyInclude', strList(pg, 'primary_key_include')),
    ...opt('primaryKeyComment', str(pg, 'primary_key_comment')),
    ...opt('primaryKeyDeferrable', pg.primary_key_deferrable === 'initially' ? ('initially' as const) : pg.primary_key_deferrable === true ? (true as const) : undefined),
    ...opt('primaryKeyOrder', strList(pg, 'primary_key_order')),
    attributes,
    relationships,
    identities: buildIdentities(o, e.src),
    references: buildReferences(pg, pgSrc, relationships),
    checkConstraints: buildCheckConstraints(pg, pgSrc),
    customIndexes: buildCustomIndexes(pg, pgSrc, new Set(attributes.map((a) => a.name))),
    triggers: buildTriggers(pg, pgSrc),
    customStatements: buildCustomStatements(pg, pgSrc),
    ...opt('multitenancy', multitenancy),
    ...opt('manageTenant', manageTenant),
    ...opt('partitionBy', buildPartitionKey(pg, pgSrc, attributeNames)),
    partitions: buildPartitions(pg, pgSrc, attributeNames),
    ...opt('inherits', buildInherits(pg, pgSrc)),
    ...opt('grants', buildGrants(pg, pgSrc)),
    ...opt('rowLevelSecurity', buildRowLevelSecurity(pg, pgSrc)),
    ...opt('replicaIdentity', buildReplicaIdentity(pg, pgSrc)),
    ...opt('clusterOn', typeof pg.cluster_on === 'string' ? { index: pg.cluster_on, src: child(pgSrc, 'cluster_on') } : undefined),
  };
}

/** `replica_identity`: `full`, `nothing`, `{index: name}`; `default` is no setting. */
function buildReplicaIdentity(pg: RawMap, pgSrc: Src): Resource['replicaIdentity'] {
  const v = pg.replica_identity;
  const src = child(pgSrc, 'replica_identity');
  if (v === 'full' || v === 'nothing') return { value: v, src };
  if (isMap(v) && typeof v.index === 'string') return { value: { index: v.index }, src: child(src, 'index') };
  return undefined;
}

export function buildProject(raw: RawProject): Project {
  const drafts = new Map<string, Draft>();
  for (const e of raw.resources) drafts.set(e.name, draft(e));
  const resolver = new RelationshipResolver(drafts);
  const resources = raw.resources.map((e) => buildResource(e, drafts.get(e.name)!, resolver)).sort(byName);
  const repos = raw.repos.map(buildRepo);
  if (!repos.some((r) => r.name === DEFAULT_REPO)) repos.push({ name: DEFAULT_REPO, extensions: [] });
  return {
    files: raw.files,
    repos: repos.sort(byName),
    resources,
    functions: raw.functions.map(buildFunction).sort(byName),
    sequences: raw.sequences.map(buildSequence).sort(byName),
    types: raw.types.map(buildType).sort(byName),
    collations: (raw.collations ?? []).map(buildCollation).sort(byName),
    views: (raw.views ?? []).map(buildView).sort(byName),
    aggregates: (raw.aggregates ?? []).map(buildAggregate).sort(byName),
  };
}
