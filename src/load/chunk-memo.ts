/**
 * The pieces of resource files parsed before (./chunks.ts), by the hash of their text: kept in
 * `.pgdecl/cache/chunks.json` and, by an apply, in the database (../plan/stored-project.ts).
 * Free of the YAML parser: a plan of unchanged files imports it without parsing anything.
 */
import { createHash } from 'node:crypto';

/** A chunk's memo key. */
export function chunkHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/**
 * Chunk texts (by hash) → their parsed value, as JSON. Values are handed out as fresh copies:
 * the loader interpolates in place. A value JSON cannot carry exactly (`.inf`, `.nan`, -0) is
 * not remembered.
 */
export class ChunkMemo {
  private readonly known: Map<string, string>;
  private readonly usedNow = new Map<string, string>();
  private added = 0;
  /** Pieces parsed through this memo (not taken from it). */
  parsed = 0;

  constructor(known?: Readonly<Record<string, string>>) {
    this.known = new Map(known ? Object.entries(known) : []);
  }

  /** The value parsed before from exactly this text. */
  get(hash: string): unknown {
    const json = this.known.get(hash);
    if (json === undefined) return undefined;
    this.usedNow.set(hash, json);
    return JSON.parse(json) as unknown;
  }

  set(hash: string, value: unknown): void {
    this.parsed++;
    let exact = true;
    const json = JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) exact = false;
      return v;
    });
    if (!exact) return;
    this.known.set(hash, json);
    this.usedNow.set(hash, json);
    this.added++;
  }

  /** Whether a chunk was parsed since the memo was made (it is then worth writing). */
  get changed(): boolean {
    return this.added > 0;
  }

  /** Written out: not changed since. */
  saved(): void {
    this.added = 0;
  }

  /** The chunks read or parsed through this memo: what the current files need. */
  used(): Record<string, string> {
    return Object.fromEntries(this.usedNow);
  }
}
