/**
 * Every place that names a column of its own resource: identity keys, custom index fields,
 * `include` and `opclass`, check constraint attributes, trigger `update_of`, the tenant
 * attribute, and manage_tenant templates.
 */
import type { CustomIndex, Resource, TriggerDef } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { nearMiss } from '../suggest-value.js';
import { CHECK } from '../codes.js';
import { requireColumn, type CheckContext } from './report.js';
import { everyCustomIndex } from '../../model/partition-indexes.js';

/** PostgreSQL's built-in index access methods; extensions add others (bloom, hnsw, ...). */
export const INDEX_METHODS = ['btree', 'hash', 'gist', 'spgist', 'gin', 'brin'] as const;

function customIndex(ctx: CheckContext, r: Resource, x: CustomIndex): void {
  const using = x.using ?? 'btree';
  const near = nearMiss(using, INDEX_METHODS);
  if (near !== undefined && near !== using) {
    // A near miss of a built-in method is a typo; a name far from all is an extension's method.
    ctx.report(CHECK.unknownIndexMethod, `\`using\` of ${ctx.describe(x.src)} is \`${using}\`, which is not an index method`, child(x.src, 'using'), {
      part: 'value',
      suggestion: `did you mean \`${near}\`? (the built-in methods are ${INDEX_METHODS.join(', ')})`,
    });
  }
  for (const f of x.fields) if (f.kind === 'column') requireColumn(ctx, r, f.column, f.src);
  const expression = x.fields.find((f) => f.kind === 'expression');
  if (expression && x.name === undefined) {
    const sql = expression.kind === 'expression' ? expression.sql : '';
    ctx.report(CHECK.expressionName, `${ctx.describe(x.src)} indexes the SQL expression \`${sql}\`, so it needs a \`name\``, expression.src, {
      part: 'value',
      suggestion: `add \`name: ${r.table}_<what>_index\` (a field that is a plain name must be an attribute)`,
    });
  }
  for (const [i, col] of x.include.entries()) requireColumn(ctx, r, col, ctx.itemSrc(x.src, 'include', i));
  if (x.opclass !== undefined && typeof x.opclass !== 'string') {
    const fieldNames = x.fields.map((f) => (f.kind === 'column' ? f.column : f.sql));
    for (const field of Object.keys(x.opclass)) {
      const src = child(x.src, 'opclass', field);
      if (fieldNames.includes(field)) continue;
      if (!r.attributes.some((a) => a.name === field)) {
        requireColumn(ctx, r, field, src, `\`opclass\` of ${ctx.describe(x.src)}`);
        continue;
      }
      ctx.report(CHECK.opclassField, `\`opclass\` of ${ctx.describe(x.src)} names \`${field}\`, which is not one of its fields`, src, { suggestion: `the fields are ${fieldNames.map((n) => `\`${n}\``).join(', ')}` });
    }
  }
}

function manageTenant(ctx: CheckContext, r: Resource): void {
  const mt = r.manageTenant;
  if (!mt) return;
  const provisions = mt.create || mt.update;
  const off = 'or set `create: false, update: false` and make tenant schemas with `pgdecl tenants create` / `tenants rename`';
  if (r.multitenancy?.strategy === 'context') {
    ctx.report(CHECK.manageTenantOptions, `resource ${r.name} lives in every tenant schema, so its rows cannot be the tenants (\`manage_tenant\`)`, mt.src, { suggestion: 'put manage_tenant on an ordinary resource (no `multitenancy: { strategy: context }`)' });
  } else if (provisions && !r.migrate) {
    ctx.report(CHECK.manageTenantOptions, `manage_tenant of resource ${r.name} creates or renames tenant schemas with a trigger on its table, but \`migrate: false\` leaves that table alone`, mt.src, { suggestion: `remove \`migrate: false\`, ${off}` });
  }
  const other = [...ctx.resources.values()].find((x) => x !== r && x.manageTenant && x.repo === r.repo && x.name < r.name);
  if (other) {
    ctx.report(CHECK.manageTenantOptions, `resources ${other.name} and ${r.name} both have manage_tenant in repo \`${r.repo}\`; the rows of one resource are the tenants`, mt.src, { suggestion: `keep manage_tenant on one of them` });
  }
  const names = r.attributes.map((a) => a.name);
  const raw = ctx.raw(child(mt.src, 'template'));
  const elements = Array.isArray(raw) ? raw : [];
  // A literal that looks like a misspelt attribute name (not a prefix such as `tenant_`).
  const misspelt = elements
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: string; i: number } => typeof x.e === 'string' && !names.includes(x.e) && /^[A-Za-z][A-Za-z0-9_]*[A-Za-z0-9]$/.test(x.e))
    .map((x) => ({ ...x, near: nearMiss(x.e, names) }))
    .filter((x) => x.near !== undefined);
  if (!mt.template.some((p) => p.kind === 'attribute')) {
    const schemaName = mt.template.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
    const first = misspelt[0];
    ctx.report(CHECK.tenantTemplate, `the \`template\` of manage_tenant of resource ${r.name} names no attribute, so every row would get the same schema \`${schemaName}\``, first ? child(mt.src, 'template', first.i) : child(mt.src, 'template'), {
      part: first ? 'value' : 'key',
      suggestion: first ? `did you mean the attribute \`${first.near}\`?` : `add an attribute of ${r.name}, e.g. ["tenant_", ${names.find((n) => n !== 'id') ?? 'id'}]`,
    });
    return;
  }
  for (const m of misspelt) {
    ctx.report(CHECK.tenantTemplate, `\`${m.e}\` in the \`template\` of manage_tenant of resource ${r.name} is not an attribute, so it is taken as literal text`, child(mt.src, 'template', m.i), {
      part: 'value',
      severity: 'warning',
      suggestion: `did you mean the attribute \`${m.near}\`?`,
    });
  }
}

export function checkColumns(ctx: CheckContext, r: Resource): void {
  for (const id of r.identities) for (const [i, key] of id.keys.entries()) requireColumn(ctx, r, key, ctx.itemSrc(id.src, 'keys', i));
  for (const x of everyCustomIndex(r)) customIndex(ctx, r, x);
  for (const c of r.checkConstraints) for (const [i, col] of c.attributes.entries()) requireColumn(ctx, r, col, ctx.itemSrc(c.src, 'attribute', i));
  for (const t of r.triggers) {
    for (const [i, col] of t.updateOf.entries()) requireColumn(ctx, r, col, ctx.itemSrc(t.src, 'update_of', i));
    if (t.updateOf.length > 0 && !t.events.includes('update')) {
      ctx.report(CHECK.triggerUpdateOf, `${ctx.describe(t.src)} has \`update_of\` but no \`update\` among its \`events\``, child(t.src, 'update_of'), { suggestion: 'add `update` to `events`, or remove `update_of`' });
    }
    transitionTables(ctx, t, r.partitionBy !== undefined);
  }
  const mt = r.multitenancy;
  if (mt?.strategy === 'attribute' && mt.attribute !== undefined) requireColumn(ctx, r, mt.attribute, child(mt.src, 'attribute'));
  manageTenant(ctx, r);
}

/** What PostgreSQL accepts with transition tables (REFERENCING), refused here with the trigger's position. */
function transitionTables(ctx: CheckContext, t: TriggerDef, partitioned: boolean): void {
  const r = t.referencing;
  if (!r) return;
  const rowEvents = t.events.filter((e) => e !== 'truncate');
  const problem =
    t.timing !== 'after' ? ['only an `after` trigger can have transition tables', 'set `timing: after`, or remove `referencing`']
    : t.constraint ? ['a constraint trigger cannot have transition tables', 'remove `constraint`, or remove `referencing`']
    : rowEvents.length !== 1 || t.events.includes('truncate') ? ['a trigger with transition tables fires on exactly one of insert, update and delete', 'declare one trigger per event, each with its own `referencing`']
    : t.updateOf.length ? ['a trigger with transition tables cannot have `update_of`', 'remove `update_of` (the function can compare the old and new rows)']
    : r.oldTable !== undefined && rowEvents[0] === 'insert' ? ['an insert has no old rows: `old_table` is for update and delete', 'remove `old_table`']
    : r.newTable !== undefined && rowEvents[0] === 'delete' ? ['a delete has no new rows: `new_table` is for insert and update', 'remove `new_table`']
    : r.oldTable !== undefined && r.oldTable === r.newTable ? ['`old_table` and `new_table` need different names', 'rename one of them']
    : partitioned && t.forEach === 'row' ? ['a row trigger of a partitioned table cannot have transition tables', 'set `for_each: statement`, or remove `referencing`']
    : undefined;
  if (problem) ctx.report(CHECK.triggerReferencing, `${ctx.describe(t.src)}: ${problem[0]}`, r.src, { suggestion: problem[1]! });
}
