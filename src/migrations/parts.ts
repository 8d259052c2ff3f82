/**
 * A project's migrations come in two parts, each a folder with its own snapshots and sum:
 *
 *   migrations/            the ordinary part: created once per database
 *   migrations/tenants/    the tenant part (`multitenancy: {strategy: context}`): run once per
 *                          tenant schema, tracked per schema
 *
 * Tenant migrations are written with the placeholder schema `"$tenant"` (the IR's
 * TENANT_SCHEMA, which always needs quotes, so it never collides with a real name), and
 * pgdecl's bookkeeping rows of their custom statements under the scope `'$tenant'`. When a
 * tenant migration runs for a schema, `forTenantSchema` puts the schema's name in their
 * place, and the statements run with `search_path` set to that schema, then `public`.
 */
import { join } from 'node:path';
import { TENANT_SCHEMA, type Catalog } from '../ir/catalog.js';
import { canonicalCatalog } from '../ir/canonical.js';
import { ordinaryPart } from '../ir/tenant.js';
import { ident, stringLiteral } from '../sql/quote.js';

export type PartName = 'ordinary' | 'tenant';

export interface Part {
  readonly name: PartName;
  /** The folder, relative to the migrations folder ('' for the ordinary part). */
  readonly subdir: string;
  /** The scope its custom statements are recorded under when rendered. */
  readonly scope: string;
  /** The part of a compiled catalog these migrations manage. */
  readonly select: (c: Catalog) => Catalog;
}

/** Tables, functions and custom statements of the tenant schemas, still in `"$tenant"`. */
export function tenantCatalog(c: Catalog): Catalog {
  const owned = (owner: string | undefined) => owner?.startsWith(`${TENANT_SCHEMA}.`) ?? false;
  return canonicalCatalog({
    formatVersion: c.formatVersion,
    extensions: [],
    schemas: [],
    functions: c.functions.filter((f) => f.schema === TENANT_SCHEMA),
    tables: c.tables.filter((t) => t.schema === TENANT_SCHEMA),
    statements: c.statements.filter((s) => owned(s.owner)),
    ...(c.roles ? { roles: c.roles } : {}),
  });
}

/**
 * The ordinary part, with the schema `public` every database starts with (so the first
 * migration does not create it, and one that empties it does not drop it).
 */
export function ordinaryCatalog(c: Catalog): Catalog {
  const o = ordinaryPart(c);
  return canonicalCatalog(o.schemas.some((s) => s.name === 'public') ? o : { ...o, schemas: [...o.schemas, { name: 'public' }] });
}

export const PARTS: readonly Part[] = [
  { name: 'ordinary', subdir: '', scope: '', select: ordinaryCatalog },
  { name: 'tenant', subdir: 'tenants', scope: TENANT_SCHEMA, select: tenantCatalog },
];

export function partDir(root: string, part: Part): string {
  return part.subdir ? join(root, part.subdir) : root;
}

/** How the user names a part's folder: `migrations`, `migrations/tenants`. */
export function shownPartDir(shownRoot: string, part: Part): string {
  return part.subdir ? `${shownRoot.replace(/\/+$/, '')}/${part.subdir}` : shownRoot;
}

const PLACEHOLDER_IDENT = ident(TENANT_SCHEMA);
const PLACEHOLDER_LITERAL = stringLiteral(TENANT_SCHEMA);
const PLACEHOLDER_PREFIX = stringLiteral(`${TENANT_SCHEMA}.`).slice(0, -1);

/**
 * Tenant migration SQL for one schema: `"$tenant"` becomes the schema's identifier, and the
 * bookkeeping literals `'$tenant'` and `'$tenant.<table>'` its name.
 */
export function forTenantSchema(sql: string, schema: string): string {
  const name = stringLiteral(schema);
  return sql
    .split(PLACEHOLDER_IDENT)
    .join(ident(schema))
    .split(PLACEHOLDER_LITERAL)
    .join(name)
    .split(PLACEHOLDER_PREFIX)
    .join(stringLiteral(`${schema}.`).slice(0, -1));
}

/** The statement that points a session at a tenant schema (tenant custom statements name tables unqualified). */
export function tenantSearchPath(schema: string, local: boolean): string {
  return `SET ${local ? 'LOCAL ' : ''}search_path TO ${ident(schema)}, public`;
}
