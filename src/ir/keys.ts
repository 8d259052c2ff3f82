/**
 * Stable keys for IR objects: how the compiler records where each object came from
 * (`origins`), and how plan steps name the object they change.
 */
export type ObjectKey = string;

export const keys = {
  extension: (name: string): ObjectKey => `extension:${name}`,
  schema: (name: string): ObjectKey => `schema:${name}`,
  function: (schema: string, name: string, args: string): ObjectKey => `function:${schema}.${name}(${args})`,
  aggregate: (schema: string, name: string, args: string): ObjectKey => `aggregate:${schema}.${name}(${args})`,
  type: (schema: string, name: string): ObjectKey => `type:${schema}.${name}`,
  collation: (schema: string, name: string): ObjectKey => `collation:${schema}.${name}`,
  sequence: (schema: string, name: string): ObjectKey => `sequence:${schema}.${name}`,
  view: (schema: string, name: string): ObjectKey => `view:${schema}.${name}`,
  table: (schema: string, table: string): ObjectKey => `table:${schema}.${table}`,
  column: (schema: string, table: string, column: string): ObjectKey => `column:${schema}.${table}.${column}`,
  primaryKey: (schema: string, table: string): ObjectKey => `pk:${schema}.${table}`,
  foreignKey: (schema: string, table: string, name: string): ObjectKey => `fk:${schema}.${table}.${name}`,
  check: (schema: string, table: string, name: string): ObjectKey => `check:${schema}.${table}.${name}`,
  index: (schema: string, name: string): ObjectKey => `index:${schema}.${name}`,
  trigger: (schema: string, table: string, name: string): ObjectKey => `trigger:${schema}.${table}.${name}`,
  policy: (schema: string, table: string, name: string): ObjectKey => `policy:${schema}.${table}.${name}`,
  statement: (name: string): ObjectKey => `statement:${name}`,
  /** Where the files first name a role (grants, policies). */
  role: (name: string): ObjectKey => `role:${name}`,
};
