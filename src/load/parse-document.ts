/**
 * One file's text → its JSON value and, from ONE walk of the YAML syntax tree, the position
 * (key and value ranges) of every node by JSON pointer. YAML 1.2 core schema (`yes` stays a
 * string); JSON is YAML, so the same parser reads both. Never throws: every problem becomes
 * a positioned diagnostic.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type YAMLError } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Pos } from '../model/source.js';
import { pointer } from '../model/source.js';
import { LOAD } from './codes.js';
import { MAX_ALIAS_COUNT, MAX_NESTING } from './limits.js';
import { tooDeepAt } from './nesting.js';
import { describeYamlError, unclosedOpener } from './yaml-errors.js';

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** Where a node is in the file: offsets of its key (map entries) and of its value. */
export interface Span {
  readonly keyStart?: number;
  readonly keyEnd?: number;
  readonly start: number;
  readonly end: number;
  /** For string scalars: how it was written (for positions inside it). */
  readonly style?: ScalarStyle;
}

export interface ParsedText {
  /** The document as JSON, or undefined when the file cannot be used. */
  readonly value?: unknown;
  readonly spans: ReadonlyMap<string, Span>;
  readonly lineStarts: readonly number[];
  readonly diagnostics: readonly Diagnostic[];
}

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Positions from offsets, with the lines of the text. */
export class LinePositions {
  constructor(
    readonly file: string,
    readonly counter: LineCounter,
  ) {}
  pos(start: number, end?: number): Pos {
    const a = this.counter.linePos(start);
    if (end === undefined || end <= start) return { file: this.file, line: a.line, column: a.col };
    const b = this.counter.linePos(end);
    return { file: this.file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }
}

function diag(code: string, message: string, pos: Pos, suggestion?: string): Diagnostic {
  return { code, severity: 'error', message, pos, ...(suggestion ? { suggestion } : {}) };
}

/** `nesting`: the deepest nesting read (a piece of a file is read with less, ./chunks.ts). */
export function parseText(file: string, text: string, limits: { readonly nesting?: number } = {}): ParsedText {
  const maxNesting = limits.nesting ?? MAX_NESTING;
  const counter = new LineCounter();
  const spans = new Map<string, Span>();
  const diagnostics: Diagnostic[] = [];
  const at = new LinePositions(file, counter);
  const done = (value?: unknown): ParsedText => ({ value, spans, lineStarts: counter.lineStarts, diagnostics });

  if (text.trim() === '') {
    counter.addNewLine(0);
    diagnostics.push(diag(LOAD.emptyFile, 'the file is empty', at.pos(0), 'a resource file starts with `version: 1` and `resources:`'));
    return done();
  }
  // Lexed once: the nesting check reads the tokens before the (recursive) parser gets them.
  const tokens = [...new Lexer().lex(text)];
  const deep = tooDeepAt(tokens, maxNesting);
  if (deep !== undefined) {
    counter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
    diagnostics.push(
      diag(LOAD.nestedTooDeep, `the file nests more than ${maxNesting} levels deep; pgdecl does not read it`, at.pos(deep), 'a resource file nests about 8 levels: check for runaway `[`, `{` or `- `'),
    );
    return done();
  }

  let doc: Document.Parsed;
  try {
    doc = parseTokens(tokens, text.length, counter);
  } catch (e) {
    // The parser reports problems as errors on the document; this is only a safety net.
    if (counter.lineStarts.length === 0) counter.addNewLine(0);
    diagnostics.push(diag(LOAD.yamlSyntax, `invalid YAML: ${e instanceof Error ? e.message : String(e)}`, at.pos(0)));
    return done();
  }

  const walk = walkDocument(doc, spans, text);
  walk.aliases.sort((a, b) => a.start - b.start);
  let fatal = false;
  for (const dup of walk.duplicates) {
    const first = counter.linePos(dup.first);
    diagnostics.push(diag(LOAD.duplicateKey, `duplicate key \`${dup.key}\`: it is already at line ${first.line}`, at.pos(dup.second, dup.secondEnd), 'keys must be unique within a map: remove or rename one'));
  }
  for (const e of doc.errors) {
    if (fatal) continue; // after the first syntax error the rest is mostly its echo
    fatal = true;
    const closer = /end with an? ([\]}])$/.exec(e.message)?.[1] as ']' | '}' | undefined;
    const opener = closer ? unclosedOpener(text, e.pos[0], closer) : undefined;
    if (closer && opener !== undefined) {
      const line = counter.linePos(e.pos[0]).line;
      diagnostics.push(diag(LOAD.yamlSyntax, `invalid YAML: this \`${text[opener]}\` is not closed with \`${closer}\` (the parser noticed at line ${line})`, at.pos(opener, opener + 1), `add the \`${closer}\`, or indent the lines that continue it`));
      continue;
    }
    diagnostics.push(yamlDiagnostic(e, at));
  }
  diagnostics.push(...walk.problems.map((p) => diag(p.code, p.message, at.pos(p.start, p.end), p.suggestion)));
  if (fatal || walk.problems.length > 0) return done();
  if (doc.contents === null) {
    diagnostics.push(diag(LOAD.emptyFile, 'the file is empty (it holds only comments)', at.pos(0), 'a resource file starts with `version: 1` and `resources:`'));
    return done();
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const unresolved = /Unresolved alias.*: (.*)$/.exec(message);
    const alias = (unresolved ? walk.aliases.find((a) => a.name === unresolved[1]) : undefined) ?? walk.aliases[0];
    const where = at.pos(alias?.start ?? 0, alias?.end);
    if (unresolved) diagnostics.push(diag(LOAD.yamlAlias, `the alias \`*${unresolved[1]}\` has no anchor \`&${unresolved[1]}\` before it`, where));
    else
      diagnostics.push(
        diag(LOAD.yamlAlias, `the aliases in this file expand to too many nodes (more than ${MAX_ALIAS_COUNT} per alias): refused as a "billion laughs" attack`, where, 'write the values out, or use fewer nested aliases'),
      );
    return done();
  }

  const contents = doc.contents;
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : isScalar(contents) ? `a single value (${describeScalar(value)})` : 'not a map';
    const range = contents.range ?? [0, 0];
    diagnostics.push(diag(LOAD.topLevelNotMap, `the top level of a resource file must be a map with \`version\`, \`resources\`, \`repos\` and \`functions\`, not ${what}`, at.pos(range[0]), 'start the file with `version: 1`, then `resources:` with the resources under it'));
    return done();
  }
  return done(value);
}

/** yaml's `parseDocument` over tokens already lexed: the same parser, composer and options. */
function parseTokens(tokens: readonly string[], length: number, counter: LineCounter): Document.Parsed {
  const parser = new Parser(counter.addNewLine);
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: 'error', version: '1.2', schema: 'core' });
  function* cst() {
    counter.addNewLine(0);
    for (const token of tokens) yield* parser.next(token);
    yield* parser.end();
  }
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(cst(), true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc!;
}

function describeScalar(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return String(v);
}

function yamlDiagnostic(e: YAMLError, at: LinePositions): Diagnostic {
  const { message, suggestion } = describeYamlError(e);
  return diag(LOAD.yamlSyntax, message, at.pos(e.pos[0], e.pos[1]), suggestion);
}

interface WalkResult {
  readonly duplicates: { key: string; first: number; second: number; secondEnd: number }[];
  readonly aliases: { name: string; start: number; end: number }[];
  readonly problems: { code: string; message: string; start: number; end: number; suggestion?: string }[];
}

/** The one walk: spans by pointer, duplicate keys, aliases, unsupported tags and keys. Iterative. */
function walkDocument(doc: Document.Parsed, spans: Map<string, Span>, text: string): WalkResult {
  const out: WalkResult = { duplicates: [], aliases: [], problems: [] };
  // Parallel stacks (no object per pending node): this walk visits every node of big files.
  const nodes: unknown[] = [doc.contents];
  const ptrs: string[] = [''];
  const keyStarts: number[] = [-1];
  const keyEnds: number[] = [-1];
  const span = (ks: number, ke: number, start: number, end: number, style?: ScalarStyle): Span =>
    ks < 0 ? (style ? { start, end, style } : { start, end }) : style ? { keyStart: ks, keyEnd: ke, start, end, style } : { keyStart: ks, keyEnd: ke, start, end };
  while (nodes.length > 0) {
    const node = nodes.pop();
    const ptr = ptrs.pop()!;
    const ks = keyStarts.pop()!;
    const ke = keyEnds.pop()!;
    // Of duplicate keys, the later one was visited first and wins, as in the value.
    if (spans.has(ptr)) continue;
    if (node === null || node === undefined) {
      // `key:` with nothing after it: the value is where the key ends.
      if (ke >= 0) spans.set(ptr, span(ks, ke, ke, ke));
      continue;
    }
    if (isAlias(node)) {
      const [start, end] = node.range ?? [0, 0];
      out.aliases.push({ name: node.source, start, end });
      spans.set(ptr, span(ks, ke, start, end));
      continue;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
    const range = node.range ?? [0, 0, 0];
    const tag = node.tag;
    if (tag && !CORE_TAGS.has(tag)) {
      const [start, end] = tagRange(text, range[0]);
      out.problems.push({ code: LOAD.yamlTag, message: `the YAML tag \`${text.slice(start, end)}\` is not supported in resource files`, start, end, suggestion: 'remove the tag: values are strings, numbers, booleans, null, lists and maps' });
    }
    if (isScalar(node)) {
      spans.set(ptr, span(ks, ke, range[0], range[1], typeof node.value === 'string' ? (node.type as ScalarStyle | undefined) : undefined));
      continue;
    }
    spans.set(ptr, span(ks, ke, range[0], range[1]));
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        nodes.push(node.items[i]);
        ptrs.push(ptr + '/' + i);
        keyStarts.push(-1);
        keyEnds.push(-1);
      }
      continue;
    }
    // Duplicate keys are found here, in one pass (yaml's own `uniqueKeys` compares each key
    // with every earlier one: quadratic in a map of 5,000 resources).
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = pair.key;
      if (key !== null && !isScalar(key)) {
        const r = (key as { range?: [number, number, number] }).range ?? range;
        out.problems.push({ code: LOAD.yamlComplexKey, message: 'a key must be a name, not a list or a map', start: r[0], end: r[1] });
        continue;
      }
      const name = key === null || key.value === null || key.value === undefined ? '' : String(key.value);
      const [kStart, kEnd] = key?.range ?? [range[0], range[0]];
      const first = seen.get(name);
      if (first !== undefined) out.duplicates.push({ key: name, first, second: kStart, secondEnd: kEnd });
      else seen.set(name, kStart);
      nodes.push(pair.value);
      ptrs.push(ptr + (/[~/]/.test(name) ? pointer(name) : '/' + name));
      keyStarts.push(kStart);
      keyEnds.push(kEnd);
    }
  }
  return out;
}

/** The `!tag` written before a node that starts at `start` (or the node itself when not found). */
function tagRange(text: string, start: number): [number, number] {
  let end = start;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let begin = end;
  while (begin > 0 && !/\s/.test(text[begin - 1]!)) begin--;
  return text[begin] === '!' ? [begin, end] : [start, start + 1];
}
