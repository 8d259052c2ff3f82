/**
 * Which tables a diagram or a data dictionary shows: all of them, those of some schemas
 * (`--schema`), or those of some resources (`--resources`, by resource name). A name that
 * matches nothing is an error that says what exists and the closest spelling.
 */
import { TENANT_SCHEMA, type Table } from '../ir/catalog.js';
import { PgdeclError, error } from '../model/diagnostic.js';
import { closest } from '../util/suggest.js';
import { tableKeyOf, type SchemaSource } from './model.js';

export interface Selection {
  /** Schema names; `$tenant` (or `tenant`) stands for the tables of every tenant schema. */
  readonly schemas?: readonly string[];
  /** Resource names (`User`), as in the files or as `pgdecl pull` would name the tables. */
  readonly resources?: readonly string[];
}

function unknown(code: string, option: string, what: string, name: string, known: readonly string[]): PgdeclError {
  const near = closest(name, known);
  const list = known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ');
  return new PgdeclError(
    error(code, `${option} ${name}: there is no ${what} named \`${name}\``, {
      suggestion: `${near !== undefined ? `did you mean \`${near}\`? ` : ''}${known.length ? `The ${what}s are: ${list}` : `There is no ${what} to show`}`,
    }),
  );
}

function bySchemas(tables: readonly Table[], declared: readonly string[], schemas: readonly string[]): Table[] {
  const known = [...new Set([...declared, ...tables.map((t) => t.schema)])].sort();
  const wanted = new Set<string>();
  schemas.forEach((s) => {
    const name = s === 'tenant' && !known.includes('tenant') ? TENANT_SCHEMA : s;
    if (!known.includes(name)) throw unknown('erd_unknown_schema', '--schema', 'schema', s, known);
    wanted.add(name);
  });
  return tables.filter((t) => wanted.has(t.schema));
}

function byResources(all: readonly Table[], tables: readonly Table[], names: ReadonlyMap<string, string>, resources: readonly string[]): Table[] {
  const known = [...new Set(all.flatMap((t) => names.get(tableKeyOf(t)) ?? []))].sort();
  const wanted = new Set<string>();
  for (const r of resources) {
    if (!known.includes(r)) throw unknown('erd_unknown_resource', '--resources', 'resource', r, known);
    wanted.add(r);
  }
  return tables.filter((t) => wanted.has(names.get(tableKeyOf(t)) ?? ''));
}

/** The tables of the source that the selection names, in catalog order. */
export function selectTables(source: SchemaSource, selection: Selection): Table[] {
  // A partition holds its parent's columns and keys: the parent stands for it.
  let tables = source.catalog.tables.filter((t) => !t.partitionOf);
  if (selection.schemas?.length) tables = bySchemas(tables, source.catalog.schemas.map((s) => s.name), selection.schemas);
  if (selection.resources?.length) tables = byResources(source.catalog.tables, tables, source.resourceNames, selection.resources);
  return tables;
}
