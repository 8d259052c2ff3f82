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
