/** The rules a JSON Schema cannot express, run on the built model. */
import type { RawProject } from '../../load/merge.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Project } from '../../model/resource.js';
import type { SourceIndex } from '../../model/source.js';

export function checkProject(_project: Project, _raw: RawProject, _sources: SourceIndex, _schemaProblems: readonly Diagnostic[]): Diagnostic[] {
  return [];
}
