/**
 * Where something came from in the user's files.
 *
 * The typed model keeps a `Src` (file + JSON pointer) on every node; it is plain data and
 * serialises to JSON. A `SourceIndex` (built by the loader) turns it into a line and column
 * only when a message needs one.
 */

/** A place in a loaded file, as a JSON pointer into that file's document (RFC 6901). */
export interface Src {
  readonly file: string;
  readonly pointer: string;
}

/** A resolved position: 1-based line and column. */
export interface Pos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Where the offending token ends (exclusive), when known: carets span it. */
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** Resolves a JSON pointer to the position of its key (`key: true`) or its value. */
export interface SourceIndex {
  position(src: Src, part?: 'key' | 'value'): Pos | undefined;
  /**
   * The position of a character inside a string value (an SQL fragment): `offset` is a
   * 0-based index into the string as parsed (after YAML unquoting and block folding).
   */
  fragmentPosition(src: Src, offset: number): Pos | undefined;
  /** The text of a line of a loaded file, for carets under errors. */
  lineText(file: string, line: number): string | undefined;
}

/** Builds a JSON pointer from path segments, escaping `~` and `/`. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Appends segments to a pointer. */
export function child(src: Src, ...segments: readonly (string | number)[]): Src {
  return { file: src.file, pointer: src.pointer + pointer(...segments) };
}

/** Splits a JSON pointer into its unescaped segments. */
export function segments(ptr: string): string[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
