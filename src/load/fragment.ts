/**
 * Where the n-th character of a string value is in the file. Exact for one-line plain,
 * single- and double-quoted scalars and for literal block scalars (`|`); for folded (`>`)
 * and multi-line flow scalars, the right line and, as far as folding allows, the column.
 */
import type { ScalarStyle } from './parse-document.js';

/**
 * `text` is the whole file, `[start, end)` the scalar as written (quotes and block header
 * included), `offset` an index into its parsed value. Returns an offset into `text`.
 */
export function fragmentSourceOffset(text: string, style: ScalarStyle, start: number, end: number, offset: number): number {
  switch (style) {
    case 'PLAIN':
      return flowOffset(text, start, end, offset, 'plain');
    case 'QUOTE_SINGLE':
      return flowOffset(text, start + 1, end - 1, offset, 'single');
    case 'QUOTE_DOUBLE':
      return flowOffset(text, start + 1, end - 1, offset, 'double');
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockOffset(text, start, end, offset, style === 'BLOCK_FOLDED');
  }
}

/** Length, in source characters, of one escape sequence at `i` (after the backslash). */
function escapeLength(text: string, i: number): { source: number; chars: number } {
  const c = text[i + 1];
  if (c === 'x') return { source: 4, chars: 1 };
  if (c === 'u') return { source: 6, chars: 1 };
  if (c === 'U') return { source: 10, chars: 2 };
  return { source: 2, chars: 1 };
}

/**
 * Flow scalars: walks the source, counting parsed characters. A line break and the
 * indentation after it fold into one space (or into n-1 newlines for n breaks).
 */
function flowOffset(text: string, from: number, to: number, offset: number, kind: 'plain' | 'single' | 'double'): number {
  let i = from;
  let n = 0;
  while (i < to) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      // Trailing spaces before the break were dropped; count the breaks, skip the indentation.
      let breaks = 0;
      while (i < to && /[\s]/.test(text[i]!)) {
        if (text[i] === '\n') breaks++;
        i++;
      }
      const chars = breaks <= 1 ? 1 : breaks - 1;
      if (n + chars > offset) return i;
      n += chars;
      continue;
    }
    let source = 1;
    let chars = 1;
    if (kind === 'single' && c === "'" && text[i + 1] === "'") source = 2;
    else if (kind === 'double' && c === '\\') {
      if (text[i + 1] === '\n' || text[i + 1] === '\r') {
        // An escaped line break: nothing in the value.
        i += 2;
        while (i < to && /[ \t\r\n]/.test(text[i]!)) i++;
        continue;
      }
      ({ source, chars } = escapeLength(text, i));
    }
    if (n + chars > offset) return i;
    n += chars;
    i += source;
  }
  return Math.min(i, to);
}

/** Block scalars: the header line, then content lines with the block's indentation removed. */
function blockOffset(text: string, start: number, end: number, offset: number, folded: boolean): number {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return start;
  const lines: { start: number; length: number }[] = [];
  let indent = -1;
  for (let ls = headerEnd + 1; ls < end; ) {
    let le = text.indexOf('\n', ls);
    if (le < 0 || le > end) le = end;
    const raw = text.slice(ls, le).replace(/\r$/, '');
    if (indent < 0 && raw.trim() !== '') indent = raw.length - raw.trimStart().length;
    lines.push({ start: ls, length: raw.length });
    ls = le + 1;
  }
  if (indent < 0) return headerEnd + 1;
  let n = 0;
  let prevEmpty = true;
  for (const [k, line] of lines.entries()) {
    const content = Math.max(0, line.length - indent);
    const empty = content === 0;
    // Literal: every line ends with "\n". Folded: a line break between two text lines is a
    // space; an empty line is a "\n" (best effort: more-indented lines are not special).
    const sep = folded ? (empty ? (prevEmpty || k === 0 ? 1 : 0) : 1) : 1;
    if (offset < n + content) return line.start + indent + (offset - n);
    if (offset < n + content + sep) return line.start + Math.min(line.length, indent + content);
    n += content + sep;
    prevEmpty = empty;
  }
  const last = lines[lines.length - 1];
  return last ? last.start + Math.min(last.length, indent) : headerEnd + 1;
}
