/**
 * Multitenancy in the IR.
 *
 * - `strategy: context`: the table lives in every tenant schema; in the catalog it sits in
 *   the placeholder schema `$tenant` (`TENANT_SCHEMA`) with `tenancy: {strategy: 'context'}`,
 *   and `instantiateTenant` (src/ir/tenant.ts) makes a real copy. `global: true` adds an
 *   ordinary copy in the resource's own schema.
 * - `strategy: attribute`: one table; a tenant column that identities, custom and reference
 *   indexes start with (unless `all_tenants`), composite foreign keys between tenant tables,
 *   and optionally row-level security keyed on the `pgdecl.tenant` setting.
 */
import { TENANT_SCHEMA, type IndexKey, type RowLevelSecurity, type Tenancy } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Resource } from '../model/resource.js';
import { TENANT_SETTING, tenantPolicyName } from '../model/naming.js';
import { ident, literal } from '../sql/quote.js';
import { origin, type CompileContext } from './context.js';
import { castLabel, typeClass } from './type-class.js';

/** Where a resource's table goes: one placement, or two for a global context table. */
export interface Placement {
  readonly schema: string;
  readonly tenancy?: Tenancy;
}

export function placements(resource: Resource): Placement[] {
  const mt = resource.multitenancy;
  if (!mt) return [{ schema: resource.schema }];
  if (mt.strategy === 'attribute') return [{ schema: resource.schema, ...(mt.attribute ? { tenancy: { strategy: 'attribute', column: mt.attribute } } : {}) }];
  const tenant: Placement = { schema: TENANT_SCHEMA, tenancy: { strategy: 'context' } };
  return mt.global ? [tenant, { schema: resource.schema }] : [tenant];
}

export function isContextTenant(resource: Resource): boolean {
  return resource.multitenancy?.strategy === 'context';
}

/** The tenant column of an attribute-tenant resource. */
export function tenantColumn(resource: Resource): string | undefined {
  const mt = resource.multitenancy;
  return mt?.strategy === 'attribute' ? mt.attribute : undefined;
}

/** Index keys with the tenant column in front (not twice, not for `all_tenants`). */
export function withTenantKey(keysIn: readonly IndexKey[], tenant: string | undefined, allTenants: boolean): IndexKey[] {
  if (!tenant || allTenants || keysIn.some((k) => k.kind === 'column' && k.column === tenant)) return [...keysIn];
  // In an exclusion constraint, rows of different tenants never conflict: the tenant key is `WITH =`.
  const operator = keysIn.some((k) => k.operator !== undefined) ? { operator: '=' } : {};
  return [{ kind: 'column', column: tenant, desc: false, ...operator }, ...keysIn];
}

/** `(org_id = (current_setting('pgdecl.tenant'::text))::uuid)`, as PostgreSQL prints it. */
export function tenantPredicate(column: string, columnType: string): string {
  const setting = `current_setting(${literal(TENANT_SETTING)}::text)`;
  const cls = typeClass(columnType);
  const value = cls === 'text' ? setting : `(${setting})::${castLabel(columnType)}`;
  return `(${ident(column)} = ${value})`;
}

export function tenantRowLevelSecurity(ctx: CompileContext, resource: Resource, schema: string, column: string, columnType: string): RowLevelSecurity {
  const name = tenantPolicyName(resource.table);
  if (resource.multitenancy) origin(ctx, keys.policy(schema, resource.table, name), resource.multitenancy.src);
  const predicate = tenantPredicate(column, columnType);
  return {
    enabled: true,
    force: true,
    policies: [{ name, command: 'ALL', permissive: true, roles: ['public'], using: predicate, withCheck: predicate }],
  };
}
