/**
 * `grants:` → the IR's privileges (../ir/privilege.ts): names upper-cased as PostgreSQL prints
 * them, `all` expanded for the object's kind (and the server's version: MAINTAIN from 17), the
 * default PUBLIC privilege of functions and types kept unless the files say what PUBLIC gets.
 * Every role named is recorded (`role:<name>` origins) so a plan can say where a role that
 * does not exist is named.
 */
import type { Catalog, Table } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import { defaultGrants, privilegesOf, PUBLIC_ROLE, sortGrants, storedGrants, type Grant, type PrivilegeObjectKind } from '../ir/privilege.js';
import type { PrivilegeSet, Resource, RoleGrant } from '../model/resource.js';
import { child, type Src } from '../model/source.js';
import { privilegeKindOf, type DefaultPrivileges } from '../ir/default-privileges.js';
import { compileError, origin, type CompileContext } from './context.js';
import { allPartitions } from '../model/partition-indexes.js';

/** `public` and `PUBLIC` are the same pseudo-role. */
export function roleName(role: string): string {
  return role.toLowerCase() === 'public' ? PUBLIC_ROLE : role;
}

/** Records where a role is named (the first place wins). */
export function namedRole(ctx: CompileContext, role: string, src: Src): void {
  if (roleName(role) !== PUBLIC_ROLE) origin(ctx, keys.role(role), src);
}

function expand(ctx: CompileContext, kind: PrivilegeObjectKind | 'column', set: PrivilegeSet, what: string): { privilege: string; grantable: boolean }[] {
  // Without a server version, MAINTAIN (PostgreSQL 17) is accepted and `all` leaves it out.
  const known = privilegesOf(kind, ctx.pgVersion ?? 1_000_000);
  const all = privilegesOf(kind, ctx.pgVersion ?? 0);
  const out = new Map<string, boolean>();
  const add = (names: readonly string[], grantable: boolean) => {
    for (const n of names) {
      const list = n === 'all' ? all : [n.toUpperCase()];
      for (const p of list) {
        if (!known.includes(p)) {
          compileError(ctx, 'grant_privilege', `${n} is not a privilege of ${what}`, set.src, { suggestion: `use one of ${[...known.map((k) => k.toLowerCase()), 'all'].join(', ')}` });
          continue;
        }
        out.set(p, (out.get(p) ?? false) || grantable);
      }
    }
  };
  add(set.privileges, false);
  add(set.withGrantOption, true);
  return [...out].map(([privilege, grantable]) => ({ privilege, grantable }));
}

/** The privileges the files give on one object; `columns` names a table's columns. */
export function compileGrants(ctx: CompileContext, kind: PrivilegeObjectKind, defs: readonly RoleGrant[], what: string, columns?: ReadonlySet<string>, keepDefault = true): Grant[] {
  const out: Grant[] = [];
  for (const d of defs) {
    const grantee = roleName(d.role);
    namedRole(ctx, d.role, d.src);
    for (const p of expand(ctx, kind, d, what)) out.push({ grantee, privilege: p.privilege, ...(p.grantable ? { grantable: true as const } : {}) });
    for (const c of d.columns) {
      if (kind !== 'table') continue;
      if (columns && !columns.has(c.column)) {
        compileError(ctx, 'grant_unknown_column', `${what} has no column ${c.column}`, c.src, { suggestion: `name one of its columns: ${[...columns].join(', ')}` });
        continue;
      }
      for (const p of expand(ctx, 'column', c, `column ${c.column}`)) out.push({ grantee, privilege: p.privilege, column: c.column, ...(p.grantable ? { grantable: true as const } : {}) });
    }
  }
  // What PUBLIC gets on a new function or type stays, unless the files say what PUBLIC gets.
  if (keepDefault && !defs.some((d) => roleName(d.role) === PUBLIC_ROLE)) out.push(...defaultGrants(kind));
  return out;
}

/** An object with the grants its declaration gives (none declared: the default). */
export function withDeclaredGrants<T extends object>(ctx: CompileContext, kind: PrivilegeObjectKind, o: T, defs: readonly RoleGrant[] | undefined, what: string): T {
  if (!defs) return o;
  return { ...o, ...storedGrants(kind, compileGrants(ctx, kind, defs, what)) };
}

/** The table of a resource with its `grants:`. */
export function tableWithGrants(ctx: CompileContext, r: Resource, t: Table): Table {
  return withTableGrants(ctx, t, r.grants, t.columns);
}

/** A table (a resource's, or one of its partitions, whose columns are the resource's) with the `grants:` declared for it. */
export function withTableGrants(ctx: CompileContext, t: Table, defs: readonly RoleGrant[] | undefined, columns: readonly { readonly name: string }[]): Table {
  if (!defs) return t;
  return { ...t, ...storedGrants('table', compileGrants(ctx, 'table', defs, `table ${t.name}`, new Set(columns.map((c) => c.name)))) };
}

/** The schemas with the grants `repos.<repo>.schemas` gives them (kept even when empty: `public` compares them only then). */
export function schemasWithGrants(ctx: CompileContext, schemas: Catalog['schemas']): Catalog['schemas'] {
  const listed = ctx.project.repos.find((r) => r.name === ctx.repo)?.schemas ?? [];
  return schemas.map((s) => {
    const def = listed.find((l) => l.name === s.name && l.grants);
    return def?.grants ? { ...s, grants: sortGrants(compileGrants(ctx, 'schema', def.grants, `schema ${s.name}`)) } : s;
  });
}

/** Every role the files give privileges to, for `Catalog.roles`. */
export function declaredRoles(ctx: CompileContext, resources: readonly Resource[]): string[] {
  const p = ctx.project;
  const all = [
    ...resources.flatMap((r) => [...(r.grants ?? []), ...allPartitions(r.partitions).flatMap((x) => x.grants ?? [])]),
    ...(p.repos.find((r) => r.name === ctx.repo)?.schemas ?? []).flatMap((s) => s.grants ?? []),
    ...p.functions.flatMap((f) => f.grants ?? []),
    ...(p.sequences ?? []).flatMap((q) => q.grants ?? []),
    ...(p.types ?? []).flatMap((t) => t.grants ?? []),
    ...(p.views ?? []).flatMap((v) => v.grants ?? []),
    ...(p.aggregates ?? []).flatMap((a) => a.grants ?? []),
    ...(p.repos.find((r) => r.name === ctx.repo)?.defaultPrivileges ?? []).flatMap((d) => d.grants),
  ];
  return [...new Set(all.map((g) => roleName(g.role)))].sort();
}

/**
 * `default_privileges:` → the IR's entries, one per role, schema and kind of object (entries
 * that say the same place twice are merged). Absent when the repo has no such key.
 */
export function compileDefaultPrivileges(ctx: CompileContext): DefaultPrivileges[] | undefined {
  const defs = ctx.project.repos.find((r) => r.name === ctx.repo)?.defaultPrivileges;
  if (!defs) return undefined;
  const out = new Map<string, DefaultPrivileges>();
  for (const d of defs) {
    namedRole(ctx, d.forRole, child(d.src, 'for_role'));
    if (d.on === 'schemas' && d.inSchema !== undefined) {
      compileError(ctx, 'default_privileges', 'default privileges on schemas cannot be given IN SCHEMA', child(d.src, 'in_schema'), { suggestion: 'remove in_schema: schemas are created in no schema' });
      continue;
    }
    const kind = privilegeKindOf(d.on);
    // For every schema, what PUBLIC gets by default stays unless PUBLIC is named; IN SCHEMA adds to that.
    const grants = compileGrants(ctx, kind, d.grants, `new ${d.on}`, undefined, d.inSchema === undefined).filter((g) => g.grantee !== d.forRole);
    const key = `${d.forRole}\0${d.inSchema ?? ''}\0${d.on}`;
    const have = out.get(key);
    out.set(key, { role: d.forRole, ...(d.inSchema !== undefined ? { schema: d.inSchema } : {}), objects: d.on, grants: sortGrants([...(have?.grants ?? []), ...grants]) });
  }
  return [...out.values()];
}
