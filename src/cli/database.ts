/**
 * What the commands that talk to a database share: read the files, pick the target
 * (--db, DATABASE_URL, the repo's url, or the embedded database), open it with the
 * extensions the files need, and say which database it is, never with its password.
 */
import { resolve } from 'node:path';
import type { ParsedArgs, CommandContext } from './command.js';
import { str } from './command.js';
import { inputPaths } from './inputs.js';
import { offlineChecks } from '../compile/offline-checks.js';
import { loadProjectOrThrow } from '../validate/project.js';
import { compileProject } from '../compile/index.js';
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
}

/** The PostgreSQL version PGlite embeds: its extensions are known before it is opened. */
const EMBEDDED_VERSION = 180000;

export async function openProjectDatabase(args: ParsedArgs, ctx: CommandContext): Promise<OpenedProject> {
  const paths = inputPaths(args.positionals, ctx.io.cwd);
  const { project, sources, warnings } = filesLoadedFor(args, true) ?? (await loadProjectOrThrow(paths, { env: ctx.io.env, cwd: ctx.io.cwd, check: offlineChecks({ full: false }) }));
  if (warnings.length) printDiagnostics(warnings, sources, ctx);
  const repo = str(args, 'repo') ?? 'default';
  const repoDef = project.repos.find((r) => r.name === repo);
  const spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, repoUrl: repoDef?.url, repo, cwd: ctx.io.cwd });
  let extensions: string[] = [];
  if (spec.kind === 'pglite') {
    const compiled = await compileProject(project, { pgVersion: EMBEDDED_VERSION, repo });
    extensions = compiled.catalog.extensions.map((e) => e.name);
  }
  const target = await openTarget(spec, extensions);
  return { project, sources, files: paths.map((p) => p.replace(ctx.io.cwd + '/', '')), spec, target, repo, cacheDir: resolve(ctx.io.cwd, '.pgdecl', 'cache') };
}

/** `PostgreSQL 18.6` from `server_version_num` 180006. */
export function versionText(n: number): string {
  return `PostgreSQL ${Math.floor(n / 10000)}.${n % 10000}`;
}
