/**
 * Default privileges (ALTER DEFAULT PRIVILEGES): what objects a role creates later get. One
 * entry per role, schema (absent: every schema) and kind of object, as `pg_default_acl` holds
 * it. The grants are those to roles other than the creating role, spelled as in ./privilege.ts.
 *
 * Without an entry, objects get PostgreSQL's defaults: in a schema nothing more, and for every
 * schema what `acldefault` gives (EXECUTE to PUBLIC on functions, USAGE on types).
 */
import { defaultGrants, type Grant } from './privilege.js';

export type DefaultObjects = 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';

export const DEFAULT_OBJECTS: readonly DefaultObjects[] = ['tables', 'sequences', 'functions', 'types', 'schemas'];

export interface DefaultPrivileges {
  /** FOR ROLE: the role whose new objects get these privileges. */
  readonly role: string;
  /** IN SCHEMA; absent: objects created in any schema. */
  readonly schema?: string;
  readonly objects: DefaultObjects;
  readonly grants: readonly Grant[];
}

/** `pg_default_acl.defaclobjtype` → the kind of object. */
export const OBJTYPE: Readonly<Record<string, DefaultObjects>> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };

/** The object kind in ./privilege.ts terms, for privileges and defaults. */
export function privilegeKindOf(o: DefaultObjects): 'table' | 'sequence' | 'function' | 'type' | 'schema' {
  return o === 'tables' ? 'table' : o === 'sequences' ? 'sequence' : o === 'functions' ? 'function' : o === 'types' ? 'type' : 'schema';
}

/** What a role's new objects get when there is no entry: nothing in a schema, `acldefault` for every schema. */
export function implicitDefault(schema: string | undefined, objects: DefaultObjects): readonly Grant[] {
  return schema === undefined ? defaultGrants(privilegeKindOf(objects)) : [];
}
