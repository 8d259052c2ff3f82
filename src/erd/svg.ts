/**
 * DOT → SVG with Graphviz compiled to WebAssembly (@viz-js/viz): drawn in-process, no
 * browser, no network, no `dot` binary. The instance is made once per process (~0.4 s).
 */
import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/** The layout engine: `dot` (layered, follows the foreign keys); measured in bench/erd.ts. */
export const LAYOUT_ENGINE = 'dot';

export async function renderSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const v = await viz;
  return v.renderString(dot, { format: 'svg', engine: LAYOUT_ENGINE });
}

/** The `<svg>` element alone, without the XML declaration and doctype: for inline use in HTML. */
export function svgElement(svg: string): string {
  const i = svg.indexOf('<svg');
  return i >= 0 ? svg.slice(i) : svg;
}
