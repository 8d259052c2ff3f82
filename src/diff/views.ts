/**
 * Views on both sides → changes. Pure. A view is kept, replaced in place (CREATE OR REPLACE
 * VIEW: same leading columns, same types), or dropped and created again. PostgreSQL refuses to
 * drop or retype a column, or drop a table, that a view reads: such views (and the views that
 * read them, transitively, by the server's dependencies) are dropped before the change and
 * created again after it, in the same transaction. Drops come dependents first, creations
 * what-they-read first.
 */
import type { Catalog, Table } from '../ir/catalog.js';
import { readsOf, viewKey, viewsInDependencyOrder, type View, type ViewRead } from '../ir/view.js';
import type { Change, ViewRef } from './change.js';
import { sameJson, stableJson } from './compare.js';
import { indexChanges, triggerChanges } from './table-parts.js';
import { objectCommentChanges } from './object-comments.js';
import { calledNames, indexSql } from '../ir/function-calls.js';

/** Columns (`schema.table.column`) and tables (`schema.table`) the table changes drop, retype or rebuild. */
function disturbed(changes: readonly Change[]): { tables: Set<string>; columns: Set<string> } {
  const tables = new Set<string>();
  const columns = new Set<string>();
  const col = (t: { schema: string; name: string }, c: string) => columns.add(`${viewKey(t)}.${c}`);
  for (const c of changes) {
    if (c.kind === 'drop_table') tables.add(viewKey(c.table));
    else if (c.kind === 'drop_column') col(c.table, c.column.name);
    else if (c.kind === 'alter_column' && c.changed.some((p) => p === 'type' || p === 'collation' || p === 'generated')) col(c.table, c.from.name);
    else if (c.kind === 'swap_enum') for (const x of c.columns) col(x.table, x.column);
  }
  return { tables, columns };
}

/** Everything but the comments, reads, WITH NO DATA, indexes, triggers, privileges (../diff/grants.ts) and storage parameters: what makes a view differ. */
function shape(v: View): string {
  const { comment: _c, reads: _r, withNoData: _w, indexes: _i, triggers: _t, attached: _a, grants: _g, storage: _s, columns, ...rest } = v;
  return stableJson({ ...rest, columns: columns.map((c) => [c.name, c.type]) });
}

function sameColumnsPrefix(from: View, to: View): boolean {
  // Only the server knows a view's columns: without them (compiled catalogs, offline) nothing proves it safe.
  if (!from.reads || !to.reads) return false;
  return from.columns.length <= to.columns.length && from.columns.every((c, i) => c.name === to.columns[i]!.name && c.type === to.columns[i]!.type);
}

/** Can `from` become `to` without being dropped? */
function replaceable(from: View, to: View): boolean {
  return !from.materialized && !to.materialized && sameColumnsPrefix(from, to);
}

export function viewRef(v: View): ViewRef {
  return { schema: v.schema, name: v.name, ...(v.materialized ? { materialized: true as const } : {}) };
}

function asTable(v: View): Table {
  return { schema: v.schema, name: v.name, columns: [], foreignKeys: [], checks: [], indexes: v.indexes, triggers: v.triggers ?? [] };
}

/**
 * The current views with what they read under the names this plan's renames give (schemas,
 * then tables, then columns): PostgreSQL follows a rename, and what changes after it is named
 * by the new name.
 */
function underNewNames(views: readonly View[], changes: readonly Change[]): View[] {
  const schemas = new Map<string, string>();
  const tables = new Map<string, { schema: string; name: string }>();
  const columns = new Map<string, string>();
  for (const c of changes) {
    if (c.kind === 'rename_schema') schemas.set(c.from, c.to);
    else if (c.kind === 'rename_table') tables.set(viewKey(c.from), c.to);
    else if (c.kind === 'rename_column') columns.set(`${viewKey(c.table)}.${c.from}`, c.to);
  }
  if (!schemas.size && !tables.size && !columns.size) return [...views];
  const rename = (r: ViewRead): ViewRead => {
    const s = { schema: schemas.get(r.schema) ?? r.schema, name: r.name };
    const t = tables.get(viewKey(s)) ?? s;
    return { schema: t.schema, name: t.name, columns: r.columns.map((col) => columns.get(`${viewKey(t)}.${col}`) ?? col) };
  };
  return views.map((v) => (v.reads ? { ...v, reads: v.reads.map(rename) } : v));
}

/**
 * `dropped`: names of the functions the plan drops (or drops and creates again): a view, or a
 * materialized view's index, that calls one is made again around it (./function-callers.ts
 * does a table's callers).
 */
export function viewChanges(cur: Catalog, des: Catalog, tableChanges: readonly Change[], dropped: ReadonlySet<string> = new Set()): Change[] {
  const current = underNewNames(cur.views ?? [], tableChanges);
  const desired = des.views ?? [];
  if (!current.length && !desired.length) return [];
  const d = new Map(desired.map((v) => [viewKey(v), v]));
  const gone = disturbed(tableChanges);
  const callsDropped = (v: View) => dropped.size > 0 && [v.definition, ...v.indexes.flatMap(indexSql)].some((sql) => calledNames(sql).some((n) => dropped.has(n)));
  // Views that cannot stay as they are: gone from the files, changed beyond replacing, reading what changes, or calling a function that goes.
  const out = new Set<string>();
  for (const v of current) {
    const want = d.get(viewKey(v));
    if (!want || (shape(v) !== shape(want) && !replaceable(v, want)) || callsDropped(v)) out.add(viewKey(v));
    for (const r of readsOf(v, current, cur.tables)) {
      if (gone.tables.has(viewKey(r)) || r.columns.some((c) => gone.columns.has(`${viewKey(r)}.${c}`))) out.add(viewKey(v));
    }
  }
  // …and the views that read those, transitively.
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of current) {
      if (out.has(viewKey(v))) continue;
      if (readsOf(v, current).some((r) => out.has(viewKey(r)))) (out.add(viewKey(v)), (grew = true));
    }
  }
  const changes: Change[] = [];
  for (const v of viewsInDependencyOrder(current).reverse()) {
    if (!out.has(viewKey(v))) continue;
    changes.push({ kind: 'drop_view', view: v, ...(d.has(viewKey(v)) ? { recreated: true as const } : {}) });
  }
  const c = new Map(current.map((v) => [viewKey(v), v]));
  for (const v of viewsInDependencyOrder(desired)) {
    const want = d.get(viewKey(v))!;
    const have = c.get(viewKey(v));
    if (!have || out.has(viewKey(v))) {
      changes.push({ kind: 'create_view', view: want });
      continue;
    }
    if (shape(have) !== shape(want)) changes.push({ kind: 'replace_view', from: have, to: want });
    changes.push(...commentChanges(have, want));
    const ref = { schema: want.schema, name: want.name };
    // A materialized view's storage parameters, when the files say them: in place, as a table's.
    if (want.materialized && want.storage !== undefined && !sameJson(have.storage ?? {}, want.storage)) changes.push({ kind: 'set_table_storage', table: ref, from: have.storage ?? {}, to: want.storage });
    if (want.materialized) changes.push(...indexChanges(ref, asTable(have), asTable(want)));
    else changes.push(...triggerChanges(ref, asTable(have), asTable(want)));
    changes.push(...objectCommentChanges(ref, asTable(have), asTable(want)));
  }
  return changes;
}

/** The view's comment and its columns' comments (a column the view no longer has is gone with it). */
function commentChanges(from: View, to: View): Change[] {
  const out: Change[] = [];
  const ref = viewRef(to);
  const opt = (from?: string, to?: string) => ({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  if ((from.comment ?? null) !== (to.comment ?? null)) out.push({ kind: 'set_view_comment', view: ref, ...opt(from.comment, to.comment) });
  const had = new Map(from.columns.map((x) => [x.name, x.comment]));
  for (const col of to.columns) {
    const was = had.get(col.name);
    if ((was ?? null) !== (col.comment ?? null)) out.push({ kind: 'set_view_comment', view: ref, column: col.name, ...opt(was, col.comment) });
  }
  return out;
}
