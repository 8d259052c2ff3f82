/**
 * The managed schemas of a repo. With `schemas:` in the repo, that list is the managed set: a
 * plan drops what those schemas hold and the files do not declare, and a table or function in a
 * schema outside it is an error (it would be created where pgdecl never looks again). Without
 * the key, the schemas the files name are managed, as before the key existed.
 */
import { TENANT_SCHEMA, type Catalog, type Function, type Schema, type Table } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Sequence } from '../ir/sequence.js';
import type { UserType } from '../ir/user-type.js';
import type { View } from '../ir/view.js';
import type { Collation } from '../ir/collation.js';
import type { Aggregate } from '../ir/aggregate.js';
import type { Src } from '../model/source.js';
import { compileError, origin, type CompileContext } from './context.js';

export function managedSchemas(ctx: CompileContext, tables: readonly Table[], functions: readonly Function[], extensions: Catalog['extensions'], sequences: readonly Sequence[] = [], types: readonly UserType[] = [], views: readonly View[] = [], collations: readonly Collation[] = [], aggregates: readonly Aggregate[] = []): Schema[] {
  const listed = ctx.project.repos.find((r) => r.name === ctx.repo)?.schemas;
  const names = new Map<string, { src: Src | undefined; comment?: string }>();
  for (const s of listed ?? []) {
    if (!names.has(s.name)) names.set(s.name, { src: s.src, ...(s.comment !== undefined ? { comment: s.comment } : {}) });
  }
  const add = (name: string | undefined, src: Src | undefined, what: string) => {
    if (name === undefined || name === TENANT_SCHEMA || names.has(name)) return;
    if (listed) {
      compileError(ctx, 'schema_not_managed', `${what} lives in schema \`${name}\`, which \`repos.${ctx.repo}.schemas\` does not list`, src, {
        suggestion: `add \`${name}\` to \`repos.${ctx.repo}.schemas\`, or move ${what} to a listed schema`,
      });
      return;
    }
    names.set(name, { src });
  };
  for (const t of tables) add(t.schema, ctx.origins.get(keys.table(t.schema, t.name)), `the table ${t.schema}.${t.name}`);
  for (const f of functions) add(f.schema, ctx.origins.get(keys.function(f.schema, f.name, f.arguments)), `the function ${f.schema}.${f.name}`);
  for (const e of extensions) add(e.schema, ctx.origins.get(keys.extension(e.name)), `the extension ${e.name}`);
  for (const t of types) add(t.schema, ctx.origins.get(keys.type(t.schema, t.name)), `the type ${t.schema}.${t.name}`);
  for (const v of views) add(v.schema, ctx.origins.get(keys.view(v.schema, v.name)), `the ${v.materialized ? 'materialized ' : ''}view ${v.schema}.${v.name}`);
  for (const c of collations) add(c.schema, ctx.origins.get(keys.collation(c.schema, c.name)), `the collation ${c.schema}.${c.name}`);
  for (const a of aggregates) add(a.schema, ctx.origins.get(keys.aggregate(a.schema, a.name, a.arguments)), `the aggregate ${a.schema}.${a.name}`);
  for (const q of sequences) add(q.schema, ctx.origins.get(keys.sequence(q.schema, q.name)), `the sequence ${q.schema}.${q.name}`);
  for (const [name, { src }] of names) if (src) origin(ctx, keys.schema(name), src);
  // A bare `public` leaves the comment every database gives it alone, as the schema itself is.
  const isListed = new Set((listed ?? []).filter((s) => s.object || s.name !== 'public').map((s) => s.name));
  return [...names].map(([name, { comment }]) => ({ name, ...(comment !== undefined ? { comment } : {}), ...(isListed.has(name) ? { listed: true } : {}) }));
}
