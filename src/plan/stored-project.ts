/**
 * The files' cache in the database: an apply that proved convergence also stores, in
 * `pgdecl.project_cache`, what it made of the files (the loaded project, the compiled catalog
 * and the normalised one), under the files' key (./project-cache.ts: pgdecl's code, the files'
 * bytes, the variables they name). A plan in a fresh clone of the same files (CI) reads that
 * row instead of parsing, validating, compiling and normalising: only the inspection is left.
 *
 * Stored gzip-compressed; the newest few keys are kept. A role that may not write in the
 * `pgdecl` schema still applies (a savepoint takes the refusal).
 */
import type { Target } from '../targets/target.js';
import { ensureGzipTable, Gzipped, gzipText, readGzip, readNewestGzip, storeGzip, type GzipTable } from './stored-gzip.js';
import { gzipSync } from 'node:zlib';

/** Keys kept: the applied files of the last few applies (branches deployed in turn). */
const TABLE: GzipTable = { name: 'project_cache', keep: 8, level: 6 };
/**
 * The pieces of the applied files, parsed (../load/chunk-memo.ts): a plan of edited files that
 * has no entry for its key parses only the pieces the newest apply did not have.
 */
const CHUNKS: GzipTable = { name: 'chunk_cache', keep: 2, level: 6 };

export interface StoredEntry {
  readonly format: number;
  readonly project: unknown;
  readonly warnings: readonly unknown[];
  readonly stages: Readonly<Record<string, unknown>>;
  /** The files' pieces, parsed: stored beside the entry (`pgdecl.chunk_cache`), not in it. */
  readonly chunks?: Readonly<Record<string, string>>;
}

/** The entry of `key`, or undefined (no table, no row, or a damaged row). One query. */
export function readStoredProject(target: Target, key: string): Promise<StoredEntry | undefined> {
  return readGzip<StoredEntry>(target, TABLE, key);
}

/** Creates `pgdecl.project_cache` and `pgdecl.chunk_cache` when they are missing (in the caller's transaction). */
export async function ensureProjectTable(target: Target): Promise<void> {
  await ensureGzipTable(target, TABLE);
  await ensureGzipTable(target, CHUNKS);
}

/**
 * An entry in the pieces an apply has before it runs (../plan/project-cache.ts `storedPieces`):
 * the entry with the stages used, the stages keyed by the extensions installed (stored again
 * under those installed after the apply, `<part> | <extensions>`), and the files' pieces.
 */
export interface StoredPieces {
  readonly entry: Omit<StoredEntry, 'chunks'>;
  readonly rekeyed: readonly (readonly [string, unknown])[];
  readonly chunks?: Readonly<Record<string, string>>;
}

const gzipped = (text: string, level: number) => gzipText(text, level).then((b) => new Gzipped(b));

/**
 * An entry made ready to store before the apply's statements end: serialised and compressed
 * (`prepare`, while the server runs them, ../apply/idle-work.ts), and finished once the
 * extensions installed after them are known (`finish`). What is read back is the entry
 * `storedPieces` describes, the rekeyed stages added under their new keys.
 */
export class PreparedEntry {
  private head: Promise<Gzipped> | undefined;
  private readonly values = new Map<number, Promise<Gzipped>>();
  private chunks: Promise<Gzipped> | undefined;

  constructor(private readonly pieces: StoredPieces) {}

  /** The work to do ahead, in pieces: each serialises one part and compresses it off the main thread. */
  tasks(): (() => unknown)[] {
    const { entry, rekeyed, chunks } = this.pieces;
    const tasks: (() => unknown)[] = [() => (this.head ??= gzipped(headText(entry), TABLE.level))];
    rekeyed.forEach(([, value], i) => tasks.push(() => this.value(i, value)));
    if (chunks && Object.keys(chunks).length) tasks.push(() => (this.chunks ??= gzipped(JSON.stringify(chunks), CHUNKS.level)));
    return tasks;
  }

  private value(i: number, value: unknown): Promise<Gzipped> {
    let v = this.values.get(i);
    if (!v) this.values.set(i, (v = gzipped(JSON.stringify(value), TABLE.level)));
    return v;
  }

  /** Stores it under `key` (what was not made ahead is made now); see `storeProject`. */
  async store(target: Target, key: string, extensionsAfter: string): Promise<boolean> {
    const { entry, rekeyed, chunks } = this.pieces;
    const head = await (this.head ??= gzipped(headText(entry), TABLE.level));
    const members: Buffer[] = [head.bytes];
    let first = Object.keys(entry.stages).length === 0;
    for (const [i, [part, value]] of rekeyed.entries()) {
      const k = `${part} | ${extensionsAfter}`;
      if (Object.hasOwn(entry.stages, k)) continue;
      members.push(gzipSync(`${first ? '' : ','}${JSON.stringify(k)}:`), (await this.value(i, value)).bytes);
      first = false;
    }
    members.push(gzipSync('}}'));
    if (chunks && Object.keys(chunks).length) await storeGzip(target, CHUNKS, key, await (this.chunks ??= gzipped(JSON.stringify(chunks), CHUNKS.level)));
    return storeGzip(target, TABLE, key, new Gzipped(Buffer.concat(members)));
  }
}

/** The entry's JSON without the two closing braces (its stages' and its own): `stages` is written last. */
function headText(entry: StoredPieces['entry']): string {
  const { stages, ...rest } = entry;
  const json = JSON.stringify({ ...rest, stages });
  return json.slice(0, -2);
}

/** The pieces of files the newest apply stored, or undefined. One query. */
export function readStoredChunks(target: Target): Promise<Readonly<Record<string, string>> | undefined> {
  return readNewestGzip(target, CHUNKS);
}
