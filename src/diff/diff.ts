/**
 * The differ (STYLE 4): a pure function from the current catalog, the desired catalog and
 * the rename hints to the list of changes that turns one into the other. It never looks at
 * a database and never mutates its inputs. Ordering is the planner's job.
 */
import { serialSequenceName } from '../ir/sequence.js';
import type { Catalog, Check, Function, Index, Policy, Schema, Statement, Table, Trigger } from '../ir/catalog.js';
import { extensionUpdates } from './extensions.js';
import { expressionIdentifiers, generatedReplaced, generatedToRebuild, refuseVirtualToPlain, usesColumns } from './generated-rebuild.js';
import type { Change, TableRef } from './change.js';
import { sameFunction, sameIndex, sameJson } from './compare.js';
import { createdPhysical, physicalChanges } from './physical.js';
import { sequenceChanges, sequenceRenames } from './sequences.js';
import { identityAfterSequenceDrops } from './identity-names.js';
import { newPartitionDefaultResets, partitionDefaultChanges } from './partition-defaults.js';
import { typeChanges } from './types.js';
import { collationChanges } from './collations.js';
import { viewChanges } from './views.js';
import { viewKey } from '../ir/view.js';
import { calleesFirst, calledNames } from '../ir/function-calls.js';
import { afterCallers, droppedFunctionNames, withoutCallers, withoutDomainCallers } from './function-callers.js';
import { aggregateChanges } from './aggregates.js';
import { NO_RENAMES, type Renames } from './renames.js';
import { EMPTY_OWNED, isOwned, type OwnedObjects } from './owned.js';
import { objectCommentChanges } from './object-comments.js';
import { detachedPartitions, partitionChanges, refusePartitioningChanges } from './partitions.js';
import { inheritanceChanges, inheritanceOrder, markBeforeParent } from './inheritance.js';
import { parentsFirst, partitionsFirst } from '../ir/partitions.js';
import { defaultPrivilegeChanges, grantChanges } from './grants.js';
import { distributionChanges, redistributedTables } from './distribution.js';
import {
  checkChanges,
  columnChanges,
  foreignKeyChanges,
  indexChanges,
  primaryKeyChanges,
  rowLevelSecurityChanges,
  triggerChanges,
  withRenamedColumns,
} from './table-parts.js';

export interface DiffOptions {
  readonly renames?: Renames;
  /** Objects that custom statements create: the differ neither creates nor drops them. */
  readonly owned?: OwnedObjects;
  /**
   * Validate foreign keys and checks the database holds NOT VALID (an online plan: what an online
   * apply that stopped halfway left). Otherwise validity is not compared: the files cannot say
   * NOT VALID, and a pulled database keeps its unvalidated constraints as they are.
   */
  readonly validateNotValid?: boolean;
}

const tkey = (t: TableRef) => `${t.schema}.${t.name}`;
const fkey = (f: Function) => `${f.schema}.${f.name}(${f.arguments})`;

export function diff(current: Catalog, desired: Catalog, options: DiffOptions = {}): Change[] {
  const renames = options.renames ?? NO_RENAMES;
  const owned = options.owned ?? EMPTY_OWNED;
  const changes: Change[] = [];
  let cur = withoutOwned(current, owned);
  const des = withoutOwned(desired, owned);

  // Renames first: afterwards the current catalog is compared under its new names.
  const desiredSchemas = new Set(des.schemas.map((s) => s.name));
  for (const r of renames.schemas) {
    const has = (n: string) => cur.schemas.some((s) => s.name === n);
    if (has(r.from) && !has(r.to) && desiredSchemas.has(r.to)) {
      changes.push({ kind: 'rename_schema', from: r.from, to: r.to });
      cur = renameSchema(cur, r.from, r.to);
    }
  }
  const desiredTables = new Map(des.tables.map((t) => [tkey(t), t]));
  for (const r of renames.tables) {
    const has = (t: TableRef) => cur.tables.some((x) => tkey(x) === tkey(t));
    if (has(r.from) && !has(r.to) && desiredTables.has(tkey(r.to))) {
      changes.push({ kind: 'rename_table', from: r.from, to: r.to });
      cur = renameTable(cur, r.from, r.to);
    }
  }
  const columnRenames = new Map<string, Map<string, string>>();
  for (const r of renames.columns) {
    const m = columnRenames.get(tkey(r.table)) ?? new Map<string, string>();
    m.set(r.from, r.to);
    columnRenames.set(tkey(r.table), m);
  }
  changes.push(...columnRenameChanges(cur, renames));
  cur = renameColumns(cur, columnRenames);
  const seqRenames = sequenceRenames(cur, des);
  changes.push(...seqRenames.changes);
  cur = seqRenames.current;
  const detached = detachedPartitions(cur, des);
  changes.push(...detached.changes);
  cur = detached.current;
  // Inheritance parents gained and left; kept tables then compare as they are after (./inheritance.ts).
  const inheritance = inheritanceChanges(cur, des);
  cur = inheritance.current;

  // Extensions and schemas.
  const curExt = new Set(cur.extensions.map((e) => e.name));
  const desExt = new Set(des.extensions.map((e) => e.name));
  for (const e of des.extensions) if (!curExt.has(e.name)) changes.push({ kind: 'create_extension', extension: e });
  changes.push(...extensionUpdates(cur.extensions, des.extensions));
  // An extension goes only when everything that uses it goes too: a column or an index this
  // plan drops (or retypes), in a table it manages. What lives outside the managed schemas,
  // or stays, would break — PostgreSQL refuses, and rightly.
  for (const e of cur.extensions) {
    if (desExt.has(e.name)) continue;
    if ((e.usedBy ?? []).every((use) => goesAway(use, cur, des))) changes.push({ kind: 'drop_extension', extension: e });
  }
  const curSchemas = new Set(cur.schemas.map((s) => s.name));
  for (const s of des.schemas) if (!curSchemas.has(s.name)) changes.push({ kind: 'create_schema', schema: withoutListed(s) });
  for (const s of des.schemas) {
    const c = cur.schemas.find((x) => x.name === s.name);
    if (c && s.listed && (c.comment ?? null) !== (s.comment ?? null)) changes.push({ kind: 'set_schema_comment', schema: s.name, from: c.comment, to: s.comment });
  }
  for (const s of cur.schemas) {
    const stillUsed = cur.tables.some((t) => t.schema === s.name && desiredTables.has(tkey(t)));
    // `public` comes with every database (search_path and extensions default to it): a table
    // moved out of it leaves it in place.
    if (!desiredSchemas.has(s.name) && !stillUsed && s.name !== 'public') changes.push({ kind: 'drop_schema', schema: s });
  }

  // Functions, by schema, name and arguments.
  const curFns = new Map(cur.functions.map((f) => [fkey(f), f]));
  const desFns = new Map(des.functions.map((f) => [fkey(f), f]));
  // A function whose SQL body calls another is created after it (../ir/function-calls.ts).
  for (const f of calleesFirst([...desFns.values()])) {
    const c = curFns.get(fkey(f));
    if (!c) changes.push({ kind: 'create_function', function: f });
    else if (!sameFunction(c, f)) changes.push({ kind: 'replace_function', from: c, to: f });
  }
  const calledByColumns = columnCalls(cur.tables);
  for (const [k, f] of curFns) if (!desFns.has(k)) changes.push({ kind: 'drop_function', function: f, ...(calledByColumns.has(f.name) ? { afterDefaults: true as const } : {}) });

  changes.push(...collationChanges(cur, des));
  // Functions this plan drops (or creates again under new arguments, or drops and creates again
  // for a new result type): what calls them is rebuilt around them (./function-callers.ts).
  // Domains whose checks or default call one: taken away first, put back once it is there again.
  const { dropped: droppedFunctions, replaced: replacedFunctions } = droppedFunctionNames(changes);
  const domainCallers = withoutDomainCallers(cur.types ?? [], droppedFunctions, replacedFunctions);
  changes.push(...domainCallers.drops, ...afterCallers(typeChanges({ ...cur, types: domainCallers.types }, des, renames), droppedFunctions));
  changes.push(...sequenceChanges(cur.sequences ?? [], des.sequences ?? []));

  // Tables.
  const curTables = new Map(cur.tables.map((t) => [tkey(t), t]));
  // Partitions are dropped before their parents and created after them.
  const dropped = partitionsFirst(cur.tables.filter((t) => !desiredTables.has(tkey(t))));
  const droppedKeys = new Set(dropped.map(tkey));
  for (const t of dropped) {
    // Keys between two dropped tables go first, so the drops need no order among themselves;
    // the dropped table is recorded without them (its reverse re-creates them separately).
    const between = t.foreignKeys.filter((fk) => `${fk.refSchema}.${fk.refTable}` !== tkey(t) && droppedKeys.has(`${fk.refSchema}.${fk.refTable}`));
    for (const fk of between) changes.push({ kind: 'drop_foreign_key', table: ref(t), foreignKey: fk });
    changes.push({ kind: 'drop_table', table: between.length ? { ...t, foreignKeys: t.foreignKeys.filter((fk) => !between.includes(fk)) } : t });
  }
  for (const t of parentsFirst(des.tables)) if (!curTables.has(tkey(t))) changes.push(...createTableChanges(t));

  changes.push(...inheritance.changes);
  // Inheritance parents before their children: what a parent changes reaches them first.
  const pairs = inheritanceOrder(des.tables).flatMap((d) => {
    const c = curTables.get(tkey(d));
    return c ? [[c, d] as const] : [];
  });
  refusePartitioningChanges(pairs);
  refuseVirtualToPlain(pairs);
  const forced = foreignKeysToRebuild(pairs, cur.tables, redistributedTables(cur, des, pairs));
  for (const [table, d] of pairs) {
    const r: TableRef = d.partitionBy !== undefined && table.partitionBy !== undefined ? { ...ref(d), partitioned: true } : ref(d);
    const callers = withoutCallers(r, table, droppedFunctions, replacedFunctions);
    const c = callers.table;
    const ctx = { forceForeignKeys: forced.get(tkey(d)) ?? new Set<string>(), validateNotValid: options.validateNotValid === true };
    if ((c.comment ?? null) !== (d.comment ?? null)) changes.push({ kind: 'set_table_comment', table: r, from: c.comment, to: d.comment });
    if ((c.unlogged ?? false) !== (d.unlogged ?? false)) changes.push({ kind: 'set_table_logged', table: r, unlogged: d.unlogged ?? false });
    // Only what the files declare: a table whose storage parameters they do not name keeps its own.
    if (d.storage !== undefined && !sameJson(c.storage ?? {}, d.storage)) changes.push({ kind: 'set_table_storage', table: r, from: c.storage ?? {}, to: d.storage });
    // Indexes and checks on a generated column rebuilt (around a type change, or for its new
    // expression) go with it, and come back.
    const rebuilt = new Set([...generatedToRebuild(c, d), ...generatedReplaced(c, d)]);
    const goes = <T extends Index | Check>(x: T) => rebuilt.size > 0 && usesColumns(x, rebuilt);
    // So do the triggers and policies that name it.
    const names = (e: string | undefined) => e !== undefined && [...expressionIdentifiers(e)].some((n) => rebuilt.has(n));
    const triggerGoes = (t: Trigger) => rebuilt.size > 0 && (names(t.when) || t.updateOf.some((n) => rebuilt.has(n)));
    const policyGoes = (p: Policy) => rebuilt.size > 0 && (names(p.using) || names(p.withCheck));
    const rls = c.rowLevelSecurity;
    const kept = rebuilt.size
      ? { ...c, indexes: c.indexes.filter((x) => !goes(x)), checks: c.checks.filter((x) => !goes(x)), triggers: c.triggers.filter((t) => !triggerGoes(t)), ...(rls ? { rowLevelSecurity: { ...rls, policies: rls.policies.filter((p) => !policyGoes(p)) } } : {}) }
      : c;
    const parts: Change[] = [
      ...callers.drops,
      ...columnChanges(r, c, d),
      ...primaryKeyChanges(r, c, d),
      ...c.checks.filter(goes).map((check): Change => ({ kind: 'drop_check', table: r, check })),
      ...c.indexes.filter(goes).map((index): Change => ({ kind: 'drop_index', table: r, index })),
      ...c.triggers.filter(triggerGoes).map((trigger): Change => ({ kind: 'drop_trigger', table: r, trigger })),
      ...(rls?.policies ?? []).filter(policyGoes).map((policy): Change => ({ kind: 'drop_policy', table: r, policy })),
      ...checkChanges(r, kept, d, ctx),
      ...indexChanges(r, kept, d),
      ...foreignKeyChanges(r, c, d, ctx),
      ...triggerChanges(r, kept, d),
      ...rowLevelSecurityChanges(r, kept, d),
      ...objectCommentChanges(r, c, d),
      ...partitionChanges(c, d),
      ...partitionDefaultChanges(r, c, d, curTables, desiredTables, changes),
    ];
    changes.push(...parts, ...physicalChanges(r, c, d, parts));
  }

  changes.push(...newPartitionDefaultResets(changes, desiredTables));
  markBeforeParent(changes, des);
  changes.push(...distributionChanges(cur, des, pairs));
  changes.push(...viewChanges(cur, des, changes, droppedFunctions));
  changes.push(...aggregateChanges(cur, des, changes));
  changes.push(...grantChanges(cur, des, changes));
  changes.push(...defaultPrivilegeChanges(cur, des));
  changes.push(...statementChanges(cur.statements, des.statements));
  return identityAfterSequenceDrops(changes);
}

/** Whether an object listed in an extension's `usedBy` is gone once `desired` is reached. */
function goesAway(use: string, current: Catalog, desired: Catalog): boolean {
  const [kind, path = ''] = use.split(/:(.*)/s);
  const find = (c: Catalog) => c.tables.find((t) => path === `${t.schema}.${t.name}` || path.startsWith(`${t.schema}.${t.name}.`));
  const cur = find(current);
  if (!cur) return false; // outside the managed schemas: it stays
  const des = find(desired);
  if (!des) return true; // the table is dropped
  const name = path.slice(`${cur.schema}.${cur.name}.`.length);
  const retyped = (col: string) => cur.columns.find((c) => c.name === col)?.type !== des.columns.find((c) => c.name === col)?.type;
  if (kind === 'index') {
    // Dropped, or rebuilt by PostgreSQL with the operator class of a column's new type.
    const idx = cur.indexes.find((i) => i.name === name);
    const kept = des.indexes.find((i) => i.name === name);
    return !kept || (idx?.keys.some((k) => k.kind === 'column' && retyped(k.column)) ?? false) || JSON.stringify(kept.keys) !== JSON.stringify(idx?.keys);
  }
  if (kind === 'column') return retyped(name);
  return false;
}

/** Names of the functions the tables' column defaults and generated expressions call. */
function columnCalls(tables: readonly Table[]): Set<string> {
  const out = new Set<string>();
  for (const t of tables) {
    for (const c of t.columns) {
      for (const sql of [c.default, c.generated]) for (const n of calledNames(sql)) out.add(n);
    }
  }
  return out;
}

function withoutListed(s: Schema): Schema {
  const { listed: _listed, ...rest } = s;
  return rest;
}

function ref(t: TableRef): TableRef {
  return { schema: t.schema, name: t.name };
}

/** A new table: the table itself, then its keys, indexes, triggers and policies as their own changes. */
export function createTableChanges(t: Table): Change[] {
  const r = ref(t);
  // A NOT VALID check is added after the table: CREATE TABLE validates every check it holds.
  const notValid = t.checks.filter((c) => c.notValid);
  const out: Change[] = [{ kind: 'create_table', table: notValid.length ? { ...t, checks: t.checks.filter((c) => !c.notValid) } : t }];
  for (const check of notValid) out.push({ kind: 'add_check', table: r, check });
  for (const fk of t.foreignKeys) out.push({ kind: 'add_foreign_key', table: r, foreignKey: fk });
  for (const index of t.indexes) out.push({ kind: 'create_index', table: r, index });
  for (const trigger of t.triggers) out.push({ kind: 'create_trigger', table: r, trigger });
  const rls = t.rowLevelSecurity;
  if (rls) {
    if (rls.enabled || rls.force) out.push({ kind: 'set_row_level_security', table: r, enabled: rls.enabled, force: rls.force, fromEnabled: false, fromForce: false });
    for (const policy of rls.policies) out.push({ kind: 'create_policy', table: r, policy });
  }
  out.push(...createdPhysical(r, t));
  return out;
}

/**
 * Foreign keys that must be dropped and added again although their definition is unchanged:
 * a column on either side changes type, the key they point at (primary key or unique
 * index with exactly those columns) is rebuilt, or the Citus distribution of either end changes.
 */
function foreignKeysToRebuild(pairs: readonly (readonly [Table, Table])[], currentTables: readonly Table[], redistributed: ReadonlySet<string>): Map<string, Set<string>> {
  const retyped = new Set<string>();
  const rebuiltKeys = new Set<string>();
  const setKey = (t: TableRef, cols: readonly string[]) => `${tkey(t)}(${[...cols].sort().join(',')})`;
  for (const [c, d] of pairs) {
    const desiredCols = new Map(d.columns.map((x) => [x.name, x]));
    for (const col of c.columns) {
      const want = desiredCols.get(col.name);
      if (want && want.type !== col.type) retyped.add(`${tkey(d)}.${col.name}`);
    }
    // A column built again (a plain one made generated, a new expression before 17) takes its
    // indexes with it: keys through it go first and come back.
    for (const name of [...generatedToRebuild(c, d), ...generatedReplaced(c, d)]) retyped.add(`${tkey(d)}.${name}`);
    if (c.primaryKey && (!d.primaryKey || c.primaryKey.columns.join() !== d.primaryKey.columns.join())) rebuiltKeys.add(setKey(d, c.primaryKey.columns));
    const desiredIdx = new Map(d.indexes.map((i) => [i.name, i]));
    for (const i of c.indexes) {
      if (!i.unique || i.keys.some((k) => k.kind !== 'column')) continue;
      const want = desiredIdx.get(i.name);
      if (!want || i.invalid || !sameIndex(want, i)) {
        rebuiltKeys.add(setKey(d, i.keys.map((k) => (k.kind === 'column' ? k.column : ''))));
      }
    }
  }
  const out = new Map<string, Set<string>>();
  for (const t of currentTables) {
    for (const fk of t.foreignKeys) {
      const target = { schema: fk.refSchema, name: fk.refTable };
      const hit =
        fk.columns.some((col) => retyped.has(`${tkey(t)}.${col}`)) ||
        fk.refColumns.some((col) => retyped.has(`${tkey(target)}.${col}`)) ||
        rebuiltKeys.has(setKey(target, fk.refColumns)) ||
        // Citus: keys of a table whose distribution changes are added again once both ends are placed.
        redistributed.has(tkey(t)) ||
        redistributed.has(tkey(target));
      if (hit) {
        const s = out.get(tkey(t)) ?? new Set<string>();
        s.add(fk.name);
        out.set(tkey(t), s);
      }
    }
  }
  return out;
}

function statementChanges(cur: readonly Statement[], des: readonly Statement[]): Change[] {
  const out: Change[] = [];
  const c = new Map(cur.map((s) => [s.name, s]));
  const d = new Map(des.map((s) => [s.name, s]));
  // Reverts run in the reverse order of the statements' declaration.
  for (const s of [...cur].reverse()) {
    const want = d.get(s.name);
    if (!want || want.up.trim() !== s.up.trim() || want.down.trim() !== s.down.trim()) out.push({ kind: 'revert_statement', statement: s });
  }
  for (const s of des) {
    const have = c.get(s.name);
    if (!have || have.up.trim() !== s.up.trim() || have.down.trim() !== s.down.trim()) out.push({ kind: 'run_statement', statement: s });
  }
  return out;
}

function withoutOwned(c: Catalog, owned: OwnedObjects): Catalog {
  if (owned === EMPTY_OWNED) return c;
  return {
    ...c,
    functions: c.functions.filter((f) => !isOwned(owned, 'function', `${f.schema}.${f.name}`)),
    ...(c.aggregates ? { aggregates: c.aggregates.filter((a) => !isOwned(owned, 'function', `${a.schema}.${a.name}`)) } : {}),
    // A sequence a statement creates, or one owned by a table a statement creates (a serial column).
    ...(c.sequences
      ? { sequences: c.sequences.filter((q) => !isOwned(owned, 'table', `${q.schema}.${q.name}`) && !(q.ownedBy && isOwned(owned, 'table', `${q.schema}.${q.ownedBy.table}`))) }
      : {}),
    ...(c.views ? { views: c.views.filter((v) => !isOwned(owned, 'table', viewKey(v))) } : {}),
    ...(c.collations ? { collations: c.collations.filter((x) => !isOwned(owned, 'collation', `${x.schema}.${x.name}`)) } : {}),
    tables: c.tables
      .filter((t) => !isOwned(owned, 'table', tkey(t)))
      .map((t) => ({
        ...t,
        indexes: t.indexes.filter((i) => !isOwned(owned, 'index', `${t.schema}.${i.name}`)),
        triggers: t.triggers.filter((tr) => !isOwned(owned, 'trigger', `${tkey(t)}.${tr.name}`)),
        checks: t.checks.filter((ch) => !isOwned(owned, 'constraint', `${tkey(t)}.${ch.name}`)),
        foreignKeys: t.foreignKeys.filter((fk) => !isOwned(owned, 'constraint', `${tkey(t)}.${fk.name}`)),
        columns: t.columns.filter((col) => !isOwned(owned, 'column', `${tkey(t)}.${col.name}`)),
        ...(t.rowLevelSecurity
          ? { rowLevelSecurity: { ...t.rowLevelSecurity, policies: t.rowLevelSecurity.policies.filter((p) => !isOwned(owned, 'policy', `${tkey(t)}.${p.name}`)) } }
          : {}),
      })),
  };
}

/**
 * Rewrites the uses extensions record (`column:schema.table.column`, `index:schema.table.index`)
 * under the names a rename gives, so a renamed table's uses are still found.
 */
function renameUses(c: Catalog, rename: (kind: string, path: string) => string): Catalog['extensions'] {
  return c.extensions.map((e) =>
    e.usedBy
      ? {
          ...e,
          usedBy: e.usedBy.map((use) => {
            const [kind = '', path = ''] = use.split(/:(.*)/s);
            return `${kind}:${rename(kind, path)}`;
          }),
        }
      : e,
  );
}

function renameSchema(c: Catalog, from: string, to: string): Catalog {
  const s = (x: string) => (x === from ? to : x);
  return {
    ...c,
    extensions: renameUses(c, (_kind, path) => (path.startsWith(`${from}.`) ? `${to}.${path.slice(from.length + 1)}` : path)),
    schemas: c.schemas.map((x) => ({ ...x, name: s(x.name) })),
    functions: c.functions.map((f) => ({ ...f, schema: s(f.schema) })),
    ...(c.aggregates ? { aggregates: c.aggregates.map((a) => ({ ...a, schema: s(a.schema) })) } : {}),
    ...(c.sequences ? { sequences: c.sequences.map((q) => ({ ...q, schema: s(q.schema) })) } : {}),
    ...(c.collations ? { collations: c.collations.map((q) => ({ ...q, schema: s(q.schema) })) } : {}),
    tables: c.tables.map((t) => ({
      ...t,
      schema: s(t.schema),
      ...(t.partitionOf ? { partitionOf: { ...t.partitionOf, schema: s(t.partitionOf.schema) } } : {}),
      ...(t.inherits ? { inherits: t.inherits.map((p) => ({ ...p, schema: s(p.schema) })) } : {}),
      foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, refSchema: s(fk.refSchema) })),
      triggers: t.triggers.map((tr) => ({ ...tr, functionSchema: s(tr.functionSchema) })),
    })),
  };
}

function renameTable(c: Catalog, from: TableRef, to: TableRef): Catalog {
  const same = (s: string, n: string) => s === from.schema && n === from.name;
  const prefix = `${tkey(from)}.`;
  return {
    ...c,
    extensions: renameUses(c, (_kind, path) => (path.startsWith(prefix) ? `${tkey(to)}.${path.slice(prefix.length)}` : path)),
    // A sequence stays in its schema when its table moves: only a table renamed in place keeps owning it.
    ...(c.sequences
      ? { sequences: c.sequences.map((q) => (q.ownedBy && same(q.schema, q.ownedBy.table) && from.schema === to.schema ? { ...q, ownedBy: { ...q.ownedBy, table: to.name } } : q)) }
      : {}),
    tables: c.tables.map((t) => ({
      ...t,
      // Its identity sequences keep their names, PostgreSQL's for the old table name.
      ...(same(t.schema, t.name) ? { schema: to.schema, name: to.name, columns: t.columns.map((col) => (col.identity && col.identitySequence === undefined ? { ...col, identitySequence: serialSequenceName(from.name, col.name) } : col)) } : {}),
      ...(t.partitionOf && same(t.partitionOf.schema, t.partitionOf.name) ? { partitionOf: { ...t.partitionOf, schema: to.schema, name: to.name } } : {}),
      ...(t.inherits ? { inherits: t.inherits.map((p) => (same(p.schema, p.name) ? { schema: to.schema, name: to.name } : p)) } : {}),
      foreignKeys: t.foreignKeys.map((fk) => (same(fk.refSchema, fk.refTable) ? { ...fk, refSchema: to.schema, refTable: to.name } : fk)),
    })),
  };
}

/** Applies column renames to their tables and to the foreign keys that point at them. */
function renameColumns(c: Catalog, renames: ReadonlyMap<string, ReadonlyMap<string, string>>): Catalog {
  if (renames.size === 0) return c;
  const effective = new Map<string, ReadonlyMap<string, string>>();
  for (const t of c.tables) {
    const r = renames.get(tkey(t));
    if (!r) continue;
    const present = new Set(t.columns.map((col) => col.name));
    effective.set(tkey(t), new Map([...r].filter(([from, to]) => present.has(from) && !present.has(to))));
  }
  const columnUse = (kind: string, path: string) => {
    if (kind !== 'column') return path;
    const t = c.tables.find((x) => path.startsWith(`${tkey(x)}.`));
    const to = t ? effective.get(tkey(t))?.get(path.slice(tkey(t).length + 1)) : undefined;
    return t && to ? `${tkey(t)}.${to}` : path;
  };
  return {
    ...c,
    extensions: renameUses(c, columnUse),
    ...(c.sequences
      ? {
          sequences: c.sequences.map((q) => {
            const to = q.ownedBy ? effective.get(`${q.schema}.${q.ownedBy.table}`)?.get(q.ownedBy.column) : undefined;
            return to && q.ownedBy ? { ...q, ownedBy: { ...q.ownedBy, column: to } } : q;
          }),
        }
      : {}),
    tables: c.tables.map((t) => {
      const own = effective.get(tkey(t));
      const renamed = own ? withRenamedColumns(t, own) : t;
      return {
        ...renamed,
        foreignKeys: renamed.foreignKeys.map((fk) => {
          const r = effective.get(`${fk.refSchema}.${fk.refTable}`);
          return r ? { ...fk, refColumns: fk.refColumns.map((col) => r.get(col) ?? col) } : fk;
        }),
      };
    }),
  };
}

/** Column renames that apply: the old column exists and the new name is free. */
function columnRenameChanges(current: Catalog, renames: Renames): Change[] {
  const out: Change[] = [];
  for (const r of renames.columns) {
    const t = current.tables.find((x) => tkey(x) === tkey(r.table));
    if (t && t.columns.some((c) => c.name === r.from) && !t.columns.some((c) => c.name === r.to)) out.push({ kind: 'rename_column', table: r.table, from: r.from, to: r.to });
  }
  return out;
}
