/**
 * The public entry points: files or folders (or a text in memory) → a validated `Project`,
 * or every problem found, positioned and sorted by file, line and column.
 *
 *   load (read, parse, interpolate) → JSON Schema → merge → build the model → semantic checks
 *   → the caller's checks (the compiler's: SQL fragments, types, names; see compile/checks-without-database)
 *
 * A file that cannot be parsed is reported and left out; the checks across resources then
 * do not run (they would report resources of that file as missing).
 */
import { discoverFiles } from '../load/discover.js';
import type { Env } from '../load/interpolate.js';
import type { ChunkMemo } from '../load/chunk-memo.js';
import { mergeDocuments } from '../load/merge.js';
import { loadFile, loadMemoryText, totalTooLarge, type LoadedDocument } from '../load/read-files.js';
import { LoadedSources } from '../load/source-index.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/resource.js';
import type { SourceIndex } from '../model/source.js';
import { diagnosticPosition } from '../render/diagnostics.js';
import { buildProject } from './build/build-project.js';
import { checkProject, echoesSchemaProblem } from './checks/index.js';
import { validateDocument } from './schema/validate-document.js';

export interface LoadResult {
  /** Undefined iff any diagnostic has severity 'error'. */
  readonly project?: Project;
  /** For every file read. */
  readonly sources: SourceIndex;
  /** All problems found, errors and warnings, in file/line order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The files read, relative to cwd for display. */
  readonly files: readonly string[];
}

/**
 * More checks on the built project (the compiler's, which sit above this layer). `clean`:
 * nothing else found an error, so the project is complete; otherwise it may have holes, and
 * what these checks report inside a node with a schema error is dropped as an echo.
 */
export type ProjectCheck = (project: Project, clean: boolean) => Promise<readonly Diagnostic[]>;

export interface LoadOptions {
  readonly env?: Env;
  readonly cwd?: string;
  readonly check?: ProjectCheck;
  /** Pieces of files parsed before (../load/chunks.ts): a file laid out in pieces parses only the new ones. */
  readonly chunks?: ChunkMemo;
}

export async function loadProject(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const sources = new LoadedSources();
  const { files, diagnostics } = await discoverFiles(paths, cwd);
  const documents: LoadedDocument[] = [];
  const total = totalTooLarge(files);
  if (total) {
    for (const f of files) sources.addFile(f.display, {});
    return finish(documents, [...diagnostics, total], sources);
  }
  for (const f of files) {
    const r = await loadFile(f, env, sources, options.chunks);
    documents.push(r.document);
    diagnostics.push(...r.diagnostics);
  }
  return finish(documents, diagnostics, sources, options.check);
}

/** Validates a YAML/JSON text given in memory as if it were the file `name`. */
export async function loadProjectFromText(name: string, text: string, options: LoadOptions = {}): Promise<LoadResult> {
  const sources = new LoadedSources();
  const r = loadMemoryText(name, text, options.env ?? process.env, sources);
  return finish([r.document], [...r.diagnostics], sources, options.check);
}

/** Like `loadProject`, but throws a PgdeclError carrying every diagnostic when there is an error. */
export async function loadProjectOrThrow(paths: readonly string[], options: LoadOptions = {}): Promise<{ project: Project; sources: SourceIndex; warnings: readonly Diagnostic[] }> {
  const r = await loadProject(paths, options);
  if (!r.project) throw new PgdeclError(r.diagnostics, r.sources);
  return { project: r.project, sources: r.sources, warnings: r.diagnostics };
}

async function finish(documents: readonly LoadedDocument[], found: Diagnostic[], sources: LoadedSources, check?: ProjectCheck): Promise<LoadResult> {
  const diagnostics = [...found];
  const loadedAll = documents.every((d) => d.value !== undefined) && !found.some((d) => d.severity === 'error' && !d.pos && d.src?.pointer === '');
  const schemaProblems: Diagnostic[] = [];
  for (const doc of documents) if (doc.value) schemaProblems.push(...validateDocument(doc.file, doc.value, sources));
  diagnostics.push(...schemaProblems);
  const merged = mergeDocuments(documents, sources);
  diagnostics.push(...merged.diagnostics);
  const project = buildProject(merged.project);
  if (loadedAll) diagnostics.push(...checkProject(project, merged.project, sources, schemaProblems));
  if (loadedAll && check) {
    const echoes = echoesSchemaProblem(schemaProblems);
    const clean = !diagnostics.some((d) => d.severity === 'error');
    diagnostics.push(...(await check(project, clean)).filter((d) => !echoes(d)));
  }
  const positioned = diagnostics.map((d) => {
    if (d.pos || !d.src) return d;
    const pos = diagnosticPosition(d, sources);
    return pos ? { ...d, pos } : d;
  });
  const sorted = sortDiagnostics(dedupe(positioned));
  const failed = sorted.some((d) => d.severity === 'error');
  return { ...(failed ? {} : { project }), sources, diagnostics: sorted, files: documents.map((d) => d.file) };
}

/** The same problem reported twice at one place is shown once. */
function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}|${d.pos?.file}|${d.pos?.line}|${d.pos?.column}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const file = (d: Diagnostic) => d.pos?.file ?? d.src?.file ?? '';
  return [...ds].sort((a, b) => {
    const fa = file(a);
    const fb = file(b);
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.pos?.line ?? 0;
    const lb = b.pos?.line ?? 0;
    if (la !== lb) return la - lb;
    return (a.pos?.column ?? 0) - (b.pos?.column ?? 0);
  });
}
