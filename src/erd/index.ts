export { erd, diagramOf, ERD_FORMATS, type ErdFormat } from './erd.js';
export { buildDiagram, type Diagram, type DiagramEdge, type DiagramTable, type DiagramSchema, type SchemaSource } from './model.js';
export { renderMermaid } from './mermaid.js';
export { renderDot } from './dot.js';
export { renderSvg, svgElement } from './svg.js';
export { selectTables, type Selection } from './select.js';
export { sourceFromDatabase, sourceFromProject } from './source.js';
