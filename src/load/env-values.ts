/** Applies environment interpolation to every string value of a loaded document, in place. */
import type { Diagnostic } from '../model/diagnostic.js';
import { pointer, type Pos, type Src } from '../model/source.js';
import { LOAD } from './codes.js';
import { interpolate, type Env } from './interpolate.js';
import type { LoadedSources } from './source-index.js';

export function interpolateDocument(file: string, root: unknown, env: Env, sources: LoadedSources): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visited = new WeakSet<object>();
  // Pointers are built only for strings that name a variable: most values have no `$`.
  const stack: Node[] = [{ value: root, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (value === null || typeof value !== 'object') continue;
    // Aliases share objects: each is rewritten once.
    if (visited.has(value)) continue;
    visited.add(value);
    const keys: readonly (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const k of keys) {
      const v = (value as Record<string | number, unknown>)[k];
      if (typeof v !== 'string') {
        if (v !== null && typeof v === 'object') stack.push({ value: v, key: k, parent: node });
        continue;
      }
      if (!v.includes('$')) continue;
      const result = interpolate(v, env);
      if (!result.segments) continue;
      const src: Src = { file, pointer: pointerOf(node) + pointer(k) };
      for (const p of result.problems) {
        const pos = span(sources, src, p.offset, p.length);
        if (p.kind === 'unset')
          diagnostics.push({ code: LOAD.envUnset, severity: 'error', message: `the environment variable ${p.name} is not set`, src, ...(pos ? { pos } : {}), suggestion: `set ${p.name} or write \${${p.name}:-default}` });
        else
          diagnostics.push({
            code: LOAD.envSyntax,
            severity: 'error',
            message: `\`${p.text}\` is not an environment variable: write \${NAME} or \${NAME:-default}`,
            src,
            ...(pos ? { pos } : {}),
            suggestion: 'write $${ for a literal ${',
          });
      }
      sources.addRewrite(src, result.segments);
      (value as Record<string | number, unknown>)[k] = result.value;
    }
  }
  return diagnostics;
}

/** A container in the document, and how it is reached from its parent (none for the root). */
interface Node {
  readonly value: unknown;
  readonly key: string | number;
  readonly parent?: Node;
}

function pointerOf(node: Node): string {
  const keys: (string | number)[] = [];
  for (let n: Node | undefined = node; n?.parent; n = n.parent) keys.push(n.key);
  return pointer(...keys.reverse());
}

/** The position of `length` characters at `offset` of a string value (one line at most). */
function span(sources: LoadedSources, src: Src, offset: number, length: number): Pos | undefined {
  const a = sources.fragmentPosition(src, offset);
  if (!a) return sources.position(src, 'value');
  const b = sources.fragmentPosition(src, offset + length - 1);
  return b && b.line === a.line && b.column >= a.column ? { ...a, endLine: a.line, endColumn: b.column + 1 } : a;
}
