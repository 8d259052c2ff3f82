/**
 * Records a rename the user confirmed in the resource file itself: `renamed_from: <old>` is
 * added to the attribute (or to the resource's `postgres` block), so the answer is reviewed
 * with the migration and the next generate and plan know it.
 *
 * The file is located with the yaml Document API (the node at the attribute's `src`
 * pointer) and edited as text at that node's offsets: only the touched span changes, every
 * comment, blank line, quote and flow map elsewhere stays as written.
 *
 *   name: string                        →  name: { type: string, renamed_from: old }
 *   name: { type: string }              →  name: { type: string, renamed_from: old }
 *   name:                               →  name:
 *     type: string                            type: string
 *                                             renamed_from: old
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { PgdeclError } from '../model/diagnostic.js';
import { segments, type Src } from '../model/source.js';

export interface Recorded {
  readonly file: string;
  /** 1-based line where `renamed_from` now is. */
  readonly line: number;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

function scalarText(value: string, json: boolean): string {
  if (json || !PLAIN.test(value) || YAML_WORDS.has(value.toLowerCase())) return JSON.stringify(value);
  return value;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function cannot(file: string, why: string, key: string, value: string): PgdeclError {
  return new PgdeclError({
    code: 'rename_not_recorded',
    severity: 'error',
    message: `cannot add \`${key}: ${value}\` to ${file}: ${why}`,
    suggestion: `add \`${key}: ${value}\` there by hand, then run the command again`,
  });
}

/** Adds `key: value` to the map at `pointer` of `text` (or turns a scalar type there into a map). Returns the new text and the offset of the key. */
export function addKey(text: string, pointer: string, key: string, value: string, json: boolean, file = 'the file'): { text: string; at: number } {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw cannot(file, `it does not parse (${doc.errors[0]!.message})`, key, value);
  const path = segments(pointer);
  const node = doc.getIn(path, true) as Node | undefined;
  if (!node || !node.range) throw cannot(file, `nothing is at ${pointer}`, key, value);
  const k = json ? JSON.stringify(key) : key;
  const v = scalarText(value, json);
  if (isScalar(node)) {
    const [start, end] = node.range;
    const written = text.slice(start, end);
    const typeKey = json ? '"type"' : 'type';
    const replacement = `{ ${typeKey}: ${written}, ${k}: ${v} }`;
    return { text: text.slice(0, start) + replacement + text.slice(end), at: start + replacement.indexOf(k, typeKey.length + written.length) };
  }
  if (!isMap(node)) throw cannot(file, `${pointer} is neither a map nor a type name`, key, value);
  if (node.has(key)) throw cannot(file, `${pointer} already has \`${key}\``, key, value);
  if (node.flow) {
    const close = node.range[1] - 1;
    if (text[close] !== '}') throw cannot(file, `the flow map at ${pointer} does not end with }`, key, value);
    const last = node.items[node.items.length - 1];
    const lastEnd = (last?.value as Node | null | undefined)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
    if (lastEnd === undefined) {
      const insert = ` ${k}: ${v} `;
      const open = text.lastIndexOf('{', close);
      return { text: text.slice(0, open + 1) + insert + text.slice(close), at: open + 2 };
    }
    const insert = `, ${k}: ${v}`;
    return { text: text.slice(0, lastEnd) + insert + text.slice(lastEnd), at: lastEnd + 2 };
  }
  // A block map: a new line after its last entry, indented like its first key.
  const first = node.items[0]?.key as Node | undefined;
  if (!first?.range) throw cannot(file, `the map at ${pointer} is empty`, key, value);
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = text.slice(lineStart, first.range[0]);
  if (indent.trim() !== '') throw cannot(file, `the map at ${pointer} does not start on its own line`, key, value);
  let at = node.range[1];
  let prefix = '';
  if (at > 0 && text[at - 1] !== '\n') {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      at = text.length;
      prefix = '\n';
    } else at = nl + 1;
  }
  const insert = `${prefix}${indent}${k}: ${v}\n`;
  return { text: text.slice(0, at) + insert + text.slice(at), at: at + prefix.length + indent.length };
}

/**
 * Adds `renamed_from: <from>` where `src` points: an attribute (`/resources/User/attributes/name`)
 * or a resource (`/resources/User`, which gets it in its `postgres` block). `cwd` resolves
 * the file name the loader recorded.
 */
export function recordRenamedFrom(cwd: string, src: Src, from: string, target: 'attribute' | 'resource'): Recorded {
  const path = resolve(cwd, src.file);
  const text = readFileSync(path, 'utf8');
  const json = path.endsWith('.json');
  const pointer = target === 'resource' ? `${src.pointer}/postgres` : src.pointer;
  const edited = addKey(text, pointer, 'renamed_from', from, json, src.file);
  const check = parseDocument(edited.text).getIn([...segments(pointer), 'renamed_from']);
  if (check !== from) throw cannot(src.file, 'the edited file does not read back as expected', 'renamed_from', from);
  writeFileSync(path, edited.text);
  return { file: src.file, line: lineOf(edited.text, edited.at) };
}
