/**
 * `manage_tenant` in the database: rows of the managing resource are tenants, and a trigger on
 * its table keeps their schemas in step with the rows.
 *
 *   create: true   inserting a row creates its schema with every tenant table, function and
 *                  custom statement as the files declare them (nothing happens when the schema
 *                  already exists);
 *   update: true   changing the attributes of the template renames the schema.
 *
 * pgdecl writes the trigger function `<table>_manage_tenant` in the resource's schema; its body
 * holds the tenant DDL (the plan of an empty tenant schema, in placeholder form), so every
 * apply that changes the tenant resources replaces it. With both options false there is no
 * trigger: schemas are made with `pgdecl tenants create` and renamed with `tenants rename`.
 */
import { TENANT_SCHEMA, type Catalog, type Function, type Trigger } from '../ir/catalog.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import type { Project, Resource } from '../model/resource.js';
import type { Src } from '../model/source.js';
import { PgdeclError } from '../model/diagnostic.js';
import { diff } from '../diff/diff.js';
import { ownedByStatements } from '../diff/owned.js';
import { plan } from '../plan/plan.js';
import { EMPTY_CATALOG } from '../migrations/snapshot.js';
import { ident, stringLiteral } from '../sql/quote.js';
import { tenantTemplate } from './placeholder.js';

export const provisionName = (table: string) => `${table}_manage_tenant`;

/** The resource whose rows are tenants, with `create` or `update`, in this repo. */
export function managingResource(project: Project, repo = 'default'): Resource | undefined {
  return project.resources.find((r) => r.repo === repo && r.manageTenant && (r.manageTenant.create || r.manageTenant.update) && r.migrate);
}

/** The tenant DDL in placeholder form: `"$tenant"` (and `'$tenant'` in pgdecl's bookkeeping) stand for the schema. */
export function tenantDdl(catalog: Catalog, serverVersion: number): string[] {
  const template = tenantTemplate(catalog);
  if (template.schemas.length === 0) return [`CREATE SCHEMA ${ident(TENANT_SCHEMA)}`];
  const owned = ownedByStatements(template.statements, TENANT_SCHEMA);
  return plan(diff(EMPTY_CATALOG, template, { owned }), { serverVersion, scope: TENANT_SCHEMA }).steps.flatMap((s) => s.sql);
}

function nameExpression(r: Resource, row: 'NEW' | 'OLD'): string {
  return r.manageTenant!.template.map((p) => (p.kind === 'literal' ? stringLiteral(p.text) : `${row}.${ident(p.name)}::text`)).join(' || ');
}

function body(r: Resource, ddl: readonly string[]): string {
  const mt = r.manageTenant!;
  const run = (sql: string) => `    EXECUTE replace(replace(${stringLiteral(sql)}, '"$tenant"', quote_ident(tenant)), '''$tenant''', quote_literal(tenant));`;
  const lines = ['', 'DECLARE', `  tenant text := ${nameExpression(r, 'NEW')};`, '  previous text;', "  saved text := current_setting('search_path');", 'BEGIN'];
  if (mt.update) {
    lines.push(
      "  IF TG_OP = 'UPDATE' THEN",
      `    previous := ${nameExpression(r, 'OLD')};`,
      '    IF previous IS NOT DISTINCT FROM tenant THEN RETURN NEW; END IF;',
      '    IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = previous) THEN',
      "      IF tenant IS NULL OR tenant !~ '^[a-zA-Z0-9_-]+$' OR octet_length(tenant) > 63 OR tenant LIKE 'pg\\_%' THEN",
      "        RAISE EXCEPTION 'pgdecl: cannot rename tenant schema % to %: tenant names hold letters, digits, _ and - (at most 63 bytes)', previous, tenant;",
      '      END IF;',
      "      EXECUTE format('ALTER SCHEMA %I RENAME TO %I', previous, tenant);",
      // The custom statements pgdecl recorded for the tenant move with it (as `pgdecl tenants rename` does).
      "      IF to_regclass('pgdecl.custom_statements') IS NOT NULL THEN",
      '        UPDATE pgdecl.custom_statements SET scope = tenant WHERE scope = previous;',
      '      END IF;',
      "      IF to_regclass('pgdecl.schema_migrations') IS NOT NULL THEN",
      '        UPDATE pgdecl.schema_migrations SET scope = tenant WHERE scope = previous;',
      '      END IF;',
      '      RETURN NEW;',
      '    END IF;',
      '  END IF;',
    );
  }
  if (mt.create) {
    lines.push(
      "  IF tenant IS NULL OR tenant !~ '^[a-zA-Z0-9_-]+$' OR octet_length(tenant) > 63 OR tenant LIKE 'pg\\_%' THEN",
      "    RAISE EXCEPTION 'pgdecl: cannot create tenant schema %: tenant names hold letters, digits, _ and - (at most 63 bytes)', tenant;",
      '  END IF;',
      '  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = tenant) THEN',
      ...ddl.map(run),
      "    PERFORM pg_catalog.set_config('search_path', saved, true);",
      '  END IF;',
    );
  }
  lines.push('  RETURN NEW;', 'END', '');
  return lines.join('\n');
}

/**
 * The catalog with the trigger function and the trigger that keep tenant schemas in step with
 * the managing resource's rows (unchanged when no resource asks for it).
 */
export function withTenantProvisioning(
  catalog: Catalog,
  origins: Readonly<Record<ObjectKey, Src>>,
  project: Project,
  serverVersion: number,
  repo = 'default',
): { catalog: Catalog; origins: Readonly<Record<ObjectKey, Src>> } {
  const r = managingResource(project, repo);
  if (!r) return { catalog, origins };
  const mt = r.manageTenant!;
  const name = provisionName(r.table);
  const fn: Function = {
    schema: r.schema,
    name,
    arguments: '',
    returns: 'trigger',
    language: 'plpgsql',
    body: body(r, mt.create ? tenantDdl(catalog, serverVersion) : []),
    volatility: 'volatile',
    security: 'invoker',
    comment: `Keeps tenant schemas in step with the rows of ${r.schema}.${r.table} (manage_tenant); written by pgdecl.`,
    managedBy: 'pgdecl',
  };
  const columns = mt.template.flatMap((p) => (p.kind === 'attribute' ? [p.name] : []));
  const trigger: Trigger = {
    name,
    timing: 'AFTER',
    events: [...(mt.create ? (['INSERT'] as const) : []), ...(mt.update ? (['UPDATE'] as const) : [])],
    updateOf: mt.update ? [...new Set(columns)].sort() : [],
    forEach: 'ROW',
    functionSchema: r.schema,
    functionName: name,
    arguments: [],
  };
  return {
    catalog: {
      ...catalog,
      functions: [...catalog.functions, fn],
      tables: catalog.tables.map((t) => (t.schema === r.schema && t.name === r.table ? { ...t, triggers: [...t.triggers, trigger] } : t)),
    },
    origins: { ...origins, [keys.function(r.schema, name, '')]: mt.src, [keys.trigger(r.schema, r.table, name)]: mt.src },
  };
}

/**
 * The same for versioned migrations (`generate`). Their tenant schemas are built by
 * `pgdecl migrate --tenants`, which runs and records the tenant migrations, so a trigger that
 * built them from the files would collide with it: `create: true` is refused there (renaming
 * with `update: true` works, the migrations' record moves with the schema).
 */
export function withTenantProvisioningForMigrations(
  catalog: Catalog,
  origins: Readonly<Record<ObjectKey, Src>>,
  project: Project,
  serverVersion: number,
  repo = 'default',
): { catalog: Catalog; origins: Readonly<Record<ObjectKey, Src>> } {
  const r = managingResource(project, repo);
  if (r?.manageTenant?.create && tenantTemplate(catalog).schemas.length > 0) {
    throw new PgdeclError({
      code: 'manage_tenant_migrations',
      severity: 'error',
      message: `manage_tenant of resource ${r.name} creates tenant schemas from the files when a row is inserted (\`create: true\`, the default), but with versioned migrations \`pgdecl migrate --tenants\` builds them`,
      suggestion: 'write `create: false` in manage_tenant and run `pgdecl migrate --tenants` after adding tenants (or use `pgdecl apply`, which keeps the trigger)',
      src: r.manageTenant.src,
    });
  }
  return withTenantProvisioning(catalog, origins, project, serverVersion, repo);
}
