/**
 * The typed resource model: what `validate` produces from the user's files and `compile`
 * reads. Shorthands are expanded and defaults filled in, so a consumer never looks at the
 * raw YAML. Every node keeps the `Src` it came from, for messages. Plain readonly data.
 *
 * The format itself is described for users in docs/resource-format.md and, key by key, in
 * schema/pgdecl.schema.json.
 */
import type { Src } from './source.js';
import type { TriggerFiring } from '../ir/catalog.js';
import type { DefaultPrivilegesDef, RoleGrant, RowLevelSecurityDef } from './privileges.js';

export type { DefaultPrivilegesDef, PolicyDef, PrivilegeSet, RoleGrant, RowLevelSecurityDef } from './privileges.js';

/** Scalar type names (docs/resource-format.md, "Types"). */
export const SCALAR_TYPES = [
  'integer',
  'string',
  'atom',
  'ci_string',
  'uuid',
  'uuid_v7',
  'boolean',
  'float',
  'decimal',
  'date',
  'time',
  'time_usec',
  'utc_datetime',
  'utc_datetime_usec',
  'naive_datetime',
  'naive_datetime_usec',
  'datetime',
  'timestamptz',
  'timestamptz_usec',
  'map',
  'keyword',
  'struct',
  'union',
  'tuple',
  'binary',
  'term',
  'duration',
  'ltree',
  'tsvector',
  'tsquery',
] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];

/** Scalar types that may be the element of `{range: T}`. */
export const RANGE_ELEMENT_TYPES = [
  'integer',
  'decimal',
  'date',
  'utc_datetime_usec',
  'naive_datetime_usec',
  'datetime',
  'timestamptz_usec',
] as const;
export type RangeElementType = (typeof RANGE_ELEMENT_TYPES)[number];

export const ATTRIBUTE_MACROS = [
  'uuid_primary_key',
  'uuid_v7_primary_key',
  'integer_primary_key',
  'create_timestamp',
  'update_timestamp',
] as const;
export type AttributeMacro = (typeof ATTRIBUTE_MACROS)[number];

export type AttrType =
  | { readonly kind: 'scalar'; readonly name: ScalarType }
  | { readonly kind: 'array'; readonly of: AttrType }
  | { readonly kind: 'range'; readonly of: RangeElementType }
  /** A type the files declare under `types:` (`{enum: mood}`, `{domain: email}`, `{composite: address}`). */
  | { readonly kind: 'declared'; readonly family: DeclaredTypeFamily; readonly name: string };

/** The families of `types:`, as an attribute type names them. */
export const DECLARED_TYPE_FAMILIES = ['enum', 'domain', 'composite'] as const;
export type DeclaredTypeFamily = (typeof DECLARED_TYPE_FAMILIES)[number];

/** A JSON literal as written in the file. */
export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [k: string]: Literal };

export type AttrDefault =
  | { readonly kind: 'literal'; readonly value: Literal; readonly src: Src }
  | { readonly kind: 'sql'; readonly sql: string; readonly src: Src };

export interface AttrConstraints {
  readonly oneOf?: readonly (string | number)[];
  readonly min?: number | string;
  readonly max?: number | string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A POSIX regular expression (`~` operator). */
  readonly match?: string;
  readonly precision?: number;
  readonly scale?: number;
  readonly src: Src;
}

/**
 * Options of a sequence as written (`sequence:` on a serial or identity attribute, or an entry
 * of `sequences:`). Numbers are kept as decimal text: bigint bounds do not fit a JSON number.
 */
export interface SequenceSettings {
  readonly start?: string;
  readonly increment?: string;
  readonly minValue?: string;
  readonly maxValue?: string;
  readonly cache?: string;
  readonly cycle?: boolean;
  /** An identity column's sequence name (`sequence: {name}` of an attribute). */
  readonly name?: string;
  readonly src: Src;
}

interface TypeDefBase {
  readonly name: string;
  readonly src: Src;
  readonly schema: string;
  readonly description?: string;
  /** `grants:` privileges on the type. */
  readonly grants?: readonly RoleGrant[];
}

/** An entry of `views:`: a view or a materialized view. */
export interface ViewDef {
  readonly name: string;
  readonly src: Src;
  readonly schema: string;
  /** The SELECT (`sql:`). */
  readonly sql: { readonly sql: string; readonly src: Src };
  readonly materialized: boolean;
  readonly checkOption?: 'local' | 'cascaded';
  readonly securityBarrier: boolean;
  readonly securityInvoker: boolean;
  readonly description?: string;
  /** `column_descriptions:`, column → comment, in file order. */
  readonly columnDescriptions: readonly { readonly column: string; readonly text: string; readonly src: Src }[];
  /** A materialized view's `indexes:` (the shape of `custom_indexes`). */
  readonly indexes: readonly CustomIndex[];
  /** A view's `triggers:`: INSTEAD OF (for each row), or BEFORE/AFTER for each statement. */
  readonly triggers: readonly TriggerDef[];
  /** `with_data: false`: CREATE MATERIALIZED VIEW … WITH NO DATA. */
  readonly withData: boolean;
  /** A materialized view's `storage_parameters:`, values as written; absent: its own are left as they are. */
  readonly storageParameters?: Readonly<Record<string, string>>;
  /** `grants:` privileges on the view and its columns. */
  readonly grants?: readonly RoleGrant[];
}

/** A type as SQL spells it (`varchar(80)`, `mood[]`), where the file says it. */
export interface SqlTypeRef {
  readonly sql: string;
  readonly src: Src;
}

/** An entry of `types:`: an enum type. */
export interface EnumTypeDef extends TypeDefBase {
  readonly kind: 'enum';
  readonly values: readonly { readonly name: string; readonly renamedFrom?: string; readonly src: Src }[];
}

/** An entry of `types:`: a domain. */
export interface DomainTypeDef extends TypeDefBase {
  readonly kind: 'domain';
  readonly base: SqlTypeRef;
  /** An SQL expression. */
  readonly default?: { readonly sql: string; readonly src: Src };
  readonly notNull: boolean;
  readonly collation?: string;
  readonly checks: readonly { readonly name: string; readonly sql: string; readonly src: Src }[];
}

/** An entry of `types:`: a composite type. */
export interface CompositeTypeDef extends TypeDefBase {
  readonly kind: 'composite';
  readonly attributes: readonly { readonly name: string; readonly type: SqlTypeRef; readonly collation?: string; readonly description?: string; readonly src: Src }[];
}

/** An entry of `types:`: a range type (`range:` its subtype). */
export interface RangeTypeDef extends TypeDefBase {
  readonly kind: 'range';
  readonly subtype: SqlTypeRef;
  readonly subtypeOpclass?: string;
  readonly collation?: string;
  readonly canonical?: string;
  readonly subtypeDiff?: string;
  /** `multirange:` the multirange type's name (default: PostgreSQL's). */
  readonly multirange?: string;
}

export type TypeDef = EnumTypeDef | DomainTypeDef | CompositeTypeDef | RangeTypeDef;

/** An entry of `collations:`. */
export interface CollationDef {
  readonly name: string;
  readonly src: Src;
  readonly schema: string;
  /** As written; validation accepts libc, icu and builtin (default libc). */
  readonly provider?: string;
  readonly locale?: string;
  readonly lcCollate?: string;
  readonly lcCtype?: string;
  readonly deterministic?: boolean;
  readonly rules?: string;
  readonly description?: string;
}

/** An entry of `sequences:`. */
export interface SequenceDef extends SequenceSettings {
  readonly name: string;
  readonly schema: string;
  /** `AS`: smallint, integer or bigint (the default). */
  readonly as?: string;
  /** `table.column` in the sequence's schema. */
  readonly ownedBy?: string;
  readonly description?: string;
  /** `grants:` privileges on the sequence. */
  readonly grants?: readonly RoleGrant[];
}

export interface Attribute {
  readonly name: string;
  readonly src: Src;
  readonly type: AttrType;
  /** The macro the attribute was written as, if any. */
  readonly macro?: AttributeMacro;
  readonly allowNil: boolean;
  readonly primaryKey: boolean;
  readonly default?: AttrDefault;
  readonly constraints: AttrConstraints;
  /** Exact SQL type overriding `type` (e.g. `varchar(16)`). */
  readonly postgresType?: { readonly sql: string; readonly src: Src };
  readonly identity?: 'always' | 'by_default';
  /** The options of the sequence behind an identity or serial column. */
  readonly sequence?: SequenceSettings;
  /** `generated: {sql, virtual}`: GENERATED ALWAYS AS (sql) STORED, or VIRTUAL (PostgreSQL 18). */
  readonly generated?: { readonly sql: string; readonly src: Src; readonly virtual?: true };
  /** `COLLATE`: the column's collation when it is not its type's. */
  readonly collation?: string;
  readonly renamedFrom?: string;
  readonly description?: string;
  /** `statistics`: the column's statistics target (SET STATISTICS). */
  readonly statistics?: number;
  /** `storage`: SET STORAGE (plain, main, external, extended). */
  readonly storage?: 'plain' | 'main' | 'external' | 'extended';
  /** `compression`: SET COMPRESSION (pglz or lz4). */
  readonly compression?: 'pglz' | 'lz4';
  /** `n_distinct`: the planner's count of distinct values (SET (n_distinct = …)); from -1 to 0, a fraction of the rows. */
  readonly nDistinct?: number;
  /** `n_distinct_inherited`: the same for the table with its partitions or inheritance children. */
  readonly nDistinctInherited?: number;
  /** Added by a belongs_to relationship rather than written in `attributes`. */
  readonly fromRelationship?: string;
}

export type RelationshipType = 'belongs_to' | 'has_one' | 'has_many' | 'many_to_many';

export interface Relationship {
  readonly name: string;
  readonly src: Src;
  readonly type: RelationshipType;
  readonly destination: string;
  readonly allowNil: boolean;
  readonly primaryKey: boolean;
  /** belongs_to: the local column(s); has_*: the local key. */
  readonly sourceAttributes: readonly string[];
  /** belongs_to: the destination key column(s); has_*: the destination's foreign key. */
  readonly destinationAttributes: readonly string[];
  readonly attributeType?: AttrType;
  readonly defineAttribute: boolean;
  readonly through?: string;
  readonly sourceAttributeOnJoinResource?: string;
  readonly destinationAttributeOnJoinResource?: string;
  readonly manual: boolean;
  readonly description?: string;
}

export interface Identity {
  readonly name: string;
  readonly src: Src;
  readonly keys: readonly string[];
  readonly where?: { readonly sql: string; readonly src: Src };
  readonly nilsDistinct: boolean;
  readonly allTenants: boolean;
  readonly message?: string;
}

export type OnDelete =
  | { readonly action: 'nothing' | 'restrict' | 'delete' | 'nilify' | 'set_default' }
  | { readonly action: 'nilify_columns'; readonly columns: readonly string[] };
export type OnUpdate = 'nothing' | 'restrict' | 'update' | 'nilify' | 'set_default';

export interface Reference {
  /** The belongs_to relationship it configures. */
  readonly relationship: string;
  readonly src: Src;
  readonly onDelete: OnDelete;
  readonly onUpdate: OnUpdate;
  readonly name?: string;
  readonly deferrable: false | true | 'initially';
  readonly initiallyDeferred: boolean;
  readonly matchType: 'simple' | 'full';
  /** Extra (local column → destination column) pairs. */
  readonly matchWith: readonly (readonly [string, string])[];
  /** Between two attribute-tenant resources: the tenant column joins the key, `(tenant, col) → (tenant, key)`. */
  readonly matchTenant: boolean;
  readonly index: boolean;
  readonly indexWhere?: { readonly sql: string; readonly src: Src };
  readonly ignore: boolean;
  /** NOT VALID: added without checking the rows already there, and not validated by plans. */
  readonly notValid: boolean;
  /** `enforced: false`: NOT ENFORCED (PostgreSQL 18). */
  readonly notEnforced: boolean;
  /** `period: true`: PERIOD on the last column of both sides (PostgreSQL 18). */
  readonly period: boolean;
  /** COMMENT ON CONSTRAINT of the foreign key. */
  readonly comment?: string;
}

export interface CheckConstraint {
  readonly name: string;
  readonly src: Src;
  readonly check: { readonly sql: string; readonly src: Src };
  readonly attributes: readonly string[];
  readonly message?: string;
  /** NO INHERIT. */
  readonly noInherit: boolean;
  /** NOT VALID: added without checking the rows already there, and not validated by plans. */
  readonly notValid: boolean;
  /** `enforced: false`: NOT ENFORCED (PostgreSQL 18). */
  readonly notEnforced: boolean;
  /** COMMENT ON CONSTRAINT. */
  readonly comment?: string;
}

/** Where NULLs sort, and the collation, when a field says so (`{asc: name, nulls: first, collation: C}`). */
export interface IndexFieldOptions {
  readonly nulls?: 'first' | 'last';
  readonly collation?: string;
}

export type IndexField =
  | ({ readonly kind: 'column'; readonly column: string; readonly order: 'asc' | 'desc'; readonly src: Src } & IndexFieldOptions)
  | ({ readonly kind: 'expression'; readonly sql: string; readonly order: 'asc' | 'desc'; readonly src: Src } & IndexFieldOptions);

export interface CustomIndex {
  readonly src: Src;
  readonly fields: readonly IndexField[];
  readonly name?: string;
  readonly unique: boolean;
  readonly using?: string;
  /** An opclass for every field, or per field (by column name or expression text). */
  readonly opclass?: string | { readonly [field: string]: string };
  readonly where?: { readonly sql: string; readonly src: Src };
  readonly include: readonly string[];
  readonly nullsDistinct: boolean;
  readonly concurrently: boolean;
  readonly allTenants: boolean;
  readonly message?: string;
  /** A UNIQUE table constraint rather than a unique index. */
  readonly constraint: boolean;
  /**
   * An exclusion constraint: the operator for every field (positional), or per field (by
   * column name or expression text). `EXCLUDE USING <using> (field WITH operator, ...)`.
   */
  readonly exclude?: readonly string[] | { readonly [field: string]: string };
  /** The constraint's DEFERRABLE: `initially` is DEFERRABLE INITIALLY DEFERRED. */
  readonly deferrable: false | true | 'initially';
  readonly initiallyDeferred: boolean;
  /** COMMENT ON INDEX (or ON CONSTRAINT, for a constraint). */
  readonly comment?: string;
  /** `with:` storage parameters (WITH (fillfactor = 90), an hnsw index's m and ef_construction), values as written. */
  readonly storage?: Readonly<Record<string, string>>;
}

export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate';

export interface TriggerDef {
  readonly name: string;
  readonly src: Src;
  /** `enabled:` false, `replica` or `always`; absent: true (fires as created). */
  readonly firing?: TriggerFiring;
  readonly timing: 'before' | 'after' | 'instead_of';
  readonly events: readonly TriggerEvent[];
  readonly updateOf: readonly string[];
  readonly forEach: 'row' | 'statement';
  /** A key of `functions`, or `schema.name`. */
  readonly function: string;
  readonly arguments: readonly string[];
  readonly when?: { readonly sql: string; readonly src: Src };
  /** CREATE CONSTRAINT TRIGGER; `deferrable: initially` is DEFERRABLE INITIALLY DEFERRED. */
  readonly constraint: boolean;
  readonly deferrable: false | true | 'initially';
  /**
   * REFERENCING OLD TABLE AS … NEW TABLE AS …: the rows the statement changed, before and
   * after, as tables the function can read (an AFTER trigger of one event).
   */
  readonly referencing?: { readonly oldTable?: string; readonly newTable?: string; readonly src: Src };
  /** COMMENT ON TRIGGER. */
  readonly comment?: string;
}

export interface CustomStatement {
  readonly name: string;
  readonly src: Src;
  readonly up: { readonly sql: string; readonly src: Src };
  readonly down: { readonly sql: string; readonly src: Src };
  readonly afterTables: readonly string[];
}

export interface Multitenancy {
  readonly src: Src;
  readonly strategy: 'context' | 'attribute';
  readonly attribute?: string;
  readonly global: boolean;
  readonly rowLevelSecurity: boolean;
}

export type TemplatePart = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'attribute'; readonly name: string };

export interface ManageTenant {
  readonly src: Src;
  readonly template: readonly TemplatePart[];
  readonly create: boolean;
  readonly update: boolean;
}

/** `partition_by`: how a partitioned table splits its rows. */
export interface PartitionKey {
  readonly src: Src;
  readonly strategy: 'range' | 'list' | 'hash';
  /** Columns (bare names of attributes) or SQL expressions, in key order. */
  readonly keys: readonly ({ readonly kind: 'column'; readonly column: string; readonly src: Src } | { readonly kind: 'expression'; readonly sql: string; readonly src: Src })[];
}

/** One value of a partition bound as written: `MINVALUE` and `MAXVALUE` are the keywords. */
export type BoundValue = string | number | boolean | null;

export type PartitionBound =
  | { readonly kind: 'range'; readonly from: readonly BoundValue[]; readonly to: readonly BoundValue[] }
  | { readonly kind: 'list'; readonly values: readonly BoundValue[] }
  | { readonly kind: 'hash'; readonly modulus: number; readonly remainder: number }
  | { readonly kind: 'default' }
  /** Written without a bound: only valid with `detached`. */
  | { readonly kind: 'none' };

/** An entry of `partitions:`: a partition (a table of its own) of the resource's table. */
export interface PartitionDef {
  readonly name: string;
  readonly src: Src;
  readonly bound: PartitionBound;
  readonly comment?: string;
  /** Kept detached: a plan detaches it and leaves the table alone. */
  readonly detached: boolean;
  /** A partition that is itself partitioned. */
  readonly partitionBy?: PartitionKey;
  readonly partitions: readonly PartitionDef[];
  /** `custom_indexes:` of this partition alone (the partitioned table's are on every partition). */
  readonly customIndexes: readonly CustomIndex[];
  /** `check_constraints:` of this partition alone (the partitioned table's are on every partition). */
  readonly checkConstraints: readonly CheckConstraint[];
  /** `triggers:` on this partition alone (the partitioned table's reach every partition). */
  readonly triggers: readonly TriggerDef[];
  /** `grants:` privileges on this partition and its columns (the partitioned table's do not reach it). */
  readonly grants?: readonly RoleGrant[];
  /** `column_defaults:` of this partition alone, by attribute; `default` absent: none (while the parent has one). */
  readonly columnDefaults: readonly PartitionColumnDefault[];
  /** `foreign_keys:` of this partition alone (the partitioned table's reach every partition). */
  readonly foreignKeys: readonly PartitionForeignKey[];
}

/** A partition's own foreign key: its columns, the destination resource and its columns, and the options of a reference. */
export interface PartitionForeignKey {
  readonly src: Src;
  readonly fields: readonly string[];
  readonly destination: string;
  readonly destinationFields: readonly string[];
  readonly options: Reference;
}

export interface PartitionColumnDefault {
  readonly attribute: string;
  readonly default?: AttrDefault;
  readonly src: Src;
}

export interface Resource {
  readonly name: string;
  readonly src: Src;
  readonly description?: string;
  readonly table: string;
  readonly schema: string;
  readonly repo: string;
  readonly migrate: boolean;
  /** `postgres.unlogged`: CREATE UNLOGGED TABLE. */
  readonly unlogged: boolean;
  /** `postgres.storage_parameters`, values as written; absent: the table's are left as they are. */
  readonly storageParameters?: Readonly<Record<string, string>>;
  /** `postgres.distribution`: a Citus distributed table. */
  readonly distribution?: DistributionDef;
  /** `postgres.reference: true`: a Citus reference table (a copy on every node). */
  readonly reference?: { readonly src: Src };
  readonly renamedFrom?: { readonly schema?: string; readonly table: string };
  readonly comment?: string;
  /** The primary-key constraint's name; undefined: `<table>_pkey`. */
  readonly primaryKeyName?: string;
  /** `postgres.primary_key_deferrable`: DEFERRABLE (`initially`: INITIALLY DEFERRED); undefined: not deferrable. */
  readonly primaryKeyDeferrable?: true | 'initially';
  /** `postgres.primary_key_order`: the key's columns in key order; undefined: attribute order. */
  readonly primaryKeyOrder?: readonly string[];
  /** `postgres.primary_key_without_overlaps`: the key's last column WITHOUT OVERLAPS (PostgreSQL 18). */
  readonly primaryKeyWithoutOverlaps?: true;
  /** `postgres.primary_key_include`: attributes the key's index holds beside the key (INCLUDE). */
  readonly primaryKeyInclude?: readonly string[];
  /** `postgres.primary_key_comment`: COMMENT ON CONSTRAINT of the key. */
  readonly primaryKeyComment?: string;
  /** Declared attributes, then the columns belongs_to relationships add, in file order. */
  readonly attributes: readonly Attribute[];
  readonly relationships: readonly Relationship[];
  readonly identities: readonly Identity[];
  readonly references: readonly Reference[];
  readonly checkConstraints: readonly CheckConstraint[];
  readonly customIndexes: readonly CustomIndex[];
  readonly triggers: readonly TriggerDef[];
  readonly customStatements: readonly CustomStatement[];
  readonly multitenancy?: Multitenancy;
  readonly manageTenant?: ManageTenant;
  /** `postgres.partition_by`: a partitioned table. */
  readonly partitionBy?: PartitionKey;
  /** `postgres.partitions`, in file order; absent in resources built before partitions existed. */
  readonly partitions?: readonly PartitionDef[];
  /**
   * `postgres.inherits`: the resources whose tables this one inherits from (CREATE TABLE …
   * INHERITS), in order. Absent: none.
   */
  readonly inherits?: readonly { readonly name: string; readonly src: Src }[];
  /** `postgres.grants`: table and column privileges. */
  readonly grants?: readonly RoleGrant[];
  /** `postgres.row_level_security`: ENABLE / FORCE and policies. */
  readonly rowLevelSecurity?: RowLevelSecurityDef;
  /** `postgres.replica_identity`; absent or `default`: REPLICA IDENTITY DEFAULT. */
  readonly replicaIdentity?: { readonly value: 'full' | 'nothing' | { readonly index: string }; readonly src: Src };
  /** `postgres.cluster_on`: the index CLUSTER orders the table by. */
  readonly clusterOn?: { readonly index: string; readonly src: Src };
}

export interface ExtensionRef {
  readonly name: string;
  readonly schema?: string;
  readonly version?: string;
  readonly src: Src;
}

export interface Repo {
  readonly name: string;
  readonly src?: Src;
  /** After interpolation; undefined or '' means the embedded database. */
  readonly url?: string;
  readonly extensions: readonly ExtensionRef[];
  readonly tenants?: { readonly sql: string; readonly src: Src };
  /** `fleet:` several databases that share these files (after interpolation). */
  readonly fleet?: FleetDef;
  /**
   * `schemas:` the schemas this repo manages, all of them: what they hold and the files do not
   * declare is dropped. Undefined: the schemas the files name are managed.
   */
  readonly schemas?: readonly ManagedSchema[];
  /** `online:` how plans change existing tables (default `never`). */
  readonly online?: OnlineSetting;
  /** `default_privileges:` ALTER DEFAULT PRIVILEGES entries. */
  readonly defaultPrivileges?: readonly DefaultPrivilegesDef[];
  /** `citus:` Citus settings of the database. */
  readonly citus?: CitusSettings;
}

/** `repos.<name>.citus`. */
export interface CitusSettings {
  readonly src: Src;
  /** `schema_based_sharding: true`: every tenant schema is a Citus distributed schema. */
  readonly schemaBasedSharding: boolean;
}

/** `postgres.distribution`: `create_distributed_table` on `column`. */
export interface DistributionDef {
  readonly src: Src;
  readonly column: string;
  /** A resource name, `none` (a group of its own) or `default` (Citus's default group). */
  readonly colocateWith: string;
  readonly shardCount?: number;
}

/** `fleet:` named URLs, or a query run on a directory database that lists them. */
export interface FleetDef {
  readonly src: Src;
  readonly targets?: readonly { readonly name: string; readonly url: string; readonly src: Src }[];
  readonly query?: { readonly sql: string; readonly directory: string; readonly src: Src };
}

export type OnlineSetting = 'never' | 'always' | 'tables_with_rows';

export interface ManagedSchema {
  readonly name: string;
  readonly comment?: string;
  /** Written as `{name, comment}`: the comment is declared even for `public`. */
  readonly object: boolean;
  readonly src: Src;
  /** `grants:` privileges on the schema. */
  readonly grants?: readonly RoleGrant[];
}

export interface FunctionDef {
  /** Its key under `functions:` (what triggers name). */
  readonly key: string;
  /** The name in the database: `name:`, or the key. Overloads are two keys with one name. */
  readonly name: string;
  readonly src: Src;
  /** CREATE PROCEDURE: no `returns`, called with CALL. */
  readonly procedure: boolean;
  readonly schema: string;
  readonly arguments: string;
  readonly returns: string;
  readonly language: string;
  readonly body: { readonly sql: string; readonly src: Src };
  /** The body is used exactly as written, not trimmed onto lines of its own. */
  readonly verbatim?: boolean;
  /** `sql_body: true`: an SQL-standard body (`BEGIN ATOMIC … END` or `RETURN …`), written without dollar quotes. */
  readonly sqlBody?: boolean;
  readonly volatility: 'volatile' | 'stable' | 'immutable';
  readonly security: 'invoker' | 'definer';
  readonly strict: boolean;
  readonly leakproof: boolean;
  readonly parallel: 'unsafe' | 'restricted' | 'safe';
  readonly cost?: number;
  readonly rows?: number;
  /** `set:` configuration parameters set while the function runs, name → value, in file order. */
  readonly config: readonly (readonly [string, string])[];
  readonly description?: string;
  /** `grants:` privileges on the function. */
  readonly grants?: readonly RoleGrant[];
}

/** An entry of `aggregates:` (CREATE AGGREGATE): an ordinary aggregate over a state-transition function. */
export interface AggregateDef {
  /** Its key under `aggregates:`. */
  readonly key: string;
  /** The name in the database: `name:`, or the key. Overloads are two keys with one name. */
  readonly name: string;
  readonly src: Src;
  readonly schema: string;
  /** The argument types as written (`numeric`, `x integer`); `*` for none. */
  readonly arguments: string;
  readonly sfunc: string;
  readonly stype: SqlTypeRef;
  readonly sspace?: number;
  readonly finalfunc?: string;
  readonly finalfuncExtra: boolean;
  readonly finalfuncModify?: 'read_only' | 'shareable' | 'read_write';
  readonly combinefunc?: string;
  readonly serialfunc?: string;
  readonly deserialfunc?: string;
  readonly initcond?: string;
  readonly msfunc?: string;
  readonly minvfunc?: string;
  readonly mstype?: SqlTypeRef;
  readonly msspace?: number;
  readonly mfinalfunc?: string;
  readonly mfinalfuncExtra: boolean;
  readonly mfinalfuncModify?: 'read_only' | 'shareable' | 'read_write';
  readonly minitcond?: string;
  readonly sortop?: string;
  readonly parallel: 'unsafe' | 'restricted' | 'safe';
  readonly description?: string;
  /** `grants:` privileges on the aggregate (EXECUTE, as on functions). */
  readonly grants?: readonly RoleGrant[];
}

/** The whole validated project. Resources and functions are sorted by name. */
export interface Project {
  readonly files: readonly string[];
  readonly repos: readonly Repo[];
  readonly resources: readonly Resource[];
  readonly functions: readonly FunctionDef[];
  /** `sequences:`, sorted by name; absent in projects built before sequences existed. */
  readonly sequences?: readonly SequenceDef[];
  /** `types:`, sorted by name. */
  readonly types?: readonly TypeDef[];
  /** `collations:`, sorted by name. */
  readonly collations?: readonly CollationDef[];
  /** `views:`, sorted by name. */
  readonly views?: readonly ViewDef[];
  /** `aggregates:`, sorted by name; absent in projects built before aggregates existed. */
  readonly aggregates?: readonly AggregateDef[];
}
