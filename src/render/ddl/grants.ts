/** GRANT and REVOKE. */
import type { GrantTarget } from '../../diff/change.js';
import { ident, qname } from '../../sql/quote.js';
import { PUBLIC_ROLE } from '../../ir/privilege.js';

/** A function's argument list without its defaults: what GRANT … ON FUNCTION takes. */
export function argumentTypes(args: string): string {
  return args.replace(/\s+DEFAULT\s+(?:'(?:[^']|'')*'|[^,])+/gi, '');
}

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
      return `FUNCTION ${qname(on.schema, on.name)}(${argumentTypes(on.arguments ?? '')})`;
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
