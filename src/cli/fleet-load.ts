/**
 * Whether a command works on a fleet, and on which databases: several --db, or the repo's
 * `fleet:` when neither --db nor DATABASE_URL is given; narrowed by --only / --except.
 * Undefined: one database, as the command always did.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { all, list, str, type CommandContext, type ParsedArgs } from './command.js';
import { DEFAULT_INPUTS, inputPaths } from './inputs.js';
import { UsageError } from './usage-error.js';
import { printDiagnostics } from './diagnostics.js';
import { loadProjectCached, planningChecks, type CachedLoad } from '../plan/project-cache.js';
import { pickTargets, resolveFleet, type FleetTarget } from '../fanout/fleet-targets.js';
import type { Project } from '../model/resource.js';
import type { SourceIndex } from '../model/source.js';

export interface LoadedFleet {
  readonly targets: readonly FleetTarget[];
  readonly source: string;
  readonly project?: Project;
  readonly sources?: SourceIndex;
  readonly repo: string;
  readonly cacheDir: string;
  readonly concurrency: number;
}

type Loaded = CachedLoad;
/** The files as loadFleet read them, so a command that turns out to work on one database does not read them again. */
const loadedFiles = new WeakMap<ParsedArgs, { readonly loaded: Loaded; readonly checked: boolean }>();
/** The files loadFleet read for these arguments; `checked`: only if it ran the offline checks (plan, apply). */
export function filesLoadedFor(args: ParsedArgs, checked: boolean): Loaded | undefined {
  const f = loadedFiles.get(args);
  return f && (f.checked || !checked) ? f.loaded : undefined;
}

/** --concurrency: connections at once over the whole fleet (default 4). */
export function concurrencyOf(args: ParsedArgs): number {
  const raw = str(args, 'concurrency');
  const n = raw === undefined ? 4 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--concurrency takes a whole number from 1 to 64');
  return n;
}

/**
 * `files`: 'required' for plan and apply (they compare with the files); 'optional' for the
 * migration commands (read when present: the fleet may be listed there, and tenants are).
 */
export async function loadFleet(args: ParsedArgs, ctx: CommandContext, files: 'required' | 'optional'): Promise<LoadedFleet | undefined> {
  const dbs = all(args, 'db').filter((d) => d.trim() !== '');
  const repo = str(args, 'repo') ?? 'default';
  const only = list(args, 'only');
  const except = list(args, 'except');
  const present = args.positionals.length > 0 || DEFAULT_INPUTS.some((f) => existsSync(resolve(ctx.io.cwd, f)));
  // One --db, or DATABASE_URL (one database, as always: a .env for development never sends a
  // command to the whole fleet), or no files that could hold a fleet: not a fleet.
  const envUrl = (ctx.io.env.DATABASE_URL ?? '').trim() !== '';
  if (dbs.length === 1 || (dbs.length === 0 && (envUrl || !present))) {
    if (only.length || except.length) throw new UsageError('--only and --except pick databases of a fleet: give --db several times, or a `fleet:` in the repo');
    return undefined;
  }
  let project: Project | undefined;
  let sources: SourceIndex | undefined;
  let warnings: Loaded['warnings'] = [];
  if (files === 'required' || present) {
    const loaded = await loadProjectCached(inputPaths(args.positionals, ctx.io.cwd), {
      env: ctx.io.env,
      cwd: ctx.io.cwd,
      // plan and apply: checked as they always are, through the files' cache.
      ...(files === 'required' ? { check: planningChecks, cacheDir: resolve(ctx.io.cwd, '.pgdecl', 'cache') } : {}),
    });
    ({ project, sources, warnings } = loaded);
    loadedFiles.set(args, { loaded, checked: files === 'required' });
  }
  const fleet = await resolveFleet({ dbs, repo, cwd: ctx.io.cwd, ...(project ? { project } : {}) });
  if (!fleet) {
    if (only.length || except.length) throw new UsageError('--only and --except pick databases of a fleet: give --db several times, or a `fleet:` in the repo');
    return undefined;
  }
  if (warnings.length) printDiagnostics(warnings, sources, ctx);
  return {
    targets: pickTargets(fleet, only, except),
    source: fleet.source,
    repo,
    cacheDir: resolve(ctx.io.cwd, '.pgdecl', 'cache'),
    concurrency: concurrencyOf(args),
    ...(project ? { project } : {}),
    ...(sources ? { sources } : {}),
  };
}
