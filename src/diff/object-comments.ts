/**
 * Comments on the primary key, indexes, constraints, triggers and policies of a table that stays: an object kept under
 * its name with the same definition gets COMMENT ON when its comment changes. An object that is
 * created (or rebuilt) carries its comment into the statement that creates it.
 */
import type { Table } from '../ir/catalog.js';
import type { Change, CommentedObject, TableRef } from './change.js';
import { sameCheck, sameForeignKey, sameIndex, samePolicy, sameTrigger, type Same } from './compare.js';
import { samePrimaryKey } from './table-parts.js';

interface Commented {
  readonly name: string;
  readonly comment?: string;
}

function changed<T extends Commented>(ref: TableRef, type: CommentedObject['type'] | ((x: T) => CommentedObject['type']), cur: readonly T[], des: readonly T[], same: Same<T>): Change[] {
  const out: Change[] = [];
  const byName = new Map(cur.map((x) => [x.name, x]));
  for (const d of des) {
    const c = byName.get(d.name);
    if (!c || !same(c, d) || (c.comment ?? null) === (d.comment ?? null)) continue;
    out.push({ kind: 'set_object_comment', table: ref, object: { type: typeof type === 'function' ? type(d) : type, name: d.name }, from: c.comment, to: d.comment });
  }
  return out;
}

export function objectCommentChanges(ref: TableRef, cur: Table, des: Table): Change[] {
  return [
    ...changed(ref, (i) => (i.constraint ? 'constraint' : 'index'), cur.indexes, des.indexes, sameIndex),
    ...changed(ref, 'constraint', cur.primaryKey ? [cur.primaryKey] : [], des.primaryKey ? [des.primaryKey] : [], samePrimaryKey),
    ...changed(ref, 'constraint', cur.checks, des.checks, sameCheck),
    ...changed(ref, 'constraint', cur.foreignKeys, des.foreignKeys, sameForeignKey),
    ...changed(ref, 'trigger', cur.triggers, des.triggers, sameTrigger),
    ...changed(ref, 'policy', cur.rowLevelSecurity?.policies ?? [], des.rowLevelSecurity?.policies ?? [], samePolicy),
  ];
}
