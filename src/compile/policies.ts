/**
 * `row_level_security:` → the table's RowLevelSecurity, merged with the policy attribute
 * multitenancy writes (`<table>_tenant_isolation`): enabled and forced when either asks.
 */
import type { Policy, RowLevelSecurity } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { PolicyDef, Resource } from '../model/resource.js';
import { compileError, origin, type CompileContext } from './context.js';
import { namedRole, roleName } from './grants.js';

const COMMANDS: Readonly<Record<PolicyDef['command'], Policy['command']>> = { all: 'ALL', select: 'SELECT', insert: 'INSERT', update: 'UPDATE', delete: 'DELETE' };

function policy(ctx: CompileContext, resource: Resource, schema: string, d: PolicyDef): Policy {
  origin(ctx, keys.policy(schema, resource.table, d.name), d.src);
  for (const r of d.roles) namedRole(ctx, r.name, r.src);
  // pg_policy prints PUBLIC as `public`, other roles sorted by name.
  const roles = d.roles.length ? [...new Set(d.roles.map((r) => (roleName(r.name) === 'PUBLIC' ? 'public' : r.name)))].sort() : ['public'];
  const command = COMMANDS[d.command];
  if (command === 'INSERT' && d.using) compileError(ctx, 'policy_clause', `policy ${d.name} is for insert: it takes with_check, not using`, d.using.src, { suggestion: 'move the condition to with_check' });
  if ((command === 'SELECT' || command === 'DELETE') && d.withCheck) compileError(ctx, 'policy_clause', `policy ${d.name} is for ${d.command}: it takes using, not with_check`, d.withCheck.src, { suggestion: 'move the condition to using' });
  return {
    name: d.name,
    command,
    permissive: d.as !== 'restrictive',
    roles,
    ...(d.using ? { using: d.using.sql } : {}),
    ...(d.withCheck ? { withCheck: d.withCheck.sql } : {}),
    ...(d.comment !== undefined ? { comment: d.comment } : {}),
  };
}

export function tableRowLevelSecurity(ctx: CompileContext, resource: Resource, schema: string, tenant: RowLevelSecurity | undefined): RowLevelSecurity | undefined {
  const def = resource.rowLevelSecurity;
  if (!def) return tenant;
  const policies = def.policies.map((p) => policy(ctx, resource, schema, p));
  for (const p of policies) {
    if (tenant?.policies.some((t) => t.name === p.name)) compileError(ctx, 'policy_clause', `policy ${p.name} is the one multitenancy writes for ${resource.table}`, def.src, { suggestion: 'give the policy another name' });
  }
  return {
    enabled: def.enabled || (tenant?.enabled ?? false),
    force: def.force || (tenant?.force ?? false),
    policies: [...(tenant?.policies ?? []), ...policies],
  };
}
