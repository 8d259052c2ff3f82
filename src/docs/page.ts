/**
 * `pgdecl docs`: the data dictionary, one self-contained HTML page: a navigation list per
 * schema, the ER diagram as inline SVG, a section per table, a filter box. Style and script
 * are inline; the page loads nothing (no fonts, images, scripts or styles from anywhere).
 */
import { TENANT_SCHEMA } from '../ir/catalog.js';
import { diagramOf } from '../erd/erd.js';
import { renderDot } from '../erd/dot.js';
import type { SchemaSource } from '../erd/model.js';
import type { Selection } from '../erd/select.js';
import { renderSvg, svgElement } from '../erd/svg.js';
import { SCRIPT, STYLE } from './assets.js';
import { h, raw } from './escape.js';
import { tableSection } from './table-section.js';

const schemaTitle = (name: string) => (name === TENANT_SCHEMA ? 'per tenant (every tenant schema)' : name);

export async function dataDictionary(source: SchemaSource, selection: Selection = {}): Promise<string> {
  const d = diagramOf(source, selection);
  // The SVG comes from Graphviz, which writes every label escaped (labels are escaped for DOT first).
  const svg = raw(svgElement(await renderSvg(renderDot(d))));
  const ids = new Map<string, string>();
  d.schemas.forEach((s) => s.tables.forEach((t) => ids.set(t.key, `table-${ids.size + 1}`)));
  const total = ids.size;
  const nav = d.schemas.map(
    (s) => h`<div class="schema"><strong>${schemaTitle(s.name)}</strong><ul>${s.tables.map((t) => h`<li data-table="${ids.get(t.key)!}"><a href="#${ids.get(t.key)!}">${t.name}</a></li>`)}</ul></div>`,
  );
  const sections = d.schemas.map((s) => h`<div class="schema"><h2>${schemaTitle(s.name)}</h2>${s.tables.map((t) => tableSection(ids.get(t.key)!, t))}</div>`);
  const page = h`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Data dictionary: ${source.label}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header><h1>Data dictionary</h1><span class="source">${source.label} · ${total} ${total === 1 ? 'table' : 'tables'} in ${d.schemas.length} ${d.schemas.length === 1 ? 'schema' : 'schemas'}</span>
<input id="filter" type="search" placeholder="Filter tables and columns" aria-label="Filter tables and columns" autocomplete="off"><span id="count"></span></header>
<main>
<nav>${nav}</nav>
<div class="content">
<h2>Diagram</h2>
<div class="diagram">${svg}</div>
${sections}
</div>
</main>
<script>${raw(SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
}
