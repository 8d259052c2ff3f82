/**
 * One table of the data dictionary: its columns (type, nullability, default, description,
 * keys), then its constraints, indexes, triggers and row-level security, each as the SQL
 * that defines it. `"$tenant".` reads `<tenant>.`: the schema is each tenant's own.
 */
import { TENANT_SCHEMA, type Column, type Table } from '../ir/catalog.js';
import type { DiagramTable } from '../erd/model.js';
import { checkConstraintClause, foreignKeyClause } from '../render/ddl/constraints.js';
import { createIndex } from '../render/ddl/indexes.js';
import { createPolicy } from '../render/ddl/policies.js';
import { primaryKeyClause } from '../render/ddl/tables.js';
import { createTrigger } from '../render/ddl/triggers.js';
import { ident } from '../sql/quote.js';
import { h, type Html } from './escape.js';

const tenantWords = (sql: string) => sql.split(`${ident(TENANT_SCHEMA)}.`).join('<tenant>.');

export function displayName(t: { schema: string; name: string }): string {
  return t.schema === TENANT_SCHEMA ? `<tenant>.${t.name}` : `${t.schema}.${t.name}`;
}

function defaultOf(c: Column): string {
  if (c.generated !== undefined) return `generated always as (${c.generated}) ${c.virtual ? 'virtual' : 'stored'}`;
  if (c.identity) return `identity (${c.identity === 'always' ? 'always' : 'by default'})`;
  return c.default ?? '';
}

function columnRow(c: Column, t: DiagramTable): Html {
  const col = t.columns.find((x) => x.name === c.name)!;
  const keys = [col.primaryKey ? 'PK' : '', col.foreignKey ? 'FK' : '', col.unique ? 'UK' : ''].filter(Boolean).join(' ');
  return h`<tr><td><code>${c.name}</code> <span class="key">${keys}</span></td><td><code>${col.type}</code></td><td>${c.nullable ? 'null' : 'not null'}</td><td><code>${tenantWords(defaultOf(c))}</code></td><td>${c.comment ?? ''}</td></tr>`;
}

function defs(title: string, items: readonly string[]): Html {
  if (!items.length) return h``;
  return h`<h4>${title}</h4><ul class="defs">${items.map((s) => h`<li><code>${tenantWords(s)}</code></li>`)}</ul>`;
}

function tenancyBadge(t: Table): Html {
  if (t.tenancy?.strategy === 'context') return h`<span class="badge">per tenant: one copy in every tenant schema</span>`;
  if (t.tenancy?.strategy === 'attribute') return h`<span class="badge">per tenant: rows by ${t.tenancy.column}</span>`;
  return h``;
}

/** What the filter matches: schema, table, resource and column names, lower-cased. */
function searchText(t: DiagramTable): string {
  return [t.schema, t.name, displayName(t), t.resource ?? '', ...t.columns.map((c) => c.name)].join(' ').toLowerCase();
}

export function tableSection(id: string, dt: DiagramTable): Html {
  const t = dt.table;
  const ref = { schema: t.schema, name: t.name };
  const constraints = [
    ...(t.primaryKey ? [`${t.primaryKey.name}: ${primaryKeyClause(t.primaryKey)}`] : []),
    ...t.foreignKeys.map((fk) => `${fk.name}: ${foreignKeyClause(fk)}`),
    ...t.checks.map((c) => `${c.name}: ${checkConstraintClause(c)}`),
  ];
  const rls = t.rowLevelSecurity;
  const rlsLine = rls && (rls.enabled || rls.force) ? [`row-level security ${rls.enabled ? 'enabled' : 'disabled'}${rls.force ? ', forced' : ''}`] : [];
  return h`<section class="table${t.tenancy ? ' tenant' : ''}" id="${id}" data-search="${searchText(dt)}">
<h3><code>${displayName(t)}</code>${dt.resource !== undefined ? h`<span class="resource">${dt.resource}</span>` : h``}${tenancyBadge(t)}</h3>
${t.comment !== undefined ? h`<p class="description">${t.comment}</p>` : h``}
<table class="columns"><thead><tr><th>column</th><th>type</th><th>null</th><th>default</th><th>description</th></tr></thead>
<tbody>${t.columns.map((c) => columnRow(c, dt))}</tbody></table>
${defs('constraints', constraints)}${defs('indexes', t.indexes.map((i) => createIndex(ref, i)))}${defs('triggers', t.triggers.map((tr) => createTrigger(ref, tr)))}${defs('row-level security', [...rlsLine, ...(rls?.policies ?? []).map((p) => createPolicy(ref, p))])}
</section>`;
}
