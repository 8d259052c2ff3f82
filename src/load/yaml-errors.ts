/** The yaml library's error messages, reworded where a person needs more than its words. */
import type { YAMLError } from 'yaml';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function describeYamlError(e: YAMLError): { message: string; suggestion?: string } {
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return { message: 'the file holds several YAML documents (separated by `---`); pgdecl reads one per file', suggestion: 'put each document in its own file' };
    case 'TAB_AS_INDENT':
      return { message: 'invalid YAML: a tab is used for indentation', suggestion: 'indent with spaces' };
    case 'RESOURCE_EXHAUSTION':
      return { message: 'the file nests too deeply for the YAML parser' };
    case 'MISSING_CHAR':
      return { message: `invalid YAML: ${lowerFirst(e.message)}` };
    case 'BAD_INDENT':
    case 'BAD_SCALAR_START':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return { message: `invalid YAML: ${lowerFirst(e.message)}`, suggestion: 'check the indentation and the `:` after each key' };
    default:
      return { message: `invalid YAML: ${lowerFirst(e.message)}` };
  }
}

/**
 * For "… must end with a ]" (an unclosed `[` or `{`): the offset of the opener, found by
 * scanning back from where the parser noticed (quoted strings and comments skipped), so
 * the message can point at the real mistake. Undefined when it cannot be found.
 */
export function unclosedOpener(text: string, at: number, closer: ']' | '}'): number | undefined {
  const opener = closer === ']' ? '[' : '{';
  let depth = 0;
  let end = text.lastIndexOf('\n', Math.max(0, at - 1));
  for (let lines = 0; end > 0 && lines < 200; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    // Blank out quoted strings and comments, keeping offsets.
    const line = text
      .slice(start, end)
      .replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, (m) => ' '.repeat(m.length))
      .replace(/(^|\s)#.*$/, (m) => ' '.repeat(m.length));
    for (let i = line.length - 1; i >= 0; i--) {
      const c = line[i];
      if (c === closer) depth++;
      else if (c === opener) {
        if (depth === 0) return start + i;
        depth--;
      }
    }
    end = start - 1;
  }
  return undefined;
}
