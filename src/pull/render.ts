/**
 * A pulled document → YAML text, laid out for reading: a map or list that fits on one line
 * (within `WIDTH` columns, with its key and indentation) is written inline,
 * `{ type: string, allow_nil: false }`; a longer one in block style; maps marked with `block`
 * (a resource, its attributes, its postgres block, ...) always in block style; multi-line
 * text as a literal block `|`; blank lines between the entries of maps marked with `spaced`
 * (resources, functions). Written with the `yaml` package's document API.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { bare, isNote, type Y, type YMap } from './yaml-tree.js';

/** The widest line an inline map or list may make. */
export const WIDTH = 100;

type StringifyContext = { flowCollectionPadding: string };

/** Inline maps are padded, `{ type: string }`; inline lists are not, `[email]` (the house style). */
class PaddedMap extends YAMLMap {
  override toString(ctx?: Parameters<YAMLMap['toString']>[0], onComment?: () => void, onChompKeep?: () => void): string {
    return super.toString(ctx ? ({ ...ctx, flowCollectionPadding: ' ' } as StringifyContext & typeof ctx) : ctx, onComment, onChompKeep);
  }
}

class TightSeq extends YAMLSeq {
  override toString(ctx?: Parameters<YAMLSeq['toString']>[0], onComment?: () => void, onChompKeep?: () => void): string {
    return super.toString(ctx ? ({ ...ctx, flowCollectionPadding: '' } as StringifyContext & typeof ctx) : ctx, onComment, onChompKeep);
  }
}

const BLOCK = new WeakSet<YMap | readonly Y[]>();
const SPACED = new WeakSet<YMap>();

/** Always written in block style. */
export function block<T extends YMap | readonly Y[]>(y: T): T {
  BLOCK.add(y);
  return y;
}

/** Block style with a blank line between its entries. */
export function spaced(m: YMap): YMap {
  BLOCK.add(m);
  SPACED.add(m);
  return m;
}

const PLAIN = /^[A-Za-z_$][A-Za-z0-9_ .,/()$:'-]*$/;
const RESERVED = /^(true|false|null|~|yes|no|on|off|y|n)$/i;

/** Roughly how wide a scalar is written inline (exactness does not matter: it only picks a style). */
function scalarWidth(v: string | number | boolean | null): number {
  if (typeof v !== 'string') return String(v).length;
  const plain = PLAIN.test(v) && !RESERVED.test(v) && !/[:,] |[\s,]$|: |#/.test(v) && !/^[-+.]?\d/.test(v);
  return plain ? v.length : JSON.stringify(v).length;
}

/** The inline width of a value, or undefined when it cannot be written inline. */
function inlineWidth(y: Y, budget: number): number | undefined {
  if (isNote(y)) return undefined;
  if (y instanceof Map) {
    if (BLOCK.has(y)) return undefined;
    if (y.size === 0) return 2;
    let w = 4;
    for (const [k, v] of y) {
      const vw = inlineWidth(v, budget - w);
      if (vw === undefined) return undefined;
      w += scalarWidth(k) + 2 + vw + 2;
      if (w > budget + 2) return undefined;
    }
    return w - 2;
  }
  if (Array.isArray(y)) {
    if (BLOCK.has(y)) return undefined;
    if (y.length === 0) return 2;
    let w = 2;
    for (const v of y as readonly Y[]) {
      const vw = inlineWidth(v, budget - w);
      if (vw === undefined) return undefined;
      w += vw + 2;
      if (w > budget + 2) return undefined;
    }
    return w;
  }
  const s = y as string | number | boolean | null;
  if (typeof s === 'string' && /[\n\r]/.test(s)) return undefined;
  return scalarWidth(s);
}

function scalarNode(v: string | number | boolean | null): Scalar {
  // String values are read with environment interpolation: a literal `${` is written `$${`.
  const node = new Scalar(typeof v === 'string' ? v.replaceAll('${', () => '$${') : v);
  if (typeof v === 'string' && v.includes('\n')) {
    // A literal block keeps the text exactly; control characters need double quotes.
    node.type = /[\r\t\u0000-\u0008\u000b-\u001f\u007f]/.test(v) ? 'QUOTE_DOUBLE' : 'BLOCK_LITERAL';
  }
  return node;
}

/**
 * Builds the node of `y`. Written inline it would start at column `column`; written as a block,
 * its keys or items start at column `indent`.
 */
function toNode(y: Y, column: number, indent: number): Node {
  const v = bare(y);
  if (v instanceof Map || Array.isArray(v)) {
    const width = inlineWidth(v, WIDTH - column);
    const inline = width !== undefined && column + width <= WIDTH;
    if (v instanceof Map) {
      const map = new PaddedMap();
      map.flow = inline;
      let first = true;
      for (const [k, x] of v) {
        const key = new Scalar(k);
        if (isNote(x)) key.commentBefore = commentText(x.comment);
        if (!first && SPACED.has(v)) key.spaceBefore = true;
        map.add(new Pair(key, toNode(x, indent + scalarWidth(k) + 2, indent + 2)));
        first = false;
      }
      return map;
    }
    const seq = new TightSeq();
    seq.flow = inline;
    for (const x of v as readonly Y[]) {
      const item = toNode(x, indent + 2, indent + 2);
      if (isNote(x)) item.commentBefore = commentText(x.comment);
      seq.items.push(item);
    }
    return seq;
  }
  return scalarNode(v as string | number | boolean | null);
}

/** `# ` is added by the writer: each line gets one leading space. */
function commentText(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '' : ` ${l}`))
    .join('\n');
}

/**
 * The YAML text of a document: `header` lines (each written as `# line`, an empty string as a
 * bare `#`), then the map.
 */
export function renderYaml(root: YMap, header: readonly string[]): string {
  const doc = new Document();
  const top = toNode(root, 0, 0) as YAMLMap;
  // A blank line between the top-level sections.
  top.items.forEach((p, i) => {
    if (i > 0) (p.key as Scalar).spaceBefore = true;
  });
  doc.contents = top;
  const body = doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: true });
  const head = header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  return head ? `${head}\n\n${body}` : body;
}
