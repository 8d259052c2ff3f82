/**
 * Schemas pgdecl may manage: never PostgreSQL's own (`pg_catalog`, `information_schema`,
 * `pg_toast*`, `pg_temp*`) nor its bookkeeping schema `pgdecl`, wherever the files name a
 * schema — a resource's schema, its renamed_from, a function's schema, an extension's schema,
 * or the schemas a manage_tenant template produces.
 */
import { reservedSchema } from '../../model/naming.js';
import type { Project } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { CHECK } from '../codes.js';
import type { CheckContext } from './report.js';

const FIX = 'choose a schema of your own, e.g. `public` or `app`';

function refuse(ctx: CheckContext, schema: string, what: string, src: Src, part: 'key' | 'value' = 'value'): void {
  const why = reservedSchema(schema);
  if (why === undefined) return;
  ctx.report(CHECK.reservedSchema, `${what} is \`${schema}\`, which pgdecl never manages: ${why}`, src, { part, suggestion: FIX });
}

export function checkSchemas(ctx: CheckContext, project: Project): void {
  for (const r of project.resources) {
    refuse(ctx, r.schema, `the schema of resource ${r.name}`, child(r.src, 'postgres', 'schema'));
    const from = r.renamedFrom;
    if (from?.schema !== undefined) refuse(ctx, from.schema, `the schema in \`renamed_from\` of resource ${r.name}`, child(r.src, 'postgres', 'renamed_from'));
    const lead = r.manageTenant?.template[0];
    if (r.manageTenant && lead?.kind === 'literal' && lead.text.startsWith('pg_')) {
      ctx.report(CHECK.reservedSchema, `every tenant schema the \`template\` of manage_tenant of resource ${r.name} produces starts with \`${lead.text}\`: ${reservedSchema(lead.text)!}`, child(r.manageTenant.src, 'template', 0), {
        part: 'value',
        suggestion: 'start the template with a prefix of your own, e.g. ["tenant_", id]',
      });
    }
  }
  for (const f of project.functions) {
    refuse(ctx, f.schema, `the schema of function \`${f.key}\``, ctx.written(f.src, 'schema') ? child(f.src, 'schema') : f.src, ctx.written(f.src, 'schema') ? 'value' : 'key');
  }
  for (const repo of project.repos) {
    for (const e of repo.extensions) if (e.schema !== undefined) refuse(ctx, e.schema, `the schema of extension \`${e.name}\``, ctx.written(e.src, 'schema') ? child(e.src, 'schema') : e.src);
  }
}
