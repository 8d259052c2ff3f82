/**
 * The rules a JSON Schema cannot express, run on the built model. A check that would only
 * echo a schema error is skipped: diagnostics inside a node that already has a schema error
 * are dropped, and checks that look into another resource skip resources with schema errors
 * in their attributes or relationships.
 */
import type { RawProject } from '../../load/merge.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Project } from '../../model/resource.js';
import { segments, type SourceIndex } from '../../model/source.js';
import { checkAttributes } from './attributes.js';
import { checkColumns } from './columns.js';
import { checkNames } from './names.js';
import { checkOutside, checkReferences } from './references.js';
import { checkRelationships } from './relationships.js';
import { checkSchemas } from './schemas.js';
import { checkLimits } from './limits.js';
import { CheckContext } from './report.js';

/** The node a schema error makes unreliable: the map holding the offending key (at least the resource). */
function ownerOf(ptr: string): string {
  const s = segments(ptr);
  const keep = Math.max(2, s.length - 1);
  return s.slice(0, keep).map((x) => '/' + x.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function checkProject(project: Project, raw: RawProject, sources: SourceIndex, schemaProblems: readonly Diagnostic[]): Diagnostic[] {
  const owners = schemaProblems.filter((d) => d.src).map((d) => ({ file: d.src!.file, ptr: ownerOf(d.src!.pointer) }));
  const taintedResources = new Set<string>();
  let complete = true;
  for (const d of schemaProblems) {
    const s = segments(d.src?.pointer ?? '');
    if (s.length < 2 || s[0] !== 'resources') {
      if (s.length <= 1 && s[0] !== 'version') complete = false;
      continue;
    }
    if (s.length <= 3 || s[2] === 'attributes' || s[2] === 'relationships') taintedResources.add(s[1]!);
  }
  const ctx = new CheckContext(project.resources, raw, sources, (r) => !complete || taintedResources.has(r), complete, new Set(project.repos.map((x) => x.name)));
  for (const r of project.resources) {
    checkAttributes(ctx, r);
    checkRelationships(ctx, r);
    checkColumns(ctx, r);
    checkReferences(ctx, r);
    checkOutside(ctx, r, project);
  }
  checkNames(ctx, project);
  checkSchemas(ctx, project);
  checkLimits(ctx, project);
  return ctx.out.filter((d) => !d.src || !owners.some((o) => o.file === d.src!.file && (d.src!.pointer === o.ptr || d.src!.pointer.startsWith(o.ptr + '/'))));
}
