/**
 * Tables pgdecl points at but does not create: the destinations of foreign keys that are
 * `migrate: false` resources. They must exist before a plan can add a key to them, or the
 * apply would fail at `ADD FOREIGN KEY` after doing part of its work. One catalog query.
 */
import type { Catalog } from '../ir/catalog.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/resource.js';
import type { Src } from '../model/source.js';
import type { Target } from '../targets/target.js';

export const UNMANAGED_TABLE_MISSING = 'unmanaged_table_missing';

interface Pointer {
  readonly schema: string;
  readonly table: string;
  readonly src?: Src;
  readonly from: string;
}

/** Foreign keys of the catalog whose table the catalog does not create. */
function pointers(catalog: Catalog, origins: Readonly<Record<ObjectKey, Src>>): Pointer[] {
  const created = new Set(catalog.tables.map((t) => `${t.schema}.${t.name}`));
  const out: Pointer[] = [];
  for (const t of catalog.tables) {
    for (const fk of t.foreignKeys) {
      if (created.has(`${fk.refSchema}.${fk.refTable}`) || fk.refSchema.startsWith('$')) continue;
      const src = origins[keys.foreignKey(t.schema, t.name, fk.name)];
      out.push({ schema: fk.refSchema, table: fk.refTable, from: `${t.name}.${fk.name}`, ...(src ? { src } : {}) });
    }
  }
  return out;
}

/** Throws a positioned error for every `migrate: false` destination whose table does not exist. */
export async function requireUnmanagedTables(target: Target, project: Project, catalog: Catalog, origins: Readonly<Record<ObjectKey, Src>>): Promise<void> {
  const wanted = pointers(catalog, origins);
  if (wanted.length === 0) return;
  const rows = await target.query<{ schema: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS table
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [wanted.map((w) => w.schema), wanted.map((w) => w.table)],
  );
  const found = new Set(rows.map((r) => `${r.schema}.${r.table}`));
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    const name = `${w.schema}.${w.table}`;
    if (found.has(name) || seen.has(`${name}|${w.from}`)) continue;
    seen.add(`${name}|${w.from}`);
    const resource = project.resources.find((r) => !r.migrate && r.schema === w.schema && r.table === w.table);
    const what = resource ? `resource ${resource.name} (\`migrate: false\`)` : 'a table pgdecl does not create';
    problems.push({
      code: UNMANAGED_TABLE_MISSING,
      severity: 'error',
      message: `the foreign key \`${w.from}\` points at the table \`${name}\` of ${what}, which does not exist in the database`,
      ...(w.src ? { src: w.src } : {}),
      suggestion: `create \`${name}\` first (pgdecl leaves it to whoever owns it), or set \`migrate: true\` on ${resource ? resource.name : 'its resource'} so that pgdecl creates it`,
    });
  }
  if (problems.length) throw new PgdeclError(problems);
}
