/**
 * Declared types on both sides → changes. Pure. Domains and composite types: ./domains.ts.
 * Enum values are renamed in place (`renamed_from`), new
 * values are added where they stand (ADD VALUE … BEFORE/AFTER); a value removed or moved
 * cannot be done in place, so the type is swapped under the columns that use it.
 */
import type { Catalog } from '../ir/catalog.js';
import { inDependencyOrder, usesType, type EnumType, type UserType } from '../ir/user-type.js';
import { callsDeclaredFunction, compositeChanges, domainChanges, needsReplacement, replaceType } from './domains.js';
import type { Change, EnumColumn } from './change.js';
import type { Renames } from './renames.js';

const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

export function typeChanges(cur: Catalog, des: Catalog, renames: Renames): Change[] {
  const out: Change[] = [];
  const c = new Map((cur.types ?? []).map((t) => [key(t), t]));
  const d = new Map((des.types ?? []).map((t) => [key(t), t]));
  // Made of other types: created after them, dropped before them.
  for (const t of inDependencyOrder(des.types ?? [])) {
    const have = c.get(key(t));
    if (!have) out.push({ kind: 'create_type', type: t, ...(callsDeclaredFunction(t, des) ? { afterFunctions: true as const } : {}) });
    else if (needsReplacement(have, t)) out.push(replaceType(have, t, cur, des));
    else if (have.kind === 'enum' && t.kind === 'enum') out.push(...enumChanges(have, t, cur, des, renames));
    else if (have.kind === 'domain' && t.kind === 'domain') out.push(...withComment(domainChanges(have, t), have, t));
    else if (have.kind === 'composite' && t.kind === 'composite') out.push(...withComment(compositeChanges(have, t, cur, des), have, t));
    else if (have.kind === 'range' && t.kind === 'range') out.push(...withComment([], have, t));
  }
  for (const t of inDependencyOrder(cur.types ?? []).reverse()) if (!d.has(key(t))) out.push({ kind: 'drop_type', type: t, ...(callsDeclaredFunction(t, cur) ? { beforeFunctions: true as const } : {}) });
  return out;
}

function enumChanges(from: EnumType, to: EnumType, cur: Catalog, des: Catalog, renames: Renames): Change[] {
  const out: Change[] = [];
  const ref = { schema: to.schema, name: to.name };
  let values = [...from.values];
  for (const r of renames.enumValues ?? []) {
    if (r.type !== key(to) || !values.includes(r.from) || values.includes(r.to) || !to.values.includes(r.to)) continue;
    out.push({ kind: 'rename_enum_value', type: ref, from: r.from, to: r.to });
    values = values.map((v) => (v === r.from ? r.to : v));
  }
  if (values.join('\0') === to.values.join('\0')) return withComment(out, from, to);
  // Kept values in the same order: add the new ones where they stand.
  const kept = to.values.filter((v) => values.includes(v));
  if (kept.length === values.length && kept.join('\0') === values.join('\0')) {
    const columns = columnsOf(from, cur, des);
    to.values.forEach((v, i) => {
      if (values.includes(v)) return;
      // The type as it is before this value: its inverse swaps back to it.
      const type: EnumType = { ...from, values: [...values] };
      const where = i > 0 ? { after: to.values[i - 1]! } : values.length ? { before: values[0]! } : {};
      out.push({ kind: 'add_enum_value', type, value: v, ...where, columns });
      values.splice(i, 0, v);
    });
    return withComment(out, from, to);
  }
  const removed = values.filter((v) => !to.values.includes(v));
  out.push({ kind: 'swap_enum', from: { ...from, values }, to, columns: columnsOf(from, cur, des), removed });
  return withComment(out, from, to);
}

function withComment(out: Change[], from: UserType, to: UserType): Change[] {
  if ((from.comment ?? null) !== (to.comment ?? null)) out.push({ kind: 'set_type_comment', type: { schema: to.schema, name: to.name }, ...(from.comment !== undefined ? { from: from.comment } : {}), ...(to.comment !== undefined ? { to: to.comment } : {}) });
  return out;
}

/** The columns of the current tables whose type is this enum, with the default the desired table gives them. */
function columnsOf(t: EnumType, cur: Catalog, des: Catalog): EnumColumn[] {
  const out: EnumColumn[] = [];
  for (const table of cur.tables) {
    const desired = des.tables.find((x) => x.schema === table.schema && x.name === table.name);
    for (const col of table.columns) {
      if (!usesType(col.type, t)) continue;
      const want = desired?.columns.find((x) => x.name === col.name);
      const def = want && want.type === col.type ? want.default : col.default;
      out.push({ table: { schema: table.schema, name: table.name }, column: col.name, array: col.type.endsWith('[]'), ...(def !== undefined ? { default: def } : {}) });
    }
  }
  return out;
}
