/**
 * The files' cache: what loading, validating, compiling and normalising made of exactly these
 * files, kept in `.pgdecl/cache/project-<key>.json`. The key covers pgdecl's own code, every
 * file's path and bytes, and the values of the environment variables the files name, so any
 * edit, another pgdecl or a changed variable is another key. A second plan in the same folder
 * then reads one JSON file instead of parsing YAML, validating, compiling and hashing every
 * table; what it reads from the database (inspection) is never cached.
 *
 * Nothing secret is written: files whose repos' urls hold a password (written in the file or
 * from the environment) are not cached, and the key is a hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/resource.js';
import type { SourceIndex, Src, Pos } from '../model/source.js';
import type { Env } from '../load/interpolate.js';
import { discoverFiles } from '../load/discover.js';
import { totalTooLarge, loadText } from '../load/read-files.js';
import { MAX_FILE_BYTES } from '../load/limits.js';
import { decodeText } from '../load/text.js';
import { LoadedSources } from '../load/source-index.js';
import { redactUrl } from '../targets/redact.js';
import { loadProjectOrThrow, type LoadOptions } from '../validate/project.js';

/** Entries kept: the current files and a few others (another branch, an undone edit). */
const KEEP = 4;
const FORMAT = 1;

interface Entry {
  readonly format: number;
  readonly project: Project;
  readonly warnings: readonly Diagnostic[];
  /** By server version, repo and extensions: results of later stages. */
  readonly stages: Record<string, unknown>;
}

/** pgdecl's own code: its version and when its modules were last written (a rebuild, an edit). */
function codeStamp(): string {
  const here = fileURLToPath(import.meta.url);
  const root = dirname(dirname(here));
  let newest = statSync(here).mtimeMs;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js') || e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(root);
  const pkg = JSON.parse(readFileSync(join(dirname(root), 'package.json'), 'utf8')) as { version: string };
  return `${pkg.version} ${newest}`;
}

let stamp: string | undefined;

/** The environment variables a text names (`${NAME}`, `${NAME:-default}`), sorted. */
function namedVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].sort();
}

export interface ReadFiles {
  readonly key: string;
  readonly texts: readonly { readonly display: string; readonly text: string }[];
}

/**
 * Reads the files and computes their key; undefined when any file has a problem the loader
 * reports (missing, too large, not text): the full load then says what it is.
 */
export async function readProjectFiles(paths: readonly string[], cwd: string, env: Env): Promise<ReadFiles | undefined> {
  const { files, diagnostics } = await discoverFiles(paths, cwd);
  if (diagnostics.length || files.length === 0 || totalTooLarge(files)) return undefined;
  const h = createHash('sha256');
  stamp ??= codeStamp();
  h.update(`${FORMAT}\n${stamp}\n`);
  const texts: { display: string; text: string }[] = [];
  for (const f of files) {
    if (f.size > MAX_FILE_BYTES) return undefined;
    const bytes = await readFile(f.path).catch(() => undefined);
    if (!bytes) return undefined;
    const decoded = decodeText(bytes);
    if (!decoded.ok) return undefined;
    h.update(`${f.display}\n${bytes.length}\n`).update(bytes);
    for (const name of namedVariables(decoded.text)) h.update(`\n${name}=${env[name] === undefined ? '\u0000' : JSON.stringify(env[name])}`);
    texts.push({ display: f.display, text: decoded.text });
  }
  return { key: h.digest('hex').slice(0, 40), texts };
}

/** Positions for messages after a cached load: the files are parsed only if one is needed. */
class LazySources implements SourceIndex {
  private built: LoadedSources | undefined;
  constructor(
    private readonly files: ReadFiles,
    private readonly env: Env,
  ) {}
  private get index(): LoadedSources {
    if (!this.built) {
      const s = new LoadedSources();
      for (const f of this.files.texts) loadText(f.display, { ok: true, text: f.text }, this.env, s);
      this.built = s;
    }
    return this.built;
  }
  position(src: Src, part?: 'key' | 'value'): Pos | undefined {
    return this.index.position(src, part);
  }
  fragmentPosition(src: Src, offset: number): Pos | undefined {
    return this.index.fragmentPosition(src, offset);
  }
  lineText(file: string, line: number): string | undefined {
    return this.index.lineText(file, line);
  }
}

/** One set of files' entry: read at the start of a command, written once at its end. */
export class ProjectCache {
  private dirty = false;
  private constructor(
    private readonly dir: string,
    readonly files: ReadFiles,
    private entry: Entry | undefined,
  ) {}

  /** The entry of these files, if an earlier run left one. */
  static open(dir: string, files: ReadFiles): ProjectCache {
    let entry: Entry | undefined;
    try {
      const doc = JSON.parse(readFileSync(join(dir, `project-${files.key}.json`), 'utf8')) as Entry;
      if (doc.format === FORMAT && doc.project) entry = doc;
    } catch {
      // None yet, or damaged: rebuilt.
    }
    return new ProjectCache(dir, files, entry);
  }

  /** The loaded project and its warnings, and positions parsed on demand. */
  loaded(env: Env): { project: Project; warnings: readonly Diagnostic[]; sources: SourceIndex } | undefined {
    if (!this.entry) return undefined;
    return { project: this.entry.project, warnings: this.entry.warnings, sources: new LazySources(this.files, env) };
  }

  /** Records a project the loader built without an error (not one whose urls hold a password). */
  setLoaded(project: Project, warnings: readonly Diagnostic[]): void {
    if (project.repos.some((r) => r.url && redactUrl(r.url).includes('***'))) return;
    this.entry = { format: FORMAT, project, warnings, stages: {} };
    this.dirty = true;
  }

  /** A later stage's result for these files (compiled for a server, normalised on one). */
  stage<T>(key: string): T | undefined {
    return this.entry?.stages[key] as T | undefined;
  }

  setStage(key: string, value: unknown): void {
    if (!this.entry) return;
    this.entry = { ...this.entry, stages: { ...this.entry.stages, [key]: value } };
    this.dirty = true;
  }

  /** Writes the entry if it changed, and keeps the newest few others. */
  save(): void {
    if (!this.dirty || !this.entry) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = join(this.dir, `project-${this.files.key}.json`);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.entry));
      renameSync(tmp, file);
      this.dirty = false;
      const others = readdirSync(this.dir)
        .filter((n) => /^project-[0-9a-f]+\.json$/.test(n))
        .map((n) => ({ n, t: statSync(join(this.dir, n)).mtimeMs }))
        .sort((a, b) => b.t - a.t);
      for (const o of others.slice(KEEP)) unlinkSync(join(this.dir, o.n));
    } catch {
      // A cache that cannot be written is only slower next time.
    }
  }
}

export interface CachedLoad {
  readonly project: Project;
  readonly sources: SourceIndex;
  readonly warnings: readonly Diagnostic[];
  /** Undefined without a cache directory, or when the files cannot be read as they are. */
  readonly cache?: ProjectCache;
  /** The project came from the cache: the files were not parsed. */
  readonly hit: boolean;
}

/**
 * `loadProjectOrThrow` through the files' cache in `cacheDir`: unchanged files are not parsed
 * again. A project is recorded only if the files did not change while it was loaded.
 */
export async function loadProjectCached(paths: readonly string[], options: LoadOptions & { readonly cacheDir?: string }): Promise<CachedLoad> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const files = options.cacheDir !== undefined ? await readProjectFiles(paths, cwd, env) : undefined;
  const cache = files && options.cacheDir !== undefined ? ProjectCache.open(options.cacheDir, files) : undefined;
  const hit = cache?.loaded(env);
  if (hit) return { ...hit, cache, hit: true };
  const r = await loadProjectOrThrow(paths, options);
  if (cache && (await readProjectFiles(paths, cwd, env))?.key === cache.files.key) cache.setLoaded(r.project, r.warnings);
  return { ...r, ...(cache ? { cache } : {}), hit: false };
}
