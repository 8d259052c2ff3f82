/**
 * Renames are never guessed (STYLE 11), but a drop and an add that look like a rename are
 * asked about, as Ash does: "Are you renaming users.name to users.full_name?". This module
 * finds those questions in a list of changes; the command asks them on a terminal (and
 * records a yes as `renamed_from` in the files, ./record-rename.ts) or, without one, fails
 * and says where to add the hint.
 *
 *   a column   dropped and added in the same table with the same type, when the added
 *              column is a declared attribute that is not a macro (a macro or a belongs_to
 *              column cannot carry `renamed_from`)
 *   a table    dropped and created when both have the same primary key (names and types)
 *              and the new table has at least half of the old one's columns (names and
 *              types)
 */
import type { Change, TableRef } from '../diff/change.js';
import type { Renames } from '../diff/renames.js';
import type { Column, Table } from '../ir/catalog.js';
import { TENANT_SCHEMA } from '../ir/catalog.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import type { Project } from '../model/resource.js';
import { segments, type Src } from '../model/source.js';

export type RenameQuestion =
  | {
      readonly kind: 'column';
      readonly table: TableRef;
      readonly from: string;
      readonly to: string;
      readonly question: string;
      /** What was seen, in words: `users.bio is dropped and users.biog added, both text`. */
      readonly situation: string;
      /** The attribute that gets `renamed_from`. */
      readonly src: Src;
    }
  | {
      readonly kind: 'table';
      readonly from: TableRef;
      readonly to: TableRef;
      readonly question: string;
      readonly situation: string;
      /** The resource whose `postgres` block gets `renamed_from`. */
      readonly src: Src;
      /** The value of `renamed_from`: `old` or `schema.old`. */
      readonly value: string;
    };

const shown = (t: TableRef) => (t.schema === 'public' || t.schema === TENANT_SCHEMA ? t.name : `${t.schema}.${t.name}`);
const tkey = (t: TableRef) => `${t.schema}.${t.name}`;

/** The same question for the public copy and the tenant copy of a table is asked once. */
export function questionKey(q: RenameQuestion): string {
  return `${q.kind}|${q.src.file}|${q.src.pointer}|${q.kind === 'column' ? q.from : q.value}`;
}

function declaredAttribute(project: Project, src: Src | undefined): boolean {
  if (!src) return false;
  const [top, resource, part, name] = segments(src.pointer);
  if (top !== 'resources' || part !== 'attributes' || name === undefined) return false;
  const attr = project.resources.find((r) => r.name === resource)?.attributes.find((a) => a.name === name && !a.fromRelationship);
  return attr !== undefined && attr.macro === undefined && attr.renamedFrom === undefined;
}

function columnQuestions(changes: readonly Change[], project: Project, origins: Readonly<Record<ObjectKey, Src>>): RenameQuestion[] {
  const out: RenameQuestion[] = [];
  const dropped = new Map<string, { table: TableRef; column: Column }[]>();
  for (const c of changes) if (c.kind === 'drop_column') dropped.set(tkey(c.table), [...(dropped.get(tkey(c.table)) ?? []), { table: c.table, column: c.column }]);
  for (const c of changes) {
    if (c.kind !== 'add_column') continue;
    const src = origins[keys.column(c.table.schema, c.table.name, c.column.name)];
    if (!declaredAttribute(project, src)) continue;
    for (const d of dropped.get(tkey(c.table)) ?? []) {
      if (d.column.type !== c.column.type) continue;
      const [a, b] = [`${shown(c.table)}.${d.column.name}`, `${shown(c.table)}.${c.column.name}`];
      out.push({ kind: 'column', table: c.table, from: d.column.name, to: c.column.name, question: `Are you renaming ${a} to ${b}?`, situation: `${a} is dropped and ${b} added, both ${c.column.type}`, src: src! });
    }
  }
  return out;
}

function looksRenamed(from: Table, to: Table): boolean {
  const pk = (t: Table) => (t.primaryKey?.columns ?? []).map((n) => `${n}:${t.columns.find((c) => c.name === n)?.type}`).join(',');
  if (!from.primaryKey || pk(from) !== pk(to)) return false;
  const have = new Set(to.columns.map((c) => `${c.name}:${c.type}`));
  const kept = from.columns.filter((c) => have.has(`${c.name}:${c.type}`)).length;
  return kept * 2 >= from.columns.length;
}

function tableQuestions(changes: readonly Change[], project: Project, origins: Readonly<Record<ObjectKey, Src>>): RenameQuestion[] {
  const out: RenameQuestion[] = [];
  const dropped = changes.flatMap((c) => (c.kind === 'drop_table' ? [c.table] : []));
  for (const c of changes) {
    if (c.kind !== 'create_table') continue;
    const src = origins[keys.table(c.table.schema, c.table.name)];
    const [top, resource] = src ? segments(src.pointer) : [];
    const r = top === 'resources' ? project.resources.find((x) => x.name === resource) : undefined;
    if (!src || !r || r.renamedFrom) continue;
    for (const d of dropped) {
      if ((d.schema === TENANT_SCHEMA) !== (c.table.schema === TENANT_SCHEMA) || !looksRenamed(d, c.table)) continue;
      const moved = d.schema !== c.table.schema;
      out.push({
        kind: 'table',
        from: { schema: d.schema, name: d.name },
        to: { schema: c.table.schema, name: c.table.name },
        question: moved && d.name === c.table.name ? `Are you moving ${shown(d)} to ${c.table.schema}.${c.table.name}?` : `Are you renaming ${shown(d)} to ${moved ? `${c.table.schema}.${c.table.name}` : shown(c.table)}?`,
        situation: `table ${d.schema}.${d.name} is dropped and ${c.table.schema}.${c.table.name} created with the same primary key and most of its columns`,
        src,
        value: moved ? `${d.schema}.${d.name}` : d.name,
      });
    }
  }
  return out;
}

/**
 * Questions about tables first: after a yes to one of them, the caller diffs again (the
 * renamed table's columns then compare with their old selves) before asking about columns.
 */
export function renameQuestions(changes: readonly Change[], project: Project, origins: Readonly<Record<ObjectKey, Src>>): RenameQuestion[] {
  return [...tableQuestions(changes, project, origins), ...columnQuestions(changes, project, origins)];
}

/** The renames with one more answer added. */
export function withAnswer(renames: Renames, q: RenameQuestion): Renames {
  if (q.kind === 'column') return { ...renames, columns: [...renames.columns, { table: q.table, from: q.from, to: q.to }] };
  return { ...renames, tables: [...renames.tables, { from: q.from, to: q.to }] };
}
