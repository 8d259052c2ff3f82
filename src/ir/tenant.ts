/**
 * The two parts of a catalog with context multitenancy: the ordinary part (one copy per
 * database) and the tenant part (tables, functions and statements in the placeholder schema
 * `$tenant`, one copy per tenant schema). `instantiateTenant` makes the copy for one tenant.
 */
import { TENANT_SCHEMA, type Catalog, type Statement, type Table } from './catalog.js';
import { ident } from '../sql/quote.js';

const TENANT_PREFIX = `${TENANT_SCHEMA}.`;

const inTenant = (schema: string) => schema === TENANT_SCHEMA;
const ownedByTenant = (s: Statement) => s.owner?.startsWith(TENANT_PREFIX) ?? false;

/** Everything that is created once per database. */
export function ordinaryPart(c: Catalog): Catalog {
  return {
    ...c,
    schemas: c.schemas.filter((s) => !inTenant(s.name)),
    functions: c.functions.filter((f) => !inTenant(f.schema)),
    tables: c.tables.filter((t) => !inTenant(t.schema)),
    statements: c.statements.filter((s) => !ownedByTenant(s)),
  };
}

/** True when the catalog has anything that lives in tenant schemas. */
export function hasTenantPart(c: Catalog): boolean {
  return c.tables.some((t) => inTenant(t.schema)) || c.functions.some((f) => inTenant(f.schema)) || c.statements.some(ownedByTenant);
}

function replacer(schema: string): (s: string) => string {
  const from = ident(TENANT_SCHEMA) + '.';
  const to = ident(schema) + '.';
  return (s) => s.split(from).join(to);
}

function qualified(name: string, schema: string): string {
  return name.startsWith(TENANT_PREFIX) ? `${schema}.${name.slice(TENANT_PREFIX.length)}` : name;
}

function instantiateTable(t: Table, schema: string, r: (s: string) => string): Table {
  return {
    ...t,
    schema,
    // A partition of a tenant table belongs to that tenant's copy of it.
    ...(t.partitionOf && inTenant(t.partitionOf.schema) ? { partitionOf: { ...t.partitionOf, schema } } : {}),
    ...(t.inherits ? { inherits: t.inherits.map((p) => (inTenant(p.schema) ? { ...p, schema } : p)) } : {}),
    columns: t.columns.map((c) => ({
      ...c,
      ...(c.default !== undefined ? { default: r(c.default) } : {}),
      ...(c.generated !== undefined ? { generated: r(c.generated) } : {}),
    })),
    foreignKeys: t.foreignKeys.map((fk) => (inTenant(fk.refSchema) ? { ...fk, refSchema: schema } : fk)),
    checks: t.checks.map((c) => ({ ...c, expression: r(c.expression) })),
    indexes: t.indexes.map((i) => ({
      ...i,
      keys: i.keys.map((k) => (k.kind === 'expression' ? { ...k, expression: r(k.expression) } : k)),
      ...(i.where !== undefined ? { where: r(i.where) } : {}),
    })),
    triggers: t.triggers.map((tr) => ({
      ...tr,
      functionSchema: inTenant(tr.functionSchema) ? schema : tr.functionSchema,
      ...(tr.when !== undefined ? { when: r(tr.when) } : {}),
    })),
    ...(t.rowLevelSecurity
      ? {
          rowLevelSecurity: {
            ...t.rowLevelSecurity,
            policies: t.rowLevelSecurity.policies.map((p) => ({
              ...p,
              ...(p.using !== undefined ? { using: r(p.using) } : {}),
              ...(p.withCheck !== undefined ? { withCheck: r(p.withCheck) } : {}),
            })),
          },
        }
      : {}),
  };
}

/**
 * The tenant part for one tenant schema: `$tenant` replaced by `schemaName` in table and
 * function schemas, foreign keys, triggers, expressions, policies and statements. Extensions
 * are database-wide and stay with the ordinary part.
 */
export function instantiateTenant(c: Catalog, schemaName: string): Catalog {
  const r = replacer(schemaName);
  return {
    formatVersion: c.formatVersion,
    extensions: [],
    schemas: [{ name: schemaName, ...(c.schemas.some((s) => inTenant(s.name) && s.distributed) ? { distributed: true as const } : {}) }],
    functions: c.functions.filter((f) => inTenant(f.schema)).map((f) => ({ ...f, schema: schemaName, body: r(f.body) })),
    tables: c.tables.filter((t) => inTenant(t.schema)).map((t) => instantiateTable(t, schemaName, r)),
    statements: c.statements.filter(ownedByTenant).map((s) => ({
      ...s,
      owner: qualified(s.owner!, schemaName),
      afterTables: s.afterTables.map((t) => qualified(t, schemaName)),
    })),
    ...(c.roles ? { roles: c.roles } : {}),
  };
}
