/**
 * The declarative pipeline against one database (DESIGN §1): compile the files for the
 * server's version, inspect the managed schemas, normalise the desired catalog through the
 * server, diff, plan. `apply` and `plan` both start here; tenants reuse the same parts.
 */
import type { Project } from '../model/resource.js';
import type { Catalog } from '../ir/catalog.js';
import type { ObjectKey } from '../ir/keys.js';
import type { Src } from '../model/source.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { PgdeclError } from '../model/diagnostic.js';
import type { Target } from '../targets/target.js';
import { compileProject } from '../compile/index.js';
import { withTenantProvisioning } from '../tenants/provision.js';
import { ordinaryPart } from '../ir/tenant.js';
import { inspect, type Inspection } from '../inspect/inspect.js';
import { diff } from '../diff/diff.js';
import { renamedFromSchemas, renamesFromProject, type Renames } from '../diff/renames.js';
import { loadParser, ownedByStatements, type OwnedObjects } from '../diff/owned.js';
import type { Change } from '../diff/change.js';
import { normalize } from './normalize.js';
import { plan as makePlan } from './plan.js';
import type { Plan } from './step.js';
import { fingerprint } from './fingerprint.js';

export interface ProjectPlan {
  readonly serverVersion: number;
  /** The compiled catalog (both parts) and where each object was declared. */
  readonly compiled: Catalog;
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly warnings: readonly Diagnostic[];
  /** The ordinary part, as the server prints it. */
  readonly desired: Catalog;
  readonly current: Inspection;
  readonly renames: Renames;
  readonly owned: OwnedObjects;
  readonly changes: readonly Change[];
  readonly plan: Plan;
  /** Fingerprint of the inspected schema: a saved plan is valid only while it holds. */
  readonly fingerprint: string;
  /** What was inspected, to inspect the same way again (apply of a saved plan, convergence). */
  readonly scope: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
}

export interface ProjectPlanOptions {
  /** Cache of normalised catalogs (`.pgdecl/cache`). */
  readonly cacheDir?: string;
  /** The repo whose resources to plan (default: `default`). */
  readonly repo?: string;
}

/** Compiles for the target's version; errors in the files stop here with their positions. */
export async function compileFor(target: Target, project: Project, repo?: string) {
  const serverVersion = await target.serverVersionNum();
  const result = await compileProject(project, { pgVersion: serverVersion, ...(repo ? { repo } : {}) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new PgdeclError(errors);
  const provisioned = withTenantProvisioning(result.catalog, result.origins, project, serverVersion, repo);
  return { serverVersion, ...result, ...provisioned, warnings: result.diagnostics.filter((d) => d.severity !== 'error') };
}

export async function planProject(target: Target, project: Project, options: ProjectPlanOptions = {}): Promise<ProjectPlan> {
  const { serverVersion, catalog, origins, warnings } = await compileFor(target, project, options.repo);
  const renames = renamesFromProject(project);
  const ordinary = ordinaryPart(catalog);
  const scope = {
    schemas: [...new Set([...ordinary.schemas.map((s) => s.name), ...renamedFromSchemas(renames)])].filter((s) => !s.startsWith('$')).sort(),
    extensions: ordinary.extensions.map((e) => e.name),
  };
  const current = await inspect(target, scope);
  const desired = await normalize(target, ordinary, { origins, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
  await loadParser();
  const owned = ownedByStatements([...desired.statements, ...current.catalog.statements]);
  const changes = diff(current.catalog, desired, { renames, owned });
  const plan = makePlan(changes, { serverVersion });
  return { serverVersion, compiled: catalog, origins, warnings, desired, current, renames, owned, changes, plan, fingerprint: fingerprint(current.catalog), scope };
}

/** After an apply: inspect again and diff against the same desired catalog. */
export async function remainingChanges(target: Target, p: Pick<ProjectPlan, 'desired' | 'scope' | 'renames' | 'owned'>): Promise<readonly Change[]> {
  const again = await inspect(target, p.scope);
  return diff(again.catalog, p.desired, { renames: p.renames, owned: p.owned });
}
