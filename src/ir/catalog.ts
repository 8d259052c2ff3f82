/**
 * The intermediate representation: what a database schema is, independent of where it
 * came from (compiled from resources, inspected from pg_catalog, or read from a snapshot).
 *
 * Rules (STYLE 1): plain readonly data keyed by name, no back-pointers, first-class fields
 * for PostgreSQL features, deterministic order (see `canonical.ts`), spellings as PostgreSQL
 * prints them (`format_type`, `pg_get_expr`, `pg_get_constraintdef`). Two catalogs of the
 * same schema compare equal with `catalogEquals` whatever their origin.
 */

import type { IdentityOptions, Sequence } from './sequence.js';
import type { UserType } from './user-type.js';
import type { Collation } from './collation.js';
import type { Aggregate } from './aggregate.js';
import type { View } from './view.js';
import type { Grant } from './privilege.js';
import type { DefaultPrivileges } from './default-privileges.js';

export type { Grant, PrivilegeObjectKind } from './privilege.js';
export type { DefaultObjects, DefaultPrivileges } from './default-privileges.js';

export type { EnumType, UserType } from './user-type.js';
export type { Collation, CollationProvider } from './collation.js';
export type { Aggregate } from './aggregate.js';
import type { Distribution } from './distribution.js';
export type { Distribution } from './distribution.js';

export type { View, ViewColumn, ViewRead } from './view.js';

export type { IdentityOptions, Sequence, SequenceOptions, SequenceOwner, SequenceType } from './sequence.js';

export const IR_FORMAT_VERSION = 1 as const;

/**
 * The schema name that stands for "every tenant schema" in tables of resources with
 * `multitenancy: {strategy: context}`. `instantiateTenant` replaces it with a real name.
 */
export const TENANT_SCHEMA = '$tenant';

export interface Catalog {
  readonly formatVersion: typeof IR_FORMAT_VERSION;
  readonly extensions: readonly Extension[];
  readonly schemas: readonly Schema[];
  readonly functions: readonly Function[];
  readonly tables: readonly Table[];
  readonly statements: readonly Statement[];
  /** Standalone sequences and those behind serial columns (./sequence.ts); absent when none. */
  readonly sequences?: readonly Sequence[];
  /** Collations the files declare (./collation.ts); absent when none. */
  readonly collations?: readonly Collation[];
  /** Enum types the files declare (./user-type.ts); absent when none. */
  readonly types?: readonly UserType[];
  /** Views and materialized views the files declare (./view.ts); absent when none. */
  readonly views?: readonly View[];
  /** Aggregates the files declare (./aggregate.ts); absent when none. */
  readonly aggregates?: readonly Aggregate[];
  /**
   * Compiled only: the roles whose privileges the files manage (every role a `grants:` names,
   * `PUBLIC` included), sorted. Privileges of other roles are never compared. Absent: none.
   */
  readonly roles?: readonly string[];
  /**
   * Default privileges (./default-privileges.ts). Compiled: those of the roles the files name in
   * `default_privileges` (their entries are managed whole); inspected: every entry read.
   */
  readonly defaultPrivileges?: readonly DefaultPrivileges[];
}

export interface Extension {
  readonly name: string;
  /** The schema it is installed in; undefined means "wherever CREATE EXTENSION puts it". */
  readonly schema?: string;
  readonly version?: string;
  /**
   * Inspected only: what uses the extension's objects, in any schema — `column:s.t.c`,
   * `index:s.t.i` or `table:s.t`. It is dropped only when all of them go. Not part of its identity.
   */
  readonly usedBy?: readonly string[];
}

export interface Schema {
  readonly name: string;
  readonly comment?: string;
  /**
   * Compiled only: listed in the repo's `schemas:`, so its comment is declared (none when
   * `comment` is undefined). The comment of a schema the files only name is left as it is.
   */
  readonly listed?: boolean;
  /** Privileges of roles other than the owner (./privilege.ts); absent: none. */
  readonly grants?: readonly Grant[];
  /** A Citus distributed schema (schema-based sharding, `citus_schema_distribute`): see ./distribution.ts. */
  readonly distributed?: true;
}

/** A function or procedure; identified by schema, name and argument types (overloads share a name). */
export interface Function {
  readonly schema: string;
  readonly name: string;
  /**
   * CREATE PROCEDURE (called with CALL; `returns` is empty, and it has no volatility, STRICT,
   * LEAKPROOF, PARALLEL, COST or ROWS). Absent: a function.
   */
  readonly procedure?: true;
  /** Argument list as `pg_get_function_arguments` prints it: `a integer, b text`. */
  readonly arguments: string;
  /** As `pg_get_function_result` prints it: `trigger`, `uuid`, `SETOF text`. */
  readonly returns: string;
  readonly language: string;
  /**
   * The body between the dollar quotes, verbatim; for an SQL-standard body (`sqlBody`), the
   * body as `pg_get_function_sqlbody` prints it: `BEGIN ATOMIC … END` or `RETURN …`.
   */
  readonly body: string;
  /** The body is an SQL-standard body (language sql), parsed when the function is created. */
  readonly sqlBody?: true;
  readonly volatility: 'volatile' | 'stable' | 'immutable';
  readonly security: 'invoker' | 'definer';
  /** STRICT (RETURNS NULL ON NULL INPUT); absent: CALLED ON NULL INPUT. */
  readonly strict?: true;
  readonly leakproof?: true;
  /** PARALLEL SAFE or RESTRICTED; absent: UNSAFE. */
  readonly parallel?: 'safe' | 'restricted';
  /** COST when not the default (100; 1 for C and internal functions). */
  readonly cost?: number;
  /** ROWS of a set-returning function when not the default 1000. */
  readonly rows?: number;
  /** `SET name = value` clauses, as `proconfig` holds them (`search_path=public, pg_temp`), in order. */
  readonly config?: readonly string[];
  readonly comment?: string;
  /** Privileges of roles other than the owner; absent: EXECUTE for PUBLIC (./privilege.ts). */
  readonly grants?: readonly Grant[];
  /** Functions pgdecl writes for itself (touch-timestamp triggers, uuid v7 before PG 18). */
  readonly managedBy?: 'pgdecl';
}

/** CREATE OR REPLACE cannot change the result type (or a function into a procedure): the old one is dropped first. */
export function replacedByDrop(from: Pick<Function, 'returns' | 'procedure'>, to: Pick<Function, 'returns' | 'procedure'>): boolean {
  return from.returns !== to.returns || from.procedure !== to.procedure;
}

/** What plans call it: `function` or `procedure`. */
export function routineKind(f: Pick<Function, 'procedure'>): 'function' | 'procedure' {
  return f.procedure ? 'procedure' : 'function';
}

export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly comment?: string;
  /** CREATE UNLOGGED TABLE: not written to the write-ahead log (emptied after a crash). */
  readonly unlogged?: true;
  /**
   * Storage parameters (WITH (fillfactor = 70), autovacuum_*, toast.*) by name, in the files'
   * order (the order the server keeps them in), as the server prints them; compared without
   * regard to order. Desired: absent when the files do not say (the table's are left as they
   * are), `{}` for none. Inspected: absent for none, and for a partition (not managed).
   */
  readonly storage?: Readonly<Record<string, string>>;
  /** In declaration order: column order is part of a table's shape. */
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly Check[];
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
  readonly rowLevelSecurity?: RowLevelSecurity;
  /** Table and column privileges of roles other than the owner (./privilege.ts); absent: none. */
  readonly grants?: readonly Grant[];
  /** How the table is shared between tenants; undefined for an ordinary table. */
  readonly tenancy?: Tenancy;
  /**
   * A partitioned table: its key as `pg_get_partkeydef` prints it (`RANGE (logdate)`,
   * `LIST (lower(city))`, `HASH (id)`). Its partitions are tables of their own (`partitionOf`).
   */
  readonly partitionBy?: string;
  /**
   * A partition: its parent and bound. Columns, the primary key, foreign keys, checks, indexes
   * and row triggers declared on the parent are inherited: the partition lists none of them
   * (`columns` is empty), only what is its own.
   */
  readonly partitionOf?: PartitionOf;
  /**
   * A partition's own column defaults, by column name: those other than its parent's (`default`
   * absent: none while the parent has one). A partition takes its parent's when it is created
   * and whenever the parent's changes.
   */
  readonly ownDefaults?: readonly { readonly column: string; readonly default?: string }[];
  /**
   * Partitions the files keep detached (`detached: true`), by name in this table's schema:
   * a plan detaches them when attached and leaves the tables themselves alone.
   */
  readonly detachedPartitions?: readonly string[];
  /**
   * An inheritance child (CREATE TABLE … INHERITS): its parents, in order (`inhseqno`). The
   * columns and checks it inherits are the parents': `columns` and `checks` list only its own
   * (a column declared again on it, with its default, is its own too). A column's `nullable`
   * says whether it is NOT NULL of its own: one a parent makes NOT NULL is nullable here.
   */
  readonly inherits?: readonly TableName[];
  /** A Citus distributed or reference table (./distribution.ts); absent: a plain table. */
  readonly distribution?: Distribution;
  /**
   * REPLICA IDENTITY: what logical replication records of a row it updates or deletes.
   * Absent: DEFAULT (the primary key). `index`: USING INDEX, a unique index of this table.
   */
  readonly replicaIdentity?: ReplicaIdentity;
  /** CLUSTER ON: the index (or primary key) a bare CLUSTER orders the table by; absent: none. */
  readonly clusterOn?: string;
}

export type ReplicaIdentity = 'full' | 'nothing' | { readonly index: string };

/** How a column's values are stored (SET STORAGE): PLAIN, MAIN, EXTERNAL or EXTENDED. */
export type ColumnStorage = 'plain' | 'main' | 'external' | 'extended';

/** A table by schema and name. */
export interface TableName {
  readonly schema: string;
  readonly name: string;
}

export interface PartitionOf {
  readonly schema: string;
  readonly name: string;
  /** As `pg_get_expr(relpartbound)` prints it: `FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')`, `DEFAULT`. */
  readonly bound: string;
}

export type Tenancy =
  | { readonly strategy: 'context' }
  | { readonly strategy: 'attribute'; readonly column: string };

export interface Column {
  readonly name: string;
  /** As `format_type(atttypid, atttypmod)` prints it: `bigint`, `numeric(12,2)`, `text[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as `pg_get_expr(adbin, adrelid)` prints it. */
  readonly default?: string;
  readonly identity?: 'always' | 'by_default';
  /** An identity column's sequence options, when they are not the defaults for its type. */
  readonly identityOptions?: IdentityOptions;
  /** A generated column's expression, as `pg_get_expr` prints it. */
  readonly generated?: string;
  /** With `generated`: VIRTUAL (PostgreSQL 18), computed when read; absent: STORED. */
  readonly virtual?: true;
  readonly collation?: string;
  readonly comment?: string;
  /** SET STATISTICS: the statistics target ANALYZE uses for the column (0–10000); absent: the default. */
  readonly statistics?: number;
  /** SET STORAGE when it is not the type's own (`typeStorage`); absent: the type's. */
  readonly storage?: ColumnStorage;
  /**
   * Inspected only, with `storage`: the type's own storage, what removing `storage` sets back.
   * Not part of the column's definition.
   */
  readonly typeStorage?: ColumnStorage;
  /** SET COMPRESSION of the values it stores from now on; absent: `default_toast_compression` at the time. */
  readonly compression?: 'pglz' | 'lz4';
  /**
   * An identity column's sequence name when it is not the one PostgreSQL gives it
   * (`<table>_<column>_seq`, ./sequence.ts `serialSequenceName`), in the table's schema;
   * absent: that one (a plan renames the sequence to it).
   */
  readonly identitySequence?: string;
  /** SET (n_distinct = …): the planner's count of distinct values instead of ANALYZE's estimate (-1 to 0: a fraction of the rows). */
  readonly nDistinct?: number;
  /** SET (n_distinct_inherited = …): the same over the table with its partitions or inheritance children. */
  readonly nDistinctInherited?: number;
}

export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** DEFERRABLE; absent: NOT DEFERRABLE. No foreign key can reference a deferrable key. */
  readonly deferrable?: true;
  /** INITIALLY DEFERRED (with `deferrable`). */
  readonly initiallyDeferred?: true;
  /** The last column WITHOUT OVERLAPS (PostgreSQL 18): its ranges may not overlap for equal other columns. */
  readonly withoutOverlaps?: true;
  /** INCLUDE: columns its index holds beside the key (for index-only scans), not part of the key; absent: none. */
  readonly include?: readonly string[];
  /** COMMENT ON CONSTRAINT. */
  readonly comment?: string;
}

export type FkAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refSchema: string;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: FkAction;
  /** `SET NULL (a, b)`: only these columns (PostgreSQL 15+). */
  readonly onDeleteColumns?: readonly string[];
  readonly onUpdate: FkAction;
  readonly match: 'SIMPLE' | 'FULL';
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /**
   * Added NOT VALID and not validated yet: inspected, declared (`not_valid: true`, which plans
   * keep so), or a step of an online plan (validated in a later step).
   */
  readonly notValid?: boolean;
  /** NOT ENFORCED (PostgreSQL 18): kept, never checked (and so never NOT VALID). */
  readonly notEnforced?: true;
  /** PERIOD on the last column of both sides (PostgreSQL 18): the referenced rows' ranges must cover it. */
  readonly period?: true;
  /** COMMENT ON CONSTRAINT. */
  readonly comment?: string;
}

export interface Check {
  readonly name: string;
  /** The expression as `pg_get_constraintdef` prints it inside `CHECK (...)`. */
  readonly expression: string;
  /**
   * Added NOT VALID and not validated yet: inspected, declared (`not_valid: true`, which plans
   * keep so), or a step of an online plan (validated in a later step).
   */
  readonly notValid?: boolean;
  /** NO INHERIT: the check does not apply to child tables. */
  readonly noInherit?: true;
  /** NOT ENFORCED (PostgreSQL 18): kept, never tested (and so never NOT VALID). */
  readonly notEnforced?: true;
  /** COMMENT ON CONSTRAINT. */
  readonly comment?: string;
}

/**
 * What an index key says besides its column or expression. `nullsFirst` only where it departs
 * from the default (NULLS LAST ascending, NULLS FIRST descending); `collation` only where it is
 * not the column's own (for an expression: not the database default); `operator` is an
 * exclusion constraint's `WITH` operator.
 */
interface IndexKeyOptions {
  readonly desc: boolean;
  readonly nullsFirst?: boolean;
  readonly opclass?: string;
  readonly collation?: string;
  readonly operator?: string;
}

export type IndexKey = ({ readonly kind: 'column'; readonly column: string } & IndexKeyOptions) | ({ readonly kind: 'expression'; readonly expression: string } & IndexKeyOptions);

export interface Index {
  readonly name: string;
  readonly unique: boolean;
  /** Access method: `btree`, `gin`, `gist`, `hash`, `brin`, `spgist`. */
  readonly method: string;
  readonly keys: readonly IndexKey[];
  readonly include: readonly string[];
  /** The predicate as `pg_get_expr(indpred)` prints it. */
  readonly where?: string;
  readonly nullsNotDistinct: boolean;
  /** A plan hint: build with CREATE INDEX CONCURRENTLY. Not part of the index's identity. */
  readonly concurrently?: boolean;
  /**
   * A UNIQUE constraint rather than a bare unique index: made with ALTER TABLE … ADD CONSTRAINT
   * … UNIQUE and dropped with DROP CONSTRAINT (btree, plain columns, no predicate).
   */
  readonly constraint?: boolean;
  /**
   * An exclusion constraint (with `constraint`): ALTER TABLE … ADD CONSTRAINT … EXCLUDE USING
   * <method> (key WITH operator, …); every key has its `operator`.
   */
  readonly exclusion?: true;
  /** A UNIQUE or exclusion constraint's DEFERRABLE; absent: NOT DEFERRABLE. */
  readonly deferrable?: true;
  /** A UNIQUE constraint's INITIALLY DEFERRED (with `deferrable`). */
  readonly initiallyDeferred?: true;
  /** COMMENT ON INDEX, or COMMENT ON CONSTRAINT for a UNIQUE constraint. */
  readonly comment?: string;
  /** Inspected only: a failed CREATE INDEX CONCURRENTLY left it INVALID; a plan rebuilds it. */
  readonly invalid?: boolean;
  /** Storage parameters (WITH (fillfactor = 90, …)), by name in the files' order, as the server prints them; compared without regard to order. */
  readonly storage?: Readonly<Record<string, string>>;
}

export type TriggerTiming = 'BEFORE' | 'AFTER' | 'INSTEAD OF';
export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

export interface Trigger {
  readonly name: string;
  readonly timing: TriggerTiming;
  /** In the order INSERT, UPDATE, DELETE, TRUNCATE. */
  readonly events: readonly TriggerEvent[];
  readonly updateOf: readonly string[];
  readonly forEach: 'ROW' | 'STATEMENT';
  readonly functionSchema: string;
  readonly functionName: string;
  readonly arguments: readonly string[];
  /** The WHEN condition as PostgreSQL prints it. */
  readonly when?: string;
  /**
   * CREATE CONSTRAINT TRIGGER (AFTER, FOR EACH ROW): it can be deferred to the end of the
   * transaction like a constraint. Absent: an ordinary trigger.
   */
  readonly constraint?: { readonly deferrable: boolean; readonly initiallyDeferred: boolean };
  /** Transition tables: REFERENCING OLD TABLE AS … NEW TABLE AS … (an AFTER trigger of one event). */
  readonly transition?: { readonly oldTable?: string; readonly newTable?: string };
  /** COMMENT ON TRIGGER. */
  readonly comment?: string;
  /**
   * When it fires (ALTER TABLE … DISABLE / ENABLE REPLICA / ENABLE ALWAYS TRIGGER; the
   * session's `session_replication_role` chooses): absent, the default (origin and local sessions).
   */
  readonly firing?: TriggerFiring;
}

/** A trigger that does not fire as created: never, only in replica sessions, or in every session. */
export type TriggerFiring = 'disabled' | 'replica' | 'always';

export interface RowLevelSecurity {
  readonly enabled: boolean;
  readonly force: boolean;
  readonly policies: readonly Policy[];
}

export interface Policy {
  readonly name: string;
  readonly command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  readonly permissive: boolean;
  readonly roles: readonly string[];
  readonly using?: string;
  readonly withCheck?: string;
  /** COMMENT ON POLICY. */
  readonly comment?: string;
}

/**
 * A custom statement: SQL pgdecl runs but cannot inspect. Its applied text is kept in
 * pgdecl's bookkeeping table so a later plan knows what ran.
 */
export interface Statement {
  readonly name: string;
  readonly up: string;
  readonly down: string;
  /** Tables (schema-qualified `schema.table`) that must exist before `up` runs. */
  readonly afterTables: readonly string[];
  /** The table of the resource that declared it, `schema.table`. */
  readonly owner?: string;
}
