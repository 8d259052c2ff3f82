/**
 * Names pgdecl derives when the files do not give one. The validator checks them against
 * PostgreSQL's 63-byte limit; the compiler uses them. Defaults follow AshPostgres.
 */

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

export function byteLength(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/** Whether PostgreSQL would cut `name`: over 63 bytes. Checked for every derived name, so a short one is not measured (at most 3 UTF-8 bytes per UTF-16 unit). */
export function tooLongForIdentifier(name: string): boolean {
  return name.length * 3 > MAX_IDENTIFIER_BYTES && byteLength(name) > MAX_IDENTIFIER_BYTES;
}

/** `<table>_pkey`, PostgreSQL's own default. */
export const primaryKeyName = (table: string) => `${table}_pkey`;

/** `<table>_<first column>_fkey` (AshPostgres's default reference name). */
export const foreignKeyName = (table: string, columns: readonly string[]) => `${table}_${columns[0]}_fkey`;

/** `<table>_<identity>_index`. */
export const identityIndexName = (table: string, identity: string) => `${table}_${identity}_index`;

/** `<table>_<col1>_<col2>_index` for custom and reference indexes. */
export const fieldsIndexName = (table: string, columns: readonly string[]) => `${table}_${columns.join('_')}_index`;

/** A CHECK lowered from an attribute's `constraints`: `<table>_<column>_<rule>`. */
export const attributeCheckName = (table: string, column: string, rule: string) => `${table}_${column}_${rule}`;

/** The trigger, and its function, that keep `update_timestamp` columns current. */
export const touchTriggerName = (table: string) => `${table}_touch_timestamps`;
export const touchFunctionName = (table: string) => `${table}_touch_timestamps`;

/** The function that generates version 7 UUIDs before PostgreSQL 18 (which has `uuidv7()`). */
export const UUID_V7_FUNCTION = 'pgdecl_uuid_v7';

/** The row-level-security policy of an attribute-tenant table. */
export const tenantPolicyName = (table: string) => `${table}_tenant_isolation`;

/** The setting a session sets to its tenant for row-level security: `SET pgdecl.tenant = 'acme'`. */
export const TENANT_SETTING = 'pgdecl.tenant';

/** pgdecl's own bookkeeping schema (applied custom statements, installed extensions, migrations). */
export const BOOKKEEPING_SCHEMA = 'pgdecl';

/**
 * Why pgdecl must never create, inspect or drop anything in this schema, or undefined when it
 * may: PostgreSQL's own schemas (`pg_catalog`, `pg_toast*`, `pg_temp*`: every `pg_` name is
 * reserved), `information_schema`, and pgdecl's bookkeeping schema.
 */
export function reservedSchema(name: string): string | undefined {
  if (name.startsWith('pg_')) return 'names starting with `pg_` are reserved for PostgreSQL\'s own schemas';
  if (name === 'information_schema') return '`information_schema` is PostgreSQL\'s own schema';
  if (name === BOOKKEEPING_SCHEMA) return '`pgdecl` is the schema where pgdecl keeps its bookkeeping';
  return undefined;
}
