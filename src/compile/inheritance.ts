/**
 * Inheritance children (`postgres.inherits`) once every table is compiled: a column the child
 * declares again must have its parent's type, and is NOT NULL of its own only where no parent
 * makes it NOT NULL already (what inspection reads as its own).
 */
import type { Table } from '../ir/catalog.js';
import { inheritedColumns, tablesByKey } from '../ir/inheritance.js';
import { TENANT_SCHEMA } from '../ir/catalog.js';
import { compileError, repoResources, type CompileContext } from './context.js';

export function withInheritance(ctx: CompileContext, tables: readonly Table[]): Table[] {
  if (!tables.some((t) => t.inherits)) return [...tables];
  const byKey = tablesByKey(tables);
  const resources = repoResources(ctx);
  return tables.map((t) => {
    if (!t.inherits) return t;
    const inherited = inheritedColumns(byKey, t);
    const resource = resources.find((r) => r.table === t.name && (r.schema === t.schema || t.schema === TENANT_SCHEMA));
    for (const c of t.columns) {
      const p = inherited.get(c.name);
      if (!p || (p.type === c.type && (p.collation ?? null) === (c.collation ?? null))) continue;
      const attr = resource?.attributes.find((a) => a.name === c.name);
      compileError(ctx, 'inheritance', `the column ${c.name} of ${t.name} is ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ''}, and the table it inherits it from has it as ${p.type}${p.collation ? ` COLLATE ${p.collation}` : ''}: PostgreSQL merges the two into one column of one type`, attr?.src ?? resource?.src, {
        suggestion: `give ${c.name} the parent's type, or leave it out of ${t.name}'s attributes (it is inherited)`,
      });
    }
    return { ...t, columns: t.columns.map((c) => (!c.nullable && inherited.get(c.name)?.nullable === false ? { ...c, nullable: true } : c)) };
  });
}
