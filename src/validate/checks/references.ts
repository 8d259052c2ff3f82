/**
 * `postgres.references`: each configures a belongs_to of its resource; `match_with` names
 * columns on both sides; `{nilify: [cols]}` names nullable columns of the key itself. Also
 * the names a resource points at outside itself: trigger functions and its repo.
 */
import type { Project, Resource } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { CHECK } from '../codes.js';
import { didYouMeanNear } from '../suggest-value.js';
import { requireColumn, type CheckContext } from './report.js';

export function checkReferences(ctx: CheckContext, r: Resource): void {
  const pg = child(r.src, 'postgres');
  const written = ctx.raw(child(pg, 'references'));
  if (written !== null && typeof written === 'object' && !Array.isArray(written)) {
    const belongsTo = r.relationships.filter((x) => x.type === 'belongs_to').map((x) => x.name);
    for (const name of Object.keys(written)) {
      const rel = r.relationships.find((x) => x.name === name);
      if (rel?.type === 'belongs_to') continue;
      const src = child(pg, 'references', name);
      const why = rel ? `\`${name}\` is a ${rel.type}` : `resource ${r.name} has no relationship \`${name}\``;
      ctx.report(CHECK.referenceNotBelongsTo, `reference \`${name}\` of resource ${r.name} configures no belongs_to: ${why}`, src, {
        suggestion: didYouMeanNear(name, belongsTo) ?? (belongsTo.length ? `references configure the belongs_to relationships: ${belongsTo.map((b) => `\`${b}\``).join(', ')}` : 'references configure belongs_to relationships; remove it'),
      });
    }
  }
  for (const ref of r.references) {
    const rel = r.relationships.find((x) => x.name === ref.relationship);
    if (!rel) continue;
    const d = ctx.resources.get(rel.destination);
    for (const [local, remote] of ref.matchWith) {
      const src = child(ref.src, 'match_with', local);
      requireColumn(ctx, r, local, src, `\`match_with\` of reference \`${ref.relationship}\` of resource ${r.name}`, 'key');
      if (d && !ctx.tainted(d.name)) {
        if (!d.attributes.some((a) => a.name === remote)) {
          ctx.report(CHECK.unknownColumn, `\`match_with\` of reference \`${ref.relationship}\` of resource ${r.name} names \`${remote}\` on ${d.name}${d.name === r.name ? ' (the destination)' : ''}, which has no such attribute`, src, { part: 'value', suggestion: didYouMeanNear(remote, d.attributes.map((a) => a.name)) });
        }
      }
    }
    if (ref.onDelete.action === 'nilify_columns') {
      const own = [...rel.sourceAttributes, ...ref.matchWith.map(([local]) => local)];
      for (const [i, col] of ref.onDelete.columns.entries()) {
        const src = child(ref.src, 'on_delete', 'nilify', i);
        const attr = r.attributes.find((a) => a.name === col);
        if (!own.includes(col)) {
          ctx.report(CHECK.nilifyColumn, `\`on_delete: {nilify: [...]}\` of reference \`${ref.relationship}\` of resource ${r.name} names \`${col}\`, which is not a column of this foreign key`, src, {
            part: 'value',
            suggestion: didYouMeanNear(col, own) ?? `the columns of the key are ${own.map((c) => `\`${c}\``).join(', ')}`,
          });
        } else if (attr && !attr.allowNil) {
          ctx.report(CHECK.nilifyColumn, `\`on_delete: {nilify: [...]}\` of reference \`${ref.relationship}\` of resource ${r.name} would set \`${col}\` to NULL, but it does not allow nil`, src, {
            part: 'value',
            suggestion: `nilify only nullable columns, or make \`${col}\` allow nil`,
          });
        }
      }
    }
    if (ref.matchTenant && d) {
      const notTenant = [r, d].filter((x) => x.multitenancy?.strategy !== 'attribute');
      if (notTenant.length) {
        ctx.report(CHECK.referenceOptions, `reference \`${ref.relationship}\` of resource ${r.name} has \`match_tenant: true\`, but ${notTenant.map((x) => x.name).join(' and ')} ${notTenant.length > 1 ? 'have' : 'has'} no tenant attribute (\`multitenancy: { strategy: attribute }\`)`, child(ref.src, 'match_tenant'), {
          suggestion: 'match_tenant adds the tenant column to a key between two attribute-tenant resources; remove it here',
        });
      } else if (ref.matchType === 'full' && (ref.onDelete.action === 'nilify' || ref.onDelete.action === 'nilify_columns')) {
        ctx.report(CHECK.referenceOptions, `reference \`${ref.relationship}\` of resource ${r.name} has \`match_tenant: true\`, \`match_type: full\` and \`on_delete: nilify\`: nilifying the reference leaves the tenant column set, a half-NULL key that MATCH FULL refuses`, child(ref.src, 'match_type'), {
          part: 'value',
          suggestion: 'use `match_type: simple` (the default), which allows a NULL reference next to the tenant column',
        });
      }
    }
    if (ref.initiallyDeferred && ref.deferrable === false) {
      ctx.report(CHECK.referenceOptions, `reference \`${ref.relationship}\` of resource ${r.name} is \`initially_deferred\` but not \`deferrable\``, child(ref.src, 'initially_deferred'), { suggestion: 'add `deferrable: true` (or write `deferrable: initially` alone)' });
    }
  }
}

export function checkOutside(ctx: CheckContext, r: Resource, project: Project): void {
  const functions = project.functions.map((f) => f.key);
  for (const t of r.triggers) {
    if (t.function === '' || t.function.includes('.') || functions.includes(t.function)) continue;
    ctx.report(CHECK.unknownFunction, `${ctx.describe(t.src)} calls \`${t.function}\`, which is not a key of \`functions\``, child(t.src, 'function'), {
      part: 'value',
      suggestion: didYouMeanNear(t.function, functions) ?? 'define it under `functions:`, or name an existing one as `schema.name`',
    });
  }
  const repos = project.repos.map((x) => x.name);
  if (!repos.includes(r.repo)) {
    ctx.report(CHECK.unknownRepo, `resource ${r.name} is in repo \`${r.repo}\`, which is not defined`, child(r.src, 'postgres', 'repo'), {
      part: 'value',
      suggestion: didYouMeanNear(r.repo, repos) ?? `define it under \`repos:\`, or use \`default\``,
    });
  }
}
