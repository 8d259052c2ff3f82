/**
 * Table inheritance: ALTER TABLE … INHERIT (the child's columns made NOT NULL where the parent's
 * are first, as PostgreSQL requires) and NO INHERIT.
 */
import { ident, qname, stringLiteral } from '../../sql/quote.js';
import type { TableRef } from './names.js';

const alter = (t: TableRef) => `ALTER TABLE ${qname(t.schema, t.name)}`;

export function inheritTable(table: TableRef, parent: TableRef, notNull: readonly string[]): string[] {
  return [
    ...notNull.map((col) => `${alter(table)} ALTER COLUMN ${ident(col)} SET NOT NULL`),
    // PostgreSQL 18 keeps NOT NULL as a constraint, and an inherited one named otherwise than the
    // parent's makes a later ALTER COLUMN … TYPE on the parent fail: the table's take the parent's
    // names (before 18 there are none, and this does nothing).
    notNullNamesOf(table, parent),
    `${alter(table)} INHERIT ${qname(parent.schema, parent.name)}`,
  ];
}

export function uninheritTable(table: TableRef, parent: TableRef, dropNotNull: readonly string[]): string[] {
  return [`${alter(table)} NO INHERIT ${qname(parent.schema, parent.name)}`, ...dropNotNull.map((col) => `${alter(table)} ALTER COLUMN ${ident(col)} DROP NOT NULL`)];
}

/** Renames the table's NOT NULL constraints to the parent's names for the same columns. */
function notNullNamesOf(table: TableRef, parent: TableRef): string {
  const child = `${stringLiteral(qname(table.schema, table.name))}::pg_catalog.regclass`;
  const of = `${stringLiteral(qname(parent.schema, parent.name))}::pg_catalog.regclass`;
  return [
    'DO $pgdecl$ DECLARE r record; BEGIN',
    '  FOR r IN SELECT c.conname AS own, p.conname AS parent FROM pg_catalog.pg_constraint c',
    '    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]',
    `    JOIN pg_catalog.pg_attribute pa ON pa.attrelid = ${of} AND pa.attname = a.attname`,
    "    JOIN pg_catalog.pg_constraint p ON p.conrelid = pa.attrelid AND p.contype = 'n' AND p.conkey[1] = pa.attnum",
    `    WHERE c.conrelid = ${child} AND c.contype = 'n' AND c.coninhcount = 0 AND c.conname <> p.conname`,
    '      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x WHERE x.conrelid = c.conrelid AND x.conname = p.conname)',
    '  LOOP',
    `    EXECUTE pg_catalog.format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${child}, r.own, r.parent);`,
    '  END LOOP;',
    'END $pgdecl$',
  ].join('\n');
}
