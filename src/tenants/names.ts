/**
 * Which schemas are tenants. The repo's `tenants:` query when the files give one; otherwise the
 * rows of the resource with `manage_tenant`, each named by its `template`. Tenant names follow
 * AshPostgres: letters, digits, `_` and `-`, at most 63 bytes.
 */
import type { Project, Resource } from '../model/resource.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import { byteLength, MAX_IDENTIFIER_BYTES, reservedSchema } from '../model/naming.js';
import { ident, qname, stringLiteral } from '../sql/quote.js';
import type { Target } from '../targets/target.js';

export const TENANT_NAME = /^[a-zA-Z0-9_-]+$/;

/** Why a tenant name is not acceptable, or undefined when it is. */
export function invalidTenantName(name: string): string | undefined {
  if (!TENANT_NAME.test(name)) return `tenant names may only hold letters, digits, _ and - (got ${JSON.stringify(name)})`;
  if (byteLength(name) > MAX_IDENTIFIER_BYTES) return `tenant names are at most ${MAX_IDENTIFIER_BYTES} bytes (${JSON.stringify(name)} has ${byteLength(name)})`;
  if (reservedSchema(name) !== undefined || name === 'public') return `${name} is reserved, not a tenant name`;
  return undefined;
}

/** The SQL that lists the tenant schemas, and where it comes from; undefined when the files say nothing. */
export function tenantQuery(project: Project, repo = 'default'): { sql: string; source: string } | undefined {
  const r = project.repos.find((x) => x.name === repo);
  if (r?.tenants) return { sql: r.tenants.sql, source: `the tenants query of repo "${repo}"` };
  const managing = project.resources.filter((x) => x.manageTenant && x.repo === repo);
  const m = managing[0];
  if (!m) return undefined;
  return { sql: manageTenantQuery(m), source: `manage_tenant of resource ${m.name}` };
}

function manageTenantQuery(r: Resource): string {
  const parts = r.manageTenant!.template.map((p) => (p.kind === 'literal' ? stringLiteral(p.text) : `${ident(p.name)}::text`));
  return `SELECT ${parts.join(' || ')} AS tenant FROM ${qname(r.schema, r.table)} ORDER BY 1`;
}

export interface TenantList {
  readonly names: readonly string[];
  /** Names the query returned that are not valid tenant names, with the reason. */
  readonly rejected: readonly { readonly name: string; readonly why: string }[];
  readonly source: string;
}

export async function listTenants(target: Target, project: Project, repo = 'default'): Promise<TenantList> {
  const q = tenantQuery(project, repo);
  if (!q) {
    throw new PgdeclError({
      code: 'no_tenants_query',
      severity: 'error',
      message: 'the files do not say how to list tenants',
      suggestion: "add `tenants: \"SELECT ...\"` to the repo, or `manage_tenant: { template: [\"tenant_\", id] }` to the resource whose rows are tenants",
    });
  }
  let rows: Record<string, unknown>[];
  try {
    rows = await target.query(q.sql);
  } catch (e) {
    throw new PgdeclError({ code: 'tenants_query_failed', severity: 'error', message: `listing tenants with ${q.source} failed: ${(e as Error).message}`, suggestion: 'check the query; it must return the tenant schema names in its first column' });
  }
  const names: string[] = [];
  const rejected: { name: string; why: string }[] = [];
  for (const row of rows) {
    const v = Object.values(row)[0];
    if (v === null || v === undefined) continue;
    const name = String(v);
    const why = invalidTenantName(name);
    if (why) rejected.push({ name, why });
    else if (!names.includes(name)) names.push(name);
  }
  return { names, rejected, source: q.source };
}

/**
 * Whether `plan --tenants` and `apply --tenants` will see the tenant `name`: the files'
 * tenant list (query or manage_tenant rows) names it. A warning diagnostic when it does not.
 */
export async function unlistedTenant(target: Target, project: Project, repo: string, name: string): Promise<Diagnostic | undefined> {
  const q = tenantQuery(project, repo);
  let listed: TenantList | undefined;
  try {
    listed = q ? await listTenants(target, project, repo) : undefined;
  } catch (e) {
    if (!(e instanceof PgdeclError)) throw e;
  }
  if (listed?.names.includes(name)) return undefined;
  const manage = project.resources.find((x) => x.manageTenant && x.repo === repo);
  return {
    code: 'tenant_not_listed',
    severity: 'warning',
    message: q
      ? `${q.source} does not list ${name}${listed ? '' : ' (the query failed)'}: \`plan --tenants\` and \`apply --tenants\` will not bring this schema up to date`
      : `the files do not say how to list tenants: \`plan --tenants\` and \`apply --tenants\` will not see ${name}`,
    suggestion: manage
      ? `insert the row of ${manage.name} whose template gives ${name}, or change the template`
      : q
        ? `make the repo's tenants query return ${name} (e.g. insert its row into the table the query reads)`
        : "add `tenants: \"SELECT ...\"` to the repo, or `manage_tenant` to the resource whose rows are tenants",
  };
}

/** --only-tenants / --except-tenants. */
export function selectTenants(names: readonly string[], only: readonly string[], except: readonly string[]): string[] {
  const o = new Set(only);
  const x = new Set(except);
  return names.filter((n) => (o.size === 0 || o.has(n)) && !x.has(n));
}
