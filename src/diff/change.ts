/**
 * What can change between two catalogs: a closed tagged union (STYLE 2). Every consumer
 * (the planner's ranks and hazards, the renderer, the text and JSON printers) matches on
 * `kind` exhaustively, so a new kind is a compile error everywhere it must be handled.
 *
 * Changes carry whole IR objects (`from`/`to`), not names alone: rendering and reversing a
 * step never needs to look anything up.
 */
import type { Sequence, SequenceOption, SequenceOwner } from '../ir/sequence.js';
import type { CompositeAttribute, DomainCheck, DomainType, EnumType, UserType } from '../ir/user-type.js';
import type { View } from '../ir/view.js';
import type { Collation } from '../ir/collation.js';
import type { Aggregate } from '../ir/aggregate.js';
import type { PrivilegeObjectKind } from '../ir/privilege.js';
import type { DefaultObjects } from '../ir/default-privileges.js';
import type { Distribution } from '../ir/distribution.js';
import type { Column, Extension, ReplicaIdentity, ForeignKey, Function, Index, Check, Policy, PrimaryKey, Schema, Statement, Table, Trigger, TriggerFiring } from '../ir/catalog.js';

/** A table by name. */
export interface TableRef {
  readonly schema: string;
  readonly name: string;
  /**
   * A partitioned table (set on the changes to a kept one): online mode changes it offline, as
   * PostgreSQL cannot build its indexes CONCURRENTLY nor add its foreign keys NOT VALID.
   */
  readonly partitioned?: true;
}

/** An index, a constraint (check, foreign key, UNIQUE) or a trigger, by name. */
export interface CommentedObject {
  readonly type: 'index' | 'constraint' | 'trigger' | 'policy';
  readonly name: string;
}

export type ColumnProperty = 'type' | 'nullable' | 'default' | 'identity' | 'identity_options' | 'generated' | 'virtual' | 'collation' | 'statistics' | 'storage' | 'compression' | 'n_distinct' | 'identity_sequence';

/** A column whose type is swapped with its enum (or whose composite type loses an attribute). */
export interface EnumColumn {
  readonly table: TableRef;
  readonly column: string;
  readonly array: boolean;
  /** Its default, dropped for the swap and set again after. */
  readonly default?: string;
}

/** A view or materialized view by name (COMMENT ON says which). */
export interface ViewRef {
  readonly schema: string;
  readonly name: string;
  readonly materialized?: true;
}
/** What ALTER DOMAIN changes in place besides checks. */
export type DomainProperty = 'default' | 'not_null';

/** A sequence (or a type) by name. */
export interface SequenceRef {
  readonly schema: string;
  readonly name: string;
}

/** What privileges are granted on: a schema, table, sequence, function (with its arguments) or type. */
export interface GrantTarget {
  readonly kind: PrivilegeObjectKind;
  readonly schema: string;
  readonly name: string;
  /** A function's arguments, as `pg_get_function_arguments` prints them. */
  readonly arguments?: string;
  /** Kind `function`: a procedure (GRANT … ON PROCEDURE; ON FUNCTION refuses one). */
  readonly procedure?: true;
  /** Kind `function`: an aggregate (GRANT … ON FUNCTION takes one; `()` names one of no arguments). */
  readonly aggregate?: true;
  /** A view's or materialized view's privileges (kind `table`: GRANT … ON TABLE names both). */
  readonly view?: 'view' | 'materialized view';
}

/** An entry of default privileges: whose new objects, where, of which kind. */
export interface DefaultPrivilegesRef {
  readonly role: string;
  /** Absent: every schema. */
  readonly schema?: string;
  readonly objects: DefaultObjects;
}

export type Change =
  // extensions and schemas
  | { readonly kind: 'create_extension'; readonly extension: Extension }
  | { readonly kind: 'drop_extension'; readonly extension: Extension }
  /** ALTER EXTENSION … UPDATE TO the version the files declare (`from`: the one installed). */
  | { readonly kind: 'update_extension'; readonly extension: Extension & { readonly version: string }; readonly from: string }
  | { readonly kind: 'create_schema'; readonly schema: Schema }
  | { readonly kind: 'drop_schema'; readonly schema: Schema }
  | { readonly kind: 'rename_schema'; readonly from: string; readonly to: string }
  | { readonly kind: 'set_schema_comment'; readonly schema: string; readonly from?: string; readonly to?: string }
  // functions
  | { readonly kind: 'create_function'; readonly function: Function }
  | { readonly kind: 'replace_function'; readonly from: Function; readonly to: Function }
  /** `afterDefaults`: a column default or generated expression of the database calls it (by name): dropped once those have changed. */
  | { readonly kind: 'drop_function'; readonly function: Function; readonly afterDefaults?: true }
  // aggregates: created after the functions and types they use, before the views that use them
  | { readonly kind: 'create_aggregate'; readonly aggregate: Aggregate }
  /** CREATE OR REPLACE AGGREGATE when the definition differs, COMMENT ON when the comment does. */
  | { readonly kind: 'replace_aggregate'; readonly from: Aggregate; readonly to: Aggregate }
  /**
   * `usedBy`: views the plan keeps that call it (`view public.v`): PostgreSQL refuses the drop,
   * and so does the plan (../plan/type-refusals.ts). `recreated`: dropped to be created again
   * under a new result type.
   */
  | { readonly kind: 'drop_aggregate'; readonly aggregate: Aggregate; readonly usedBy?: readonly string[]; readonly recreated?: true }
  // sequences: created bare before the tables whose defaults call them; OWNED BY is its own
  // change, made once the owning column exists (and undone before it goes)
  | { readonly kind: 'create_sequence'; readonly sequence: Sequence }
  /** `beforeIdentity`: a column takes its name for its new identity sequence in the same plan (./identity-names.ts). */
  | { readonly kind: 'drop_sequence'; readonly sequence: Sequence; readonly beforeIdentity?: true }
  | { readonly kind: 'rename_sequence'; readonly from: SequenceRef; readonly to: SequenceRef }
  | {
      readonly kind: 'alter_sequence';
      readonly from: Sequence;
      readonly to: Sequence;
      /** The options that differ, in the order type, increment, min, max, start, cache, cycle. */
      readonly changed: readonly SequenceOption[];
    }
  | { readonly kind: 'set_sequence_owner'; readonly sequence: SequenceRef; readonly from?: SequenceOwner; readonly to?: SequenceOwner }
  // collations (src/diff/collations.ts): created before the types, functions and tables that
  // use them, dropped after; a new definition makes an unused collation again (refused while
  // columns, index keys or types use it); the comment changes in place
  | { readonly kind: 'create_collation'; readonly collation: Collation }
  | { readonly kind: 'drop_collation'; readonly collation: Collation }
  /** `usedBy`: what uses the collation and keeps it: the plan is refused while there is any. */
  | { readonly kind: 'replace_collation'; readonly from: Collation; readonly to: Collation; readonly usedBy: readonly string[] }
  | { readonly kind: 'set_collation_comment'; readonly collation: SequenceRef; readonly from?: string; readonly to?: string }
  // enum types: created before the tables that use them, dropped after; a value is added or
  // renamed in place; removing or reordering values swaps the type under its columns
  /** `afterFunctions`: a domain whose default or checks call a function the files declare is created after the functions. */
  | { readonly kind: 'create_type'; readonly type: UserType; readonly afterFunctions?: true }
  /** `beforeFunctions`: a domain whose default or checks call a function of the database goes before the functions. */
  | { readonly kind: 'drop_type'; readonly type: UserType; readonly beforeFunctions?: true }
  | {
      readonly kind: 'add_enum_value';
      readonly type: EnumType;
      readonly value: string;
      readonly before?: string;
      readonly after?: string;
      /** The columns of the type: undoing the step swaps the type back under them. */
      readonly columns: readonly EnumColumn[];
    }
  | { readonly kind: 'rename_enum_value'; readonly type: SequenceRef; readonly from: string; readonly to: string }
  /** `attribute`: the comment of a composite type's attribute (COMMENT ON COLUMN). */
  | { readonly kind: 'set_type_comment'; readonly type: SequenceRef; readonly attribute?: string; readonly from?: string; readonly to?: string }
  | {
      readonly kind: 'swap_enum';
      readonly from: EnumType;
      readonly to: EnumType;
      /** The columns of that type (or arrays of it), with the default each gets back. */
      readonly columns: readonly EnumColumn[];
      /** Values that are not in the new type: rows holding one make the swap fail. */
      readonly removed: readonly string[];
    }
  // domains and composite types (src/diff/domains.ts): changed in place where PostgreSQL can;
  // a domain's new base type (or a type's new kind) replaces an unused type (a used one is refused)
  | {
      readonly kind: 'replace_type';
      readonly from: UserType;
      readonly to: UserType;
      /** What uses the type and keeps it: the plan is refused while there is any. */
      readonly usedBy: readonly string[];
      /** Columns leave the type in the same plan: it is replaced after they change type. */
      readonly afterColumns?: true;
    }
  /**
   * `beforeFunctions`: a default dropped before the function it calls is dropped and created
   * again; `afterFunctions`: set once it is (./function-callers.ts).
   */
  | { readonly kind: 'alter_domain'; readonly from: DomainType; readonly to: DomainType; readonly changed: readonly DomainProperty[]; readonly beforeFunctions?: true; readonly afterFunctions?: true }
  /** `afterFunctions`: it calls a function the plan drops and creates again: added once it is (./function-callers.ts). */
  | { readonly kind: 'add_domain_check'; readonly type: SequenceRef; readonly check: DomainCheck; readonly afterFunctions?: true }
  | { readonly kind: 'drop_domain_check'; readonly type: SequenceRef; readonly check: DomainCheck }
  | { readonly kind: 'rename_domain_check'; readonly type: SequenceRef; readonly from: string; readonly to: string }
  | { readonly kind: 'add_type_attribute'; readonly type: SequenceRef; readonly attribute: CompositeAttribute }
  /** `columns`: the columns of the type (or arrays of it), whose values lose the attribute. */
  | { readonly kind: 'drop_type_attribute'; readonly type: SequenceRef; readonly attribute: CompositeAttribute; readonly columns: readonly EnumColumn[] }
  | { readonly kind: 'alter_type_attribute'; readonly type: SequenceRef; readonly from: CompositeAttribute; readonly to: CompositeAttribute; readonly usedBy: readonly string[] }
  // tables: create_table carries columns, primary key and checks; its foreign keys, indexes,
  // triggers and policies come as their own changes (so cycles and ordering stay simple).
  | { readonly kind: 'create_table'; readonly table: Table }
  | { readonly kind: 'drop_table'; readonly table: Table }
  | { readonly kind: 'rename_table'; readonly from: TableRef; readonly to: TableRef }
  /** ALTER TABLE … SET UNLOGGED / SET LOGGED (rewrites the table). */
  | { readonly kind: 'set_table_logged'; readonly table: TableRef; readonly unlogged: boolean }
  /** ALTER TABLE … SET (…), RESET (…): storage parameters, by name (from the table's, to the files'). */
  | { readonly kind: 'set_table_storage'; readonly table: TableRef; readonly from: Readonly<Record<string, string>>; readonly to: Readonly<Record<string, string>> }
  | { readonly kind: 'set_table_comment'; readonly table: TableRef; readonly from?: string; readonly to?: string }
  /** ALTER TABLE … REPLICA IDENTITY (absent: DEFAULT), once the index it names exists. */
  | { readonly kind: 'set_replica_identity'; readonly table: TableRef; readonly from?: ReplicaIdentity; readonly to?: ReplicaIdentity }
  /** ALTER TABLE … CLUSTER ON an index, or SET WITHOUT CLUSTER (absent), once the index exists. */
  | { readonly kind: 'set_cluster_on'; readonly table: TableRef; readonly from?: string; readonly to?: string }
  // columns
  /**
   * `beforeParent`: an inheritance parent gains the column in the same plan; the table's own is
   * added first, so the parent's merges with it (added after, it would be inherited only).
   */
  | { readonly kind: 'add_column'; readonly table: TableRef; readonly column: Column; readonly beforeParent?: true }
  | { readonly kind: 'drop_column'; readonly table: TableRef; readonly column: Column }
  | { readonly kind: 'rename_column'; readonly table: TableRef; readonly from: string; readonly to: string }
  | {
      readonly kind: 'alter_column';
      readonly table: TableRef;
      readonly from: Column;
      readonly to: Column;
      /**
       * The properties that differ, in this fixed order: type, collation, generated, virtual, default,
       * identity, identity_options, nullable, statistics, storage, compression, n_distinct (both
       * n_distinct options), identity_sequence (both sides' names resolved; storage and
       * compression also when the type changes: a new type resets them).
       */
      readonly changed: readonly ColumnProperty[];
      /** The column becomes an identity once a dropped sequence has freed its name (./identity-names.ts). */
      readonly afterSequenceDrops?: true;
      /** A default dropped before the function it calls is dropped and created again (./function-callers.ts). */
      readonly beforeFunctions?: true;
    }
  | { readonly kind: 'set_column_comment'; readonly table: TableRef; readonly column: string; readonly from?: string; readonly to?: string }
  // constraints
  | { readonly kind: 'add_primary_key'; readonly table: TableRef; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'drop_primary_key'; readonly table: TableRef; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'add_foreign_key'; readonly table: TableRef; readonly foreignKey: ForeignKey }
  | { readonly kind: 'drop_foreign_key'; readonly table: TableRef; readonly foreignKey: ForeignKey }
  /** Only DEFERRABLE / INITIALLY DEFERRED differ: ALTER CONSTRAINT, no rebuild. */
  | { readonly kind: 'alter_foreign_key'; readonly table: TableRef; readonly from: ForeignKey; readonly to: ForeignKey }
  | { readonly kind: 'add_check'; readonly table: TableRef; readonly check: Check }
  | { readonly kind: 'drop_check'; readonly table: TableRef; readonly check: Check }
  /** A foreign key or check added NOT VALID: VALIDATE CONSTRAINT checks the rows without blocking writes. */
  | { readonly kind: 'validate_constraint'; readonly table: TableRef; readonly name: string; readonly constraint: 'foreign_key' | 'check' }
  /** A primary key, foreign key or check whose definition is unchanged but whose name is new. */
  | { readonly kind: 'rename_constraint'; readonly table: TableRef; readonly from: string; readonly to: string }
  // indexes
  | { readonly kind: 'create_index'; readonly table: TableRef; readonly index: Index }
  | { readonly kind: 'drop_index'; readonly table: TableRef; readonly index: Index }
  /** Same definition, new name: ALTER INDEX … RENAME, no rebuild. */
  | { readonly kind: 'rename_index'; readonly table: TableRef; readonly from: string; readonly to: string }
  // triggers
  | { readonly kind: 'create_trigger'; readonly table: TableRef; readonly trigger: Trigger }
  | { readonly kind: 'drop_trigger'; readonly table: TableRef; readonly trigger: Trigger }
  | { readonly kind: 'rename_trigger'; readonly table: TableRef; readonly from: string; readonly to: string }
  /** ALTER TABLE … DISABLE / ENABLE [REPLICA | ALWAYS] TRIGGER of a trigger that stays. */
  | { readonly kind: 'set_trigger_firing'; readonly table: TableRef; readonly trigger: string; readonly from?: TriggerFiring; readonly to?: TriggerFiring }
  /** COMMENT ON INDEX / CONSTRAINT / TRIGGER of an object that stays. */
  | { readonly kind: 'set_object_comment'; readonly table: TableRef; readonly object: CommentedObject; readonly from?: string; readonly to?: string }
  // row-level security
  | { readonly kind: 'set_row_level_security'; readonly table: TableRef; readonly enabled: boolean; readonly force: boolean; readonly fromEnabled: boolean; readonly fromForce: boolean }
  | { readonly kind: 'create_policy'; readonly table: TableRef; readonly policy: Policy }
  | { readonly kind: 'drop_policy'; readonly table: TableRef; readonly policy: Policy }
  // views and materialized views: dropped before what they read changes or goes (dependents
  // first), created after it (what they read first); a materialized view's indexes come with it
  | { readonly kind: 'create_view'; readonly view: View }
  /** `recreated`: dropped only to be created again after what it reads has changed (nothing is lost). */
  | { readonly kind: 'drop_view'; readonly view: View; readonly recreated?: true }
  /** CREATE OR REPLACE VIEW: the same leading columns (names and types), new query or options. */
  | { readonly kind: 'replace_view'; readonly from: View; readonly to: View }
  /** COMMENT ON VIEW / MATERIALIZED VIEW, or on one of its columns, of a view that stays. */
  | { readonly kind: 'set_view_comment'; readonly view: ViewRef; readonly column?: string; readonly from?: string; readonly to?: string }
  /** ALTER POLICY: new roles, USING or WITH CHECK (its command and PERMISSIVE / RESTRICTIVE stay). */
  | { readonly kind: 'alter_policy'; readonly table: TableRef; readonly from: Policy; readonly to: Policy }
  // privileges of roles the files name: one change per object, column, grantee and kind of step
  | {
      readonly kind: 'grant_privileges';
      readonly on: GrantTarget;
      /** A column privilege of a table. */
      readonly column?: string;
      readonly grantee: string;
      readonly privileges: readonly string[];
      readonly withGrantOption: boolean;
      /** The grantee held these privileges already: only the grant option is new. */
      readonly optionOnly: boolean;
    }
  | {
      readonly kind: 'revoke_privileges';
      readonly on: GrantTarget;
      readonly column?: string;
      readonly grantee: string;
      readonly privileges: readonly string[];
      /** REVOKE GRANT OPTION FOR: the privileges stay, the right to grant them goes. */
      readonly grantOptionOnly: boolean;
      /** The grantee could grant them on (undoing the step gives the option back). */
      readonly wasGrantable: boolean;
    }
  /** ALTER DEFAULT PRIVILEGES … GRANT or REVOKE, for one grantee. */
  | {
      readonly kind: 'alter_default_privileges';
      readonly defaults: DefaultPrivilegesRef;
      readonly grantee: string;
      readonly privileges: readonly string[];
      /** REVOKE rather than GRANT. */
      readonly revoke: boolean;
      /** GRANT: WITH GRANT OPTION. */
      readonly withGrantOption: boolean;
      /** GRANT: the privileges were given already, only the option is new; REVOKE: GRANT OPTION FOR. */
      readonly optionOnly: boolean;
      /** REVOKE: the grantee could grant them on. */
      readonly wasGrantable: boolean;
    }
  // custom statements: `up` when added, `down` when removed; a changed one is a revert then a run
  | { readonly kind: 'run_statement'; readonly statement: Statement }
  | { readonly kind: 'revert_statement'; readonly statement: Statement }
  // partitions: created with CREATE TABLE … PARTITION OF (create_table); a changed bound is a
  // detach then an attach; a partition the files keep detached is only detached
  | { readonly kind: 'attach_partition'; readonly table: TableRef; readonly parent: TableRef; readonly bound: string }
  | { readonly kind: 'detach_partition'; readonly table: TableRef; readonly parent: TableRef; readonly bound: string }
  // table inheritance (src/diff/inheritance.ts): a kept table gains a parent with INHERIT (its
  // columns `notNull` made NOT NULL first, as the parent's are) or leaves one with NO INHERIT
  // (`dropNotNull`: columns made nullable after, when undoing an INHERIT)
  | { readonly kind: 'inherit_table'; readonly table: TableRef; readonly parent: TableRef; readonly notNull: readonly string[] }
  | { readonly kind: 'uninherit_table'; readonly table: TableRef; readonly parent: TableRef; readonly dropNotNull: readonly string[] }
  // Citus (src/diff/distribution.ts): a table is distributed once it, its keys and indexes exist,
  // before the foreign keys that need it; `colocateWith` is what the step passes (`none`, or the
  // table whose group it joins; absent: Citus's default group)
  | { readonly kind: 'distribute_table'; readonly table: TableRef; readonly distribution: Distribution; readonly colocateWith?: string }
  | { readonly kind: 'undistribute_table'; readonly table: TableRef; readonly distribution: Distribution }
  | {
      readonly kind: 'alter_distribution';
      readonly table: TableRef;
      readonly from: Distribution & { readonly kind: 'distributed' };
      readonly to: Distribution & { readonly kind: 'distributed' };
      readonly changed: readonly DistributionProperty[];
      /** With `colocation`: the table whose group it joins, or `none`. */
      readonly colocateWith?: string;
      /** The new shard count reaches the tables colocated with it (`cascade_to_colocated`). */
      readonly cascade?: true;
    }
  /** `created`: the schema is created in the same plan (its tables hold no rows yet). */
  | { readonly kind: 'distribute_schema'; readonly schema: string; readonly created?: true }
  | { readonly kind: 'undistribute_schema'; readonly schema: string };

/** What `alter_distributed_table` changes, in this order. */
export type DistributionProperty = 'column' | 'shard_count' | 'colocation';

export type ChangeKind = Change['kind'];

/** Every kind, for exhaustiveness tests. */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'create_extension',
  'drop_extension',
  'update_extension',
  'create_schema',
  'drop_schema',
  'rename_schema',
  'set_schema_comment',
  'create_function',
  'replace_function',
  'drop_function',
  'create_aggregate',
  'replace_aggregate',
  'drop_aggregate',
  'create_sequence',
  'drop_sequence',
  'rename_sequence',
  'alter_sequence',
  'set_sequence_owner',
  'create_collation',
  'drop_collation',
  'replace_collation',
  'set_collation_comment',
  'create_type',
  'drop_type',
  'add_enum_value',
  'rename_enum_value',
  'swap_enum',
  'set_type_comment',
  'replace_type',
  'alter_domain',
  'add_domain_check',
  'drop_domain_check',
  'rename_domain_check',
  'add_type_attribute',
  'drop_type_attribute',
  'alter_type_attribute',
  'create_table',
  'drop_table',
  'rename_table',
  'set_table_logged',
  'set_table_storage',
  'set_table_comment',
  'set_replica_identity',
  'set_cluster_on',
  'add_column',
  'drop_column',
  'rename_column',
  'alter_column',
  'set_column_comment',
  'add_primary_key',
  'drop_primary_key',
  'add_foreign_key',
  'drop_foreign_key',
  'alter_foreign_key',
  'add_check',
  'drop_check',
  'validate_constraint',
  'rename_constraint',
  'create_index',
  'drop_index',
  'rename_index',
  'create_trigger',
  'drop_trigger',
  'rename_trigger',
  'set_trigger_firing',
  'set_object_comment',
  'set_row_level_security',
  'create_policy',
  'drop_policy',
  'alter_policy',
  'grant_privileges',
  'revoke_privileges',
  'alter_default_privileges',
  'run_statement',
  'revert_statement',
  'attach_partition',
  'detach_partition',
  'inherit_table',
  'uninherit_table',
  'create_view',
  'drop_view',
  'replace_view',
  'set_view_comment',
  'distribute_table',
  'undistribute_table',
  'alter_distribution',
  'distribute_schema',
  'undistribute_schema',
];

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
