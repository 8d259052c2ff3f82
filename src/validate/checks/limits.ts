/**
 * PostgreSQL's own limits that the files can exceed: a table holds at most 1,600 columns
 * (MaxHeapAttributeNumber). Over it, every plan would fail at the server; say so at validate
 * time, where the attributes are.
 */
import type { Project } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { CHECK } from '../codes.js';
import type { CheckContext } from './report.js';

export const MAX_COLUMNS = 1600;

export function checkLimits(ctx: CheckContext, project: Project): void {
  for (const r of project.resources) {
    const n = r.attributes.length;
    if (n <= MAX_COLUMNS) continue;
    const added = r.attributes.filter((a) => a.fromRelationship !== undefined).length;
    ctx.report(CHECK.tooManyColumns, `resource ${r.name} has ${n} columns${added ? ` (${added} of them added by belongs_to relationships)` : ''}; a PostgreSQL table holds at most ${MAX_COLUMNS}`, ctx.written(r.src, 'attributes') ? child(r.src, 'attributes') : r.src, {
      suggestion: 'split the resource into several tables (e.g. a has_one with the rarely used attributes), or store related values in one `map` (jsonb) attribute',
    });
  }
}
