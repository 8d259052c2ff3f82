/**
 * Domains and composite types on both sides → changes. Pure. What ALTER DOMAIN and ALTER TYPE
 * can do is done in place (default, NOT NULL, checks by name, a check renamed when only its
 * name changed; attributes added, dropped or retyped). What they cannot (a domain's base type
 * or collation, attributes reordered or added before kept ones) replaces the type: the plan
 * refuses that while columns or other types use it (src/plan/type-refusals.ts).
 */
import type { Catalog } from '../ir/catalog.js';
import { typeDependencies, usesType, type CompositeType, type DomainType, type UserType } from '../ir/user-type.js';
import type { Change, DomainProperty, EnumColumn } from './change.js';

const ref = (t: UserType) => ({ schema: t.schema, name: t.name });

/** The columns (`schema.table.column`) of the current tables of this type or arrays of it, that the desired tables keep. */
export function columnsOfType(t: UserType, cur: Catalog, des: Catalog): string[] {
  return keptColumns(t, cur, des).map((c) => `${c.table.schema}.${c.table.name}.${c.column}`);
}

function keptColumns(t: UserType, cur: Catalog, des: Catalog): EnumColumn[] {
  const out: EnumColumn[] = [];
  for (const table of cur.tables) {
    const desired = des.tables.find((x) => x.schema === table.schema && x.name === table.name);
    for (const col of table.columns) {
      if (!usesType(col.type, t)) continue;
      const want = desired?.columns.find((x) => x.name === col.name);
      if (want && usesType(want.type, t)) out.push({ table: { schema: table.schema, name: table.name }, column: col.name, array: col.type.endsWith('[]') });
    }
  }
  return out;
}

/** What uses a type that a replacement would drop: kept columns and other current types. */
function usersOf(t: UserType, cur: Catalog, des: Catalog): string[] {
  const types = (cur.types ?? []).filter((o) => typeDependencies(o, [t]).length > 0).map((o) => `type ${o.schema}.${o.name}`);
  return [...columnsOfType(t, cur, des), ...types];
}

/** Whether `to` cannot be reached from `from` in place. */
export function needsReplacement(from: UserType, to: UserType): boolean {
  if (from.kind !== to.kind) return true;
  if (from.kind === 'domain' && to.kind === 'domain') return from.base !== to.base || (from.collation ?? null) !== (to.collation ?? null);
  // A range type's definition cannot be altered: any change makes it again.
  if (from.kind === 'range' && to.kind === 'range') return (['subtype', 'subtypeOpclass', 'collation', 'canonical', 'subtypeDiff', 'multirange'] as const).some((k) => (from[k] ?? null) !== (to[k] ?? null));
  if (from.kind === 'composite' && to.kind === 'composite') {
    // Kept attributes in their order, then the added ones: ADD ATTRIBUTE appends.
    const kept = to.attributes.filter((a) => from.attributes.some((b) => b.name === a.name)).map((a) => a.name);
    const was = from.attributes.filter((a) => to.attributes.some((b) => b.name === a.name)).map((a) => a.name);
    const prefix = to.attributes.slice(0, kept.length).map((a) => a.name);
    return kept.join('\0') !== was.join('\0') || prefix.join('\0') !== kept.join('\0');
  }
  return false;
}

/**
 * The type dropped and created again. Columns that leave it in the same plan change type first
 * (the step runs after them); then no new column may take it before it is replaced: those count as users.
 */
export function replaceType(from: UserType, to: UserType, cur: Catalog, des: Catalog): Change {
  const kept = new Set(columnsOfType(from, cur, des));
  const leaving = cur.tables.some((t) => t.columns.some((c) => usesType(c.type, from) && !kept.has(`${t.schema}.${t.name}.${c.name}`) && des.tables.some((d) => d.schema === t.schema && d.name === t.name && d.columns.some((x) => x.name === c.name))));
  const had = new Set(cur.tables.flatMap((t) => t.columns.filter((c) => usesType(c.type, from)).map((c) => `${t.schema}.${t.name}.${c.name}`)));
  const taking = des.tables.flatMap((t) => t.columns.filter((c) => usesType(c.type, to) && !had.has(`${t.schema}.${t.name}.${c.name}`)).map((c) => `${t.schema}.${t.name}.${c.name}`));
  const usedBy = [...usersOf(from, cur, des), ...(leaving ? taking : [])];
  return { kind: 'replace_type', from, to, usedBy, ...(leaving ? { afterColumns: true as const } : {}) };
}

/** Whether a domain's default or checks call a function the catalog holds (by name). */
export function callsDeclaredFunction(t: UserType, des: Catalog): boolean {
  if (t.kind !== 'domain' || !des.functions.length) return false;
  const text = [t.default ?? '', ...t.checks.map((c) => c.expression)].join('\n');
  if (!text.includes('(')) return false;
  const names = new Set(des.functions.map((f) => f.name));
  return [...text.matchAll(/([A-Za-z_][A-Za-z0-9_$]*)"?\s*\(/g)].some((m) => names.has(m[1]!));
}

export function domainChanges(from: DomainType, to: DomainType): Change[] {
  const out: Change[] = [];
  const changed: DomainProperty[] = [];
  if ((from.default ?? null) !== (to.default ?? null)) changed.push('default');
  if ((from.notNull ?? false) !== (to.notNull ?? false)) changed.push('not_null');
  if (changed.length) out.push({ kind: 'alter_domain', from, to, changed });
  const had = new Map(from.checks.map((c) => [c.name, c]));
  const want = new Map(to.checks.map((c) => [c.name, c]));
  const added = to.checks.filter((c) => had.get(c.name)?.expression !== c.expression);
  const gone = from.checks.filter((c) => want.get(c.name)?.expression !== c.expression);
  for (const c of gone) {
    // Same expression under a new name: RENAME CONSTRAINT.
    const renamed = !want.has(c.name) ? added.find((a) => !had.has(a.name) && a.expression === c.expression) : undefined;
    if (renamed) {
      out.push({ kind: 'rename_domain_check', type: ref(to), from: c.name, to: renamed.name });
      added.splice(added.indexOf(renamed), 1);
    } else out.push({ kind: 'drop_domain_check', type: ref(to), check: c });
  }
  for (const c of added) out.push({ kind: 'add_domain_check', type: ref(to), check: c });
  return out;
}

export function compositeChanges(from: CompositeType, to: CompositeType, cur: Catalog, des: Catalog): Change[] {
  const out: Change[] = [];
  const usedBy = columnsOfType(from, cur, des);
  for (const a of from.attributes) {
    const b = to.attributes.find((x) => x.name === a.name);
    if (!b) out.push({ kind: 'drop_type_attribute', type: ref(to), attribute: a, columns: keptColumns(from, cur, des) });
    else if (a.type !== b.type || (a.collation ?? null) !== (b.collation ?? null)) out.push({ kind: 'alter_type_attribute', type: ref(to), from: a, to: b, usedBy });
  }
  for (const b of to.attributes) if (!from.attributes.some((a) => a.name === b.name)) out.push({ kind: 'add_type_attribute', type: ref(to), attribute: b });
  // Comments of kept attributes (an added one comes with its own).
  for (const b of to.attributes) {
    const a = from.attributes.find((x) => x.name === b.name);
    if (a && (a.comment ?? null) !== (b.comment ?? null)) out.push({ kind: 'set_type_comment', type: ref(to), attribute: b.name, ...(a.comment !== undefined ? { from: a.comment } : {}), ...(b.comment !== undefined ? { to: b.comment } : {}) });
  }
  return out;
}
