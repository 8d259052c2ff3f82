/**
 * The parts of one table that exists on both sides: columns, keys, checks, indexes,
 * triggers, row-level security. Pure: (current table, desired table) → changes.
 */
import { serialSequenceName } from '../ir/sequence.js';
import type { Column, ForeignKey, Index, PrimaryKey, Table } from '../ir/catalog.js';
import type { Change, ColumnProperty, TableRef } from './change.js';
import { generatedToRebuild, retyped } from './generated-rebuild.js';
import { alterablePolicy } from '../render/ddl/policies.js';
import { sameCheck, sameForeignKey, sameForeignKeyCore, sameIndex, sameJson, samePolicy, sameTrigger, type Same } from './compare.js';

export interface TablePairContext {
  /** Foreign keys that must be rebuilt even if unchanged (what they depend on is rebuilt). */
  readonly forceForeignKeys: ReadonlySet<string>;
  /** Plan VALIDATE CONSTRAINT for keys and checks the database holds NOT VALID (online plans). */
  readonly validateNotValid?: boolean;
}

const PROPS: readonly ColumnProperty[] = ['type', 'collation', 'generated', 'virtual', 'default', 'identity', 'identity_options', 'nullable', 'statistics', 'storage', 'compression', 'n_distinct', 'identity_sequence'];

/** Whether a column property is the same on both sides (identity options are an object). */
function sameProperty(c: Column, d: Column, p: ColumnProperty): boolean {
  if (p === 'identity_options') return sameJson(c.identityOptions ?? null, d.identityOptions ?? null);
  if (p === 'n_distinct') return c.nDistinct === d.nDistinct && c.nDistinctInherited === d.nDistinctInherited;
  // On a column that is and stays an identity, both names resolved (columnChanges).
  if (p === 'identity_sequence') return !c.identity || !d.identity || c.identitySequence === d.identitySequence;
  return (c[p] ?? null) === (d[p] ?? null);
}

/**
 * An identity column with its sequence's name, PostgreSQL's own where none other is given (a
 * table renamed by this plan holds its old one: ./diff.ts renameTable).
 */
const named = (x: Column, table: string): Column => (x.identity ? { ...x, identitySequence: x.identitySequence ?? serialSequenceName(table, x.name) } : x);

/** Columns of a table on both sides (renames already applied to the current side). */
export function columnChanges(ref: TableRef, cur: Table, des: Table): Change[] {
  const out: Change[] = [];
  const desired = new Map(des.columns.map((c) => [c.name, c]));
  const current = new Map<string, Column>(cur.columns.map((c) => [c.name, c]));
  const rebuild = generatedToRebuild(cur, des);
  for (const [name, c] of current) if (!desired.has(name) || rebuild.has(name)) out.push({ kind: 'drop_column', table: ref, column: c });
  for (const d of des.columns) {
    const c = current.get(d.name);
    if (!c || rebuild.has(d.name)) {
      out.push({ kind: 'add_column', table: ref, column: d });
      continue;
    }
    // A new type (or collation) resets the column's storage and compression to the defaults.
    const have = named(c, cur.name);
    const want = named(d, des.name);
    const changed = PROPS.filter((p) => !sameProperty(have, want, p) || ((p === 'storage' || p === 'compression') && d[p] !== undefined && retyped(c, d)));
    if (changed.length) out.push({ kind: 'alter_column', table: ref, ...(changed.includes('identity_sequence') ? { from: have, to: want } : { from: c, to: d }), changed });
    if ((c.comment ?? null) !== (d.comment ?? null)) out.push({ kind: 'set_column_comment', table: ref, column: d.name, from: c.comment, to: d.comment });
  }
  return out;
}

/** Current table with column renames applied, so constraints compare by new names. */
export function withRenamedColumns(t: Table, renames: ReadonlyMap<string, string>): Table {
  if (renames.size === 0) return t;
  const present = new Set(t.columns.map((c) => c.name));
  const map = (n: string) => {
    const to = renames.get(n);
    return to !== undefined && !present.has(to) ? to : n;
  };
  const mapList = (l: readonly string[]) => l.map(map);
  return {
    ...t,
    columns: t.columns.map((c) => ({ ...c, name: map(c.name) })),
    ...(t.primaryKey ? { primaryKey: { ...t.primaryKey, columns: mapList(t.primaryKey.columns), ...(t.primaryKey.include ? { include: mapList(t.primaryKey.include) } : {}) } } : {}),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: mapList(f.columns), ...(f.onDeleteColumns ? { onDeleteColumns: mapList(f.onDeleteColumns) } : {}) })),
    indexes: t.indexes.map((i) => ({
      ...i,
      keys: i.keys.map((k) => (k.kind === 'column' ? { ...k, column: map(k.column) } : k)),
      include: mapList(i.include),
    })),
    triggers: t.triggers.map((tr) => ({ ...tr, updateOf: mapList(tr.updateOf) })),
    ...(t.grants ? { grants: t.grants.map((g) => (g.column !== undefined ? { ...g, column: map(g.column) } : g)) } : {}),
  };
}

/** Pairs removed and added objects that differ only by name: renames without rebuild. */
function matchRenames<T extends { name: string }>(removed: T[], added: T[], same: Same<T>): [T, T][] {
  const pairs: [T, T][] = [];
  for (const r of [...removed]) {
    const i = added.findIndex((a) => same(a, r));
    if (i >= 0) {
      pairs.push([r, added[i]!]);
      added.splice(i, 1);
      removed.splice(removed.indexOf(r), 1);
    }
  }
  return pairs;
}

function byName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((x) => [x.name, x]));
}

/**
 * The same key but for its name and comment. Deferrability is fixed when the key is made:
 * PostgreSQL's ALTER CONSTRAINT cannot change it on a primary key; nor can it change INCLUDE.
 */
export function samePrimaryKey(c: PrimaryKey, d: PrimaryKey): boolean {
  const deferrability = (k: PrimaryKey) => `${k.deferrable ?? false}/${k.initiallyDeferred ?? false}`;
  return sameJson(c.columns, d.columns) && sameJson(c.include ?? [], d.include ?? []) && deferrability(c) === deferrability(d) && (c.withoutOverlaps ?? false) === (d.withoutOverlaps ?? false);
}

export function primaryKeyChanges(ref: TableRef, cur: Table, des: Table): Change[] {
  const c = cur.primaryKey;
  const d = des.primaryKey;
  if (!c && !d) return [];
  if (c && !d) return [{ kind: 'drop_primary_key', table: ref, primaryKey: c }];
  if (!c && d) return [{ kind: 'add_primary_key', table: ref, primaryKey: d }];
  if (!samePrimaryKey(c!, d!)) {
    return [
      { kind: 'drop_primary_key', table: ref, primaryKey: c! },
      { kind: 'add_primary_key', table: ref, primaryKey: d! },
    ];
  }
  return c!.name !== d!.name ? [{ kind: 'rename_constraint', table: ref, from: c!.name, to: d!.name }] : [];
}

export function foreignKeyChanges(ref: TableRef, cur: Table, des: Table, ctx: TablePairContext): Change[] {
  const out: Change[] = [];
  const c = byName(cur.foreignKeys);
  const d = byName(des.foreignKeys);
  for (const [name, fk] of c) {
    const want = d.get(name);
    if (!want) continue;
    if (ctx.forceForeignKeys.has(name) || !sameForeignKeyCore(fk, want)) {
      out.push({ kind: 'drop_foreign_key', table: ref, foreignKey: fk }, { kind: 'add_foreign_key', table: ref, foreignKey: want });
    } else {
      if (!sameForeignKey(fk, want)) out.push({ kind: 'alter_foreign_key', table: ref, from: fk, to: want });
      if (ctx.validateNotValid && fk.notValid && !want.notValid) out.push({ kind: 'validate_constraint', table: ref, name, constraint: 'foreign_key' });
    }
  }
  const removed: ForeignKey[] = cur.foreignKeys.filter((x) => !d.has(x.name));
  const added: ForeignKey[] = des.foreignKeys.filter((x) => !c.has(x.name));
  // A key whose target is rebuilt cannot simply be renamed.
  const renamable = removed.filter((r) => !ctx.forceForeignKeys.has(r.name));
  for (const [from, to] of matchRenames(renamable, added, sameForeignKey)) {
    out.push({ kind: 'rename_constraint', table: ref, from: from.name, to: to.name });
    removed.splice(removed.indexOf(from), 1);
  }
  for (const fk of removed) out.push({ kind: 'drop_foreign_key', table: ref, foreignKey: fk });
  for (const fk of added) out.push({ kind: 'add_foreign_key', table: ref, foreignKey: fk });
  return out;
}

export function checkChanges(ref: TableRef, cur: Table, des: Table, ctx: Pick<TablePairContext, 'validateNotValid'> = {}): Change[] {
  const out: Change[] = [];
  const c = byName(cur.checks);
  const d = byName(des.checks);
  const removed = cur.checks.filter((x) => !d.has(x.name));
  const added = des.checks.filter((x) => !c.has(x.name));
  for (const [name, chk] of c) {
    const want = d.get(name);
    if (want && !sameCheck(want, chk)) out.push({ kind: 'drop_check', table: ref, check: chk }, { kind: 'add_check', table: ref, check: want });
    else if (ctx.validateNotValid && want && chk.notValid && !want.notValid) out.push({ kind: 'validate_constraint', table: ref, name, constraint: 'check' });
  }
  for (const [from, to] of matchRenames(removed, added, sameCheck)) out.push({ kind: 'rename_constraint', table: ref, from: from.name, to: to.name });
  for (const chk of removed) out.push({ kind: 'drop_check', table: ref, check: chk });
  for (const chk of added) out.push({ kind: 'add_check', table: ref, check: chk });
  return out;
}

export function indexChanges(ref: TableRef, cur: Table, des: Table): Change[] {
  const out: Change[] = [];
  const c = byName(cur.indexes);
  const d = byName(des.indexes);
  // An INVALID index (a failed concurrent build) is rebuilt whatever its definition.
  const removed: Index[] = cur.indexes.filter((x) => !d.has(x.name) && !x.invalid);
  const added: Index[] = des.indexes.filter((x) => !c.has(x.name));
  for (const [name, idx] of c) {
    const want = d.get(name);
    if (!want) {
      if (idx.invalid) out.push({ kind: 'drop_index', table: ref, index: idx });
      continue;
    }
    if (idx.invalid || !sameIndex(idx, want)) out.push({ kind: 'drop_index', table: ref, index: idx }, { kind: 'create_index', table: ref, index: want });
  }
  for (const [from, to] of matchRenames(removed, added, sameIndex)) out.push({ kind: 'rename_index', table: ref, from: from.name, to: to.name });
  for (const idx of removed) out.push({ kind: 'drop_index', table: ref, index: idx });
  for (const idx of added) out.push({ kind: 'create_index', table: ref, index: idx });
  return out;
}

export function triggerChanges(ref: TableRef, cur: Table, des: Table): Change[] {
  const out: Change[] = [];
  const c = byName(cur.triggers);
  const d = byName(des.triggers);
  const removed = cur.triggers.filter((x) => !d.has(x.name));
  const added = des.triggers.filter((x) => !c.has(x.name));
  for (const [name, t] of c) {
    const want = d.get(name);
    if (want && !sameTrigger(want, t)) out.push({ kind: 'drop_trigger', table: ref, trigger: t }, { kind: 'create_trigger', table: ref, trigger: want });
    else if (want && want.firing !== t.firing) out.push({ kind: 'set_trigger_firing', table: ref, trigger: name, ...(t.firing ? { from: t.firing } : {}), ...(want.firing ? { to: want.firing } : {}) });
  }
  for (const [from, to] of matchRenames(removed, added, sameTrigger)) out.push({ kind: 'rename_trigger', table: ref, from: from.name, to: to.name });
  for (const t of removed) out.push({ kind: 'drop_trigger', table: ref, trigger: t });
  for (const t of added) out.push({ kind: 'create_trigger', table: ref, trigger: t });
  return out;
}

export function rowLevelSecurityChanges(ref: TableRef, cur: Table, des: Table): Change[] {
  const out: Change[] = [];
  const c = cur.rowLevelSecurity ?? { enabled: false, force: false, policies: [] };
  const d = des.rowLevelSecurity ?? { enabled: false, force: false, policies: [] };
  const cp = byName(c.policies);
  const dp = byName(d.policies);
  for (const [name, p] of cp) {
    const want = dp.get(name);
    if (!want) out.push({ kind: 'drop_policy', table: ref, policy: p });
    else if (!samePolicy(p, want)) {
      if (alterablePolicy(p, want)) out.push({ kind: 'alter_policy', table: ref, from: p, to: want });
      else out.push({ kind: 'drop_policy', table: ref, policy: p }, { kind: 'create_policy', table: ref, policy: want });
    }
  }
  for (const [name, p] of dp) if (!cp.has(name)) out.push({ kind: 'create_policy', table: ref, policy: p });
  if (c.enabled !== d.enabled || c.force !== d.force) {
    out.push({ kind: 'set_row_level_security', table: ref, enabled: d.enabled, force: d.force, fromEnabled: c.enabled, fromForce: c.force });
  }
  return out;
}
