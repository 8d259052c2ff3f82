/**
 * Tenant schemas in placeholder form. The compiler writes tenant tables in the schema
 * `$tenant`; a tenant's inspected catalog is turned into the same form (its schema name
 * replaced by the placeholder) so that every tenant compares against one desired template,
 * and tenants in the same state have the same fingerprint and share one plan. Changes
 * planned in placeholder form are instantiated per tenant before rendering.
 */
import { TENANT_SCHEMA, type Catalog } from '../ir/catalog.js';
import { canonicalCatalog } from '../ir/canonical.js';
import { tenantCatalog } from '../migrations/parts.js';
import { ident } from '../sql/quote.js';
import type { Change } from '../diff/change.js';

const NAME_FIELDS = new Set(['schema', 'refSchema', 'functionSchema']);

/**
 * Replaces one schema by another everywhere: name fields exactly (`schema`, `refSchema`,
 * `functionSchema`, the `name` of a schema object), `schema.` prefixes in text.
 */
function swap<T>(value: T, from: string, to: string): T {
  const qFrom = ident(from) + '.';
  const qTo = ident(to) + '.';
  const walk = (v: unknown, key?: string, parent?: string): unknown => {
    if (typeof v === 'string') {
      const isName = (key !== undefined && NAME_FIELDS.has(key)) || (key === 'name' && (parent === 'schema' || parent === 'schemas'));
      if (isName) return v === from ? to : v;
      if (key === 'owner' || key === 'afterTables') return v.startsWith(from + '.') ? to + v.slice(from.length) : v;
      return v.includes(qFrom) ? v.split(qFrom).join(qTo) : v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key, parent));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, key)]));
    return v;
  };
  return walk(value) as T;
}

/** The tenant part of a compiled catalog, still in the placeholder schema (which it creates). */
export function tenantTemplate(c: Catalog): Catalog {
  const part = tenantCatalog(c);
  // Citus schema-based sharding marks the placeholder schema distributed (src/compile/schema-sharding.ts).
  const distributed = c.schemas.some((s) => s.name === TENANT_SCHEMA && s.distributed) ? { distributed: true as const } : {};
  return { ...part, schemas: part.tables.length || part.functions.length ? [{ name: TENANT_SCHEMA, ...distributed }] : [] };
}

/** One tenant's inspected catalog in placeholder form (canonical, so it fingerprints). */
export function toPlaceholder(c: Catalog, schema: string): Catalog {
  return canonicalCatalog(swap(c, schema, TENANT_SCHEMA));
}

/** A change planned in placeholder form, for one tenant schema. */
export function forTenant(change: Change, schema: string): Change {
  return swap(change, TENANT_SCHEMA, schema);
}
