/**
 * A readable summary of a compiled catalog, one block per table (`pgdecl compile`):
 *
 *   public.users
 *     id           uuid      not null  default gen_random_uuid()  primary key
 *     email        citext    not null
 *     index users_unique_email_index  unique (email)
 *     foreign key users_account_id_fkey  (account_id) → auth.accounts (id) on delete restrict
 *
 *   3 tables, 4 indexes, 2 foreign keys, 1 function, 2 extensions
 */
import { TENANT_SCHEMA, type Catalog, type Index, type Table } from '../ir/catalog.js';
import { foreignKeyClause } from './ddl/constraints.js';
import { indexKey } from './ddl/indexes.js';
import { ident } from '../sql/quote.js';

export interface SummaryStyle {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const plain: SummaryStyle = { bold: (s) => s, dim: (s) => s };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;

function pad(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function indexLine(i: Index): string {
  const parts = [i.unique ? 'unique' : '', i.method !== 'btree' ? `using ${i.method}` : '', `(${i.keys.map(indexKey).join(', ')})`];
  if (i.include.length) parts.push(`include (${i.include.join(', ')})`);
  if (i.nullsNotDistinct) parts.push('nulls not distinct');
  if (i.where !== undefined) parts.push(`where ${i.where}`);
  if (i.concurrently) parts.push('(built concurrently)');
  return parts.filter(Boolean).join(' ');
}

/** `"$tenant".posts` → `<tenant>.posts`: the schema is each tenant's own. */
function tenantWords(sql: string): string {
  return sql.split(`${ident(TENANT_SCHEMA)}.`).join('<tenant>.');
}

function tableBlock(t: Table, style: SummaryStyle): string[] {
  const where = t.schema === TENANT_SCHEMA ? `${t.name} ${style.dim('(in every tenant schema)')}` : `${t.schema}.${t.name}`;
  const tenancy = t.tenancy?.strategy === 'attribute' ? style.dim(` (tenant column ${t.tenancy.column})`) : '';
  const lines = [style.bold(where) + tenancy];
  const pk = new Set(t.primaryKey?.columns ?? []);
  const rows = t.columns.map((c) => [
    c.name,
    c.type,
    c.nullable ? '' : 'not null',
    [
      c.default !== undefined ? `default ${c.default}` : '',
      c.identity ? `identity ${c.identity === 'always' ? 'always' : 'by default'}` : '',
      c.generated !== undefined ? `generated (${c.generated})` : '',
      pk.has(c.name) ? 'primary key' : '',
    ].filter(Boolean).join('  '),
  ]);
  lines.push(...pad(rows).map((r) => '  ' + r));
  for (const c of t.checks) lines.push(`  ${style.dim('check')} ${c.name}  ${c.expression}`);
  for (const i of t.indexes) lines.push(`  ${style.dim('index')} ${i.name}  ${indexLine(i)}`);
  for (const fk of t.foreignKeys) lines.push(`  ${style.dim('foreign key')} ${fk.name}  ${tenantWords(foreignKeyClause(fk).replace(/^FOREIGN KEY /, ''))}`);
  for (const tr of t.triggers) lines.push(`  ${style.dim('trigger')} ${tr.name}  ${tr.timing} ${tr.events.join(' OR ')} → ${tenantWords(`${ident(tr.functionSchema)}.${ident(tr.functionName)}()`)}`);
  for (const p of t.rowLevelSecurity?.policies ?? []) lines.push(`  ${style.dim('policy')} ${p.name}  ${p.command} using ${p.using ?? 'true'}`);
  return lines;
}

export function renderSummary(c: Catalog, style: SummaryStyle = plain): string {
  const blocks = c.tables.map((t) => tableBlock(t, style).join('\n'));
  const count = (f: (t: Table) => number) => c.tables.reduce((n, t) => n + f(t), 0);
  const totals = [
    plural(c.tables.length, 'table'),
    plural(count((t) => t.indexes.length), 'index'),
    plural(count((t) => t.foreignKeys.length), 'foreign key'),
    plural(c.functions.length, 'function'),
    ...(c.aggregates?.length ? [plural(c.aggregates.length, 'aggregate')] : []),
    plural(c.extensions.length, 'extension'),
    ...(c.statements.length ? [plural(c.statements.length, 'custom statement')] : []),
  ];
  return [...blocks, totals.join(', ')].join('\n\n') + '\n';
}
