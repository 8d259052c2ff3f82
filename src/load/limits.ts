/**
 * Limits that keep hostile or broken input from hanging or crashing pgdecl. Each was chosen
 * from measurements of the `yaml` package (2.9, Node 20, a 2-core machine):
 *
 * - Size: `yaml` parses resource files at about 1.5 MB/s (5,000 resources, 1.9 MB: 1.4 s;
 *   10 MB: 6–12 s). A file over the limit is refused before it is read, in milliseconds,
 *   with a message that says to split it. The files of one run together are limited too
 *   (50 MB over 10 files took 55 s and 2.9 GB): over the total, no file is read.
 * - Nesting: `yaml` parses recursively and overflows the stack near 800 levels; V8 may then
 *   abort the whole process (a fatal "RegExpCompiler Allocation failed" on the next deep
 *   parse), which no try/catch can stop. So the nesting is measured first, with yaml's own
 *   (iterative) lexer, and a file nested deeper than the limit is never given to the parser.
 *   A resource file nests about 8 levels.
 * - Aliases: `yaml`'s own `maxAliasCount` (its default, 100) stops "billion laughs" anchors.
 * - Duplicate keys are found by pgdecl's own walk of the syntax tree (one pass), not by
 *   yaml's `uniqueKeys`, which compares every key with every earlier one (quadratic: 0.4 s
 *   of a 5,000-resource file).
 */

/** Largest file pgdecl reads (5 MiB: a 5,000-resource project in one file is about 2 MB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Largest total of all files one run reads (16 MiB: eight times a 5,000-resource project). */
export const MAX_TOTAL_BYTES = 16 * 1024 * 1024;

/** Deepest nesting (an upper estimate that counts indentation and indicators) given to the parser. */
export const MAX_NESTING = 128;

/** How many alias expansions a document may make (yaml's default). */
export const MAX_ALIAS_COUNT = 100;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
