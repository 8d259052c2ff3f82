/**
 * Privileges (GRANT / REVOKE): what roles other than an object's owner may do with it.
 *
 * An object's `grants` list the privileges its owner granted to other roles, one entry per
 * role and privilege (per column for a table's column privileges), spelled as `aclexplode`
 * prints them (`SELECT`, `USAGE`, `EXECUTE`); `PUBLIC` stands for every role. Absent means
 * what the object gets when it is created (PostgreSQL's `acldefault`): nothing for schemas,
 * tables and sequences, EXECUTE for PUBLIC on functions, USAGE for PUBLIC on types.
 *
 * Only the roles a catalog names in `Catalog.roles` are compared: other roles' privileges are
 * left as they are, and the owner's own privileges are never part of the list.
 */

export type PrivilegeObjectKind = 'schema' | 'table' | 'sequence' | 'function' | 'type';

export interface Grant {
  /** A role name, or `PUBLIC`. */
  readonly grantee: string;
  /** As `aclexplode` prints it: `SELECT`, `INSERT`, `USAGE`, `EXECUTE`… */
  readonly privilege: string;
  /** WITH GRANT OPTION: the grantee may grant it on. */
  readonly grantable?: true;
  /** Tables only: a column privilege (`GRANT SELECT (email) ON …`). */
  readonly column?: string;
}

export const PUBLIC_ROLE = 'PUBLIC';

/** Every privilege each kind of object knows, in PostgreSQL's order; `ALL` means all of them. */
export function privilegesOf(kind: PrivilegeObjectKind | 'column', pgVersion: number): readonly string[] {
  switch (kind) {
    case 'schema':
      return ['USAGE', 'CREATE'];
    case 'table':
      return ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', ...(pgVersion >= 170000 ? ['MAINTAIN'] : [])];
    case 'column':
      return ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'];
    case 'sequence':
      return ['USAGE', 'SELECT', 'UPDATE'];
    case 'function':
      return ['EXECUTE'];
    case 'type':
      return ['USAGE'];
  }
}

/** What a new object of this kind grants to roles other than its owner (`acldefault`). */
export function defaultGrants(kind: PrivilegeObjectKind): readonly Grant[] {
  if (kind === 'function') return [{ grantee: PUBLIC_ROLE, privilege: 'EXECUTE' }];
  if (kind === 'type') return [{ grantee: PUBLIC_ROLE, privilege: 'USAGE' }];
  return [];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One order for grants: column (table privileges first), grantee, privilege. */
export function sortGrants(grants: readonly Grant[]): Grant[] {
  return [...grants].sort((a, b) => cmp(a.column ?? '', b.column ?? '') || cmp(a.grantee, b.grantee) || cmp(a.privilege, b.privilege));
}

export const grantKey = (g: Grant): string => `${g.column ?? ''}\0${g.grantee}\0${g.privilege}`;

/** The grants as stored in the IR: sorted, and absent when they are the default. */
export function storedGrants(kind: PrivilegeObjectKind, grants: readonly Grant[]): { readonly grants?: readonly Grant[] } {
  const sorted = sortGrants(grants);
  const dflt = sortGrants(defaultGrants(kind));
  const same = sorted.length === dflt.length && sorted.every((g, i) => grantKey(g) === grantKey(dflt[i]!) && !g.grantable);
  return same ? {} : { grants: sorted };
}

/** The grants an object holds: its list, or the default when it has none. */
export function effectiveGrants(kind: PrivilegeObjectKind, grants: readonly Grant[] | undefined): readonly Grant[] {
  return grants ?? defaultGrants(kind);
}
