/**
 * The compiler's checks that need no database, run by the loader (`validate`, and every command
 * that compiles) so that one run reports every error:
 *
 *   a clean project        the whole compile of each repo (SQL fragments, types, defaults,
 *                          names, identifiers, ...), without a PostgreSQL version
 *   errors found already   the SQL fragments only (PostgreSQL's own parser): they stand on
 *                          their own, while the rest of the compile needs a complete project
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/resource.js';
import { initSqlParser } from '../sql/parse.js';
import { loadProject, type LoadOptions, type LoadResult, type ProjectCheck } from '../validate/project.js';
import { compile } from './compile.js';
import { createContext } from './context.js';
import { checkFunctionSql, checkResourceSql } from './sql-check.js';

function sqlFragments(project: Project): Diagnostic[] {
  const ctx = createContext(project, {});
  for (const r of project.resources) if (r.migrate) checkResourceSql(ctx, r);
  for (const f of project.functions) checkFunctionSql(ctx, f);
  return ctx.diagnostics;
}

function everyRepo(project: Project): Diagnostic[] {
  const repos = new Set([...project.repos.map((r) => r.name), ...project.resources.map((r) => r.repo)]);
  if (repos.size === 0) repos.add('default');
  return [...repos].flatMap((repo) => compile(project, { repo }).diagnostics);
}

/** `full: false` when the caller compiles a clean project itself (plan, sql, ...): only the SQL of a project with errors. */
export function offlineChecks(options: { readonly full: boolean }): ProjectCheck {
  return async (project, clean) => {
    if (clean && !options.full) return [];
    await initSqlParser();
    return clean ? everyRepo(project) : sqlFragments(project);
  };
}

/** `pgdecl validate`: the files read, every check that needs no database run, every problem found. */
export function validateFiles(paths: readonly string[], options: Omit<LoadOptions, 'check'> = {}): Promise<LoadResult> {
  return loadProject(paths, { ...options, check: offlineChecks({ full: true }) });
}
