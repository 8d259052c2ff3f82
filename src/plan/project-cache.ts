/**
 * The files' cache: what loading, validating, compiling and normalising made of exactly these
 * files, kept in `.pgdecl/cache/project-<key>/`. The key covers pgdecl's own code, every
 * file's path and bytes, and the values of the environment variables the files name, so any
 * edit, another pgdecl or a changed variable is another key. A second plan in the same folder
 * then reads one JSON file instead of parsing YAML, validating, compiling and hashing every
 * table; what it reads from the database (inspection) is never cached.
 *
 * Nothing secret is written: files whose repos' urls hold a password (written in the file or
 * from the environment) are not cached, and the key is a hash.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileAtomic, writeFileAtomicAsync } from '../util/write-json.js';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/resource.js';
import type { SourceIndex, Src, Pos } from '../model/source.js';
import type { Env } from '../load/interpolate.js';
import { discoverFiles } from '../load/discover.js';
import { totalTooLarge } from '../load/total-size.js';
import { MAX_FILE_BYTES } from '../load/limits.js';
import { decodeText } from '../load/text.js';
import type { LoadedSources } from '../load/source-index.js';
import { redactUrl } from '../targets/redact.js';
import { codeId } from './code-id.js';
import { packageFile } from '../util/package-file.js';
import type { StoredEntry, StoredPieces } from './stored-project.js';
import type { LoadOptions, ProjectCheck } from '../validate/project.js';
import { ChunkMemo } from '../load/chunk-memo.js';

/** Entries kept: the current files and a few others (another branch, an undone edit). */
const KEEP = 4;
const FORMAT = 1;

/**
 * pgdecl's own code: the build's id (scripts/build-id.mjs: a hash of the sources and the
 * version, the same on every machine), or, running from the sources, a hash of them.
 */
function codeStamp(): string {
  const here = fileURLToPath(import.meta.url);
  const { version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  // Running from the sources (tsx): the sources themselves (the same id the build would write).
  if (here.endsWith('.ts')) return codeId(packageFile('src'), version, '.ts');
  try {
    return (JSON.parse(readFileSync(packageFile('dist', 'build-id.json'), 'utf8')) as { id: string }).id;
  } catch {
    // A build without its id: the built code.
    return codeId(packageFile('dist'), version, '.js');
  }
}

let stamp: string | undefined;

/** pgdecl's own code, as it keys every cache (see codeStamp). */
export function codeVersion(): string {
  return (stamp ??= codeStamp());
}

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
  h.update(`${FORMAT}\n${codeVersion()}\n`);
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

type Loader = typeof import('../load/read-files.js')['loadText'];
type SourcesClass = typeof import('../load/source-index.js')['LoadedSources'];

/** Positions for messages after a cached load: the files are parsed only if one is needed. */
class LazySources implements SourceIndex {
  private built: LoadedSources | undefined;
  constructor(
    private readonly files: ReadFiles,
    private readonly env: Env,
    private readonly loadText: Loader,
    private readonly Sources: SourcesClass,
  ) {}
  private get index(): LoadedSources {
    if (!this.built) {
      const s = new this.Sources();
      for (const f of this.files.texts) this.loadText(f.display, { ok: true, text: f.text }, this.env, s);
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

/**
 * Positions in `files` for messages, parsed only if one is asked for. The YAML parser is
 * imported here, not where the files are only read and hashed.
 */
export async function lazySources(files: ReadFiles, env: Env): Promise<SourceIndex> {
  const [{ loadText }, { LoadedSources }] = await Promise.all([import('../load/read-files.js'), import('../load/source-index.js')]);
  return new LazySources(files, env, loadText, LoadedSources);
}

/**
 * One set of files' entry: a folder `project-<key>` holding `project.json` (the loaded project)
 * and one file per later stage, each read only when asked for (a plan never reads what only an
 * apply needs). Written at the end of a planning pass; only new stages are written.
 */
export class ProjectCache {
  private readonly folder: string;
  private project: { readonly format: number; readonly project: Project; readonly warnings: readonly Diagnostic[] } | undefined;
  private readonly read = new Map<string, unknown>();
  private readonly written = new Map<string, unknown>();
  /** Stages asked for or computed in this run: what an apply stores in the database. */
  private readonly used = new Set<string>();
  private projectDirty = false;
  /** The pieces of the files parsed or read in this run (../load/chunks.ts). */
  private memo: ChunkMemo | undefined;

  private constructor(
    private readonly dir: string,
    readonly files: ReadFiles,
  ) {
    this.folder = join(dir, `project-${files.key}`);
    try {
      const doc = JSON.parse(readFileSync(join(this.folder, 'project.json'), 'utf8')) as NonNullable<ProjectCache['project']>;
      if (doc.format === FORMAT && doc.project) this.project = doc;
    } catch {
      // None yet, or damaged: rebuilt.
    }
  }

  /** The entry of these files, if an earlier run left one. */
  static open(dir: string, files: ReadFiles): ProjectCache {
    return new ProjectCache(dir, files);
  }

  /** Whether an earlier run left the loaded project. */
  get has(): boolean {
    return this.project !== undefined;
  }

  /**
   * The pieces of files parsed before: those of `.pgdecl/cache/chunks.json`, or, in a clone
   * that has none, those an apply stored in the database (`stored`). Saved with the entry.
   */
  async chunkMemo(stored?: () => Promise<Readonly<Record<string, string>> | undefined>): Promise<ChunkMemo> {
    this.memo = new ChunkMemo(this.localChunks() ?? (await stored?.().catch(() => undefined)), codeVersion());
    return this.memo;
  }

  private localChunks(): Record<string, string> | undefined {
    try {
      const doc = JSON.parse(readFileSync(join(this.dir, 'chunks.json'), 'utf8')) as { format: number; chunks: Record<string, string> };
      return doc.format === FORMAT && doc.chunks && typeof doc.chunks === 'object' ? doc.chunks : undefined;
    } catch {
      return undefined;
    }
  }

  /** Takes an entry an apply stored in the database (./stored-project.ts); written locally too. */
  adopt(entry: StoredEntry): void {
    if (entry.format !== FORMAT || !entry.project) return;
    this.project = { format: FORMAT, project: entry.project as Project, warnings: entry.warnings as Diagnostic[] };
    this.projectDirty = true;
    for (const [k, v] of Object.entries(entry.stages)) this.written.set(k, v);
  }

  /**
   * What an apply stores: the project and the stages this run used. A stage keyed by the
   * extensions installed (after ` | `) is stored under those installed after the apply too
   * (`rekeyed`: the part before ` | `, and the value).
   */
  storedPieces(): StoredPieces | undefined {
    if (!this.project) return undefined;
    const stages: Record<string, unknown> = {};
    const rekeyed: [string, unknown][] = [];
    for (const k of this.used) {
      const v = this.stage(k);
      if (v === undefined) continue;
      stages[k] = v;
      const bar = k.lastIndexOf(' | ');
      if (bar >= 0) rekeyed.push([k.slice(0, bar), v]);
    }
    // No pieces, nothing to store beside the entry (the newest stored pieces stay).
    const chunks = this.memo?.used() ?? this.localChunks();
    return { entry: { format: FORMAT, project: this.project.project, warnings: this.project.warnings, stages }, rekeyed, ...(chunks && Object.keys(chunks).length ? { chunks } : {}) };
  }

  /** The loaded project and its warnings, and positions parsed on demand. */
  async loaded(env: Env): Promise<{ project: Project; warnings: readonly Diagnostic[]; sources: SourceIndex } | undefined> {
    if (!this.project) return undefined;
    return { project: this.project.project, warnings: this.project.warnings, sources: await lazySources(this.files, env) };
  }

  /** Records a project the loader built without an error (not one whose urls, a repo's or a fleet's, hold a password). */
  setLoaded(project: Project, warnings: readonly Diagnostic[]): void {
    const urls = project.repos.flatMap((r) => [r.url ?? '', ...(r.fleet?.targets ?? []).map((t) => t.url), r.fleet?.query?.directory ?? '']);
    if (urls.some((u) => u !== '' && redactUrl(u).includes('***'))) return;
    this.project = { format: FORMAT, project, warnings };
    this.projectDirty = true;
  }

  private stageFile(key: string): string {
    return join(this.folder, `stage-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  }

  /** A later stage's result for these files (compiled for a server, normalised on one). */
  stage<T>(key: string): T | undefined {
    if (!this.project) return undefined;
    this.used.add(key);
    if (this.written.has(key)) return this.written.get(key) as T;
    if (!this.read.has(key)) {
      let value: unknown;
      try {
        const doc = JSON.parse(readFileSync(this.stageFile(key), 'utf8')) as { key: string; value: unknown };
        if (doc.key === key) value = doc.value;
      } catch {
        // Not computed yet.
      }
      this.read.set(key, value);
    }
    return this.read.get(key) as T | undefined;
  }

  setStage(key: string, value: unknown): void {
    if (!this.project) return;
    this.used.add(key);
    this.written.set(key, value);
  }

  /** Writes what is new, and keeps the newest few other entries. */
  save(): void {
    for (const write of this.saveTasks(writeFileAtomic)) write();
  }

  /** `save` with the writing on libuv's threads: the caller goes on, and awaits it before it exits. */
  async saveAsync(): Promise<void> {
    await Promise.all(this.saveTasks(writeFileAtomicAsync).map((t) => t()));
  }

  /**
   * `save` in pieces, one file each, to run in turn (an apply writes them while the server
   * runs its statements, ../apply/idle-work.ts), the last one keeping the newest few entries.
   * Each piece is best effort (a cache that cannot be written is only slower next time); a
   * piece run twice writes nothing the second time.
   */
  saveTasks(write: (file: string, text: string) => void | Promise<void> = writeFileAtomicAsync): (() => void | Promise<void>)[] {
    if (!this.project || (!this.projectDirty && this.written.size === 0 && !this.memo?.changed)) return [];
    const tasks: (() => void | Promise<void>)[] = [];
    const safely =
      (f: () => void | Promise<void>) =>
      (): void | Promise<void> => {
        try {
          const r = f();
          if (r instanceof Promise) return r.catch(() => {});
        } catch {
          // Only slower next time.
        }
      };
    if (this.memo?.changed) {
      tasks.push(
        safely(() => {
          if (!this.memo?.changed) return;
          const text = JSON.stringify({ format: FORMAT, chunks: this.memo.used() });
          this.memo.saved();
          return write(join(this.dir, 'chunks.json'), text);
        }),
      );
    }
    if (this.projectDirty) {
      tasks.push(
        safely(() => {
          if (!this.projectDirty) return;
          this.projectDirty = false;
          return write(join(this.folder, 'project.json'), JSON.stringify(this.project));
        }),
      );
    }
    for (const key of this.written.keys()) {
      tasks.push(
        safely(() => {
          if (!this.written.has(key)) return;
          const value = this.written.get(key);
          this.read.set(key, value);
          this.written.delete(key);
          return write(this.stageFile(key), JSON.stringify({ key, value }));
        }),
      );
    }
    tasks.push(
      safely(() => {
        const others = readdirSync(this.dir)
          .filter((n) => /^project-[0-9a-f]+$/.test(n))
          .map((n) => ({ n, t: n === basename(this.folder) ? Infinity : (statSync(join(this.dir, n, 'project.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0) }))
          .sort((a, b) => b.t - a.t);
        // This entry is the newest, whether or not its files are written yet.
        for (const o of others.slice(KEEP)) rmSync(join(this.dir, o.n), { recursive: true, force: true });
        // Temporary files of writes cut short (an interrupted run), an hour old or more.
        for (const n of readdirSync(this.dir).filter((x) => /\.\d+(\.\d+)?\.tmp$/.test(x))) {
          const p = join(this.dir, n);
          if (Date.now() - (statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 3_600_000) rmSync(p, { force: true });
        }
      }),
    );
    return tasks;
  }
}

/**
 * The checks `plan` and `apply` load files with (the offline checks of a project with errors),
 * imported only when the files are parsed: a cached load never loads the SQL parser.
 */
export const planningChecks: ProjectCheck = async (project, clean) => (await import('../compile/offline-checks.js')).offlineChecks({ full: false })(project, clean);

export interface CachedLoad {
  readonly project: Project;
  readonly sources: SourceIndex;
  readonly warnings: readonly Diagnostic[];
  /** Undefined without a cache directory, or when the files cannot be read as they are. */
  readonly cache?: ProjectCache;
  /** The project came from the cache: the files were not parsed. */
  readonly hit: boolean;
  /** Files were parsed: how many pieces of them were, the others known from earlier runs (../load/chunks.ts). */
  readonly parsedPieces?: number;
}

/**
 * `loadProjectOrThrow` through the files' cache in `cacheDir`: unchanged files are not parsed
 * again. A project is recorded only if the files did not change while it was loaded.
 */
export async function loadProjectCached(
  paths: readonly string[],
  options: LoadOptions & {
    readonly cacheDir?: string;
    /** Where else an entry may be: the database an apply stored it in (./stored-project.ts). */
    readonly stored?: (key: string) => Promise<StoredEntry | undefined>;
    /** Where else the pieces of files parsed before may be: the database, from the last applies. */
    readonly storedChunks?: () => Promise<Readonly<Record<string, string>> | undefined>;
  },
): Promise<CachedLoad> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const files = options.cacheDir !== undefined ? await readProjectFiles(paths, cwd, env) : undefined;
  const cache = files && options.cacheDir !== undefined ? ProjectCache.open(options.cacheDir, files) : undefined;
  if (cache && !cache.has && options.stored) {
    const entry = await options.stored(cache.files.key);
    if (entry) cache.adopt(entry);
  }
  const hit = await cache?.loaded(env);
  if (hit) return { ...hit, cache, hit: true };
  // Imported here: unchanged files never load the YAML parser or the JSON Schema validator.
  const { loadProjectOrThrow } = await import('../validate/project.js');
  const chunks = await cache?.chunkMemo(options.storedChunks);
  const r = await loadProjectOrThrow(paths, { ...options, ...(chunks ? { chunks } : {}) });
  if (cache && (await readProjectFiles(paths, cwd, env))?.key === cache.files.key) cache.setLoaded(r.project, r.warnings);
  return { ...r, ...(cache ? { cache } : {}), hit: false, ...(chunks ? { parsedPieces: chunks.parsed } : {}) };
}
