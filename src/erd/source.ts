/**
 * Where diagrams and data dictionaries read a schema from: resource files (the compiled
 * catalog, with the resources' names) or a live database, read with the inspection `pgdecl
 * pull` uses and named as pull would name its resources. Both give the same SchemaSource,
 * so every output has one code path whatever its origin.
 */
import { TENANT_SCHEMA, type Catalog, type Table } from '../ir/catalog.js';
import { inspect, BOOKKEEPING_SCHEMA } from '../inspect/inspect.js';
import type { Project } from '../model/resource.js';
import { resourceNames } from '../pull/naming.js';
import { pgdeclTenantColumn } from '../pull/tenancy.js';
import type { Target } from '../targets/target.js';
import type { SchemaSource } from './model.js';

/** From compiled files: each table named by the resource that declares it. */
export function sourceFromProject(project: Project, catalog: Catalog, label: string): SchemaSource {
  const names = new Map<string, string>();
  for (const r of project.resources) {
    if (r.multitenancy?.strategy === 'context') names.set(`${TENANT_SCHEMA}.${r.table}`, r.name);
    names.set(`${r.schema}.${r.table}`, r.name);
  }
  return { catalog, resourceNames: names, label };
}

const SCHEMAS_SQL = `SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
WHERE n.nspname <> ALL (ARRAY['information_schema', '${BOOKKEEPING_SCHEMA}']) AND n.nspname !~ '^pg_'
ORDER BY 1`;

/** Row-level security that is pgdecl's attribute multitenancy makes the table a tenant table. */
function withTenancy(t: Table): Table {
  if (t.tenancy) return t;
  const column = pgdeclTenantColumn(t);
  return column === undefined ? t : { ...t, tenancy: { strategy: 'attribute', column } };
}

/**
 * From a live database: the schemas asked for (default: every schema but the system ones and
 * pgdecl's bookkeeping), inspected in one pass over the catalogs.
 */
export async function sourceFromDatabase(target: Target, schemas: readonly string[], label: string): Promise<SchemaSource> {
  const all = (await target.query<{ name: string }>(SCHEMAS_SQL)).map((r) => r.name);
  const { catalog } = await inspect(target, { schemas: schemas.length ? schemas.filter((s) => all.includes(s)) : all });
  const tables = catalog.tables.map(withTenancy);
  // Every schema of the database is named, so that a --schema that is not there gets a "did you mean".
  const listed = [...catalog.schemas, ...all.filter((n) => !catalog.schemas.some((s) => s.name === n)).map((name) => ({ name }))];
  return { catalog: { ...catalog, schemas: listed, tables }, resourceNames: resourceNames(tables), label };
}
