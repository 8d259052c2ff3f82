/**
 * The pieces of resource files parsed before (./chunks.ts), by the hash of their text: kept in
 * `.pgdecl/cache/chunks.json` and, by an apply, in the database (../plan/stored-project.ts).
 * Free of the YAML parser: a plan of unchanged files imports it without parsing anything.
 */
import { createHash } from 'node:crypto';
import { holdsSecret } from '../targets/redact.js';

/**
 * Chunk texts (by hash) → their parsed value, as JSON. Values are handed out as fresh copies:
 * the loader interpolates in place. Not remembered: a value JSON cannot carry exactly (`.inf`,
 * `.nan`, -0, an object an alias shares or that holds itself: a copy would not share it), and
 * a piece holding a password (`user:password@`, even as a `${VAR:-default}`), which is never
 * written to disk or to the database.
 */
export class ChunkMemo {
  private readonly known: Map<string, string>;
  private readonly usedNow = new Map<string, string>();
  private added = 0;
  /** Pieces parsed through this memo (not taken from it). */
  parsed = 0;

  /**
   * `code`: what parsed the pieces (pgdecl's build): part of every key, so pieces another
   * version parsed (another YAML parser, other checks) are parsed again.
   */
  constructor(
    known?: Readonly<Record<string, string>>,
    private readonly code = '',
  ) {
    this.known = new Map(known ? Object.entries(known) : []);
  }

  /** A piece's key: its text and the code that parses it. */
  key(text: string): string {
    return createHash('sha1').update(this.code).update('\n').update(text).digest('base64url');
  }

  /** The value parsed before from exactly this text. */
  get(hash: string): unknown {
    const json = this.known.get(hash);
    if (json === undefined) return undefined;
    try {
      const value = JSON.parse(json) as unknown;
      this.usedNow.set(hash, json);
      return value;
    } catch {
      // Damaged: parsed again.
      this.known.delete(hash);
      return undefined;
    }
  }

  set(hash: string, value: unknown): void {
    this.parsed++;
    let exact = true;
    const seen = new Set<object>();
    const json = JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) exact = false;
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) {
          exact = false;
          return null;
        }
        seen.add(v);
      }
      return v;
    });
    if (!exact || holdsSecret(json)) return;
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
