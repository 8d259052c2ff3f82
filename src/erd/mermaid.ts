/**
 * A diagram as a Mermaid `erDiagram` (renders on GitHub and in most Markdown viewers).
 *
 * Mermaid has no clusters: entities are named `schema.table` and listed schema by schema
 * under a `%%` comment; per-tenant tables are in `$tenant`. Attribute types and names keep
 * only the characters Mermaid's grammar takes (`timestamp with time zone` →
 * `timestamp_with_time_zone`); when more than spaces changed, the attribute's comment gives
 * the name or type as it is (`numeric(12_2)` "numeric(12,2)").
 * Cardinality in crow's foot: the referenced side is `||` (exactly one) or `|o` (zero or
 * one, when a referencing column is nullable), the referencing side `o{` (zero or more) or
 * `o|` (zero or one, when its columns are unique); `--` marks an identifying key (part of the
 * primary key), `..` any other.
 */
import { TENANT_SCHEMA } from '../ir/catalog.js';
import type { Diagram, DiagramColumn, DiagramEdge, DiagramTable } from './model.js';

/** Mermaid's attribute words: a letter or _, then letters, digits, - _ [ ] ( ). */
function word(s: string): string {
  const w = s.replace(/,\s*/g, '_').replace(/[^A-Za-z0-9\-_[\]()]/g, '_');
  return /^[A-Za-z_]/.test(w) ? w : `_${w}`;
}

/** Inside double quotes: no quote, %, backslash or control character. */
const quoted = (s: string) => `"${s.replace(/["%\\]/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ')}"`;

const entity = (key: string) => quoted(key);

/** A `%%` comment runs to the end of its line. */
const line = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ');

function attribute(c: DiagramColumn): string {
  const keys = [c.primaryKey ? 'PK' : '', c.foreignKey ? 'FK' : '', c.unique ? 'UK' : ''].filter(Boolean).join(', ');
  const notes = [word(c.name) !== c.name ? c.name : '', word(c.type) !== c.type.replace(/ /g, '_') ? c.type : ''].filter(Boolean);
  return `    ${word(c.type)} ${word(c.name)}${keys ? ` ${keys}` : ''}${notes.length ? ` ${quoted(notes.join(', '))}` : ''}`;
}

function entityBlock(t: DiagramTable): string[] {
  const about = t.tenancy?.strategy === 'attribute' ? [`  %% per tenant: rows by ${line(t.tenancy.column)}`] : [];
  return [...about, `  ${entity(t.key)} {`, ...t.columns.map(attribute), '  }'];
}

function relationship(e: DiagramEdge): string {
  const toSide = e.optional ? '|o' : '||';
  const fromSide = e.oneToOne ? 'o|' : 'o{';
  return `  ${entity(e.to)} ${toSide}${e.identifying ? '--' : '..'}${fromSide} ${entity(e.from)} : ${quoted(`${e.name} (${e.fromColumns.join(', ')})`)}`;
}

export function renderMermaid(d: Diagram): string {
  const lines = ['erDiagram'];
  for (const s of d.schemas) {
    lines.push(s.name === TENANT_SCHEMA ? `  %% ${TENANT_SCHEMA}: per tenant, one copy of each table in every tenant schema` : `  %% schema ${line(s.name)}`);
    for (const t of s.tables) lines.push(...entityBlock(t));
  }
  if (d.edges.length) lines.push('  %% foreign keys: referenced table, then referencing table');
  for (const e of d.edges) lines.push(relationship(e));
  return lines.join('\n') + '\n';
}
