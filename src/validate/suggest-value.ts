/**
 * Suggestions for wrong values: a small table of what people coming from SQL or Ecto write
 * (`cascade` for `delete`), then edit distance over the allowed values.
 */
import { closest, distance } from '../util/suggest.js';

/** What people write → what pgdecl calls it. */
export const SYNONYMS: Readonly<Record<string, string>> = {
  cascade: 'delete',
  delete_all: 'delete',
  set_null: 'nilify',
  default: 'set_default',
  null: 'nilify',
  nullify: 'nilify',
  no_action: 'nothing',
  none: 'nothing',
  deferred: 'initially',
  text: 'string',
  txt: 'string',
  str: 'string',
  varchar: 'string',
  citext: 'ci_string',
  int: 'integer',
  bigint: 'integer',
  int8: 'integer',
  bool: 'boolean',
  double: 'float',
  numeric: 'decimal',
  timestamp: 'utc_datetime_usec',
  timestamptz: 'timestamptz_usec',
  jsonb: 'map',
  json: 'map',
  bytea: 'binary',
  interval: 'duration',
};

/** `did you mean \`delete\`?` for a value that is not among `allowed`, or undefined. */
export function suggestValue(value: string, allowed: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const synonym = Object.hasOwn(SYNONYMS, lower) ? SYNONYMS[lower] : undefined;
  if (synonym !== undefined && allowed.includes(synonym)) return `did you mean \`${synonym}\`?`;
  const c = nearMiss(value, allowed);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}

/** Two adjacent letters swapped (`gni` for `gin`). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** The closest candidate (util/suggest), or one a swap of two letters away, or two edits from a word of 5+ letters. */
export function nearMiss(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  return closest(word, candidates) ?? candidates.find((c) => swapped(w, c.toLowerCase()) || (w.length >= 5 && distance(w, c.toLowerCase()) <= 2));
}

/** "a, b or c". */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A value in a message: `cascade`, the number 5, a list, a map. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v === '' ? 'an empty string' : `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a map';
}

/** `did you mean \`x\`?` by `nearMiss`, or undefined. */
export function didYouMeanNear(word: string, candidates: Iterable<string>): string | undefined {
  const c = nearMiss(word, [...candidates]);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
