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
import type { Target } from '../targets/target.js';
import { ordinaryPart } from '../ir/tenant.js';
import { inspect, type Inspection } from '../inspect/inspect.js';
import { diff } from '../diff/diff.js';
import { renamedFromSchemas, renamesFromProject, type Renames } from '../diff/renames.js';
import { loadParser, ownedByStatements, type OwnedObjects } from '../diff/owned.js';
import type { Change } from '../diff/change.js';
import { normalize, type Whole } from './normalize.js';
import type { ProjectCache } from './project-cache.js';
import { plan as makePlan } from './plan.js';
import type { Plan } from './step.js';
import { fingerprint } from './fingerprint.js';
import { rememberConverged, type ConvergedPlace } from './converged.js';
import type { Deferred } from './settle-deferred.js';
import { catalogStamp } from '../inspect/stamp.js';
import { keepInspection, keptInspection } from './inspection-cache.js';
import { onlineTables } from './online-tables.js';
import type { OnlineOptions } from './online.js';
import type { OnlineSetting } from '../model/resource.js';
import { requireUnmanagedTables } from './unmanaged-tables.js';
import { requireRoles } from './roles.js';
import { compileFor } from './compiled.js';
import { checkRenameSources } from './rename-sources.js';
import { refuseTypeChanges } from './type-refusals.js';
import { destructiveSteps, type DestructiveStep } from '../apply/destructive.js';
import { rewriteSteps, type RewriteStep } from '../apply/rewrites.js';

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
  /** The steps that can lose data, each with what it would cost, counted on this database. */
  readonly destructive: readonly DestructiveStep[];
  /** The steps that rewrite a table holding rows, with its size on this database. */
  readonly rewrites: readonly RewriteStep[];
  /** Fingerprint of the inspected schema: a saved plan is valid only while it holds. */
  readonly fingerprint: string;
  /** How existing tables are changed online, when they are: derived plans use the same. */
  readonly online?: OnlineOptions;
  /** The normalised definitions this plan used, by key: an apply stores them in the database (./stored-normalized.ts). */
  readonly normalized: ReadonlyMap<string, unknown>;
  /** What was inspected, to inspect the same way again (apply of a saved plan, convergence). */
  readonly scope: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
  /**
   * With `deferNewTables`: the new tables and functions left as compiled (`schema.name` to their partial key).
   * `desired` holds them as declared until an apply settles them (./settle-deferred.ts).
   */
  readonly deferred?: Deferred;
}

export interface ProjectPlanOptions {
  /** Cache of normalised catalogs (`.pgdecl/cache`). */
  readonly cacheDir?: string;
  /** The repo whose resources to plan (default: `default`). */
  readonly repo?: string;
  /** Overrides the repo's `online:` setting (`--online`, `--offline`). */
  readonly online?: OnlineSetting;
  /** Called as each stage starts (for a progress line; planning 1,000 tables takes seconds). */
  readonly onStage?: (stage: PlanStage) => void;
  /** The files' cache (./project-cache.ts): compiled and normalised results of unchanged files; written at the end. */
  readonly cache?: ProjectCache;
  /** Where to record an empty plan with the catalog's stamp (./converged.ts), and the files' warnings to show again. */
  readonly converged?: ConvergedPlace & { readonly warnings: readonly Diagnostic[] };
  /**
   * For an apply that runs this plan at once: tables the database does not have are not
   * normalised in scratch schemas but created as compiled, and settled from what the server
   * made of them inside the apply's transaction (../apply/apply-plan.ts). The plan's SQL for
   * them is the compiled spelling. Not for a plan that is shown or saved; not done when the
   * project has custom statements.
   */
  readonly deferNewTables?: boolean;
  /**
   * The catalog's stamp, read before anything else this plan reads from the database (the
   * check whether the plan is known to be empty, ./converged.ts): not read again, unless the
   * catalog has another one once the plan is made, which is then made again. For a plan that
   * is shown or saved; an apply reads its own once it holds pgdecl's lock.
   */
  readonly stampBefore?: string;
  /** false: normalise without this process's memory of earlier results (a check that wants the server's answer). */
  readonly memory?: boolean;
  /**
   * The caller writes `cache` itself (`cache.saveTasks()`): an apply writes it while the server
   * runs its statements. Default: written once normalising is done.
   */
  readonly callerSavesCache?: boolean;
}

export type PlanStage =
  | { readonly stage: 'compile'; readonly resources: number }
  | { readonly stage: 'inspect'; readonly schemas: number }
  | { readonly stage: 'normalize'; readonly tables: number }
  | { readonly stage: 'diff' }
  | { readonly stage: 'order' };

export async function planProject(target: Target, project: Project, options: ProjectPlanOptions = {}): Promise<ProjectPlan> {
  const stage = options.onStage ?? (() => {});
  // The catalog's stamp before anything is read from the server and after the plan: equal, the
  // whole plan saw one state; an empty plan is recorded for it (./converged.ts) and the
  // inspection kept under it (./inspection-cache.ts).
  const stampBefore = options.converged ? (options.stampBefore ?? (await catalogStamp(target))) : undefined;
  stage({ stage: 'compile', resources: project.resources.length });
  const { serverVersion, catalog, origins, warnings } = await compileFor(target, project, options.repo, options.cache);
  const renames = renamesFromProject(project);
  const ordinary = ordinaryPart(catalog);
  const scope = {
    schemas: [...new Set([...ordinary.schemas.map((s) => s.name), ...renamedFromSchemas(renames)])].filter((s) => !s.startsWith('$')).sort(),
    extensions: ordinary.extensions.map((e) => e.name),
  };
  await requireRoles(target, origins);
  await requireUnmanagedTables(target, project, catalog, origins);
  stage({ stage: 'inspect', schemas: scope.schemas.length });
  // The database did not change since a plan kept its inspection: read, not queried again.
  const inspectionDir = stampBefore !== undefined ? options.converged?.cacheDir : undefined;
  const kept = stampBefore !== undefined ? await keptInspection(target, stampBefore, scope, inspectionDir) : undefined;
  const current = kept ?? (await inspect(target, scope));
  await checkRenameSources(target, project, current.catalog, options.repo);
  stage({ stage: 'normalize', tables: ordinary.tables.length });
  const normalized = new Map<string, unknown>();
  const deferred = { tables: new Map<string, string>(), functions: new Map<string, string>() };
  // Custom statements run inside the apply's transaction and may change a new table (an index,
  // a default): what the server holds then is not what the declaration makes, so nothing is
  // deferred in a project that has them.
  const defer = options.deferNewTables && ordinary.statements.length === 0 ? newObjects(ordinary, current.catalog, renames) : undefined;
  const whole = options.cache ? { key: `plan ${options.repo ?? 'default'}`, get: (k: string) => options.cache!.stage<Whole>(k), set: (k: string, v: Whole) => options.cache!.setStage(k, v) } : undefined;
  // The caches are written on libuv's threads while the plan is diffed and ordered.
  const writes: Promise<unknown>[] = [];
  try {
    const desired = await normalize(target, ordinary, { origins, used: normalized, writes, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}), ...(whole ? { whole } : {}), ...(defer ? { defer, deferred } : {}), ...(options.memory === false ? { memory: false } : {}) });
    if (!options.callerSavesCache && options.cache) writes.push(options.cache.saveAsync());
    stage({ stage: 'diff' });
    if (desired.statements.length || current.catalog.statements.length) await loadParser();
    const owned = ownedByStatements([...desired.statements, ...current.catalog.statements]);
    const setting = options.online ?? project.repos.find((r) => r.name === (options.repo ?? 'default'))?.online ?? 'never';
    const changes = diff(current.catalog, desired, { renames, owned, validateNotValid: setting !== 'never' });
    refuseTypeChanges(changes, origins);
    const online = await onlineTables(target, setting, changes);
    stage({ stage: 'order' });
    const plan = makePlan(changes, { serverVersion, ...(online ? { online } : {}) });
    const destructive = await destructiveSteps(target, plan.steps);
    const rewrites = await rewriteSteps(target, plan.steps);
    const stampAfter = stampBefore !== undefined ? await catalogStamp(target) : undefined;
    if (options.stampBefore !== undefined && stampAfter !== stampBefore) {
      // The stamp handed in was read before the files were loaded, and the catalog has changed
      // since: this plan may have read a state that is gone (an inspection kept under it) beside
      // one read now. Planned again from a stamp read now; what was computed is in memory.
      const { stampBefore: _stale, ...rest } = options;
      return await planProject(target, project, rest);
    }
    if (options.converged && stampBefore !== undefined && stampAfter === stampBefore) {
      if (!kept && inspectionDir !== undefined) keepInspection(inspectionDir, stampBefore, scope, current);
      if (plan.steps.length === 0) rememberConverged(options.converged, stampBefore, options.converged.warnings);
    }
    let printed: string | undefined;
    return { serverVersion, compiled: catalog, origins, warnings, desired, current, renames, owned, changes, plan, destructive, rewrites, get fingerprint() {
        // Hashed when asked for (a saved plan, apply): a plan that is only shown does not need it.
        return (printed ??= fingerprint(current.catalog));
      }, normalized, scope, ...(online ? { online } : {}), ...(deferred.tables.size || deferred.functions.size ? { deferred } : {}) };
  } finally {
    // Best effort, as every cache: a write that failed only makes the next plan slower.
    await Promise.allSettled(writes);
  }
}

/** After an apply: inspect again and diff against the same desired catalog. */
export async function remainingChanges(target: Target, p: Pick<ProjectPlan, 'desired' | 'scope' | 'renames' | 'owned'>): Promise<readonly Change[]> {
  const again = await inspect(target, p.scope);
  return diff(again.catalog, p.desired, { renames: p.renames, owned: p.owned });
}

/** Tables (`schema.name`) of `desired` that `current` does not have and no rename makes; functions whose name it does not have. */
function newObjects(desired: Catalog, current: Catalog, renames: Renames): { tables: Set<string>; functions: Set<string> } {
  const have = new Set([...current.tables.map((t) => `${t.schema}.${t.name}`), ...renames.tables.map((r) => `${r.to.schema}.${r.to.name}`)]);
  const haveFunctions = new Set(current.functions.map((f) => `${f.schema}.${f.name}`));
  return {
    tables: new Set(desired.tables.map((t) => `${t.schema}.${t.name}`).filter((k) => !have.has(k))),
    functions: new Set(desired.functions.map((f) => `${f.schema}.${f.name}`).filter((k) => !haveFunctions.has(k))),
  };
}
