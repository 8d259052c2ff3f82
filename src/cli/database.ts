/**
 * What the commands that talk to a database share: read the files, pick the target
 * (--db, DATABASE_URL, the repo's url, or the embedded database), open it with the
 * extensions the files need, and say which database it is, never with its password.
 */
import { resolve } from 'node:path';
import type { ParsedArgs, CommandContext } from './command.js';
import { str } from './command.js';
import { inputPaths } from './inputs.js';
import { loadProjectCached, planningChecks, type ProjectCache } from '../plan/project-cache.js';
import { readStoredProject } from '../plan/stored-project.js';
import { resolveTarget, openTarget, type TargetSpec } from '../targets/resolve.js';
import type { Target } from '../targets/target.js';
import type { Project } from '../model/resource.js';
import type { SourceIndex } from '../model/source.js';
import { printDiagnostics } from './diagnostics.js';
import { filesLoadedFor } from './fleet-load.js';

export interface OpenedProject {
  readonly project: Project;
  readonly sources: SourceIndex;
  readonly files: readonly string[];
  readonly spec: TargetSpec;
  readonly target: Target;
  readonly repo: string;
  /** `.pgdecl/cache` in the working directory. */
  readonly cacheDir: string;
  /** What earlier runs made of these very files (../plan/project-cache.ts). */
  readonly cache?: ProjectCache;
}

/** The PostgreSQL version PGlite embeds: its extensions are known before it is opened. */
const EMBEDDED_VERSION = 180000;

/**
 * A PostgreSQL target named without the files (--db, DATABASE_URL) is connected to while the
 * files are read: a fresh clone of files an apply stored (../plan/stored-project.ts) is then
 * planned without parsing them. A connection that fails is reported after the files' errors.
 */
function earlyTarget(args: ParsedArgs, ctx: CommandContext, repo: string): { spec: TargetSpec; opening: Promise<Target | Error> } | undefined {
  if (str(args, 'db') === undefined && !ctx.io.env.DATABASE_URL?.trim()) return undefined;
  let spec: TargetSpec;
  try {
    spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, repo, cwd: ctx.io.cwd });
  } catch {
    return undefined;
  }
  if (spec.kind !== 'postgres') return undefined;
  return { spec, opening: openTarget(spec).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))) };
}

export async function openProjectDatabase(args: ParsedArgs, ctx: CommandContext): Promise<OpenedProject> {
  const paths = inputPaths(args.positionals, ctx.io.cwd);
  const cacheDir = resolve(ctx.io.cwd, '.pgdecl', 'cache');
  const repo = str(args, 'repo') ?? 'default';
  const early = earlyTarget(args, ctx, repo);
  const stored = async (key: string) => {
    const t = await early?.opening;
    return t && !(t instanceof Error) ? readStoredProject(t, key) : undefined;
  };
  // The files may have been read already, to see whether they name a fleet (./fleet-load.ts).
  let loaded = filesLoadedFor(args, true);
  try {
    loaded ??= await loadProjectCached(paths, {
      env: ctx.io.env,
      cwd: ctx.io.cwd,
      check: planningChecks,
      cacheDir,
      ...(early ? { stored } : {}),
    });
  } catch (e) {
    const t = await early?.opening;
    if (t && !(t instanceof Error)) await t.close();
    throw e;
  }
  const { project, sources, warnings, cache } = loaded;
  if (warnings.length) printDiagnostics(warnings, sources, ctx);
  let target: Target;
  let spec: TargetSpec;
  if (early) {
    const t = await early.opening;
    if (t instanceof Error) throw t;
    target = t;
    spec = early.spec;
  } else {
    const repoDef = project.repos.find((r) => r.name === repo);
    spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, repoUrl: repoDef?.url, repo, cwd: ctx.io.cwd });
    let extensions: string[] = [];
    if (spec.kind === 'pglite') {
      const key = `extensions ${repo}`;
      extensions = cache?.stage<string[]>(key) ?? (await (await import('../compile/index.js')).compileProject(project, { pgVersion: EMBEDDED_VERSION, repo })).catalog.extensions.map((e) => e.name);
      cache?.setStage(key, extensions);
    }
    target = await openTarget(spec, extensions);
  }
  return { project, sources, files: paths.map((p) => p.replace(ctx.io.cwd + '/', '')), spec, target, repo, cacheDir, ...(cache ? { cache } : {}) };
}

/** `PostgreSQL 18.6` from `server_version_num` 180006. */
export function versionText(n: number): string {
  return `PostgreSQL ${Math.floor(n / 10000)}.${n % 10000}`;
}
