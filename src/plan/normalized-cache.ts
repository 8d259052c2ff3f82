/**
 * What normalising made of each table, function, the views and the declared types, by key
 * (./normalize.ts), kept on disk in `<cacheDir>/normalized-<c>.json`: sixteen files, by the
 * key's first hex digit. A plan after editing one resource adds one entry: it rewrites the one
 * file that entry falls in, a sixteenth of the whole (at 5,000 tables the whole is 9 MB, and
 * rewriting it was 0.15 s of every such plan). Best effort, as every cache: a file that cannot
 * be read is ignored, one that cannot be written makes the next plan slower.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicAsync } from '../util/write-json.js';

const HEX = '0123456789abcdef';
const FORMAT = 1;
/** The single file earlier versions wrote: read when there is no other, written into the sixteen, then removed. */
const LEGACY_FILE = 'normalized.json';

const shardFile = (dir: string, shard: string) => join(dir, `normalized-${shard}.json`);

/** A key's file: its first hex digit (keys are a kind's letter, then a hash in hex). */
function shardOf(key: string): string {
  const c = key.charAt(1);
  return HEX.includes(c) && c !== '' ? c : '0';
}

export class NormalizedCache {
  private readonly entries = new Map<string, unknown>();
  /** Keys this plan used: kept when their file is written. */
  readonly used = new Set<string>();
  /** Keys set in this process, not read from the files: their files are written. */
  private readonly added = new Set<string>();

  private constructor(private readonly dir: string | undefined) {}

  /** The entries kept in `dir` (none without a directory, or for files that cannot be read). */
  static read(dir: string | undefined): NormalizedCache {
    const cache = new NormalizedCache(dir);
    if (dir === undefined) return cache;
    let found = false;
    for (const shard of HEX) found = cache.readFile(shardFile(dir, shard)) || found;
    // Left by an earlier version: its entries are kept, in the new files at the next write.
    if (!found && cache.readFile(join(dir, LEGACY_FILE))) for (const k of cache.entries.keys()) cache.added.add(k);
    return cache;
  }

  /** Whether the file was there (read, or damaged and ignored). */
  private readFile(file: string): boolean {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    try {
      const doc = JSON.parse(text) as { version?: number; entries?: Record<string, unknown> };
      if (doc.version === FORMAT && doc.entries) for (const [k, v] of Object.entries(doc.entries)) this.entries.set(k, v);
    } catch {
      // A damaged file is ignored and rewritten.
    }
    return true;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): unknown {
    return this.entries.get(key);
  }

  /** A result computed (or read from the database, or this process's memory) now: written with its file. */
  set(key: string, value: unknown): void {
    this.entries.set(key, value);
    this.added.add(key);
  }

  /** Whether anything was set that the files do not hold, and there are files to write. */
  get changed(): boolean {
    return this.dir !== undefined && this.added.size > 0;
  }

  /**
   * Writes the files that hold a new entry: in each, what this plan used and, of the others,
   * the newest, up to three times as many (other branches, an undone edit).
   */
  async write(): Promise<void> {
    const dir = this.dir;
    if (dir === undefined || !this.changed) return;
    const shards = new Set([...this.added].map(shardOf));
    const writes = [...shards].map((shard) => {
      const mine = [...this.entries].filter(([k]) => shardOf(k) === shard);
      const used = mine.filter(([k]) => this.used.has(k));
      const others = mine.filter(([k]) => !this.used.has(k)).slice(-3 * Math.max(used.length, 7));
      return writeFileAtomicAsync(shardFile(dir, shard), JSON.stringify({ version: FORMAT, entries: Object.fromEntries([...others, ...used]) }));
    });
    this.added.clear();
    // Every write ends (or cleans up after itself) before this returns: the process may exit next.
    const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    rmSync(join(dir, LEGACY_FILE), { force: true });
  }
}
