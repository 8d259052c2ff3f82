/**
 * The lowest PostgreSQL version a script runs on, from what pgdecl writes into it: 14 (the
 * oldest pgdecl supports) unless the objects use syntax a later version added. It reads the
 * IR (a catalog, or the changes of planned steps) by its own field names, so any object that
 * carries such a field counts, whatever kind it is:
 *
 *   nullsNotDistinct: true        NULLS NOT DISTINCT                    PostgreSQL 15
 *   onDeleteColumns: [a, b]       ON DELETE SET NULL (a, b)             PostgreSQL 15
 *
 * SQL written by hand (custom statements, function bodies, defaults) is the user's: not counted.
 */

export const OLDEST_SUPPORTED = 14;

interface Feature {
  readonly major: number;
  readonly syntax: string;
  readonly uses: (node: Readonly<Record<string, unknown>>) => boolean;
}

const FEATURES: readonly Feature[] = [
  { major: 15, syntax: 'NULLS NOT DISTINCT', uses: (n) => n.nullsNotDistinct === true },
  { major: 15, syntax: 'ON DELETE SET NULL (columns)', uses: (n) => Array.isArray(n.onDeleteColumns) && n.onDeleteColumns.length > 0 },
];

export interface VersionFloor {
  /** The lowest major version the SQL runs on. */
  readonly major: number;
  /** The syntax that needs it (empty at the oldest supported version). */
  readonly because: readonly string[];
}

/** Walks JSON-like IR data (a catalog, steps, changes) for syntax newer than PostgreSQL 14. */
export function versionFloor(data: unknown): VersionFloor {
  const found = new Set<Feature>();
  const stack: unknown[] = [data];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const record = node as Readonly<Record<string, unknown>>;
    for (const f of FEATURES) if (f.uses(record)) found.add(f);
    stack.push(...Object.values(record));
  }
  const major = Math.max(OLDEST_SUPPORTED, ...[...found].map((f) => f.major));
  return { major, because: FEATURES.filter((f) => found.has(f) && f.major === major).map((f) => f.syntax) };
}

const majorOf = (v: number) => (v >= 1000 ? Math.floor(v / 10000) : v);

/**
 * `PostgreSQL 18` when compiled for a version; otherwise the floor the SQL needs:
 * `PostgreSQL 14 and later`, `PostgreSQL 15 and later (NULLS NOT DISTINCT)`.
 */
export function versionLabel(pgVersion: number | undefined, data: unknown): string {
  if (pgVersion !== undefined) return `PostgreSQL ${majorOf(pgVersion)}`;
  const floor = versionFloor(data);
  return `PostgreSQL ${floor.major} and later${floor.because.length ? ` (${floor.because.join(', ')})` : ''}`;
}
