/**
 * pgdecl's bookkeeping tables, in the schema `pgdecl` (never managed, never inspected as part
 * of the user's schema). Their rows are written by the same SQL that makes the change, so a
 * plan applied by `apply`, by `psql -f`, or by a migration leaves the same record.
 */
import { literal, stringLiteral } from '../sql/quote.js';
import type { Statement } from '../ir/catalog.js';

export const ENSURE_BOOKKEEPING = [
  'CREATE SCHEMA IF NOT EXISTS pgdecl',
  `CREATE TABLE IF NOT EXISTS pgdecl.custom_statements (
  scope text NOT NULL DEFAULT '',
  name text NOT NULL,
  up text NOT NULL,
  down text NOT NULL,
  after_tables text[] NOT NULL DEFAULT '{}',
  owner text,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, name)
)`,
  `CREATE TABLE IF NOT EXISTS pgdecl.extensions (
  name text PRIMARY KEY,
  installed_at timestamptz NOT NULL DEFAULT now()
)`,
];

const textArray = (items: readonly string[]) => (items.length ? `ARRAY[${items.map(stringLiteral).join(', ')}]::text[]` : `'{}'::text[]`);

/**
 * `applied_at` orders the statements as they ran, also inside one transaction: the clock time
 * of the statement, or a microsecond after the last one recorded when the clock has not moved
 * since (PGlite's clock counts milliseconds). Inspection reads them back in that order, so a
 * later plan reverts them in the reverse order (a view is dropped before the view it reads).
 */
export function recordStatement(s: Statement, scope = ''): string {
  return `INSERT INTO pgdecl.custom_statements (scope, name, up, down, after_tables, owner, applied_at) VALUES (${stringLiteral(scope)}, ${stringLiteral(s.name)}, ${stringLiteral(s.up)}, ${stringLiteral(s.down)}, ${textArray(s.afterTables)}, ${s.owner === undefined ? 'NULL' : stringLiteral(s.owner)}, greatest(clock_timestamp(), (SELECT max(applied_at) + interval '1 microsecond' FROM pgdecl.custom_statements WHERE scope = ${stringLiteral(scope)})))
ON CONFLICT (scope, name) DO UPDATE SET up = EXCLUDED.up, down = EXCLUDED.down, after_tables = EXCLUDED.after_tables, owner = EXCLUDED.owner, applied_at = EXCLUDED.applied_at`;
}

export function forgetStatement(s: Statement, scope = ''): string {
  return `DELETE FROM pgdecl.custom_statements WHERE scope = ${stringLiteral(scope)} AND name = ${stringLiteral(s.name)}`;
}

export function recordExtension(name: string): string {
  return `INSERT INTO pgdecl.extensions (name) VALUES (${literal(name)}) ON CONFLICT (name) DO NOTHING`;
}

export function forgetExtension(name: string): string {
  return `DELETE FROM pgdecl.extensions WHERE name = ${literal(name)}`;
}

