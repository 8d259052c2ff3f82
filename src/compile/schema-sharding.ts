/**
 * Citus schema-based sharding (`repos.<name>.citus.schema_based_sharding`): every tenant schema
 * is a distributed schema. The compiled catalog then lists the placeholder schema `$tenant` as
 * `distributed`; the tenant template (src/tenants/placeholder.ts) and each tenant's copy
 * (src/ir/tenant.ts) carry the flag, so creating a tenant ends with `citus_schema_distribute`.
 * Citus documents that function for a schema that already holds tables (the setting
 * `citus.enable_schema_based_sharding` applies only to schemas created while it is on).
 */
import { TENANT_SCHEMA, type Schema, type Table } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import { child } from '../model/source.js';
import { origin, type CompileContext } from './context.js';

/** The `$tenant` schema marked distributed, when the repo asks for it and has tenant tables. */
export function tenantSchemaSharding(ctx: CompileContext, tables: readonly Table[]): Schema | undefined {
  const citus = ctx.project.repos.find((r) => r.name === ctx.repo)?.citus;
  if (!citus?.schemaBasedSharding || !tables.some((t) => t.schema === TENANT_SCHEMA)) return undefined;
  origin(ctx, keys.extension('citus'), child(citus.src, 'schema_based_sharding'));
  return { name: TENANT_SCHEMA, distributed: true };
}
