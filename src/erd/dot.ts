/**
 * A diagram as Graphviz DOT: each schema a cluster (the per-tenant tables in one cluster of
 * their own; attribute-tenant tables in a nested cluster of their schema), each table a node
 * with one row per column (name, type, PK/FK/UK, `?` when nullable), each foreign key an edge
 * from the referencing column to the referenced one in crow's foot notation: `crowodot` (zero
 * or more) or `teeodot` (zero or one, when the referencing columns are unique) at the
 * referencing table, `teetee` (exactly one) or `teeodot` (zero or one, when a referencing
 * column is nullable) at the referenced one; dashed unless the key is part of the primary key.
 *
 * Node ids are `t1`, `t2`, … so that no name, however written, reaches DOT syntax except as
 * escaped text inside an HTML-like label.
 */
import type { Diagram, DiagramEdge, DiagramSchema, DiagramTable } from './model.js';

/** Text inside an HTML-like label. */
export function labelText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const FONT = 'Helvetica';

/** A DOT double-quoted string (an escString: a backslash is doubled). */
const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\u0000-\u001f\u007f]/g, ' ')}"`;

function tenancyNote(t: DiagramTable): string {
  return t.tenancy?.strategy === 'attribute' ? `<br/><font point-size="8">per tenant: ${labelText(t.tenancy.column)}</font>` : '';
}

function node(id: string, t: DiagramTable): string {
  const header = `<tr><td colspan="3" bgcolor="#dbe7f5"><b>${labelText(t.key)}</b>${t.resource !== undefined ? `<br/><font point-size="8">${labelText(t.resource)}</font>` : ''}${tenancyNote(t)}</td></tr>`;
  const rows = t.columns.map((c, i) => {
    const keys = [c.primaryKey ? 'PK' : '', c.foreignKey ? 'FK' : '', c.unique ? 'UK' : ''].filter(Boolean).join(' ');
    const name = c.primaryKey ? `<b>${labelText(c.name)}</b>` : labelText(c.name);
    return `<tr><td align="left" port="c${i}">${name}</td><td align="left"><font color="#555555">${labelText(c.type)}${c.nullable ? '?' : ''}</font></td><td align="left">${keys}</td></tr>`;
  });
  return `${id} [label=<<table border="0" cellborder="1" cellspacing="0" cellpadding="3">${header}${rows.join('')}</table>>];`;
}

function port(t: DiagramTable | undefined, column: string | undefined): string {
  const i = t?.columns.findIndex((c) => c.name === column) ?? -1;
  return i >= 0 ? `:c${i}` : '';
}

function edge(e: DiagramEdge, ids: ReadonlyMap<string, string>, tables: ReadonlyMap<string, DiagramTable>): string {
  const attrs = [
    `arrowtail=${e.oneToOne ? 'teeodot' : 'crowodot'}`,
    `arrowhead=${e.optional ? 'teeodot' : 'teetee'}`,
    ...(e.identifying ? [] : ['style=dashed']),
    `tooltip=${dotString(`${e.name}: ${e.from} (${e.fromColumns.join(', ')}) → ${e.to} (${e.toColumns.join(', ')})`)}`,
  ];
  return `${ids.get(e.from)}${port(tables.get(e.from), e.fromColumns[0])} -> ${ids.get(e.to)}${port(tables.get(e.to), e.toColumns[0])} [${attrs.join(', ')}];`;
}

function cluster(i: number, s: DiagramSchema, ids: ReadonlyMap<string, string>): string[] {
  const title = s.perTenant ? `<b>per tenant</b><br/><font point-size="9">one copy in every tenant schema</font>` : `<b>${labelText(s.name)}</b>`;
  const lines = [`  subgraph cluster_${i} {`, `    label=<${title}>;`, `    style="rounded${s.perTenant ? ',filled' : ''}"; color="#8899aa";${s.perTenant ? ' fillcolor="#f4f0fa";' : ''}`];
  const shared = s.tables.filter((t) => t.tenancy?.strategy !== 'attribute');
  const perTenant = s.tables.filter((t) => t.tenancy?.strategy === 'attribute');
  for (const t of shared) lines.push(`    ${node(ids.get(t.key)!, t)}`);
  if (perTenant.length) {
    lines.push(`    subgraph cluster_${i}_tenant {`, `      label=<<font point-size="9">rows per tenant</font>>; style="rounded,filled"; color="#8899aa"; fillcolor="#f4f0fa";`);
    for (const t of perTenant) lines.push(`      ${node(ids.get(t.key)!, t)}`);
    lines.push('    }');
  }
  lines.push('  }');
  return lines;
}

export function renderDot(d: Diagram): string {
  const tables = new Map(d.schemas.flatMap((s) => s.tables.map((t) => [t.key, t] as const)));
  const ids = new Map([...tables.keys()].map((k, i) => [k, `t${i + 1}`]));
  const lines = [
    'digraph erd {',
    `  graph [rankdir=LR, fontname="${FONT}", fontsize=12, nodesep=0.3, ranksep=0.8, pad=0.3, tooltip=" "];`,
    `  node [shape=plain, fontname="${FONT}", fontsize=10];`,
    `  edge [dir=both, color="#556677", arrowsize=0.8];`,
    ...d.schemas.flatMap((s, i) => cluster(i + 1, s, ids)),
    ...d.edges.map((e) => `  ${edge(e, ids, tables)}`),
    '}',
  ];
  return lines.join('\n') + '\n';
}
