/**
 * What every compile step shares: the project, the options, lookups by name, and the two
 * outputs that accumulate (diagnostics and origins). Steps are plain functions over it.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { FunctionDef, Project, Resource } from '../model/resource.js';
import type { Src } from '../model/source.js';
import type { ObjectKey } from '../ir/keys.js';

export interface CompileOptions {
  /**
   * `server_version_num` of the target (e.g. 150000, 180000), or a major version (15, 18).
   * Undefined: SQL that runs on PostgreSQL 14 and later wherever the features used allow.
   */
  readonly pgVersion?: number;
  /** The repo whose resources to compile; default `default` (or the only repo). */
  readonly repo?: string;
}

export interface CompileContext {
  readonly project: Project;
  /** `server_version_num`, normalised (15 → 150000). */
  readonly pgVersion?: number;
  readonly repo: string;
  /** Every resource of the project by name (also those of other repos, for lookups). */
  readonly resources: ReadonlyMap<string, Resource>;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  readonly diagnostics: Diagnostic[];
  /** Where each object came from (a Map while compiling: tens of thousands of keys; a record in the result). */
  readonly origins: Map<ObjectKey, Src>;
  /** Function names called by SQL fragments, for implied extensions (name → where). */
  readonly calledFunctions: Map<string, Src>;
}

/** 15 → 150000; 150018 stays. */
export function normalisePgVersion(v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  return v < 1000 ? v * 10000 : v;
}

export function createContext(project: Project, options: CompileOptions): CompileContext {
  const repo = options.repo ?? (project.repos.some((r) => r.name === 'default') || project.repos.length === 0 ? 'default' : project.repos[0]!.name);
  return {
    project,
    pgVersion: normalisePgVersion(options.pgVersion),
    repo,
    resources: new Map(project.resources.map((r) => [r.name, r])),
    functions: new Map(project.functions.map((f) => [f.key, f])),
    diagnostics: [],
    origins: new Map(),
    calledFunctions: new Map(),
  };
}

/** Records where an IR object came from (the first record wins). */
export function origin(ctx: CompileContext, key: ObjectKey, src: Src): void {
  if (!ctx.origins.has(key)) ctx.origins.set(key, src);
}

export function report(ctx: CompileContext, d: Diagnostic): void {
  ctx.diagnostics.push(d);
}

export function compileError(
  ctx: CompileContext,
  code: string,
  message: string,
  src: Src | undefined,
  extra: { suggestion?: string; fragmentOffset?: number } = {},
): void {
  report(ctx, { code, severity: 'error', message, ...(src ? { src } : {}), ...extra });
}

/** True when the target is known to be older than `major` (e.g. 15). */
export function olderThan(ctx: CompileContext, major: number): boolean {
  return ctx.pgVersion !== undefined && ctx.pgVersion < major * 10000;
}

/** True when the target is known to be at least `major`. */
export function atLeast(ctx: CompileContext, major: number): boolean {
  return ctx.pgVersion !== undefined && ctx.pgVersion >= major * 10000;
}

/** Resources compiled into this catalog: the repo's. */
export function repoResources(ctx: CompileContext): Resource[] {
  return ctx.project.resources.filter((r) => r.repo === ctx.repo);
}

/** Removes repeated diagnostics (a resource compiled twice, as a tenant table and its global copy). */
export function uniqueDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}\0${d.message}\0${d.src?.file ?? ''}\0${d.src?.pointer ?? ''}\0${d.fragmentOffset ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
