/**
 * Measures how deeply a YAML text nests, before the (recursive) parser sees it.
 *
 * Uses yaml's own lexer, which is iterative, so quotes, comments and block scalars are
 * tokenised exactly as the parser will see them. The estimate is an upper bound: per line,
 * the number of open indentation levels plus the block indicators (`-`, `?`, `:`) on the
 * line, plus the open flow collections (`[`, `{`).
 */
import { CST } from 'yaml';

/**
 * The offset of the first token deeper than `limit`, or undefined when the text is shallow
 * enough. `tokens`: the text lexed by yaml's `Lexer` (the caller parses the same tokens next).
 */
export function tooDeepAt(tokens: Iterable<string>, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineIndicators = 0;
  let offset = 0;
  /** Indentation of the current line, or -1 before its first token, or -2 once applied. */
  let lineIndent = -1;
  let scalarNext = false;
  for (const token of tokens) {
    const start = offset;
    // Control markers (document start, scalar start, flow end) are not in the source.
    if (token === CST.DOCUMENT || token === CST.FLOW_END) continue;
    if (token === CST.SCALAR) {
      scalarNext = true;
      continue;
    }
    offset += token.length;
    if (scalarNext) {
      // A scalar's text (a block scalar's whole body): nothing nests inside it.
      scalarNext = false;
      if (lineIndent === -1) applyIndent(0);
      if (token.endsWith('\n')) newLine();
      continue;
    }
    const type = CST.tokenType(token);
    if (type === 'newline') {
      newLine();
      continue;
    }
    if (type === 'space' && lineIndent === -1) {
      lineIndent = token.length;
      continue;
    }
    if (type !== 'space' && type !== 'comment' && lineIndent !== -2) applyIndent(Math.max(0, lineIndent));
    switch (type) {
      case 'flow-seq-start':
      case 'flow-map-start':
        flow++;
        break;
      case 'flow-seq-end':
      case 'flow-map-end':
        if (flow > 0) flow--;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        if (flow === 0) lineIndicators++;
        break;
      default:
        break;
    }
    if (indents.length + lineIndicators + flow > limit) return start;
  }
  return undefined;

  function newLine(): void {
    lineIndent = -1;
    lineIndicators = 0;
  }
  function applyIndent(indent: number): void {
    lineIndent = -2;
    if (flow > 0) return;
    while (indents.length > 0 && indents[indents.length - 1]! > indent) indents.pop();
    if (indents.length === 0 || indents[indents.length - 1]! < indent) indents.push(indent);
  }
}
