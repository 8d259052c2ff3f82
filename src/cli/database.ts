/**
 * What the commands that talk to a database share: read the files, pick the target
 * (--db, DATABASE_URL, the repo's url, or the embedded database), open it with the
 * extensions the files need, and say which database it is, never with its password.
 */
import { resolve } from 'node:path';
import type { ParsedArgs, CommandContext } from './command.js';
import { str } from './command.js';
import { inputPaths } from './inputs.js';
import { loadProjectCached, type ProjectCache } from '../plan/project-cache.js';
import { resolveTarget, openTarget, type TargetSpec } from '../targets/resolve.js';
import type { Target } from '../targets/target.js';
import type { Project } from '../model/resource.js';
import type { SourceIndex } from '../model/source.js';
import { printDiagnostics } from './diagnostics.js';

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

export async function openProjectDatabase(args: ParsedArgs, ctx: CommandContext): Promise<OpenedProject> {
  const paths = inputPaths(args.positionals, ctx.io.cwd);
  const cacheDir = resolve(ctx.io.cwd, '.pgdecl', 'cache');
  const { project, sources, warnings, cache } = await loadProjectCached(paths, { env: ctx.io.env, cwd: ctx.io.cwd, check: async (p, clean) => (await import('../compile/offline-checks.js')).offlineChecks({ full: false })(p, clean), cacheDir });
  if (warnings.length) printDiagnostics(warnings, sources, ctx);
  const repo = str(args, 'repo') ?? 'default';
  const repoDef = project.repos.find((r) => r.name === repo);
  const spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, repoUrl: repoDef?.url, repo, cwd: ctx.io.cwd });
  let extensions: string[] = [];
  if (spec.kind === 'pglite') {
    const key = `extensions ${repo}`;
    extensions = cache?.stage<string[]>(key) ?? (await (await import('../compile/index.js')).compileProject(project, { pgVersion: EMBEDDED_VERSION, repo })).catalog.extensions.map((e) => e.name);
    cache?.setStage(key, extensions);
  }
  const target = await openTarget(spec, extensions);
  return { project, sources, files: paths.map((p) => p.replace(ctx.io.cwd + '/', '')), spec, target, repo, cacheDir, ...(cache ? { cache } : {}) };
}

/** `PostgreSQL 18.6` from `server_version_num` 180006. */
export function versionText(n: number): string {
  return `PostgreSQL ${Math.floor(n / 10000)}.${n % 10000}`;
}
