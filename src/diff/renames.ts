/**
 * Renames are never guessed (STYLE 11): they come from `renamed_from` in the files, or from
 * an answer the user gave at a prompt, and reach the differ as this plain data.
 */
import type { Project } from '../model/resource.js';
import type { TableRef } from './change.js';
import { TENANT_SCHEMA } from '../ir/catalog.js';

export interface Renames {
  /** A table that used to be `from` is now `to` (rename and/or move to another schema). */
  readonly tables: readonly { readonly from: TableRef; readonly to: TableRef }[];
  /** In table `table` (its new name), column `from` is now `to`. */
  readonly columns: readonly { readonly table: TableRef; readonly from: string; readonly to: string }[];
  /** A schema that used to be `from` is now `to` (tenant renames). */
  readonly schemas: readonly { readonly from: string; readonly to: string }[];
  /** In enum type `type` (`schema.name`), the value `from` is now `to`. */
  readonly enumValues?: readonly { readonly type: string; readonly from: string; readonly to: string }[];
}

export const NO_RENAMES: Renames = { tables: [], columns: [], schemas: [] };

/** The `renamed_from` hints of a project. Tenant tables are named in the tenant placeholder schema. */
export function renamesFromProject(project: Project): Renames {
  const tables: { from: TableRef; to: TableRef }[] = [];
  const columns: { table: TableRef; from: string; to: string }[] = [];
  for (const r of project.resources) {
    if (!r.migrate) continue;
    const schemas = r.multitenancy?.strategy === 'context' ? (r.multitenancy.global ? [TENANT_SCHEMA, r.schema] : [TENANT_SCHEMA]) : [r.schema];
    for (const schema of schemas) {
      const to = { schema, name: r.table };
      if (r.renamedFrom) tables.push({ from: { schema: schema === TENANT_SCHEMA ? schema : (r.renamedFrom.schema ?? schema), name: r.renamedFrom.table }, to });
      for (const a of r.attributes) if (a.renamedFrom) columns.push({ table: to, from: a.renamedFrom, to: a.name });
    }
  }
  const enumValues = (project.types ?? []).flatMap((t) => (t.kind !== 'enum' ? [] : t.values).flatMap((v) => (v.renamedFrom !== undefined ? [{ type: `${t.schema}.${t.name}`, from: v.renamedFrom, to: v.name }] : [])));
  return { tables, columns, schemas: [], ...(enumValues.length ? { enumValues } : {}) };
}

/** The schemas that renames read from: inspection must include them. */
export function renamedFromSchemas(renames: Renames): string[] {
  return [...new Set([...renames.tables.map((t) => t.from.schema), ...renames.schemas.map((s) => s.from)])];
}
