/** Definitions of the commands that draw a schema: `erd` and `docs` (listed in ./commands.ts). */
import type { CommandDef, OptionDef } from './command.js';

const SOURCE_OPTIONS: readonly OptionDef[] = [
  { name: 'db', type: 'string', value: 'URL', description: 'read a live database instead of files: postgres://…, pglite:memory or pglite:<dir>' },
  { name: 'schema', type: 'string', multiple: true, value: 'S1,S2', description: 'only these schemas ($tenant: the per-tenant tables); with --db, the schemas read (default: all but the system ones)' },
  { name: 'resources', type: 'string', multiple: true, value: 'A,B', description: 'only the tables of these resources (with --db: named as `pgdecl pull` names them)' },
];

export const SEE_COMMANDS: readonly CommandDef[] = [
  {
    name: 'erd',
    summary: 'draw the entity-relationship diagram: Mermaid, Graphviz DOT or SVG',
    usage: 'pgdecl erd [paths… | --db URL] [--format mermaid|dot|svg] [-o FILE] [--schema S] [--resources A,B]',
    description: `Tables with their columns and types, primary (PK), foreign (FK) and unique (UK) keys, and
every foreign key as an edge with its cardinality in crow's foot notation: the referenced side
is exactly one, or zero or one when a referencing column is nullable; the referencing side is
zero or more, or zero or one when its columns are unique. Schemas are clusters; tables of
resources with \`multitenancy: {strategy: context}\` are drawn once, in the per-tenant cluster
($tenant), and attribute-tenant tables in a "rows per tenant" cluster of their schema.
--format mermaid (the default) writes an \`erDiagram\` that renders on GitHub; dot writes
Graphviz DOT; svg draws it here with Graphviz compiled to WebAssembly (no browser, no network).
With --db, the database is read as \`pgdecl pull\` reads it. --schema and --resources keep the
edges between the tables shown.`,
    options: [
      { name: 'format', type: 'string', value: 'FORMAT', description: 'mermaid (default), dot or svg' },
      { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
      ...SOURCE_OPTIONS,
    ],
    examples: [
      'pgdecl erd resources.example.yaml',
      'pgdecl erd resources.example.yaml --format svg -o docs/erd.svg',
      'pgdecl erd --db postgres://app@localhost/app --schema public --format dot | dot -Tpng > erd.png',
      'pgdecl erd resources/ --resources User,Org,Membership',
    ],
    exitCodes: ['0  written', '1  error: invalid files, an unknown schema or resource, a database that cannot be read'],
    handler: () => import('./handlers/erd.js'),
  },
  {
    name: 'docs',
    summary: 'write a data dictionary: one static HTML page with every table, column and key',
    usage: 'pgdecl docs [paths… | --db URL] -o DIR [--schema S] [--resources A,B]',
    description: `Writes DIR/index.html, one self-contained page (no external assets, works offline): every
schema, table and column with its type, nullability, default and description, the table's
constraints, indexes, triggers and row-level security policies, which tables are per tenant,
the ER diagram (inline SVG), and a box that filters the tables as you type.`,
    options: [{ name: 'output', short: 'o', type: 'string', value: 'DIR', description: 'the folder to write index.html into (created if missing)' }, ...SOURCE_OPTIONS],
    examples: ['pgdecl docs resources.example.yaml -o site/', 'pgdecl docs --db postgres://app@localhost/app -o schema-docs/'],
    exitCodes: ['0  written', '1  error: invalid files, an unknown schema or resource, a database that cannot be read'],
    handler: () => import('./handlers/docs.js'),
  },
];
