/**
 * What a diagram shows, built from the IR catalog whatever its origin (compiled files or an
 * inspected database): tables with their columns and keys, grouped by schema, and one edge
 * per foreign key with its cardinality. Mermaid, DOT and the data dictionary all draw this.
 */
import { TENANT_SCHEMA, type Catalog, type ForeignKey, type Table } from '../ir/catalog.js';

/** Where a catalog came from, and the resource name of each table (`schema.table` → `User`). */
export interface SchemaSource {
  readonly catalog: Catalog;
  readonly resourceNames: ReadonlyMap<string, string>;
  /** `files: a.yaml, b.yaml` or `database postgres://…` (without a password). */
  readonly label: string;
}

export interface DiagramColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly foreignKey: boolean;
  /** A unique index or constraint on this column alone. */
  readonly unique: boolean;
}

export interface DiagramTable {
  /** `schema.table`. */
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  readonly resource?: string;
  readonly columns: readonly DiagramColumn[];
  /** `context`: one copy per tenant schema; `attribute`: rows per tenant in `column`. */
  readonly tenancy?: Table['tenancy'];
  readonly table: Table;
}

/**
 * A foreign key from `from` (the referencing table: many rows, or at most one when its
 * columns are unique) to `to` (one row, or none when a referencing column can be NULL).
 */
export interface DiagramEdge {
  readonly name: string;
  readonly from: string;
  readonly fromColumns: readonly string[];
  readonly to: string;
  readonly toColumns: readonly string[];
  /** Some referencing column is nullable: a row may point at nothing (zero or one). */
  readonly optional: boolean;
  /** The referencing columns are unique: at most one row points at each target (one to one). */
  readonly oneToOne: boolean;
  /** The referencing columns are part of the primary key (an identifying relationship). */
  readonly identifying: boolean;
}

export interface DiagramSchema {
  readonly name: string;
  /** The placeholder schema of context multitenancy (`$tenant`): one copy per tenant. */
  readonly perTenant: boolean;
  readonly tables: readonly DiagramTable[];
}

export interface Diagram {
  readonly schemas: readonly DiagramSchema[];
  readonly edges: readonly DiagramEdge[];
}

export const tableKeyOf = (t: { schema: string; name: string }): string => `${t.schema}.${t.name}`;

/** The single-column unique keys of a table: primary key and unique indexes without predicate. */
function uniqueColumnSets(t: Table): string[][] {
  const sets: string[][] = t.primaryKey ? [[...t.primaryKey.columns]] : [];
  for (const i of t.indexes) {
    if (!i.unique || i.where !== undefined || i.keys.some((k) => k.kind !== 'column')) continue;
    sets.push(i.keys.map((k) => (k.kind === 'column' ? k.column : '')));
  }
  return sets;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function edgeOf(t: Table, fk: ForeignKey, uniques: readonly string[][]): DiagramEdge {
  const pk = t.primaryKey?.columns ?? [];
  return {
    name: fk.name,
    from: tableKeyOf(t),
    fromColumns: fk.columns,
    to: `${fk.refSchema}.${fk.refTable}`,
    toColumns: fk.refColumns,
    optional: fk.columns.some((c) => t.columns.find((x) => x.name === c)?.nullable ?? true),
    oneToOne: uniques.some((u) => u.every((c) => fk.columns.includes(c))),
    identifying: fk.columns.every((c) => pk.includes(c)),
  };
}

/**
 * A type as diagrams show it: without `public.`, which an inspected database prints for
 * extension types (`public.citext`) and files do not say.
 */
export const displayType = (type: string): string => type.replace(/^public\./, '');

function diagramTable(t: Table, names: ReadonlyMap<string, string>): DiagramTable {
  const pk = new Set(t.primaryKey?.columns ?? []);
  const fk = new Set(t.foreignKeys.flatMap((f) => f.columns));
  const unique = new Set(uniqueColumnSets(t).filter((s) => s.length === 1).map((s) => s[0]!));
  const resource = names.get(tableKeyOf(t));
  return {
    key: tableKeyOf(t),
    schema: t.schema,
    name: t.name,
    ...(resource !== undefined ? { resource } : {}),
    columns: t.columns.map((c) => ({ name: c.name, type: displayType(c.type), nullable: c.nullable, primaryKey: pk.has(c.name), foreignKey: fk.has(c.name), unique: unique.has(c.name) && !pk.has(c.name) })),
    ...(t.tenancy ? { tenancy: t.tenancy } : {}),
    table: t,
  };
}

/**
 * The diagram of `tables` (a selection of the catalog's): schemas sorted by name with the
 * per-tenant placeholder last, tables by name, and an edge for every foreign key whose two
 * ends are shown.
 */
export function buildDiagram(tables: readonly Table[], names: ReadonlyMap<string, string>): Diagram {
  const shown = new Set(tables.map(tableKeyOf));
  const bySchema = new Map<string, DiagramTable[]>();
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    bySchema.set(t.schema, [...(bySchema.get(t.schema) ?? []), diagramTable(t, names)]);
  }
  const order = (s: string) => (s === TENANT_SCHEMA ? `\uffff${s}` : s);
  const schemas = [...bySchema.keys()].sort((a, b) => (order(a) < order(b) ? -1 : 1)).map((name) => ({ name, perTenant: name === TENANT_SCHEMA, tables: bySchema.get(name)! }));
  const edges = schemas.flatMap((s) =>
    s.tables.flatMap((dt) => {
      const uniques = uniqueColumnSets(dt.table);
      return dt.table.foreignKeys.filter((fk) => shown.has(`${fk.refSchema}.${fk.refTable}`)).map((fk) => edgeOf(dt.table, fk, uniques));
    }),
  );
  return { schemas, edges };
}
