/**
 * Privileges on both sides → GRANT and REVOKE changes. Pure. Only the roles the desired
 * catalog names (`Catalog.roles`) are compared; an object the plan creates starts from what
 * PostgreSQL gives a new object (`defaultGrants`), so its grants follow its creation.
 *
 * Revoking a table privilege also revokes it on every column of the table (PostgreSQL's
 * REVOKE does): those column privileges are revoked explicitly just before, and the ones the
 * files keep are granted again after.
 */
import { replacedByDrop, type Catalog, type Grant, type Table } from '../ir/catalog.js';
import { effectiveGrants, PUBLIC_ROLE, type PrivilegeObjectKind } from '../ir/privilege.js';
import type { Change, GrantTarget } from './change.js';
import { DEFAULT_OBJECTS, implicitDefault, type DefaultPrivileges } from '../ir/default-privileges.js';

const ORDER = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'USAGE', 'CREATE', 'EXECUTE'];
const byOrder = (a: string, b: string) => (ORDER.indexOf(a) - ORDER.indexOf(b)) || (a < b ? -1 : a > b ? 1 : 0);
const key = (o: { schema: string; name: string }) => `${o.schema}.${o.name}`;

export function grantChanges(cur: Catalog, des: Catalog, changes: readonly Change[]): Change[] {
  const roles = new Set(des.roles ?? []);
  if (!roles.size) return [];
  const managed = (g: Grant) => roles.has(g.grantee);
  const out: Change[] = [];
  const compare = (on: GrantTarget, kind: PrivilegeObjectKind, have: readonly Grant[] | undefined, exists: boolean, want: readonly Grant[] | undefined) => {
    const to = effectiveGrants(kind, want).filter(managed);
    const maybe = exists ? [] : fromDefaults(cur, on).filter(managed);
    if (maybe.length) {
      // A new object gets the default privileges of whoever creates it, which the plan cannot
      // know: what they might give is revoked, and everything the files give is granted.
      const from = [...effectiveGrants(kind, undefined).filter(managed), ...maybe];
      out.push(...objectChanges(on, from, to).filter((c) => c.kind === 'revoke_privileges'), ...objectChanges(on, [], to));
      return;
    }
    const from = (exists ? effectiveGrants(kind, have) : effectiveGrants(kind, undefined)).filter(managed);
    out.push(...objectChanges(on, from, to));
  };
  const placeholder = (schema: string) => schema.startsWith('$');

  const schemas = new Map(cur.schemas.map((s) => [s.name, s]));
  for (const s of des.schemas) {
    // `public` comes with every database and its own privileges: compared only when the files give them.
    if (placeholder(s.name) || (s.name === 'public' && s.grants === undefined)) continue;
    const c = schemas.get(s.name);
    compare({ kind: 'schema', schema: s.name, name: s.name }, 'schema', c?.grants, c !== undefined, s.grants);
  }
  const tables = new Map(cur.tables.map((t) => [key(t), t]));
  const desTables = new Map(des.tables.map((t) => [key(t), t]));
  const rebuilt = rebuiltColumns(changes);
  // A partition's columns are its partitioned table's (the IR holds them there, at the top).
  const withColumns = (t: Table): Table => {
    for (let p = t; ; ) {
      const up = p.partitionOf ? desTables.get(key(p.partitionOf)) : undefined;
      if (!up) return p;
      p = up;
    }
  };
  for (const t of des.tables) {
    if (placeholder(t.schema)) continue;
    const c = tables.get(key(t));
    compare({ kind: 'table', schema: t.schema, name: t.name }, 'table', c ? columnGrantsOf(c, withColumns(t), rebuilt) : undefined, c !== undefined, t.grants);
  }
  const sequences = new Map((cur.sequences ?? []).map((q) => [key(q), q]));
  for (const q of des.sequences ?? []) {
    const c = sequences.get(key(q));
    compare({ kind: 'sequence', schema: q.schema, name: q.name }, 'sequence', c?.grants, c !== undefined, q.grants);
  }
  const fkey = (f: { schema: string; name: string; arguments: string }) => `${f.schema}.${f.name}(${f.arguments})`;
  const functions = new Map(cur.functions.map((f) => [fkey(f), f]));
  for (const f of des.functions) {
    const c = functions.get(fkey(f));
    // A new result type drops the function and creates it again, with the default privileges.
    const kept = c !== undefined && !replacedByDrop(c, f);
    compare({ kind: 'function', schema: f.schema, name: f.name, arguments: f.arguments, ...(f.procedure ? { procedure: true as const } : {}) }, 'function', c?.grants, kept, f.grants);
  }
  // An aggregate takes GRANT … ON FUNCTION; one dropped and created again by this plan starts anew.
  const aggregates = new Map((cur.aggregates ?? []).map((a) => [fkey(a), a]));
  const remade = new Set(changes.flatMap((ch) => (ch.kind === 'drop_aggregate' && ch.recreated ? [fkey(ch.aggregate)] : [])));
  for (const a of des.aggregates ?? []) {
    const c = aggregates.get(fkey(a));
    const kept = c !== undefined && !remade.has(fkey(a));
    compare({ kind: 'function', schema: a.schema, name: a.name, arguments: a.arguments, aggregate: true }, 'function', kept ? c.grants : undefined, kept, a.grants);
  }
  // A view's privileges are a table's. One dropped and created again by this plan starts anew.
  const views = new Map((cur.views ?? []).map((v) => [key(v), v]));
  const recreated = new Set(changes.flatMap((ch) => (ch.kind === 'drop_view' ? [key(ch.view)] : [])));
  for (const v of des.views ?? []) {
    const c = views.get(key(v));
    const kept = c !== undefined && !recreated.has(key(v));
    compare({ kind: 'table', schema: v.schema, name: v.name, view: v.materialized ? 'materialized view' : 'view' }, 'table', kept ? c.grants : undefined, kept, v.grants);
  }
  // A swapped enum or a replaced type is a new type: it starts from the default privileges.
  const swapped = new Set(changes.flatMap((ch) => (ch.kind === 'swap_enum' || ch.kind === 'replace_type' ? [key(ch.to)] : [])));
  const types = new Map((cur.types ?? []).map((t) => [key(t), t]));
  for (const t of des.types ?? []) {
    const c = types.get(key(t));
    compare({ kind: 'type', schema: t.schema, name: t.name }, 'type', c?.grants, c !== undefined && !swapped.has(key(t)), t.grants);
  }
  return out;
}

/** The current table's grants, without those on columns the desired table does not have. */
function columnGrantsOf(cur: Table, des: Table, rebuilt: ReadonlySet<string>): readonly Grant[] | undefined {
  if (!cur.grants) return undefined;
  const columns = new Set(des.columns.map((c) => c.name));
  return cur.grants.filter((g) => g.column === undefined || (columns.has(g.column) && !rebuilt.has(`${key(cur)}.${g.column}`)));
}

/**
 * Columns (`schema.table.column`) the plan drops, or builds again (a plain column made generated,
 * a stored one made virtual or back, a new expression before PostgreSQL 17): their column
 * privileges go with them, and are granted again when the files keep them.
 */
function rebuiltColumns(changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'drop_column') out.add(`${key(c.table)}.${c.column.name}`);
    else if (c.kind === 'alter_column' && (c.changed.includes('virtual') || (c.changed.includes('generated') && c.to.generated !== undefined))) out.add(`${key(c.table)}.${c.to.name}`);
  }
  return out;
}

/**
 * The changes for one object: table-level first, then each column's. A table-level revoke
 * takes the same privilege from the columns too: those column privileges are revoked first,
 * on their own, so that undoing the plan gives them back, and granted again when the files keep them.
 */
function objectChanges(on: GrantTarget, cur: readonly Grant[], des: readonly Grant[]): Change[] {
  const top = (g: Grant) => g.column === undefined;
  const tableLevel = roleChanges(on, undefined, cur.filter(top), des.filter(top));
  const out: Change[] = [];
  let curColumns = cur.filter((g) => !top(g));
  for (const c of tableLevel) {
    if (c.kind === 'revoke_privileges') {
      const taken = curColumns.filter((g) => g.grantee === c.grantee && c.privileges.includes(g.privilege) && (!c.grantOptionOnly || g.grantable));
      const columns = [...new Set(taken.map((g) => g.column!))].sort();
      for (const col of columns) {
        const here = taken.filter((g) => g.column === col);
        for (const wasGrantable of c.grantOptionOnly ? [true] : [false, true]) {
          const privileges = here.filter((g) => (g.grantable === true) === wasGrantable).map((g) => g.privilege).sort(byOrder);
          if (privileges.length) out.push({ kind: 'revoke_privileges', on, column: col, grantee: c.grantee, privileges, grantOptionOnly: c.grantOptionOnly, wasGrantable });
        }
      }
      curColumns = curColumns.flatMap((g) => {
        if (!taken.includes(g)) return [g];
        if (!c.grantOptionOnly) return [];
        const { grantable: _g, ...rest } = g;
        return [rest];
      });
    }
    out.push(c);
  }
  const desColumns = des.filter((g) => !top(g));
  const columns = [...new Set([...curColumns, ...desColumns].map((g) => g.column!))].sort();
  for (const col of columns) out.push(...roleChanges(on, col, curColumns.filter((g) => g.column === col), desColumns.filter((g) => g.column === col)));
  return out;
}

/** Per grantee: full revokes, grant options revoked, new grants, grant options added. */
function roleChanges(on: GrantTarget, column: string | undefined, cur: readonly Grant[], des: readonly Grant[]): Change[] {
  const out: Change[] = [];
  const col = column !== undefined ? { column } : {};
  const grantees = [...new Set([...cur, ...des].map((g) => g.grantee))].sort((a, b) => (a === PUBLIC_ROLE ? -1 : b === PUBLIC_ROLE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const grantee of grantees) {
    const c = new Map(cur.filter((g) => g.grantee === grantee).map((g) => [g.privilege, g.grantable === true]));
    const d = new Map(des.filter((g) => g.grantee === grantee).map((g) => [g.privilege, g.grantable === true]));
    const pick = (from: Map<string, boolean>, test: (p: string, opt: boolean) => boolean) => [...from].filter(([p, o]) => test(p, o)).map(([p]) => p).sort(byOrder);
    for (const wasGrantable of [false, true]) {
      const privileges = pick(c, (p, o) => !d.has(p) && o === wasGrantable);
      if (privileges.length) out.push({ kind: 'revoke_privileges', on, ...col, grantee, privileges, grantOptionOnly: false, wasGrantable });
    }
    const optionGone = pick(c, (p, o) => o && d.get(p) === false);
    if (optionGone.length) out.push({ kind: 'revoke_privileges', on, ...col, grantee, privileges: optionGone, grantOptionOnly: true, wasGrantable: true });
    for (const withGrantOption of [false, true]) {
      const privileges = pick(d, (p, o) => !c.has(p) && o === withGrantOption);
      if (privileges.length) out.push({ kind: 'grant_privileges', on, ...col, grantee, privileges, withGrantOption, optionOnly: false });
    }
    const optionNew = pick(d, (p, o) => o && c.get(p) === false);
    if (optionNew.length) out.push({ kind: 'grant_privileges', on, ...col, grantee, privileges: optionNew, withGrantOption: true, optionOnly: true });
  }
  return out;
}

/**
 * Default privileges of the roles the files name in `default_privileges`: every entry of such a
 * role, for every schema and in each managed schema, is compared whole (every grantee).
 */
export function defaultPrivilegeChanges(cur: Catalog, des: Catalog): Change[] {
  if (!des.defaultPrivileges) return [];
  const roles = [...new Set(des.defaultPrivileges.map((d) => d.role))].sort();
  const schemas = [undefined, ...des.schemas.map((s) => s.name).filter((s) => !s.startsWith('$')).sort()];
  const find = (list: readonly DefaultPrivileges[], role: string, schema: string | undefined, objects: string) => list.find((d) => d.role === role && d.schema === schema && d.objects === objects);
  const out: Change[] = [];
  const none: GrantTarget = { kind: 'schema', schema: '', name: '' };
  for (const role of roles) {
    for (const schema of schemas) {
      for (const objects of DEFAULT_OBJECTS) {
        if (objects === 'schemas' && schema !== undefined) continue;
        const from = find(cur.defaultPrivileges ?? [], role, schema, objects)?.grants ?? implicitDefault(schema, objects);
        const to = find(des.defaultPrivileges, role, schema, objects)?.grants ?? implicitDefault(schema, objects);
        const defaults = { role, ...(schema !== undefined ? { schema } : {}), objects };
        for (const c of roleChanges(none, undefined, from.filter((g) => g.grantee !== role), to.filter((g) => g.grantee !== role))) {
          if (c.kind === 'grant_privileges') out.push({ kind: 'alter_default_privileges', defaults, grantee: c.grantee, privileges: c.privileges, revoke: false, withGrantOption: c.withGrantOption, optionOnly: c.optionOnly, wasGrantable: false });
          else if (c.kind === 'revoke_privileges') out.push({ kind: 'alter_default_privileges', defaults, grantee: c.grantee, privileges: c.privileges, revoke: true, withGrantOption: false, optionOnly: c.grantOptionOnly, wasGrantable: c.wasGrantable });
        }
      }
    }
  }
  return out;
}

const OBJECTS: Readonly<Record<PrivilegeObjectKind, DefaultPrivileges['objects']>> = { table: 'tables', sequence: 'sequences', function: 'functions', type: 'types', schema: 'schemas' };

/** What default privileges held by the database may give a new object: every entry of its kind, for every schema or its own. */
function fromDefaults(cur: Catalog, on: GrantTarget): Grant[] {
  const found = (cur.defaultPrivileges ?? []).filter((d) => d.objects === OBJECTS[on.kind] && (d.schema === undefined || (on.kind !== 'schema' && d.schema === on.schema)));
  const seen = new Set<string>();
  return found.flatMap((d) => d.grants).filter((g) => {
    const k = `${g.grantee}\0${g.privilege}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
