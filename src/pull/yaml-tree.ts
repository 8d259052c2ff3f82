/**
 * The shape a pulled resource file is built in before it is written: plain values, maps that
 * keep the order their keys were added in (the order a reader meets them), and notes — a
 * value with a comment written above its key.
 */

export type Y = string | number | boolean | null | readonly Y[] | YMap | Note;

/** A map in writing order. Integer-like keys stay where they were put (a plain object would move them). */
export type YMap = Map<string, Y>;

export interface Note {
  readonly kind: 'note';
  readonly value: Y;
  /** One or more lines, written as `# …` above the key. */
  readonly comment: string;
}

export function note(value: Y, comment: string): Note {
  return { kind: 'note', value, comment };
}

export function isNote(y: Y): y is Note {
  return typeof y === 'object' && y !== null && !Array.isArray(y) && !(y instanceof Map) && (y as Note).kind === 'note';
}

/** A map from entries; entries whose value is undefined are left out. */
export function ymap(entries: readonly (readonly [string, Y | undefined])[]): YMap {
  const m: YMap = new Map();
  for (const [k, v] of entries) if (v !== undefined) m.set(k, v);
  return m;
}

/** `{sql: text}`: an SQL expression where a literal could be written. */
export function sqlValue(text: string): YMap {
  return ymap([['sql', text]]);
}

/** The value without its note. */
export function bare(y: Y): Exclude<Y, Note> {
  return isNote(y) ? bare(y.value) : y;
}

/** The value as plain JSON (notes dropped), e.g. to validate or compare. */
export function toJson(y: Y): unknown {
  const v = bare(y);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toJson(x)]));
  return v;
}
