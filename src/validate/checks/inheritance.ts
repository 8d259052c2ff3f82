/**
 * Table inheritance (`postgres.inherits`):
 *
 *   a parent that is no resource                                       unknown_resource
 *   a table inheriting from itself, or a cycle of parents              inheritance
 *   a partitioned table as the child or the parent                     inheritance
 *   a parent in another repo, or in other schemas (multitenancy)       inheritance
 *   a Citus distributed or reference table on either side              inheritance
 */
import type { Resource } from '../../model/resource.js';
import { ancestorResources } from '../../model/inheritance.js';
import { CHECK } from '../codes.js';
import { didYouMeanNear } from '../suggest-value.js';
import type { CheckContext } from './report.js';

const citus = (r: Resource) => (r.distribution ? 'a Citus distributed table' : r.reference ? 'a Citus reference table' : undefined);
const tenancy = (r: Resource) => (r.multitenancy?.strategy !== 'context' ? 'in one schema' : r.multitenancy.global ? 'in every tenant schema and its own schema' : 'in every tenant schema');

export function checkInheritance(ctx: CheckContext, r: Resource): void {
  const parents = r.inherits ?? [];
  if (!parents.length) return;
  const bad = (message: string, src: Resource['src'], suggestion: string) => ctx.report(CHECK.inheritance, message, src, { part: 'value', suggestion });
  if (r.partitionBy) {
    bad(`resource ${r.name} is a partitioned table (\`partition_by\`), which PostgreSQL cannot make an inheritance child`, parents[0]!.src, 'remove `inherits`, or `partition_by` and `partitions`');
    return;
  }
  const own = citus(r);
  if (own) bad(`resource ${r.name} is ${own}, which Citus cannot make an inheritance child`, parents[0]!.src, 'remove `inherits`, or the `distribution` / `reference`');
  for (const p of parents) {
    const parent = ctx.resources.get(p.name);
    if (!parent) {
      if (ctx.complete) {
        ctx.report(CHECK.unknownResource, `\`inherits\` of resource ${r.name} names \`${p.name}\`, which is not a resource`, p.src, {
          part: 'value',
          suggestion: didYouMeanNear(p.name, ctx.resources.keys()) ?? 'name a resource of the files (its table becomes the parent); a table the files do not declare cannot be a parent',
        });
      }
      continue;
    }
    if (parent === r) {
      bad(`resource ${r.name} inherits from itself`, p.src, `remove \`${p.name}\` from \`inherits\``);
      continue;
    }
    if (ancestorResources(ctx.resources, parent).includes(r)) {
      bad(`\`inherits\` of resource ${r.name} makes a cycle: ${parent.name} inherits from ${r.name} already`, p.src, `remove \`${p.name}\` from \`inherits\` of ${r.name}, or ${r.name} from the parents of ${parent.name}`);
      continue;
    }
    if (parent.partitionBy) bad(`resource ${r.name} inherits from ${parent.name}, a partitioned table (\`partition_by\`); PostgreSQL cannot inherit from one`, p.src, `declare the table as a partition under \`partitions\` of ${parent.name}, or remove \`${p.name}\` from \`inherits\``);
    if (parent.repo !== r.repo) bad(`resource ${r.name} (repo \`${r.repo}\`) inherits from ${parent.name} (repo \`${parent.repo}\`): both must be in one database`, p.src, `put both resources in one repo`);
    if (tenancy(parent) !== tenancy(r)) bad(`resource ${r.name} lives ${tenancy(r)} and its parent ${parent.name} ${tenancy(parent)}: a table inherits from a table beside it`, p.src, `give both resources the same \`multitenancy\`, or remove \`${p.name}\` from \`inherits\``);
    const theirs = citus(parent);
    if (theirs && !own) bad(`resource ${r.name} inherits from ${parent.name}, ${theirs}, which Citus cannot make an inheritance parent`, p.src, `remove \`${p.name}\` from \`inherits\`, or the \`distribution\` / \`reference\` of ${parent.name}`);
  }
}
