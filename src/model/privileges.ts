/**
 * Privileges and row-level security as the files declare them (`grants:`,
 * `row_level_security:`), before compilation: names as written, every node with its `Src`.
 */
import type { Src } from './source.js';

/** Privileges of one role on one object (or one column): `reader: [select]`. */
export interface PrivilegeSet {
  readonly src: Src;
  /** Lower case, as written; `all` stands for every privilege of the object. */
  readonly privileges: readonly string[];
  /** Those granted WITH GRANT OPTION (granted either way). */
  readonly withGrantOption: readonly string[];
}

export interface RoleGrant extends PrivilegeSet {
  /** A role name, or `PUBLIC` (also written `public`). */
  readonly role: string;
  /** Tables only: column privileges, by column. */
  readonly columns: readonly (PrivilegeSet & { readonly column: string })[];
}

/** An entry of `repos.<repo>.default_privileges`. */
export interface DefaultPrivilegesDef {
  readonly src: Src;
  /** FOR ROLE. */
  readonly forRole: string;
  /** IN SCHEMA; absent: every schema. */
  readonly inSchema?: string;
  readonly on: 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';
  readonly grants: readonly RoleGrant[];
}

export interface PolicyDef {
  readonly name: string;
  readonly src: Src;
  readonly command: 'all' | 'select' | 'insert' | 'update' | 'delete';
  readonly as: 'permissive' | 'restrictive';
  /** Empty: PUBLIC. */
  readonly roles: readonly { readonly name: string; readonly src: Src }[];
  readonly using?: { readonly sql: string; readonly src: Src };
  readonly withCheck?: { readonly sql: string; readonly src: Src };
  /** COMMENT ON POLICY. */
  readonly comment?: string;
}

export interface RowLevelSecurityDef {
  readonly src: Src;
  readonly enabled: boolean;
  readonly force: boolean;
  readonly policies: readonly PolicyDef[];
}
