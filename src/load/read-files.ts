/**
 * Reads resource files (or a text given in memory) into documents: size and text checks,
 * YAML/JSON parsing with positions, environment interpolation. Every file read is
 * registered in the `LoadedSources`, so every problem can show its line.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../model/diagnostic.js';
import { LOAD } from './codes.js';
import type { FoundFile } from './discover.js';
import { interpolateDocument } from './env-values.js';
import type { Env } from './interpolate.js';
import { formatBytes, MAX_FILE_BYTES } from './limits.js';
import { parseText } from './parse-document.js';
import { valueFromChunks } from './chunks.js';
import type { ChunkMemo } from './chunk-memo.js';
export { totalTooLarge } from './total-size.js';
import type { LoadedSources } from './source-index.js';
import { checkText, decodeText, type Decoded } from './text.js';

export interface LoadedDocument {
  readonly file: string;
  /** The top-level map after interpolation; undefined when the file could not be read. */
  readonly value?: Readonly<Record<string, unknown>>;
}

function tooLarge(file: string, size: number): Diagnostic {
  return {
    code: LOAD.fileTooLarge,
    severity: 'error',
    message: `the file is ${formatBytes(size)}; pgdecl reads files up to ${formatBytes(MAX_FILE_BYTES)}`,
    pos: { file, line: 1, column: 1 },
    suggestion: 'split the resources into several files in a folder, and validate the folder',
  };
}

function notText(file: string, reason: string): Diagnostic {
  return { code: LOAD.notText, severity: 'error', message: `not a text file (${reason}): pgdecl reads YAML or JSON in UTF-8`, pos: { file, line: 1, column: 1 } };
}

/**
 * Parses and interpolates one text, registering it in `sources`. A file laid out in pieces is
 * read piece by piece (./chunks.ts: most pieces by the fast parser), and its positions only if
 * a message needs one; with `chunks`, each piece is parsed once across runs.
 */
export function loadText(file: string, decoded: Decoded, env: Env, sources: LoadedSources, chunks?: ChunkMemo): { document: LoadedDocument; diagnostics: Diagnostic[] } {
  if (!decoded.ok) {
    sources.addFile(file, {});
    return { document: { file }, diagnostics: [notText(file, decoded.reason)] };
  }
  const text = decoded.text;
  if (text.length > MAX_FILE_BYTES) {
    sources.addFile(file, {});
    return { document: { file }, diagnostics: [tooLarge(file, Buffer.byteLength(text))] };
  }
  const pieces = valueFromChunks(file, text, chunks);
  if (pieces) {
    sources.addLazyFile(file, text, () => parseText(file, text));
    return { document: { file, value: pieces }, diagnostics: interpolateDocument(file, pieces, env, sources) };
  }
  const parsed = parseText(file, text);
  sources.addFile(file, { text, lineStarts: parsed.lineStarts, spans: parsed.spans });
  const diagnostics = [...parsed.diagnostics];
  if (parsed.value === undefined) return { document: { file }, diagnostics };
  diagnostics.push(...interpolateDocument(file, parsed.value, env, sources));
  return { document: { file, value: parsed.value as Record<string, unknown> }, diagnostics };
}

export async function loadFile(found: FoundFile, env: Env, sources: LoadedSources, chunks?: ChunkMemo): Promise<{ document: LoadedDocument; diagnostics: Diagnostic[] }> {
  const file = found.display;
  if (found.size > MAX_FILE_BYTES) {
    sources.addFile(file, {});
    return { document: { file }, diagnostics: [tooLarge(file, found.size)] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(found.path);
  } catch (e) {
    sources.addFile(file, {});
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : e instanceof Error ? e.message : String(e);
    return { document: { file }, diagnostics: [{ code: LOAD.fileUnreadable, severity: 'error', message: `cannot read ${file}: ${why}`, src: { file, pointer: '' } }] };
  }
  if (bytes.length > MAX_FILE_BYTES) {
    sources.addFile(file, {});
    return { document: { file }, diagnostics: [tooLarge(file, bytes.length)] };
  }
  return loadText(file, decodeText(bytes), env, sources, chunks);
}

export function loadMemoryText(file: string, text: string, env: Env, sources: LoadedSources) {
  if (text.length > MAX_FILE_BYTES) {
    sources.addFile(file, {});
    return { document: { file }, diagnostics: [tooLarge(file, Buffer.byteLength(text))] };
  }
  return loadText(file, checkText(text), env, sources);
}
