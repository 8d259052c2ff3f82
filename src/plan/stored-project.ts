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
import { ensureGzipTable, Gzipped, gzipLater, readGzip, readNewestGzip, storeGzip, type GzipTable } from './stored-gzip.js';
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
 * under those installed after the apply, `<part> | <extensions>`), and the files' pieces
 * (absent when there are none).
 */
export interface StoredPieces {
  readonly entry: Omit<StoredEntry, 'chunks'>;
  readonly rekeyed: readonly (readonly [string, unknown])[];
  readonly chunks?: Readonly<Record<string, string>>;
}

/**
 * An entry made ready to store before the apply's statements end: serialised and compressed
 * piece by piece (`tasks`, run while the server runs them, ../apply/idle-work.ts), and stored
 * once the extensions installed after them are known (`store`). What is read back is the entry
 * `storedPieces` describes, the rekeyed stages added under their new keys. Each piece is made
 * once, ahead or, if it was not, when stored.
 */
export class PreparedEntry {
  private readonly made = new Map<string, Promise<Gzipped>>();

  constructor(private readonly pieces: StoredPieces) {}

  /** The work to do ahead, one piece each: serialised, then compressed off the main thread. */
  tasks(): (() => unknown)[] {
    const { rekeyed, chunks } = this.pieces;
    return [() => this.head(), ...rekeyed.map((_, i) => () => this.value(i)), ...(chunks ? [() => this.chunks(chunks)] : [])];
  }

  private piece(name: string, text: () => string, level: number): Promise<Gzipped> {
    let p = this.made.get(name);
    if (!p) this.made.set(name, (p = gzipLater(text(), level)));
    return p;
  }

  /** The entry's JSON without the two closing braces (its stages' and its own): `stages` is written last. */
  private head(): Promise<Gzipped> {
    const { stages, ...rest } = this.pieces.entry;
    return this.piece('head', () => JSON.stringify({ ...rest, stages }).slice(0, -2), TABLE.level);
  }

  private value(i: number): Promise<Gzipped> {
    return this.piece(`value ${i}`, () => JSON.stringify(this.pieces.rekeyed[i]![1]), TABLE.level);
  }

  private chunks(chunks: Readonly<Record<string, string>>): Promise<Gzipped> {
    return this.piece('chunks', () => JSON.stringify(chunks), CHUNKS.level);
  }

  /**
   * Stores it under `key` inside the caller's open transaction, under savepoints; returns
   * whether it was stored (false when the role may not, or the server refuses: the transaction goes on).
   */
  async store(target: Target, key: string, extensionsAfter: string): Promise<boolean> {
    const { entry, rekeyed, chunks } = this.pieces;
    const members: Buffer[] = [(await this.head()).bytes];
    let first = Object.keys(entry.stages).length === 0;
    for (const [i, [part]] of rekeyed.entries()) {
      const k = `${part} | ${extensionsAfter}`;
      if (Object.hasOwn(entry.stages, k)) continue;
      members.push(gzipSync(`${first ? '' : ','}${JSON.stringify(k)}:`), (await this.value(i)).bytes);
      first = false;
    }
    members.push(gzipSync('}}'));
    if (chunks) await storeGzip(target, CHUNKS, key, await this.chunks(chunks));
    return storeGzip(target, TABLE, key, new Gzipped(Buffer.concat(members)));
  }
}

/** The pieces of files the newest apply stored, or undefined. One query. */
export function readStoredChunks(target: Target): Promise<Readonly<Record<string, string>> | undefined> {
  return readNewestGzip(target, CHUNKS);
}
