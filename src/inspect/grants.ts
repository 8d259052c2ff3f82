/**
 * Privileges read by the `grants` catalog query, attached to the objects inspection built.
 * An object whose ACL is NULL gets nothing (the default); one whose ACL PostgreSQL holds
 * explicitly gets its list, or nothing when that list is the default for its kind.
 */
import type { Catalog, Function, Schema, Table } from '../ir/catalog.js';
import { sortGrants, storedGrants, type Grant, type PrivilegeObjectKind } from '../ir/privilege.js';
import type { Sequence } from '../ir/sequence.js';
import type { UserType } from '../ir/user-type.js';
import type { View } from '../ir/view.js';
import type { Aggregate } from '../ir/aggregate.js';
import { OBJTYPE, type DefaultPrivileges } from '../ir/default-privileges.js';

export interface GrantRow {
  kind: PrivilegeObjectKind | 'column';
  schema: string;
  name: string;
  arguments: string | null;
  column: string | null;
  grants: { grantee: string; privilege: string; grantable: boolean }[];
}

const grant = (g: GrantRow['grants'][number], column?: string): Grant => ({
  grantee: g.grantee,
  privilege: g.privilege,
  ...(g.grantable ? { grantable: true as const } : {}),
  ...(column !== undefined ? { column } : {}),
});

/** The catalog with each object's grants from the rows. */
export function withGrants(c: Catalog, rows: readonly GrantRow[]): Catalog {
  if (!rows.length) return c;
  const by = new Map<string, Grant[]>();
  const add = (key: string, list: Grant[]) => by.set(key, [...(by.get(key) ?? []), ...list]);
  const explicit = new Set<string>();
  for (const r of rows) {
    const kind = r.kind === 'column' ? 'table' : r.kind;
    const key = `${kind}:${r.schema}.${r.name}(${r.arguments ?? ''})`;
    explicit.add(key);
    add(key, r.grants.map((g) => grant(g, r.column ?? undefined)));
  }
  const attach = <T extends { readonly schema: string; readonly name: string }>(kind: PrivilegeObjectKind, o: T, args = ''): T => {
    const key = `${kind}:${o.schema}.${o.name}(${args})`;
    if (!explicit.has(key)) return o;
    return { ...o, ...storedGrants(kind, by.get(key) ?? []) };
  };
  return {
    ...c,
    schemas: c.schemas.map((s): Schema => {
      const withSchema = attach('schema', { ...s, schema: s.name });
      const { schema: _s, ...rest } = withSchema;
      // public is created with USAGE for PUBLIC: an ACL of its owner's alone is PUBLIC's USAGE
      // revoked, not the default, and is kept as an empty list (pull writes `PUBLIC: []`).
      if (s.name === 'public' && explicit.has('schema:public.public()') && rest.grants === undefined) return { ...rest, grants: [] };
      return rest;
    }),
    tables: c.tables.map((t): Table => attach('table', t)),
    functions: c.functions.map((f): Function => attach('function', f, f.arguments)),
    // An aggregate's privileges are a function's (GRANT … ON FUNCTION), under the same key: one namespace.
    ...(c.aggregates ? { aggregates: c.aggregates.map((a): Aggregate => attach('function', a, a.arguments)) } : {}),
    ...(c.sequences ? { sequences: c.sequences.map((q): Sequence => attach('sequence', q)) } : {}),
    ...(c.types ? { types: c.types.map((t): UserType => attach('type', t)) } : {}),
    // A view's privileges are a table's (GRANT … ON TABLE), under the same key: one namespace.
    ...(c.views ? { views: c.views.map((v): View => attach('table', v)) } : {}),
  };
}

export interface DefaultPrivilegeRow {
  role: string;
  schema: string | null;
  objtype: string;
  grants: GrantRow['grants'];
}

export function defaultPrivilegesFromRows(rows: readonly DefaultPrivilegeRow[]): DefaultPrivileges[] {
  return rows.flatMap((r) => {
    const objects = OBJTYPE[r.objtype];
    if (!objects) return [];
    return [{ role: r.role, ...(r.schema !== null ? { schema: r.schema } : {}), objects, grants: sortGrants(r.grants.map((g) => grant(g))) }];
  });
}
