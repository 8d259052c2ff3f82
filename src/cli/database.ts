/**
 * What the commands that talk to a database share: read the files, pick the target
 * (--db, DATABASE_URL, the repo's url, or the embedded database), open it with the
 * extensions the files need, and say which database it is, never with its password.
 */
import { resolve } from 'node:path';
import type { ParsedArgs, CommandContext } from './command.js';
import { str } from './command.js';
import { inputPaths } from './inputs.js';
import { lazySources, loadProjectCached, planningChecks, readProjectFiles, type ProjectCache } from '../plan/project-cache.js';
import { knownConverged, planVariant, type ConvergedPlace } from '../plan/converged.js';
import { knownEmbeddedConverged, rememberEmbeddedConverged } from '../plan/embedded-converged.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { onlineFlag } from './online-flag.js';
import { readStoredChunks, readStoredProject } from '../plan/stored-project.js';
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
  /** The files' warnings (already shown). */
  readonly warnings: readonly Diagnostic[];
  /** The catalog's stamp read to find the plan not known to be empty, before anything else was read from the database. */
  readonly stamp?: string;
}

/** The PostgreSQL version PGlite embeds: its extensions are known before it is opened. */
const EMBEDDED_VERSION = 180000;

/** The database --db or DATABASE_URL names, known before the files are read (undefined: the files name it). */
function namedTarget(args: ParsedArgs, ctx: CommandContext, repo: string): TargetSpec | undefined {
  if (str(args, 'db') === undefined && !ctx.io.env.DATABASE_URL?.trim()) return undefined;
  try {
    return resolveTarget({ db: str(args, 'db'), env: ctx.io.env, repo, cwd: ctx.io.cwd });
  } catch {
    return undefined;
  }
}

/** The embedded database's data directory (none in memory, none for PostgreSQL). */
export function dataDirOf(spec: TargetSpec): string | undefined {
  return spec.kind === 'pglite' && spec.location !== 'memory' ? spec.location : undefined;
}

interface Early {
  readonly spec: TargetSpec;
  readonly opening: Promise<Target | Error>;
}

/**
 * A PostgreSQL target named without the files (--db, DATABASE_URL) is connected to while the
 * files are read: a fresh clone of files an apply stored (../plan/stored-project.ts) is then
 * planned without parsing them. A connection that fails is reported after the files' errors.
 */
function earlyTarget(spec: TargetSpec | undefined): Early | undefined {
  if (spec?.kind !== 'postgres') return undefined;
  return { spec, opening: openTarget(spec).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))) };
}

export async function openProjectDatabase(args: ParsedArgs, ctx: CommandContext, opened?: Early): Promise<OpenedProject> {
  const r = await loadAndOpen(args, ctx, opened, undefined);
  // Without a variant, nothing is looked up: always opened.
  if ('kind' in r) throw new Error('a database was not opened');
  return r;
}

/** Known to plan empty (the target is closed again, or, embedded, was not even opened). */
interface KnownConverged {
  readonly kind: 'converged';
  readonly spec: TargetSpec;
  readonly files: readonly string[];
  readonly serverVersion: number;
}

async function loadAndOpen(args: ParsedArgs, ctx: CommandContext, opened: Early | undefined, variant: string | undefined): Promise<OpenedProject | KnownConverged> {
  const paths = inputPaths(args.positionals, ctx.io.cwd);
  const cacheDir = resolve(ctx.io.cwd, '.pgdecl', 'cache');
  const repo = str(args, 'repo') ?? 'default';
  const files = paths.map((p) => p.replace(ctx.io.cwd + '/', ''));
  const early = opened ?? earlyTarget(namedTarget(args, ctx, repo));
  // What an apply stored in the database, read once the early connection is open (none if it failed).
  const fromDatabase = async <T>(read: (t: Target) => Promise<T>): Promise<T | undefined> => {
    const t = await early?.opening;
    return t && !(t instanceof Error) ? read(t) : undefined;
  };
  const stored = (key: string) => fromDatabase((t) => readStoredProject(t, key));
  const storedChunks = () => fromDatabase(readStoredChunks);
  // The files may have been read already, to see whether they name a fleet (./fleet-load.ts).
  let loaded = filesLoadedFor(args, true);
  try {
    loaded ??= await loadProjectCached(paths, {
      env: ctx.io.env,
      cwd: ctx.io.cwd,
      check: planningChecks,
      cacheDir,
      ...(early ? { stored, storedChunks } : {}),
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
      extensions = cache?.stage<string[]>(key) ?? (await (await import('../plan/compiled.js')).embeddedExtensions(EMBEDDED_VERSION, project, repo, cache));
      cache?.setStage(key, extensions);
      // A data directory unchanged since these files last planned empty against it: not opened.
      const dir = dataDirOf(spec);
      const known = variant !== undefined && cache && dir !== undefined ? knownEmbeddedConverged({ key: cache.files.key, cacheDir, variant }, dir) : undefined;
      if (known) {
        cache!.save();
        return { kind: 'converged', spec, files, serverVersion: known.serverVersion };
      }
    }
    target = await openTarget(spec, extensions);
  }
  return { project, sources, files, spec, target, repo, cacheDir, warnings, ...(cache ? { cache } : {}) };
}

/** Where `plan` and `apply` record that these files plan empty (../plan/converged.ts). */
export function convergedPlace(db: OpenedProject, args: ParsedArgs): (ConvergedPlace & { warnings: readonly Diagnostic[] }) | undefined {
  if (!db.cache) return undefined;
  return { key: db.cache.files.key, cacheDir: db.cacheDir, variant: planVariant(db.repo, onlineFlag(args).online), warnings: db.warnings };
}

/** The database `plan` or `apply` compares with, or, when the files are known to plan empty against it, only that. */
export type PlanOpening = { readonly kind: 'opened'; readonly db: OpenedProject } | KnownConverged;

/**
 * For `plan` and `apply`: when the database's catalog stamp matches a record of these files
 * planning empty (../plan/converged.ts), nothing is loaded, compiled or inspected. With --db or
 * DATABASE_URL the files are only read and hashed; otherwise they are loaded (through their
 * cache) to find the database, then the stamp is compared; the embedded database is compared
 * by its data directory's files, without opening it.
 */
export async function openOrKnownConverged(args: ParsedArgs, ctx: CommandContext): Promise<PlanOpening> {
  const paths = inputPaths(args.positionals, ctx.io.cwd);
  const cacheDir = resolve(ctx.io.cwd, '.pgdecl', 'cache');
  const repo = str(args, 'repo') ?? 'default';
  const variant = planVariant(repo, onlineFlag(args).online);
  const display = paths.map((p) => p.replace(ctx.io.cwd + '/', ''));
  // Named without the files (--db, DATABASE_URL): the files are only read and hashed first.
  const named = filesLoadedFor(args, true) ? undefined : namedTarget(args, ctx, repo);
  const early = earlyTarget(named);
  const namedDir = named && dataDirOf(named);
  const files = early || namedDir !== undefined ? await readProjectFiles(paths, ctx.io.cwd, ctx.io.env).catch(() => undefined) : undefined;
  const answer = async (spec: TargetSpec, serverVersion: number, warnings: readonly Diagnostic[]): Promise<KnownConverged> => {
    if (files && warnings.length) printDiagnostics(warnings, await lazySources(files, ctx.io.env), ctx);
    return { kind: 'converged', spec, files: display, serverVersion };
  };
  // Known empty on an open target (the stamp): the target is closed; the embedded database's
  // directory is recorded, so that next time its files tell without opening it.
  let stamp: string | undefined;
  const knownOn = async (t: Target, spec: TargetSpec, key: string): Promise<{ serverVersion: number; warnings: readonly Diagnostic[] } | undefined> => {
    const place = { key, cacheDir, variant };
    const known = await knownConverged(t, place, (s) => (stamp = s)).catch(() => undefined);
    if (!known) return undefined;
    const serverVersion = await t.serverVersionNum();
    await t.close();
    const dir = dataDirOf(spec);
    if (dir !== undefined) rememberEmbeddedConverged(place, dir, serverVersion, known.warnings);
    return { serverVersion, warnings: known.warnings };
  };
  if (files && namedDir !== undefined) {
    const known = knownEmbeddedConverged({ key: files.key, cacheDir, variant }, namedDir);
    if (known) return answer(named!, known.serverVersion, known.warnings);
  }
  if (files && early) {
    const t = await early.opening;
    const known = t instanceof Error ? undefined : await knownOn(t, early.spec, files.key);
    if (known) return answer(early.spec, known.serverVersion, known.warnings);
  }
  const opened = await loadAndOpen(args, ctx, early, variant);
  if ('kind' in opened) return opened;
  if (!early && opened.cache) {
    // The files' warnings were shown when they were loaded.
    const known = await knownOn(opened.target, opened.spec, opened.cache.files.key);
    // What was made of the files is kept, so that the next run does not parse them to find the database.
    opened.cache.save();
    if (known) return { kind: 'converged', spec: opened.spec, files: opened.files, serverVersion: known.serverVersion };
  }
  return { kind: 'opened', db: stamp !== undefined ? { ...opened, stamp } : opened };
}

/** The line `plan` and `migrate` start with: `Target: <url without password> (PostgreSQL 18.6), from --db`. */
export function targetLine(spec: TargetSpec, serverVersion: number): string {
  return `Target: ${spec.label} (${versionText(serverVersion)}), from ${spec.source}`;
}

/** `PostgreSQL 18.6` from `server_version_num` 180006. */
export function versionText(n: number): string {
  return `PostgreSQL ${Math.floor(n / 10000)}.${n % 10000}`;
}
