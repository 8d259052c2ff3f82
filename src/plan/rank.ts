/**
 * The order steps run in (STYLE 5): a rank per change kind, lowest first. Within a rank the
 * differ's order is kept (tables by name). Each rank says why it stands where it does.
 * Foreign-key cycles never need breaking: tables are created bare and every foreign key is
 * added after all tables exist; dropped ones go before anything they point at is dropped.
 */
import { match } from 'ts-pattern';
import type { Change, ChangeKind } from '../diff/change.js';
import { functionKey } from '../ir/view-row-types.js';
import { usesTableTypes } from '../ir/table-typed.js';
import { identifiers } from '../ir/function-calls.js';

/** What ranks that depend on the object read from the rest of the plan. */
export interface RankContext {
  /** Names of the functions tables call (defaults, checks, indexes, triggers), and those their SQL bodies call: created before the tables. */
  readonly calledByTables: ReadonlySet<string>;
  /** Bare names of the tables the plan creates (../ir/table-typed.ts). */
  readonly newTableNames: ReadonlySet<string>;
  /** Functions (`functionKey`) on the row type of a view the plan creates, replaces or drops (../ir/view-row-types.ts). */
  readonly onViewRows: ReadonlySet<string>;
  /** Bare names of the domains the plan creates over the row type of a table it creates. */
  readonly tableTypedDomains?: ReadonlySet<string>;
}

/** Rank with the exceptions that depend on the object: SQL-language function bodies are
 * checked when created and may read tables, and a function may name a table's row type
 * (../ir/table-typed.ts), so those no table calls come after the tables. */
export function rankOf(change: Change, context: RankContext): number {
  const { onViewRows } = context;
  // A generated column is added after the type changes of the columns it uses (see
  // src/diff/generated-rebuild.ts: it may be rebuilt around one).
  if (change.kind === 'add_column' && change.column.generated !== undefined) return 205;
  // A column the table inherits too (src/diff/inheritance.ts): before the parent's, and INHERIT.
  if (change.kind === 'add_column' && change.beforeParent) return 189;
  // A type replaced once the columns that leave it have changed type (src/diff/domains.ts).
  if (change.kind === 'replace_type' && change.afterColumns) return 201;
  // A domain over a new table's row type (`CREATE DOMAIN d AS t`): once the tables exist; a
  // table with a column of such a domain right after it.
  const late = context.tableTypedDomains;
  if (late?.size && change.kind === 'create_type' && late.has(change.type.name)) return 181;
  if (late?.size && change.kind === 'create_table' && change.table.columns.some((c) => identifiers(c.type).some((w) => late.has(w)))) return 182;
  // A domain whose default numbers from a sequence: after the sequences, before the tables.
  if (change.kind === 'create_type' && change.type.kind === 'domain' && change.type.default?.includes('nextval(')) return 176;
  // A domain that calls a function the files declare: after the functions, before the tables.
  if (change.kind === 'create_type' && change.afterFunctions) return 171;
  // Dropped once its columns are, before the functions it calls.
  if (change.kind === 'drop_type' && change.beforeFunctions) return 95;
  // A function on a view's row type goes before the view (../ir/view-row-types.ts), an aggregate over one before its functions.
  if (change.kind === 'drop_aggregate' && onViewRows.has(functionKey(change.aggregate))) return 13.9;
  if (change.kind === 'drop_function' && onViewRows.has(functionKey(change.function))) return 14;
  // An aggregate over a view's row type once the view and its functions exist.
  if ((change.kind === 'create_aggregate' || change.kind === 'replace_aggregate') && onViewRows.has(functionKey(change.kind === 'create_aggregate' ? change.aggregate : change.to))) return 275.55;
  // A function a column default calls goes once the defaults have changed (a new one may call
  // its replacement).
  if (change.kind === 'drop_function' && change.afterDefaults) return 202;
  // A serial column made an identity: its default goes (200), then its old sequence, then the
  // identity takes the name that sequence freed (../diff/identity-names.ts).
  if (change.kind === 'drop_sequence' && change.beforeIdentity) return 200.5;
  if (change.kind === 'alter_column' && change.afterSequenceDrops) return 200.7;
  // A default that calls a function dropped and created again in one step goes before it (and
  // comes back at 200: ../diff/function-callers.ts).
  if (change.kind === 'alter_column' && change.beforeFunctions) return 95;
  if (change.kind === 'alter_domain' && change.beforeFunctions) return 95;
  // A domain's check or default put back once the function it calls exists again.
  if ((change.kind === 'alter_domain' || change.kind === 'add_domain_check') && change.afterFunctions) return 171;
  // A sequence let go of its owner before anything is dropped: dropping the owning column or
  // table would drop the sequence too (../diff/sequences.ts).
  if (change.kind === 'set_sequence_owner' && change.to === undefined) return 12;
  // A replica identity that names no index (FULL, NOTHING, DEFAULT) before the columns change:
  // a column of the old identity index cannot drop NOT NULL while it is one. WITHOUT CLUSTER with it.
  if ((change.kind === 'set_replica_identity' && typeof change.to !== 'object') || (change.kind === 'set_cluster_on' && change.to === undefined)) return 195;
  // A view's privileges once it is created (in the differ's order: revokes, then grants).
  if ((change.kind === 'grant_privileges' || change.kind === 'revoke_privileges') && change.on.view) return 275;
  // An SQL-standard body depends on the tables and columns it reads (like a view): it goes
  // with the views, before them.
  if (change.kind === 'drop_function' && change.function.sqlBody) return 16;
  if ((change.kind === 'create_function' || change.kind === 'replace_function')) {
    const f = change.kind === 'create_function' ? change.function : change.to;
    // On a view's row type (../ir/view-row-types.ts): once the views exist, before default privileges.
    if (onViewRows.has(functionKey(f))) return 275.5;
    if ((f.language === 'sql' || usesTableTypes(f, context.newTableNames)) && !context.calledByTables.has(f.name)) return 195;
  }
  // The privileges of such a function once it exists.
  if ((change.kind === 'grant_privileges' || change.kind === 'revoke_privileges') && change.on.kind === 'function' && onViewRows.has(functionKey(change.on))) return 275.6;
  return rank(change.kind);
}

const RANKS = new Map<ChangeKind, number>();

/** The rank of a change kind (looked up once per kind: a plan has thousands of steps). */
export function rank(kind: ChangeKind): number {
  let r = RANKS.get(kind);
  if (r === undefined) RANKS.set(kind, (r = rankOfKind(kind)));
  return r;
}

function rankOfKind(kind: ChangeKind): number {
  return match(kind)
    // Undo custom statements first: the views and functions they made may depend on what follows.
    .with('revert_statement', () => 10)
    // Views before the columns and tables they read change or go (the differ orders them:
    // dependents first).
    .with('drop_view', () => 15)
    // An aggregate once the views that use it are gone, before the functions it calls (those
    // with an SQL-standard body go at 16) and the types it keeps its state in.
    .with('drop_aggregate', () => 15.5)
    // Triggers and policies go before the functions, columns and tables they use.
    .with('drop_trigger', () => 20)
    .with('drop_policy', () => 30)
    // Foreign keys go before the keys, indexes, columns and tables they depend on.
    .with('drop_foreign_key', () => 40)
    // Dropped tables before the keys and indexes of kept tables: a dropped table's own foreign
    // keys depend on the primary key or unique index they point at (the keys between dropped
    // tables, and those of kept tables that point at dropped ones, went just before).
    .with('drop_table', () => 45)
    .with('drop_index', () => 50)
    .with('drop_check', () => 60)
    .with('drop_primary_key', () => 70)
    .with('drop_column', () => 90)
    // Functions after the triggers and tables that called them.
    .with('drop_function', () => 100)
    // A new owner once its column exists (one that goes is let go first: see `rankOf`).
    .with('set_sequence_owner', () => 205)
    // What new objects live in (an extension may be installed into a new schema).
    .with('create_schema', () => 110)
    .with('create_extension', () => 120)
    // An update may change the extension's types and functions: before what uses them changes.
    .with('update_extension', () => 121)
    // Renames before creations: a new object may take a name a rename frees.
    .with('rename_schema', () => 130)
    .with('rename_table', () => 140)
    .with('rename_column', () => 150)
    .with('rename_constraint', 'rename_index', 'rename_trigger', () => 160)
    // Functions before the tables whose defaults and triggers call them (SQL-language
    // functions that read tables are moved after them: see `rankOf`).
    .with('create_function', 'replace_function', () => 170)
    // Sequences before the tables whose defaults call nextval() on them; OWNED BY once the
    // owning column exists (after alter_column, before comments).
    // Enum types before the functions, sequences and tables that use them; a swap once renamed
    // tables and columns have their new names, before columns change type.
    .with('create_type', 'add_enum_value', 'rename_enum_value', () => 165)
    // Collations before the types, functions and tables that use them; one made again (unused)
    // before them too; dropped after every column, index and type that used it.
    .with('replace_collation', 'create_collation', () => 162)
    .with('set_collation_comment', () => 210)
    .with('drop_collation', () => 287)
    .with('swap_enum', () => 176)
    // Domains and composite types: a replaced one before the types created after it; changes in
    // place once the types exist, before the tables; a dropped check or attribute early.
    .with('replace_type', () => 164)
    .with('alter_domain', 'add_domain_check', 'add_type_attribute', 'alter_type_attribute', () => 166)
    .with('rename_domain_check', () => 160)
    .with('drop_domain_check', () => 60)
    .with('drop_type_attribute', () => 90)
    .with('rename_sequence', () => 172)
    // Aggregates once the functions they call exist (SQL-language ones come after the tables, at
    // 195) and the types they keep their state in (a table's row type too), before the views.
    .with('create_aggregate', 'replace_aggregate', () => 206)
    .with('create_sequence', 'alter_sequence', () => 175)
    .with('create_table', () => 180)
    .with('add_column', () => 190)
    .with('alter_column', () => 200)
    // Persistence after the columns change (SET LOGGED / UNLOGGED rewrites the table once).
    .with('set_table_logged', 'set_table_storage', () => 205)
    .with('set_schema_comment', 'set_table_comment', 'set_column_comment', 'set_type_comment', () => 210)
    .with('add_primary_key', () => 220)
    .with('add_check', () => 230)
    // Unique indexes before the foreign keys that reference them.
    .with('create_index', () => 240)
    .with('add_foreign_key', 'alter_foreign_key', () => 250)
    .with('validate_constraint', () => 255)
    .with('create_trigger', () => 260)
    .with('set_trigger_firing', () => 262)
    // A replica identity or clustering that names an index once the index exists (one that
    // names none goes early, see `rankOf`).
    .with('set_replica_identity', 'set_cluster_on', () => 263)
    // Comments of kept indexes, constraints and triggers (new ones carry theirs).
    .with('set_object_comment', () => 265)
    .with('set_row_level_security', 'create_policy', 'alter_policy', () => 270)
    // Privileges once every object they are on exists: revokes first, since revoking a table
    // privilege revokes the same privilege on its columns, which a grant may then give back.
    .with('revoke_privileges', () => 272)
    .with('grant_privileges', () => 274)
    // Views once every table, column and function they may read is in place (the differ orders
    // them: what a view reads first); their comments with them.
    .with('create_view', 'replace_view', 'set_view_comment', () => 275)
    // Default privileges last: objects this plan creates get exactly what the files give them.
    .with('alter_default_privileges', () => 276)
    // Custom statements last: they may use any table (after_tables).
    .with('run_statement', () => 280)
    // After every default that called it has changed or gone.
    .with('drop_sequence', () => 285)
    // After every column and table that used it.
    .with('drop_type', () => 286)
    // Containers last: emptied by everything above.
    .with('drop_schema', () => 290)
    .with('drop_extension', () => 300)
    // A partition whose bound changes is detached once the parent's columns are dropped and
    // renamed (they reach it while attached), before new partitions take the bound it frees,
    // and attached again before the parent's columns are added or changed (they reach it then).
    .with('detach_partition', () => 178)
    .with('attach_partition', () => 185)
    // A table leaves a parent before the columns and checks it then holds as its own are dropped,
    // and before the parent goes; it gains one once it has the parent's columns (its own added
    // first: see `rankOf`), before the parent's are added or changed (they then reach it).
    .with('uninherit_table', () => 44)
    .with('inherit_table', () => 189.5)
    // Citus: a table leaves its distribution once the foreign keys through it are dropped,
    // before tables go; it is distributed once its keys and indexes exist (Citus copies them to
    // the shards), before the foreign keys that need both ends placed (the differ puts reference
    // tables first, then the first table of each colocation group).
    .with('undistribute_schema', () => 41)
    .with('undistribute_table', () => 42)
    .with('distribute_table', 'alter_distribution', () => 245)
    // A tenant schema is distributed once everything in it exists, before custom statements.
    .with('distribute_schema', () => 277)
    .exhaustive();
}
