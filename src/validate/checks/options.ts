/**
 * Options that contradict each other or do nothing where they are written:
 *
 *   deferrable: initially + initially_deferred: false    which one is meant? (error)
 *   all_tenants: true without attribute multitenancy     no tenant column to leave out (warning)
 */
import type { Resource } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { CHECK } from '../codes.js';
import type { CheckContext } from './report.js';
import { everyCustomIndex } from '../../model/partition-indexes.js';

export function checkOptions(ctx: CheckContext, r: Resource): void {
  for (const ref of r.references) {
    if (ref.deferrable === 'initially' && ctx.written(ref.src, 'initially_deferred') && ctx.raw(child(ref.src, 'initially_deferred')) === false) {
      ctx.report(CHECK.referenceOptions, `reference \`${ref.relationship}\` of resource ${r.name} says \`deferrable: initially\` (checked at commit) and \`initially_deferred: false\` (checked at once)`, child(ref.src, 'initially_deferred'), {
        suggestion: 'for a key checked at once unless a transaction defers it, write `deferrable: true`; for one checked at commit, remove `initially_deferred: false`',
      });
    }
  }
  const attributeTenancy = r.multitenancy?.strategy === 'attribute';
  if (attributeTenancy) return;
  const why = r.multitenancy ? `its multitenancy is \`strategy: ${r.multitenancy.strategy}\` (one schema per tenant: there is no tenant column)` : 'it has no multitenancy';
  const suggestion = 'remove `all_tenants: true`, or give the resource `multitenancy: {strategy: attribute, attribute: ...}`';
  for (const id of r.identities) {
    if (id.allTenants) ctx.report(CHECK.allTenantsWithoutTenant, `the identity \`${id.name}\` of resource ${r.name} says \`all_tenants: true\`, which does nothing: ${why}`, child(id.src, 'all_tenants'), { severity: 'warning', suggestion });
  }
  for (const x of everyCustomIndex(r)) {
    if (x.allTenants) ctx.report(CHECK.allTenantsWithoutTenant, `${ctx.describe(x.src)} says \`all_tenants: true\`, which does nothing: ${why}`, child(x.src, 'all_tenants'), { severity: 'warning', suggestion });
  }
}
