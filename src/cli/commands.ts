/**
 * Every command's definition: name, options, help. Handlers live in ./handlers and are
 * loaded only when their command runs, so `--help` stays fast.
 */
import type { CommandDef, OptionDef } from './command.js';

const JSON_OPT: OptionDef = { name: 'json', type: 'boolean', description: 'machine-readable output on stdout' };

export const COMMANDS: readonly CommandDef[] = [
  {
    name: 'validate',
    summary: 'check resource files; report every error with its file, line and column',
    usage: 'pgdecl validate [paths…] [--json]',
    description: `Reads one or more files or folders (YAML or JSON), checks them against the JSON Schema and
the rules a schema cannot express (relationships point at resources that exist, every column
named exists, identifiers fit PostgreSQL's 63 bytes, ...), and prints all errors at once.
With no path, reads resources.yaml (or resources/) in the working directory.`,
    options: [JSON_OPT],
    examples: ['pgdecl validate resources.example.yaml', 'pgdecl validate resources/ --json'],
    handler: () => import('./handlers/validate.js'),
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of the resource format (for editors and other tools)',
    usage: 'pgdecl schema',
    description: 'The same file the package exports as `pgdecl/schema.json`. Editors that use yaml-language-server\npick it up from the first line of a resource file:\n  # yaml-language-server: $schema=./node_modules/pgdecl/schema/pgdecl.schema.json',
    options: [],
    exitCodes: ['0  printed'],
    handler: () => import('./handlers/schema.js'),
  },
];
