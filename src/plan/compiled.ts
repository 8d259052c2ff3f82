/**
 * The files compiled for a server: once per major version. Every version the compiler, the
 * renderer and the planner test is a major one (150000, 170000, 180000), so what 18.0 compiles
 * is what 18.6 would; the embedded database, whose extensions must be known before it is
 * opened, is compiled once, not once to open it and again for the version it then reports.
 */
import type { Project } from '../model/resource.js';
import { PgdeclError } from '../model/diagnostic.js';
import type { Target } from '../targets/target.js';
import { withTenantProvisioning } from '../tenants/provision.js';
import type { ProjectCache } from './project-cache.js';
import { requireCitus } from './citus-available.js';

export type Compiled = Awaited<ReturnType<typeof compileUncached>>;

/** What this process compiled, by project and key: also where no files' cache is kept. */
const compiledHere = new WeakMap<Project, Map<string, Compiled>>();

const majorOf = (serverVersion: number): number => Math.floor(serverVersion / 10000);

/**
 * The files compiled for `serverVersion`; errors in the files stop here with their positions.
 * Kept in the files' cache (`cache`) and in this process under the major version.
 */
export async function compiledFor(serverVersion: number, project: Project, repo?: string, cache?: ProjectCache): Promise<Compiled> {
  const key = `compile ${majorOf(serverVersion)} ${repo ?? 'default'}`;
  let here = compiledHere.get(project);
  if (!here) compiledHere.set(project, (here = new Map()));
  let compiled = here.get(key) ?? cache?.stage<Compiled>(key);
  if (!compiled) {
    compiled = await compileUncached(serverVersion, project, repo);
    cache?.setStage(key, compiled);
  }
  here.set(key, compiled);
  return compiled.serverVersion === serverVersion ? compiled : { ...compiled, serverVersion };
}

/** Compiles for the target's version (see compiledFor) and checks it offers what the catalog needs. */
export async function compileFor(target: Target, project: Project, repo?: string, cache?: ProjectCache): Promise<Compiled> {
  const compiled = await compiledFor(await target.serverVersionNum(), project, repo, cache);
  // What the server offers is never cached.
  await requireCitus(target, compiled.catalog, compiled.origins);
  return compiled;
}

/**
 * The extensions the embedded database (PostgreSQL `version`) must load to hold the files'
 * catalog; none when the files do not compile (the plan then stops on their errors, with the
 * same compile).
 */
export async function embeddedExtensions(version: number, project: Project, repo?: string, cache?: ProjectCache): Promise<string[]> {
  try {
    return (await compiledFor(version, project, repo, cache)).catalog.extensions.map((e) => e.name);
  } catch (e) {
    if (e instanceof PgdeclError) return [];
    throw e;
  }
}

async function compileUncached(serverVersion: number, project: Project, repo?: string) {
  // Imported here: a plan of unchanged files (./project-cache.ts) never loads the compiler.
  const { compileProject } = await import('../compile/index.js');
  const result = await compileProject(project, { pgVersion: serverVersion, ...(repo ? { repo } : {}) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new PgdeclError(errors);
  const provisioned = withTenantProvisioning(result.catalog, result.origins, project, serverVersion, repo);
  return { serverVersion, ...result, ...provisioned, warnings: result.diagnostics.filter((d) => d.severity !== 'error') };
}
