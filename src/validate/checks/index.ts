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
import { checkDeclaredTypes } from './declared-types.js';
import { checkNames } from './names.js';
import { checkOptions } from './options.js';
import { checkPartitioning } from './partitions.js';
import { checkInheritance } from './inheritance.js';
import { checkOutside, checkReferences } from './references.js';
import { checkRelationships } from './relationships.js';
import { checkSchemas } from './schemas.js';
import { checkLimits } from './limits.js';
import { checkFleets } from './fleet.js';
import { CheckContext } from './report.js';

/**
 * The node a schema error makes unreliable: the map holding the offending key (at least the
 * resource). A key of the postgres block is its own node: `check_constraints` written as a
 * map says nothing about `references` beside it.
 */
function ownerOf(ptr: string): string {
  const s = segments(ptr);
  const ownKey = s.length === 4 && s[0] === 'resources' && s[2] === 'postgres';
  const keep = ownKey ? 4 : Math.max(2, s.length - 1);
  return s.slice(0, keep).map((x) => '/' + x.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Whether a diagnostic lies inside a node that a schema error already makes unreliable (it would only echo it). */
export function echoesSchemaProblem(schemaProblems: readonly Diagnostic[]): (d: Diagnostic) => boolean {
  const owners = schemaProblems.filter((d) => d.src).map((d) => ({ file: d.src!.file, ptr: ownerOf(d.src!.pointer) }));
  return (d) => d.src !== undefined && owners.some((o) => o.file === d.src!.file && (d.src!.pointer === o.ptr || d.src!.pointer.startsWith(o.ptr + '/')));
}

export function checkProject(project: Project, raw: RawProject, sources: SourceIndex, schemaProblems: readonly Diagnostic[]): Diagnostic[] {
  const echoes = echoesSchemaProblem(schemaProblems);
  const taintedResources = new Set<string>();
  let complete = true;
  for (const d of schemaProblems) {
    const s = segments(d.src?.pointer ?? '');
    if (s.length < 2 || s[0] !== 'resources') {
      // Only a malformed `resources` (or document) leaves resources unknown; another top-level key does not.
      if (s.length === 0 || (s.length === 1 && s[0] === 'resources')) complete = false;
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
    checkOptions(ctx, r);
    checkPartitioning(ctx, r);
    checkInheritance(ctx, r);
    checkDeclaredTypes(ctx, r, project);
  }
  checkNames(ctx, project);
  checkSchemas(ctx, project);
  checkLimits(ctx, project);
  checkFleets(ctx, project);
  return ctx.out.filter((d) => !echoes(d));
}
