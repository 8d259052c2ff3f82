/** GRANT and REVOKE. */
import type { Change, GrantTarget } from '../../diff/change.js';
import { argumentsWithoutDefaults } from '../../sql/arguments.js';
import { ident, qname } from '../../sql/quote.js';
import { PUBLIC_ROLE } from '../../ir/privilege.js';

/** `TABLE public.accounts`, `FUNCTION app.f(integer)`, `SCHEMA app`. */
export function grantObject(on: GrantTarget): string {
  switch (on.kind) {
    case 'schema':
      return `SCHEMA ${ident(on.name)}`;
    case 'table':
      return `TABLE ${qname(on.schema, on.name)}`;
    case 'sequence':
      return `SEQUENCE ${qname(on.schema, on.name)}`;
    case 'function':
      return `${on.procedure ? 'PROCEDURE' : 'FUNCTION'} ${qname(on.schema, on.name)}(${argumentsWithoutDefaults(on.arguments ?? '')})`;
    case 'type':
      return `TYPE ${qname(on.schema, on.name)}`;
  }
}

/** A role in GRANT / REVOKE: PUBLIC bare, any other name quoted. */
export function granteeSql(role: string): string {
  return role === PUBLIC_ROLE ? 'PUBLIC' : ident(role);
}

function privilegeList(privileges: readonly string[], column: string | undefined): string {
  return privileges.map((p) => (column !== undefined ? `${p} (${ident(column)})` : p)).join(', ');
}

export function grantSql(on: GrantTarget, column: string | undefined, grantee: string, privileges: readonly string[], withGrantOption: boolean): string {
  return `GRANT ${privilegeList(privileges, column)} ON ${grantObject(on)} TO ${granteeSql(grantee)}${withGrantOption ? ' WITH GRANT OPTION' : ''}`;
}

export function revokeSql(on: GrantTarget, column: string | undefined, grantee: string, privileges: readonly string[], grantOptionOnly: boolean): string {
  return `REVOKE ${grantOptionOnly ? 'GRANT OPTION FOR ' : ''}${privilegeList(privileges, column)} ON ${grantObject(on)} FROM ${granteeSql(grantee)}`;
}

/** ALTER DEFAULT PRIVILEGES FOR ROLE … [IN SCHEMA …] GRANT / REVOKE … ON TABLES … */
export function alterDefaultPrivileges(c: Extract<Change, { kind: 'alter_default_privileges' }>): string {
  const head = `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(c.defaults.role)}${c.defaults.schema !== undefined ? ` IN SCHEMA ${ident(c.defaults.schema)}` : ''}`;
  const on = `ON ${c.defaults.objects.toUpperCase()}`;
  if (c.revoke) return `${head} REVOKE ${c.optionOnly ? 'GRANT OPTION FOR ' : ''}${c.privileges.join(', ')} ${on} FROM ${granteeSql(c.grantee)}`;
  return `${head} GRANT ${c.privileges.join(', ')} ${on} TO ${granteeSql(c.grantee)}${c.withGrantOption ? ' WITH GRANT OPTION' : ''}`;
}
