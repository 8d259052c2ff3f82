/**
 * Planning for every tenant schema at once (DESIGN §5, issue "multitenancy"): the tenant
 * template is compiled and normalised once; every tenant schema is read in one catalog pass;
 * tenants whose schemas are in the same state (same fingerprint in placeholder form) share
 * one diff. 10,000 identical tenants are one diff, not 10,000.
 */
import { requireUnmanagedTables } from '../plan/unmanaged-tables.js';
import { requireRoles } from '../plan/roles.js';
import type { Project } from '../model/resource.js';
import { PgdeclError } from '../model/diagnostic.js';
import { TENANT_SCHEMA, type Catalog } from '../ir/catalog.js';
import type { ObjectKey } from '../ir/keys.js';
import type { Src } from '../model/source.js';
import type { Target } from '../targets/target.js';
import { inspect, type Inspection } from '../inspect/inspect.js';
import { compileFor } from '../plan/compiled.js';
import { normalize } from '../plan/normalize.js';
import { fingerprint } from '../plan/fingerprint.js';
import { plan } from '../plan/plan.js';
import type { Plan } from '../plan/step.js';
import { diff } from '../diff/diff.js';
import type { Change } from '../diff/change.js';
import { renamesFromProject, type Renames } from '../diff/renames.js';
import { loadParser, ownedByStatements } from '../diff/owned.js';
import { tenantTemplate, toPlaceholder, forTenant } from './placeholder.js';

export interface TenantGroup {
  /** Fingerprint of the tenants' current schema, in placeholder form. */
  readonly fingerprint: string;
  readonly tenants: readonly string[];
  /** The changes, in placeholder form (schema `$tenant`). */
  readonly changes: readonly Change[];
  /** The plan in placeholder form, for people and JSON. */
  readonly plan: Plan;
}

export interface TenantsPlan {
  readonly serverVersion: number;
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  /** The tenant template as the server prints it (placeholder form). */
  readonly desired: Catalog;
  readonly groups: readonly TenantGroup[];
  /** Catalog queries sent to read every tenant schema: a constant. */
  readonly queries: number;
  readonly renames: Renames;
  /** Fingerprint of `desired`: with a group's fingerprint and the server version, the key of its plan. */
  readonly desiredFingerprint: string;
}

/** Plans already made, by state: databases of a fleet in the same state share one diff. */
export type PlanMemo = Map<string, { readonly changes: Change[]; readonly plan: Plan }>;

export interface TenantsPlanOptions {
  readonly repo?: string;
  readonly cacheDir?: string;
  readonly memo?: PlanMemo;
}

/** The key under which a state's plan is shared (same state, same files, same server version). */
export const planKey = (stateFingerprint: string, desiredFingerprint: string, serverVersion: number): string => `${stateFingerprint}|${desiredFingerprint}|${serverVersion}`;

/** The tenant renames (placeholder form) of a project. */
function tenantRenames(project: Project): Renames {
  const all = renamesFromProject(project);
  return {
    tables: all.tables.filter((t) => t.to.schema === TENANT_SCHEMA),
    columns: all.columns.filter((c) => c.table.schema === TENANT_SCHEMA),
    schemas: [],
  };
}

/** One tenant's part of a catalog read from many tenant schemas at once. */
export function tenantCatalog(all: Inspection, schema: string): Catalog {
  const c = all.catalog;
  return {
    formatVersion: c.formatVersion,
    extensions: [],
    // A Citus distributed schema (schema-based sharding) stays one: src/compile/schema-sharding.ts.
    schemas: c.schemas.filter((s) => s.name === schema).map((s) => ({ name: s.name, ...(s.distributed ? { distributed: true as const } : {}) })),
    functions: c.functions.filter((f) => f.schema === schema),
    tables: c.tables.filter((t) => t.schema === schema),
    statements: all.bookkeeping.statements.filter((s) => s.scope === schema).map(({ scope: _s, ...s }) => s),
  };
}

/** Plans in placeholder form for one state of a tenant schema. */
export function planForState(current: Catalog, desired: Catalog, renames: Renames, serverVersion: number): { changes: Change[]; plan: Plan } {
  const owned = ownedByStatements([...desired.statements, ...current.statements], TENANT_SCHEMA);
  const changes = diff(current, desired, { renames, owned });
  return { changes, plan: plan(changes, { serverVersion }) };
}

/** The plan of one tenant: the group's changes instantiated for its schema. */
export function tenantSteps(group: TenantGroup, tenant: string, serverVersion: number): Plan {
  return plan(
    group.changes.map((c) => forTenant(c, tenant)),
    { serverVersion, scope: tenant },
  );
}

export async function planTenants(target: Target, project: Project, tenants: readonly string[], options: TenantsPlanOptions = {}): Promise<TenantsPlan> {
  const { serverVersion, catalog, origins } = await compileFor(target, project, options.repo);
  await requireRoles(target, origins);
  await requireUnmanagedTables(target, project, catalog, origins);
  const template = tenantTemplate(catalog);
  if (template.tables.length === 0 && template.functions.length === 0) {
    throw new PgdeclError({
      code: 'no_tenant_resources',
      severity: 'error',
      message: 'no resource lives in tenant schemas',
      suggestion: 'give a resource `multitenancy: { strategy: context }`; attribute multitenancy needs no --tenants (its tables are ordinary ones)',
    });
  }
  const desired = await normalize(target, template, { origins, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
  const all = await inspect(target, { schemas: tenants });
  await loadParser();
  const renames = tenantRenames(project);
  const byState = new Map<string, { current: Catalog; tenants: string[] }>();
  for (const t of tenants) {
    const current = toPlaceholder(tenantCatalog(all, t), t);
    const fp = fingerprint(current);
    const g = byState.get(fp);
    if (g) g.tenants.push(t);
    else byState.set(fp, { current, tenants: [t] });
  }
  const desiredFingerprint = fingerprint(desired);
  const memo: PlanMemo = options.memo ?? new Map();
  const groups: TenantGroup[] = [...byState].map(([fp, g]) => {
    const key = planKey(fp, desiredFingerprint, serverVersion);
    let planned = memo.get(key);
    if (!planned) memo.set(key, (planned = planForState(g.current, desired, renames, serverVersion)));
    return { fingerprint: fp, tenants: g.tenants, ...planned };
  });
  // Groups with changes first, the largest first; converged ones last.
  groups.sort((a, b) => Number(a.plan.steps.length === 0) - Number(b.plan.steps.length === 0) || b.tenants.length - a.tenants.length);
  return { serverVersion, origins, desired, groups, queries: all.queries, renames, desiredFingerprint };
}
