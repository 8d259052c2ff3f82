/**
 * Collations on both sides → changes. Pure. A collation cannot be altered in place (only
 * renamed, given to another owner or commented): a new definition drops it and creates it
 * again, which PostgreSQL refuses while anything uses it, so the plan is refused then
 * (src/plan/type-refusals.ts). A new comment is set in place.
 */
import type { Catalog } from '../ir/catalog.js';
import { namesCollation, sameCollationDefinition, type Collation } from '../ir/collation.js';
import type { Change } from './change.js';

const ckey = (c: { readonly schema: string; readonly name: string }) => `${c.schema}.${c.name}`;

export function collationChanges(cur: Catalog, des: Catalog): Change[] {
  const out: Change[] = [];
  const have = new Map((cur.collations ?? []).map((c) => [ckey(c), c]));
  const want = new Set((des.collations ?? []).map(ckey));
  for (const c of des.collations ?? []) {
    const from = have.get(ckey(c));
    if (!from) out.push({ kind: 'create_collation', collation: c });
    else if (!sameCollationDefinition(from, c)) out.push({ kind: 'replace_collation', from, to: c, usedBy: collationUsers(from, cur, des) });
    else if ((from.comment ?? null) !== (c.comment ?? null)) out.push({ kind: 'set_collation_comment', collation: { schema: c.schema, name: c.name }, ...(from.comment !== undefined ? { from: from.comment } : {}), ...(c.comment !== undefined ? { to: c.comment } : {}) });
  }
  for (const c of cur.collations ?? []) if (!want.has(ckey(c))) out.push({ kind: 'drop_collation', collation: c });
  return out;
}

/**
 * What uses a collation when the plan would make it again: columns of tables that stay, index
 * keys of indexes that stay as they are (the others are dropped first), and types.
 */
export function collationUsers(c: Collation, cur: Catalog, des: Catalog): string[] {
  const out: string[] = [];
  for (const t of cur.tables) {
    const kept = des.tables.find((x) => x.schema === t.schema && x.name === t.name);
    if (!kept) continue;
    for (const col of t.columns) if (namesCollation(col.collation, c) && kept.columns.some((x) => x.name === col.name)) out.push(`column ${t.schema}.${t.name}.${col.name}`);
    for (const i of t.indexes) {
      const same = kept.indexes.find((x) => x.name === i.name);
      if (i.keys.some((k) => namesCollation(k.collation, c)) && same && JSON.stringify(same.keys) === JSON.stringify(i.keys)) out.push(`index ${t.schema}.${i.name}`);
    }
  }
  for (const t of cur.types ?? []) {
    const uses = t.kind === 'domain' || t.kind === 'range' ? namesCollation(t.collation, c) : t.kind === 'composite' ? t.attributes.some((a) => namesCollation(a.collation, c)) : false;
    if (uses) out.push(`${t.kind === 'domain' ? 'domain' : 'type'} ${t.schema}.${t.name}`);
  }
  return out;
}
