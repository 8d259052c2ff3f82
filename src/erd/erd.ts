/**
 * `pgdecl erd`: the entity-relationship diagram of a schema as Mermaid, DOT or SVG.
 */
import { match } from 'ts-pattern';
import { buildDiagram, type Diagram, type SchemaSource } from './model.js';
import { renderDot } from './dot.js';
import { renderMermaid } from './mermaid.js';
import { selectTables, type Selection } from './select.js';
import { renderSvg } from './svg.js';

export const ERD_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type ErdFormat = (typeof ERD_FORMATS)[number];

/** The diagram of the tables the selection names (every table without one). */
export function diagramOf(source: SchemaSource, selection: Selection = {}): Diagram {
  return buildDiagram(selectTables(source, selection), source.resourceNames);
}

export async function erd(source: SchemaSource, format: ErdFormat, selection: Selection = {}): Promise<string> {
  const d = diagramOf(source, selection);
  return match(format)
    .with('mermaid', () => renderMermaid(d))
    .with('dot', () => renderDot(d))
    .with('svg', () => renderSvg(renderDot(d)))
    .exhaustive();
}
