/**
 * Privileges and row-level security → `grants:` and `row_level_security:`. Grants are written
 * for every role but the owner, PUBLIC where it differs from what a new object gives it
 * (`PUBLIC: []` on a function whose EXECUTE was revoked from PUBLIC).
 */
import type { Grant, PrivilegeObjectKind, RowLevelSecurity, Table } from '../ir/catalog.js';
import { defaultGrants, privilegesOf, PUBLIC_ROLE } from '../ir/privilege.js';
import { privilegeKindOf, type DefaultPrivileges } from '../ir/default-privileges.js';
import { pgdeclTenantColumn } from './tenancy.js';
import { ymap, type Y, type YMap } from './yaml-tree.js';

const ORDER = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'USAGE', 'CREATE', 'EXECUTE'];
const byOrder = (a: Grant, b: Grant) => ORDER.indexOf(a.privilege) - ORDER.indexOf(b.privilege);

/** `[select]`, or `{privileges, with_grant_option}` when some are grantable; `all` for every privilege of the object. */
function privilegeSet(grants: readonly Grant[], every?: readonly string[]): Y {
  const sorted = [...grants].sort(byOrder);
  const names = (list: readonly Grant[]) => {
    const held = list.map((g) => g.privilege);
    return every && every.length > 1 && held.length === every.length && every.every((p) => held.includes(p)) ? ['all'] : held.map((p) => p.toLowerCase());
  };
  const plain = names(sorted.filter((g) => !g.grantable));
  const option = names(sorted.filter((g) => g.grantable));
  if (!option.length) return plain;
  return ymap([
    ['privileges', plain.length ? plain : undefined],
    ['with_grant_option', option],
  ]);
}

/** The `grants:` map of an object, or undefined when it has the default privileges. */
export function grantsValue(kind: PrivilegeObjectKind, grants: readonly Grant[] | undefined, pgVersion?: number): YMap | undefined {
  // `all` only where the server's version says what it is (tables gained MAINTAIN in 17).
  const every = kind !== 'table' || pgVersion !== undefined ? privilegesOf(kind, pgVersion ?? 0) : undefined;
  if (grants === undefined) return undefined;
  const roles = [...new Set(grants.map((g) => g.grantee))].sort((a, b) => (a === PUBLIC_ROLE ? -1 : b === PUBLIC_ROLE ? 1 : a < b ? -1 : 1));
  // PUBLIC lost what a new object gives it: say so.
  if (defaultGrants(kind).length && !roles.includes(PUBLIC_ROLE)) roles.unshift(PUBLIC_ROLE);
  const out: YMap = new Map();
  for (const role of roles) {
    const own = grants.filter((g) => g.grantee === role);
    const top = own.filter((g) => g.column === undefined);
    const columns = [...new Set(own.flatMap((g) => (g.column !== undefined ? [g.column] : [])))];
    if (!columns.length) {
      out.set(role, privilegeSet(top, every));
      continue;
    }
    const set = privilegeSet(top, every);
    const head: [string, Y | undefined][] = Array.isArray(set) ? [['privileges', set.length ? set : undefined]] : [...(set as YMap)];
    out.set(role, ymap([...head, ['columns', new Map(columns.map((c) => [c, privilegeSet(own.filter((g) => g.column === c))]))]]));
  }
  return out.size ? out : undefined;
}

const COMMANDS: Readonly<Record<string, string>> = { ALL: 'all', SELECT: 'select', INSERT: 'insert', UPDATE: 'update', DELETE: 'delete' };

/** `row_level_security:` of a table, unless it is exactly what attribute multitenancy writes. */
export function rowLevelSecurityValue(t: Table): YMap | undefined {
  const rls: RowLevelSecurity | undefined = t.rowLevelSecurity;
  if (!rls || (!rls.enabled && !rls.force && rls.policies.length === 0)) return undefined;
  if (pgdeclTenantColumn(t) !== undefined) return undefined;
  const policies = new Map<string, Y>(
    rls.policies.map((p) => [
      p.name,
      ymap([
        ['command', p.command !== 'ALL' ? COMMANDS[p.command] : undefined],
        ['as', p.permissive ? undefined : 'restrictive'],
        ['roles', p.roles.join() !== 'public' ? p.roles.map((r) => (r === 'public' ? 'PUBLIC' : r)) : undefined],
        ['using', p.using],
        ['with_check', p.withCheck],
        ['comment', p.comment],
      ]),
    ]),
  );
  return ymap([
    ['enabled', rls.enabled ? undefined : false],
    ['force', rls.force ? true : undefined],
    ['policies', policies.size ? policies : undefined],
  ]);
}

/** An entry of `default_privileges:`. For every schema, PUBLIC is written where it lost its default. */
export function defaultPrivilegesValue(d: DefaultPrivileges): Y {
  const grants = d.schema === undefined ? grantsValue(privilegeKindOf(d.objects), d.grants) : grantsValue('table', d.grants);
  return ymap([
    ['for_role', d.role],
    ['in_schema', d.schema],
    ['on', d.objects],
    ['grants', grants ?? new Map<string, Y>()],
  ]);
}
