/**
 * A resource file read piece by piece: each top-level key, and each entry of a top-level map
 * written in block style (`resources:` with one resource per indented key), is a chunk of
 * lines parsed on its own. A chunk whose exact text was parsed before is taken from a memo
 * (`ChunkMemo`) instead of being parsed again, so a plan after editing one resource of a
 * thousand parses one resource.
 *
 * The pieces give the same value as parsing the whole file: a chunk is every line from its key
 * to the next key at its indentation or above, so block scalars, comments and nested maps stay
 * whole. Anything the split cannot vouch for makes it give up (undefined), and the caller
 * parses the whole file: a document marker, a directive, a key that is quoted, a list at the
 * top, a line indented less than the entries, a key twice. A chunk the parser has anything to
 * say about (an alias to an anchor in another chunk, a syntax error, a tag) gives up too, so
 * every message still comes from the whole file with its positions.
 */
import type { ChunkMemo } from './chunk-memo.js';
import { MAX_NESTING } from './limits.js';
import { parseText } from './parse-document.js';
import { fastValue } from './fast-parse.js';

/** A plain key at the start of a line: `name:` followed by a blank or the end of the line. */
const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?=[ \t]|\r?$)/;
/** A key line with nothing after the colon but a comment: its value is the lines below. */
const HEADER = /^([A-Za-z_][A-Za-z0-9_.-]*):[ \t]*(#.*)?\r?$/;

/** One top-level key: its text as one chunk, or (a block map) its entries' texts. */
export type TopChunk = { readonly key: string; readonly text: string } | { readonly key: string; readonly entries: readonly { readonly key: string; readonly text: string }[] };

const blank = (line: string) => /^[ \t]*(#.*)?\r?$/.test(line);
const indentOf = (line: string) => line.length - line.trimStart().length;

/** The file's chunks, or undefined when the text is not laid out so that they can be trusted. */
export function splitChunks(text: string): readonly TopChunk[] | undefined {
  const lines = text.split('\n');
  const tops: { key: string; from: number; to: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' || line[0] === ' ' || line[0] === '#' || line === '\r') continue;
    const m = KEY.exec(line);
    if (!m) return undefined;
    if (tops.length) tops[tops.length - 1]!.to = i;
    tops.push({ key: m[1]!, from: i, to: lines.length });
  }
  // Text before the first key may only be blank lines and comments.
  for (let i = 0; i < (tops[0]?.from ?? lines.length); i++) if (!blank(lines[i]!)) return undefined;
  if (tops.length === 0 || !distinct(tops.map((t) => t.key))) return undefined;
  const out: TopChunk[] = [];
  for (const top of tops) {
    const entries = HEADER.test(lines[top.from]!) ? splitEntries(lines, top.from + 1, top.to) : undefined;
    if (entries === null) return undefined;
    out.push(entries ? { key: top.key, entries } : { key: top.key, text: join(lines, top.from, top.to) });
  }
  return out;
}

/**
 * The entries of a block map on lines [from, to): undefined when it is not one (a list, a
 * scalar, nothing), null when its layout cannot be trusted.
 */
function splitEntries(lines: readonly string[], from: number, to: number): { key: string; text: string }[] | undefined | null {
  let first = from;
  while (first < to && blank(lines[first]!)) first++;
  if (first === to) return undefined;
  const n = indentOf(lines[first]!);
  if (n === 0 || lines[first]![n - 1] !== ' ' || lines[first]!.slice(0, n).includes('\t') || !KEY.test(lines[first]!.slice(n))) return undefined;
  const starts: { key: string; at: number }[] = [];
  for (let i = first; i < to; i++) {
    const line = lines[i]!;
    if (blank(line)) continue;
    const indent = indentOf(line);
    if (indent > n) continue;
    if (indent < n || line.slice(0, n).includes('\t')) return null;
    const m = KEY.exec(line.slice(n));
    if (!m) return null;
    starts.push({ key: m[1]!, at: i });
  }
  if (!distinct(starts.map((s) => s.key))) return null;
  return starts.map((s, i) => ({ key: s.key, text: join(lines, s.at, starts[i + 1]?.at ?? to) }));
}

function distinct(keys: readonly string[]): boolean {
  return new Set(keys).size === keys.length && !keys.includes('__proto__');
}

/** Lines [from, to) with the line break that ends the last one (a kept block scalar keeps it). */
function join(lines: readonly string[], from: number, to: number): string {
  return lines.slice(from, to).join('\n') + (to < lines.length ? '\n' : '');
}

const NONE = Symbol('none');

/**
 * The file's value from its chunks (parsed, or taken from `memo`), before interpolation; undefined
 * when the file must be parsed whole (see the top of this file). Parsing one chunk allows two
 * levels less nesting than the file: a chunk too deep for that is left to the whole parse.
 */
export function valueFromChunks(file: string, text: string, memo?: ChunkMemo): Record<string, unknown> | undefined {
  const tops = splitChunks(text);
  if (!tops) return undefined;
  const out: Record<string, unknown> = {};
  for (const top of tops) {
    if ('text' in top) {
      const v = chunkValue(file, top.key, top.text, memo);
      if (v === NONE) return undefined;
      out[top.key] = v;
      continue;
    }
    const section: Record<string, unknown> = {};
    for (const e of top.entries) {
      const v = chunkValue(file, e.key, e.text, memo);
      if (v === NONE) return undefined;
      section[e.key] = v;
    }
    out[top.key] = section;
  }
  return out;
}

function chunkValue(file: string, key: string, text: string, memo: ChunkMemo | undefined): unknown {
  const hash = memo?.key(text);
  const known = hash !== undefined ? memo!.get(hash) : undefined;
  // A damaged entry (not a map of this one key) is parsed again.
  if (known !== null && typeof known === 'object' && !Array.isArray(known) && Object.keys(known).length === 1 && Object.hasOwn(known, key)) return (known as Record<string, unknown>)[key];
  // The fast parser where it is certain to agree (./fast-parse.ts), else `yaml`, which reports problems.
  let value = fastValue(text);
  if (value === undefined) {
    const parsed = parseText(file, text, { nesting: MAX_NESTING - 2 });
    if (parsed.diagnostics.length) return NONE;
    value = parsed.value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return NONE;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== key) return NONE;
  if (hash !== undefined) memo!.set(hash, value);
  return (value as Record<string, unknown>)[key];
}
