/**
 * Relationships: destinations and join resources exist, the columns they name exist on the
 * right resource, belongs_to columns fit their target (count, type, a unique key there),
 * and do not clash with declared attributes.
 */
import type { Relationship, Resource } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { columnFamily, typeText } from '../build/attr-type.js';
import { snake } from '../build/raw.js';
import { CHECK } from '../codes.js';
import { didYouMeanNear } from '../suggest-value.js';
import { columnHint, type CheckContext } from './report.js';

const list = (cols: readonly string[]) => cols.map((c) => `\`${c}\``).join(', ');

/** The resource a relationship names under `key` (destination, through), reported when missing. */
function target(ctx: CheckContext, r: Resource, rel: Relationship, key: 'destination' | 'through', name: string): Resource | undefined {
  const found = ctx.resources.get(name);
  if (found || !ctx.complete) return found;
  ctx.report(CHECK.unknownResource, `relationship \`${rel.name}\` of resource ${r.name} points at \`${name}\`, which is not a resource`, child(rel.src, key), {
    part: 'value',
    suggestion: didYouMeanNear(name, ctx.resources.keys()) ?? (key === 'through' ? 'a many_to_many needs a join resource with a belongs_to to each side' : undefined),
  });
  return undefined;
}

/** Columns a relationship names on `on` (under `key`, or defaulted): each must be an attribute. */
function columnsExist(ctx: CheckContext, r: Resource, rel: Relationship, on: Resource, key: string, cols: readonly string[], defaultHint?: string): void {
  if (ctx.tainted(on.name)) return;
  const has = (col: string) => on.attributes.some((a) => a.name === col);
  if (!ctx.written(rel.src, key)) {
    const missing = cols.filter((c) => !has(c));
    if (missing.length === 0) return;
    const what = missing.length === 1 ? `the column \`${missing[0]}\`` : `the columns ${list(missing)}`;
    ctx.report(CHECK.unknownColumn, `relationship \`${rel.name}\` of resource ${r.name} expects (by default, as its \`${key}\`) ${what} on resource ${on.name}, which ${on.name} does not have`, rel.src, {
      suggestion: defaultHint ?? `set \`${key}\``,
    });
    return;
  }
  for (const [i, col] of cols.entries()) {
    if (has(col)) continue;
    ctx.report(CHECK.unknownColumn, `relationship \`${rel.name}\` of resource ${r.name}: \`${key}\` names the column \`${col}\` on resource ${on.name}, which has no such attribute`, ctx.itemSrc(rel.src, key, i), {
      part: 'value',
      suggestion: columnHint(col, on),
    });
  }
}

/** The referenced columns must be the destination's primary key or one of its unique keys. */
function uniqueTarget(d: Resource, cols: readonly string[]): boolean {
  const same = (keys: readonly string[]) => keys.length === cols.length && keys.every((k) => cols.includes(k));
  const pk = d.attributes.filter((a) => a.primaryKey).map((a) => a.name);
  if (same(pk)) return true;
  if (d.identities.some((i) => !i.where && same(i.keys))) return true;
  return d.customIndexes.some((x) => x.unique && !x.where && x.fields.every((f) => f.kind === 'column') && same(x.fields.map((f) => (f.kind === 'column' ? f.column : ''))));
}

function belongsTo(ctx: CheckContext, r: Resource, rel: Relationship, d: Resource): void {
  const reference = r.references.find((x) => x.relationship === rel.name);
  const start = ctx.out.length;
  // The columns it adds, or must find declared.
  for (const [i, col] of rel.sourceAttributes.entries()) {
    const attr = r.attributes.find((a) => a.name === col);
    const src = ctx.written(rel.src, 'source_attribute') ? ctx.itemSrc(rel.src, 'source_attribute', i) : rel.src;
    if (!rel.defineAttribute) {
      if (!attr) ctx.report(CHECK.undeclaredColumn, `relationship \`${rel.name}\` of resource ${r.name} has \`define_attribute: false\`, but no attribute \`${col}\` is declared`, child(rel.src, 'define_attribute'), { suggestion: `declare \`${col}\` in attributes, or remove \`define_attribute: false\`` });
    } else if (attr && attr.fromRelationship === undefined) {
      ctx.report(CHECK.columnClash, `relationship \`${rel.name}\` of resource ${r.name} adds the column \`${col}\`, which is also declared as an attribute`, src, { suggestion: `set \`define_attribute: false\` on the relationship to use the declared one, or remove the attribute` });
    } else if (attr && attr.fromRelationship !== rel.name) {
      ctx.report(CHECK.columnClash, `relationships \`${attr.fromRelationship}\` and \`${rel.name}\` of resource ${r.name} both add the column \`${col}\``, src, { suggestion: `set \`source_attribute\` on one of them` });
    }
  }
  if (ctx.tainted(d.name) || ctx.out.length > start) return;
  if (rel.destinationAttributes.length === 0) {
    ctx.report(CHECK.missingKeyColumns, `relationship \`${rel.name}\` of resource ${r.name} points at resource ${d.name}, which has no primary key`, rel.src, { suggestion: 'set `destination_attribute` to a unique column of the destination' });
    return;
  }
  const before = ctx.out.length;
  columnsExist(ctx, r, rel, d, 'destination_attribute', rel.destinationAttributes);
  if (ctx.out.length > before) return;
  if (rel.sourceAttributes.length !== rel.destinationAttributes.length) {
    const src = ctx.written(rel.src, 'source_attribute') ? child(rel.src, 'source_attribute') : rel.src;
    ctx.report(CHECK.keyColumnCount, `relationship \`${rel.name}\` of resource ${r.name} has ${rel.sourceAttributes.length} column(s) (${list(rel.sourceAttributes)}) for the ${rel.destinationAttributes.length}-column key ${list(rel.destinationAttributes)} of ${d.name}`, src, {
      suggestion: 'give `source_attribute` one column per key column, in the same order',
    });
    return;
  }
  if (reference?.ignore) return;
  // Types: the local column and the key column must be the same PostgreSQL type.
  for (const [i, col] of rel.sourceAttributes.entries()) {
    const local = r.attributes.find((a) => a.name === col);
    const remote = d.attributes.find((a) => a.name === rel.destinationAttributes[i]);
    if (!local || !remote || local.postgresType || remote.postgresType) continue;
    const family = (t: typeof local.type) => columnFamily(t).replace('ci_string', 'text');
    if (family(local.type) === family(remote.type)) continue;
    const src = local.fromRelationship ? (ctx.written(rel.src, 'attribute_type') ? child(rel.src, 'attribute_type') : rel.src) : local.src;
    ctx.report(CHECK.foreignKeyType, `the column \`${col}\` of resource ${r.name} is ${typeText(local.type)}, but it references \`${remote.name}\` of resource ${d.name}, which is ${typeText(remote.type)}`, src, {
      suggestion: 'a foreign key column has the type of the column it references',
    });
  }
  const matched = [...rel.destinationAttributes, ...(reference?.matchWith.map(([, dest]) => dest) ?? [])];
  if (ctx.out.length > start || !matched.every((c) => d.attributes.some((a) => a.name === c))) return;
  // With match_tenant the key includes the tenant column, and the compiler adds the unique index it needs.
  const matchTenant = reference?.matchTenant === true && r.multitenancy?.strategy === 'attribute' && d.multitenancy?.strategy === 'attribute';
  if (!matchTenant && !uniqueTarget(d, matched)) {
    ctx.report(CHECK.foreignKeyTarget, `relationship \`${rel.name}\` of resource ${r.name} references ${list(matched)} of ${d.name}, which is neither its primary key nor a unique identity`, rel.src, {
      suggestion: `add an identity to ${d.name} with \`keys: [${matched.join(', ')}]\``,
    });
  }
}

function tenancy(ctx: CheckContext, r: Resource, rel: Relationship, d: Resource): void {
  const reference = r.references.find((x) => x.relationship === rel.name);
  if (reference?.ignore) return;
  const inTenant = (x: Resource) => x.multitenancy?.strategy === 'context';
  if (!inTenant(r) && inTenant(d) && !d.multitenancy?.global) {
    ctx.report(CHECK.tenantReference, `a table outside the tenant schemas cannot reference a tenant table: resource ${r.name} is not multitenant, and ${d.name} lives in every tenant schema (\`strategy: context\`)`, child(rel.src, 'destination'), {
      part: 'value',
      suggestion: `make ${r.name} \`strategy: context\` too, point the other way (a belongs_to on ${d.name}), or set \`ignore: true\` in its reference`,
    });
  }
  if (r.repo !== d.repo && ctx.repos.has(r.repo) && ctx.repos.has(d.repo)) {
    // As in AshPostgres, no foreign key is made across repos; say so, since it is easy to miss.
    ctx.report(CHECK.crossRepoReference, `relationship \`${rel.name}\` of resource ${r.name} (repo \`${r.repo}\`) points at ${d.name} (repo \`${d.repo}\`): a foreign key cannot cross databases, so none is made`, rel.src, {
      severity: 'warning',
      suggestion: `set \`ignore: true\` in \`postgres.references.${rel.name}\` to say so, or put both in one repo`,
    });
  }
}

export function checkRelationships(ctx: CheckContext, r: Resource): void {
  for (const rel of r.relationships) {
    const d = target(ctx, r, rel, 'destination', rel.destination);
    if (rel.type === 'many_to_many' && rel.through !== undefined) {
      const j = target(ctx, r, rel, 'through', rel.through);
      if (j && !rel.manual) {
        const join = (key: string, col: string | undefined, side: string): void => {
          if (col !== undefined) columnsExist(ctx, r, rel, j, key, [col], `add a belongs_to \`${side}\` to ${j.name}, or set \`${key}\``);
        };
        join('source_attribute_on_join_resource', rel.sourceAttributeOnJoinResource, snake(r.name));
        join('destination_attribute_on_join_resource', rel.destinationAttributeOnJoinResource, snake(rel.destination));
      }
    }
    if (rel.type === 'belongs_to') {
      if (d) {
        belongsTo(ctx, r, rel, d);
        tenancy(ctx, r, rel, d);
      }
      continue;
    }
    if (rel.manual) continue;
    columnsExist(ctx, r, rel, r, 'source_attribute', rel.sourceAttributes, `resource ${r.name} has no primary key: set \`source_attribute\``);
    if (!d) continue;
    if (rel.type === 'many_to_many') columnsExist(ctx, r, rel, d, 'destination_attribute', rel.destinationAttributes);
    else columnsExist(ctx, r, rel, d, 'destination_attribute', rel.destinationAttributes, `add a belongs_to \`${snake(r.name)}\` (destination ${r.name}) to ${d.name}, or set \`destination_attribute\``);
  }
}
