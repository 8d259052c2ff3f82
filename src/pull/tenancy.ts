/**
 * Row-level security: a table with exactly the policy pgdecl writes for attribute
 * multitenancy (`<table>_tenant_isolation`, forced, comparing one column with the
 * `pgdecl.tenant` setting) becomes `multitenancy: {strategy: attribute, attribute: <column>,
 * row_level_security: true}`. Any other row-level security is not modelled by the format.
 */
import type { Table } from '../ir/catalog.js';
import { tenantPredicate } from '../compile/tenancy.js';
import { tenantPolicyName } from '../model/naming.js';

/** The tenant column of a table with pgdecl's tenant policy, or undefined. */
export function pgdeclTenantColumn(t: Table): string | undefined {
  const rls = t.rowLevelSecurity;
  if (!rls?.enabled || !rls.force || rls.policies.length !== 1) return undefined;
  const p = rls.policies[0]!;
  if (p.name !== tenantPolicyName(t.name) || p.command !== 'ALL' || !p.permissive || p.roles.join() !== 'public') return undefined;
  const column = t.columns.find((c) => p.using === tenantPredicate(c.name, c.type) && p.withCheck === p.using);
  return column?.name;
}
