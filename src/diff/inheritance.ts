/**
 * Table inheritance in the diff (`Table.inherits`). A child lists only its own columns and
 * checks; what it inherits comes and goes with its parents. Here:
 *
 * - a parent added to a kept table is ALTER TABLE … INHERIT, made before the parent's columns
 *   are added or changed (they then reach the table as they reach the others): the table must
 *   have the columns the parent has already (NOT NULL where the parent's are) and its checks,
 *   declared on it (PostgreSQL keeps them as its own afterwards), else the plan refuses;
 * - a parent removed is NO INHERIT: what the table had from it becomes its own, so the current
 *   side is compared with those columns and checks (declared again, they stay; otherwise they
 *   are dropped);
 * - a parent's column changes (type, default, NOT NULL) reach the child's own copy of it: the
 *   current side is compared as it is after them, so nothing is changed twice;
 * - what PostgreSQL cannot do in place is refused: reordering parents, making an inherited
 *   column the table's own, dropping the table's own copy of a column or check it inherits.
 */
import type { Catalog, Check, Column, Table, TableName } from '../ir/catalog.js';
import { ancestors, inheritedChecks, inheritedColumns, tablesByKey } from '../ir/inheritance.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Change, TableRef } from './change.js';

export const INHERITANCE_CHANGE = 'inheritance_change';

const key = (t: TableName) => `${t.schema}.${t.name}`;
const ref = (t: TableName): TableRef => ({ schema: t.schema, name: t.name });
const names = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');
const plural = (xs: readonly unknown[], one: string, many: string) => (xs.length > 1 ? many : one);

/**
 * INHERIT and NO INHERIT for the tables both catalogs hold, and the current catalog as those
 * kept tables are once their parents have changed (see above). Throws when a change cannot be
 * made in place.
 */
export function inheritanceChanges(current: Catalog, desired: Catalog): { readonly changes: Change[]; readonly current: Catalog } {
  if (!current.tables.some((t) => t.inherits) && !desired.tables.some((t) => t.inherits)) return { changes: [], current };
  const cur = tablesByKey(current.tables);
  const des = tablesByKey(desired.tables);
  // The tables when INHERIT runs: as they are, and the new ones as created.
  const now = new Map([...des, ...cur]);
  const changes: Change[] = [];
  const problems: Diagnostic[] = [];
  const refuse = (message: string, suggestion: string) => problems.push({ code: INHERITANCE_CHANGE, severity: 'error', message: `${message}; nothing was changed`, suggestion });
  const tables = current.tables.map((table) => {
    const d = des.get(key(table));
    if (!d || (!table.inherits && !d.inherits)) return table;
    // A parent outside the managed schemas is left as it is (pull lists it as not managed).
    const c = { ...table, inherits: (table.inherits ?? []).filter((p) => cur.has(key(p))) };
    const from = (c.inherits ?? []).map(key);
    const to = (d.inherits ?? []).map(key);
    const kept = from.filter((p) => to.includes(p));
    // INHERIT adds a parent last: the parents kept must lead, in their order.
    if (kept.join('\0') !== to.slice(0, kept.length).join('\0')) {
      refuse(`the table ${key(d)} inherits from ${from.join(', ')} in the database and from ${to.join(', ')} in the files: PostgreSQL cannot reorder a table's parents in place`, `keep the parents the table has in their order and list new ones after them`);
      return table;
    }
    const removed = (c.inherits ?? []).filter((p) => !to.includes(key(p)));
    const added = (d.inherits ?? []).filter((p) => !from.includes(key(p)));
    const stayLinks = (c.inherits ?? []).filter((p) => to.includes(key(p)));
    const before = inheritedColumns(cur, c);
    const stays = inheritedColumns(cur, { ...c, inherits: stayLinks });
    const linked = inheritedColumns(now, { ...c, inherits: [...stayLinks, ...added] });
    const will = inheritedColumns(des, d);
    const staysChecks = inheritedChecks(cur, { ...c, inherits: stayLinks });
    const wants = new Set(d.columns.map((x) => x.name));
    const own = new Set(c.columns.map((x) => x.name));

    // What PostgreSQL cannot move between the table's own and its parents' in place.
    const madeOwn = d.columns.filter((x) => !own.has(x.name) && stays.has(x.name) && will.has(x.name)).map((x) => x.name);
    if (madeOwn.length) {
      refuse(`the table ${key(d)} inherits ${names(madeOwn)} from its parents, and the files declare ${plural(madeOwn, 'it', 'them')} as its own: PostgreSQL cannot make an inherited column a table's own in place`, `remove ${names(madeOwn)} from the table's attributes (the parent's column is the table's), or from the parent`);
    }
    const dropped = c.columns.filter((x) => !wants.has(x.name) && stays.has(x.name) && will.has(x.name)).map((x) => x.name);
    if (dropped.length) {
      refuse(`the table ${key(d)} has its own ${names(dropped)}, also inherited from its parents, and the files leave ${plural(dropped, 'it', 'them')} out: PostgreSQL cannot drop a column the table inherits, nor make it inherited only`, `declare ${names(dropped)} on the table again (with the parent's type)`);
    }
    const willChecks = inheritedChecks(des, d);
    const droppedChecks = c.checks.filter((x) => !d.checks.some((y) => y.name === x.name) && staysChecks.has(x.name) && willChecks.has(x.name)).map((x) => x.name);
    if (droppedChecks.length) {
      refuse(`the table ${key(d)} has its own ${plural(droppedChecks, 'check', 'checks')} ${names(droppedChecks)}, also inherited from its parents, and the files leave ${plural(droppedChecks, 'it', 'them')} out: PostgreSQL cannot drop a check the table inherits`, `declare ${names(droppedChecks)} on the table again`);
    }

    for (const p of removed) changes.push({ kind: 'uninherit_table', table: ref(c), parent: ref(p), dropNotNull: [] });
    for (const p of added) {
      // What the parent has when INHERIT runs (its dropped columns are gone, new ones not there yet).
      const has = inheritedColumns(now, { ...d, inherits: [p] });
      const keeps = inheritedColumns(des, { ...d, inherits: [p] });
      const needed = [...has.values()].filter((col) => keeps.has(col.name) && !stays.has(col.name));
      const missing = needed.filter((col) => !wants.has(col.name)).map((col) => col.name);
      const keepsChecks = inheritedChecks(des, { ...d, inherits: [p] });
      const neededChecks = [...inheritedChecks(now, { ...d, inherits: [p] }).keys()].filter((n) => keepsChecks.has(n) && !staysChecks.has(n));
      const missingChecks = neededChecks.filter((n) => !c.checks.some((x) => x.name === n) || !d.checks.some((x) => x.name === n));
      if (missing.length || missingChecks.length) {
        const what = [...(missing.length ? [`the ${plural(missing, 'column', 'columns')} ${names(missing)}`] : []), ...(missingChecks.length ? [`the ${plural(missingChecks, 'check', 'checks')} ${names(missingChecks)}`] : [])].join(' and ');
        refuse(
          `the table ${key(d)} gains the parent ${key(p)}, and does not have ${what} of it: ALTER TABLE … INHERIT needs the table to have them already (they stay its own)`,
          `declare ${what} on the table as the parent has ${missing.length + missingChecks.length > 1 ? 'them' : 'it'} and apply, then add \`${p.name}\` to its \`inherits\`; or create the table anew under another name`,
        );
        continue;
      }
      // NOT NULL where the parent's column is and the table's is not yet (or is added nullable).
      const notNull = needed.filter((col) => !col.nullable && (c.columns.find((x) => x.name === col.name)?.nullable ?? true)).map((col) => col.name);
      changes.push({ kind: 'inherit_table', table: ref(d), parent: ref(p), notNull });
    }

    // The current side once parents are left and gained, and their columns have changed.
    const ownColumns = c.columns.map((col): Column => {
      const was = before.get(col.name);
      const then = linked.get(col.name);
      // NOT NULL the column had from a parent it no longer has stays, as its own.
      if (!then) return was && !was.nullable ? { ...col, nullable: false } : col;
      const after = will.get(col.name);
      return after ? followParent(col, then, after) : then.nullable ? col : { ...col, nullable: false };
    });
    // What the table had only from the parents it leaves becomes its own (NO INHERIT).
    const left = [...before.values()].filter((col) => !linked.has(col.name) && !own.has(col.name)).map(withoutComment);
    const beforeChecks = inheritedChecks(cur, c);
    const linkedChecks = inheritedChecks(now, { ...c, inherits: [...stayLinks, ...added] });
    const leftChecks = [...beforeChecks.values()].filter((ch) => !linkedChecks.has(ch.name) && !c.checks.some((x) => x.name === ch.name)).map(withoutComment);
    return { ...table, columns: [...left, ...ownColumns], checks: [...c.checks, ...leftChecks] };
  });
  if (problems.length) throw new PgdeclError(problems);
  return { changes, current: { ...current, tables } };
}

/**
 * A table's own column that it inherits too, once the parent's column has changed from `was` to
 * `will`: ALTER COLUMN on the parent changes the type, collation and default of the child's
 * copy; NOT NULL of a parent is not the table's own.
 */
function followParent(col: Column, was: Column, will: Column): Column {
  const typed = was.type !== will.type || (was.collation ?? null) !== (will.collation ?? null) ? { type: will.type, collation: will.collation } : {};
  const defaulted = (was.default ?? null) !== (will.default ?? null) ? { default: will.default } : {};
  const nullable = !will.nullable || !was.nullable ? { nullable: true } : {};
  return withoutUndefined({ ...col, ...typed, ...defaulted, ...nullable });
}

function withoutComment<T extends Column | Check>(x: T): T {
  const { comment: _comment, ...rest } = x;
  return rest as T;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Tables with every inheritance parent before its children; otherwise in the given order. */
export function inheritanceOrder<T extends Table>(tables: readonly T[]): T[] {
  if (!tables.some((t) => t.inherits)) return [...tables];
  const byKey = tablesByKey(tables);
  const depth = new Map<string, number>();
  const of = (t: Table, seen: number): number => {
    const k = key(t);
    const known = depth.get(k);
    if (known !== undefined) return known;
    const parents = (t.inherits ?? []).flatMap((p) => byKey.get(key(p)) ?? []);
    const d = parents.length && seen < tables.length ? Math.max(...parents.map((p) => of(p, seen + 1))) + 1 : 0;
    depth.set(k, d);
    return d;
  };
  return [...tables].sort((a, b) => of(a, 0) - of(b, 0));
}

/**
 * Marks the columns a table adds that it also inherits (`beforeParent`): added before a parent
 * adds its own (which then merges with it) and before INHERIT (which needs it).
 */
export function markBeforeParent(changes: Change[], desired: Catalog): void {
  if (!desired.tables.some((t) => t.inherits)) return;
  const byKey = tablesByKey(desired.tables);
  changes.forEach((c, i) => {
    if (c.kind !== 'add_column') return;
    const t = byKey.get(key(c.table));
    if (t?.inherits && ancestors(byKey, t).some((a) => a.columns.some((col) => col.name === c.column.name))) changes[i] = { ...c, beforeParent: true };
  });
}
