/** `grants:` (on resources, schemas, sequences, functions and types) and `row_level_security:`. */
import type { DefaultPrivilegesDef, PolicyDef, PrivilegeSet, RoleGrant, RowLevelSecurityDef } from '../../model/privileges.js';
import { child, type Src } from '../../model/source.js';
import { bool, entries, isMap, list, map, str } from './raw.js';

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase()) : []);

/** `[select]` or `{privileges: [select], with_grant_option: [select]}`. */
function privilegeSet(v: unknown, src: Src): PrivilegeSet {
  if (Array.isArray(v)) return { src, privileges: names(v), withGrantOption: [] };
  const o = map(v);
  return { src, privileges: names(o.privileges), withGrantOption: names(o.with_grant_option) };
}

/** The `grants:` map of an object; undefined when the key is absent. */
export function buildGrants(o: Readonly<Record<string, unknown>>, src: Src): RoleGrant[] | undefined {
  if (!isMap(o.grants)) return undefined;
  return entries(o, 'grants').map(([role, v]) => {
    const s = child(src, 'grants', role);
    const columns = isMap(v) ? entries(v, 'columns').map(([column, cv]) => ({ column, ...privilegeSet(cv, child(s, 'columns', column)) })) : [];
    return { role, ...privilegeSet(v, s), columns };
  });
}

const COMMANDS = new Set(['all', 'select', 'insert', 'update', 'delete']);

export function buildRowLevelSecurity(pg: Readonly<Record<string, unknown>>, pgSrc: Src): RowLevelSecurityDef | undefined {
  if (!isMap(pg.row_level_security)) return undefined;
  const o = pg.row_level_security;
  const src = child(pgSrc, 'row_level_security');
  const policies = entries(o, 'policies').map(([name, v]): PolicyDef => {
    const p = map(v);
    const s = child(src, 'policies', name);
    const command = (str(p, 'command') ?? 'all').toLowerCase();
    const using = str(p, 'using');
    const check = str(p, 'with_check');
    return {
      name,
      src: s,
      command: (COMMANDS.has(command) ? command : 'all') as PolicyDef['command'],
      as: str(p, 'as') === 'restrictive' ? 'restrictive' : 'permissive',
      roles: list(p, 'roles').flatMap((r, i) => (typeof r === 'string' ? [{ name: r, src: child(s, 'roles', i) }] : [])),
      ...(using !== undefined ? { using: { sql: using, src: child(s, 'using') } } : {}),
      ...(check !== undefined ? { withCheck: { sql: check, src: child(s, 'with_check') } } : {}),
      ...(typeof p.comment === 'string' ? { comment: p.comment } : {}),
    };
  });
  return { src, enabled: bool(o, 'enabled') ?? true, force: bool(o, 'force') ?? false, policies };
}

const ON = new Set(['tables', 'sequences', 'functions', 'types', 'schemas']);

/** `repos.<repo>.default_privileges`; undefined when the key is absent. */
export function buildDefaultPrivileges(repo: Readonly<Record<string, unknown>>, src: Src): DefaultPrivilegesDef[] | undefined {
  if (!Array.isArray(repo.default_privileges)) return undefined;
  return list(repo, 'default_privileges').flatMap((v, i): DefaultPrivilegesDef[] => {
    if (!isMap(v)) return [];
    const s = child(src, 'default_privileges', i);
    const on = str(v, 'on') ?? '';
    const inSchema = str(v, 'in_schema');
    return [{ src: s, forRole: str(v, 'for_role') ?? '', ...(inSchema !== undefined ? { inSchema } : {}), on: (ON.has(on) ? on : 'tables') as DefaultPrivilegesDef['on'], grants: buildGrants(v, s) ?? [] }];
  });
}
