/**
 * A piece of a resource file (./chunks.ts) parsed by js-yaml, about five times faster than the
 * `yaml` parser that reads whole files with positions (./parse-document.ts). Used only where
 * the two give the same value, and only for the plain subset resource files are written in:
 * anything else returns undefined, and the piece is parsed by `yaml` as before, which also
 * reports any problem with its position.
 *
 * What is left to `yaml`: a syntax error, a duplicate key, an anchor, an alias, a tag, a
 * directive or document marker, a tab or carriage return anywhere, a line of 1,000 characters
 * or more (`yaml` limits implicit keys to 1,024), a key that is not a plain
 * name (`null:`, `1:`, `"a b":`), nesting deeper than ordinary files, and a plain number
 * too large for a double (`yaml` reads it as Infinity, js-yaml as a string). Scalars resolve
 * by the YAML 1.2 core schema in both (`yes` stays a string, `0o17` is 15).
 */
import { CORE_SCHEMA, constructFromEvents, EVENT_ID, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';

/** Far below the nesting `yaml` is allowed (../load/limits.ts), far above any resource file. */
const MAX_DEPTH = 40;
/** A key the two parsers turn into the same property: a plain name that no core type resolves. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const RESOLVED_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** yaml's core int and float forms (without .inf and .nan, which both read alike). */
const NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** Whether a line of `text` is `length` characters or longer (linear: a regex here is not). */
function hasLineOf(text: string, length: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    if (end - start >= length) return true;
    start = end + 1;
  }
  return text.length - start >= length;
}

/** The value of `text`, or undefined when it is not certain to be what `yaml` reads. */
export function fastValue(text: string): unknown {
  // yaml refuses an implicit key longer than 1024 characters; js-yaml does not: long lines go to yaml.
  if (/[\t\r&*!%]/.test(text) || hasLineOf(text, 1000)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  let documents = 0;
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || e.explicitStart || e.explicitEnd || e.directives.length) return undefined;
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (e.anchorStart >= 0 || e.tagStart >= 0) return undefined;
        break;
      case EVENT_ID.SCALAR:
        if (e.anchorStart >= 0 || e.tagStart >= 0) return undefined;
        if (e.style === SCALAR_STYLE.PLAIN && e.valueEnd > e.valueStart) {
          const raw = text.slice(e.valueStart, e.valueEnd);
          if (NUMBER.test(raw) && !Number.isFinite(raw.startsWith('0x') ? parseInt(raw.slice(2), 16) : raw.startsWith('0o') ? parseInt(raw.slice(2), 8) : parseFloat(raw))) return undefined;
        }
        break;
      case EVENT_ID.ALIAS:
        return undefined;
      case EVENT_ID.POP:
        break;
    }
  }
  let value: unknown;
  try {
    value = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 })[0];
  } catch {
    return undefined;
  }
  return plainKeys(value) ? value : undefined;
}

/** Whether every key of every map in `value` is a plain name (iterative: no recursion on input). */
function plainKeys(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return false;
    for (const k of Object.keys(v)) {
      if (!NAME.test(k) || RESOLVED_WORDS.has(k) || k === '__proto__') return false;
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return true;
}
