/**
 * Merges the loaded documents into one raw project: `repos`, `resources`, `functions`, `sequences`, `collations`, `types`, `views` and `aggregates`
 * from every file. A name defined in two files is an error that names both places.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceIndex, Src } from '../model/source.js';
import { pointer } from '../model/source.js';
import { LOAD } from './codes.js';
import type { LoadedDocument } from './read-files.js';

/** One named entry as written, not yet validated. */
export interface RawEntry {
  readonly name: string;
  readonly value: unknown;
  readonly src: Src;
}

export interface RawProject {
  readonly files: readonly string[];
  readonly repos: readonly RawEntry[];
  readonly resources: readonly RawEntry[];
  readonly functions: readonly RawEntry[];
  readonly sequences: readonly RawEntry[];
  readonly collations: readonly RawEntry[];
  readonly types: readonly RawEntry[];
  readonly views: readonly RawEntry[];
  /** Absent in raw projects made before aggregates existed. */
  readonly aggregates?: readonly RawEntry[];
}

const SECTIONS = { repos: 'repo', resources: 'resource', functions: 'function', sequences: 'sequence', collations: 'collation', types: 'type', views: 'view', aggregates: 'aggregate' } as const;
type Section = keyof typeof SECTIONS;

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergeDocuments(documents: readonly LoadedDocument[], sources: SourceIndex): { project: RawProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: Record<Section, RawEntry[]> = { repos: [], resources: [], functions: [], sequences: [], collations: [], types: [], views: [], aggregates: [] };
  const seen: Record<Section, Map<string, RawEntry>> = { repos: new Map(), resources: new Map(), functions: new Map(), sequences: new Map(), collations: new Map(), types: new Map(), views: new Map(), aggregates: new Map() };
  for (const doc of documents) {
    if (!doc.value) continue;
    for (const section of Object.keys(SECTIONS) as Section[]) {
      const block = doc.value[section];
      if (!isMap(block)) continue;
      for (const [name, value] of Object.entries(block)) {
        const entry: RawEntry = { name, value, src: { file: doc.file, pointer: pointer(section, name) } };
        const first = seen[section].get(name);
        if (first) {
          const at = sources.position(first.src, 'key');
          const where = at ? `${at.file}:${at.line}:${at.column}` : first.src.file;
          const pos = sources.position(entry.src, 'key');
          diagnostics.push({
            code: LOAD.duplicateDefinition,
            severity: 'error',
            message: `${SECTIONS[section]} \`${name}\` is defined twice: first in ${where}`,
            src: entry.src,
            ...(pos ? { pos } : {}),
            suggestion: `rename one of them, or remove one`,
          });
          continue;
        }
        seen[section].set(name, entry);
        out[section].push(entry);
      }
    }
  }
  return { project: { files: documents.map((d) => d.file), ...out }, diagnostics };
}
