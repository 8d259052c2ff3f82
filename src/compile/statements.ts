/**
 * Custom statements → IR statements: `up` and `down` verbatim (trimmed), owned by the
 * resource's table, with `after_tables` resolved to `schema.table`.
 */
import type { Statement } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { CustomStatement, Resource } from '../model/resource.js';
import { origin, type CompileContext } from './context.js';

/** `posts` → the schema of the resource whose table it is (the owner's own schema first); `s.t` stays. */
export function resolveTable(ctx: CompileContext, name: string, ownerSchema: string, tenantSchema: string | undefined): string {
  if (name.includes('.')) return name;
  const all = ctx.project.resources.filter((r) => r.repo === ctx.repo);
  const schemaOf = (r: Resource) => (tenantSchema && r.multitenancy?.strategy === 'context' ? tenantSchema : r.schema);
  const byTable = all.filter((r) => r.table === name);
  const hit = byTable.find((r) => schemaOf(r) === ownerSchema) ?? byTable[0] ?? all.find((r) => r.name === name);
  return hit ? `${schemaOf(hit)}.${hit.table}` : `${ownerSchema}.${name}`;
}

export function compileStatement(ctx: CompileContext, resource: Resource, st: CustomStatement, schema: string, tenantSchema: string | undefined): Statement {
  origin(ctx, keys.statement(st.name), st.src);
  return {
    name: st.name,
    up: st.up.sql.trim(),
    down: st.down.sql.trim(),
    afterTables: st.afterTables.map((t) => resolveTable(ctx, t, schema, tenantSchema)),
    owner: `${schema}.${resource.table}`,
  };
}
