/**
 * The positions of every loaded file, by JSON pointer: implements `SourceIndex` for messages
 * (the renderer, the compiler, the planner all ask it where a node is).
 */
import type { Pos, SourceIndex, Src } from '../model/source.js';
import { fragmentSourceOffset } from './fragment.js';
import { originalOffset, type Segment } from './interpolate.js';
import type { Span } from './parse-document.js';

interface FileEntry {
  readonly text?: string;
  lineStarts: readonly number[];
  spans: ReadonlyMap<string, Span>;
  /** A file read in pieces (./chunks.ts): positions come from parsing it whole, when first asked for. */
  pending?: () => { readonly lineStarts: readonly number[]; readonly spans: ReadonlyMap<string, Span> };
  /** For interpolated strings: result offsets → offsets in the string as written. */
  readonly rewrites: Map<string, readonly Segment[]>;
}

/** Longest source line shown under a message. */
export const MAX_SHOWN_LINE = 200;

export class LoadedSources implements SourceIndex {
  private readonly files = new Map<string, FileEntry>();

  /** Registers a file. `text` is kept for source lines (not for binary or empty files). */
  addFile(file: string, entry: { text?: string; lineStarts?: readonly number[]; spans?: ReadonlyMap<string, Span> }): void {
    const text = entry.text !== undefined && entry.text.trim() !== '' ? entry.text : undefined;
    this.files.set(file, {
      ...(text !== undefined ? { text } : {}),
      lineStarts: entry.lineStarts ?? (text !== undefined ? lineStartsOf(text) : [0]),
      spans: entry.spans ?? new Map(),
      rewrites: new Map(),
    });
  }

  /**
   * Registers a file whose value was put together from pieces (./chunks.ts): `positions` parses
   * it whole, and runs only when a message needs a position in it.
   */
  addLazyFile(file: string, text: string, positions: () => { readonly lineStarts: readonly number[]; readonly spans: ReadonlyMap<string, Span> }): void {
    this.files.set(file, { text, lineStarts: [0], spans: new Map(), pending: positions, rewrites: new Map() });
  }

  /** Whether the file was read in pieces and nothing asked for a position in it yet. */
  pending(file: string): boolean {
    return this.files.get(file)?.pending !== undefined;
  }

  /** The file's entry, its positions computed if they were left for later. */
  private entry(file: string): FileEntry | undefined {
    const entry = this.files.get(file);
    if (entry?.pending) {
      const built = entry.pending();
      entry.pending = undefined;
      entry.lineStarts = built.lineStarts;
      entry.spans = built.spans;
    }
    return entry;
  }

  /** Records that the string at `src` was changed by environment interpolation. */
  addRewrite(src: Src, segments: readonly Segment[]): void {
    this.files.get(src.file)?.rewrites.set(src.pointer, segments);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The span of a pointer, or of its nearest ancestor that has one (e.g. inside an alias). */
  private find(src: Src): { span: Span; exact: boolean; entry: FileEntry } | undefined {
    const entry = this.entry(src.file);
    if (!entry) return undefined;
    let ptr = src.pointer;
    for (;;) {
      const span = entry.spans.get(ptr);
      if (span) return { span, exact: ptr === src.pointer, entry };
      if (ptr === '') return undefined;
      ptr = ptr.slice(0, ptr.lastIndexOf('/'));
    }
  }

  position(src: Src, part: 'key' | 'value' = 'value'): Pos | undefined {
    const found = this.find(src);
    if (!found) {
      const entry = this.entry(src.file);
      return entry && src.pointer === '' ? { file: src.file, line: 1, column: 1 } : undefined;
    }
    const { span, entry } = found;
    if (part === 'key') {
      if (span.keyStart === undefined) return undefined;
      return this.pos(src.file, entry, span.keyStart, span.keyEnd);
    }
    return this.pos(src.file, entry, span.start, span.end);
  }

  fragmentPosition(src: Src, offset: number): Pos | undefined {
    const found = this.find(src);
    if (!found || !found.exact || !found.span.style || found.entry.text === undefined) return undefined;
    const { span, entry } = found;
    const segments = entry.rewrites.get(src.pointer);
    const written = segments ? originalOffset(segments, offset) : offset;
    const at = fragmentSourceOffset(entry.text!, span.style!, span.start, span.end, written);
    return this.pos(src.file, entry, at);
  }

  lineText(file: string, line: number): string | undefined {
    const entry = this.entry(file);
    if (!entry || entry.text === undefined || line < 1 || line > entry.lineStarts.length) return undefined;
    const start = entry.lineStarts[line - 1]!;
    const next = entry.lineStarts[line];
    const end = next === undefined ? entry.text.length : next - 1;
    const text = entry.text.slice(start, end).replace(/\r$/, '');
    // A minified or runaway line is cut: the message needs its start, not megabytes of it.
    return text.length > MAX_SHOWN_LINE ? text.slice(0, MAX_SHOWN_LINE) + '…' : text;
  }

  private pos(file: string, entry: FileEntry, start: number, end?: number): Pos {
    const a = lineCol(entry.lineStarts, start);
    if (end === undefined || end <= start) return { file, line: a.line, column: a.column };
    // A span that ends at a line break ends on its last character's line.
    const b = lineCol(entry.lineStarts, end);
    return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset (binary search over line starts). */
export function lineCol(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}
