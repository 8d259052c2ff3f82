/**
 * `views:` → views and materialized views. The query is kept as written: the normaliser
 * (../plan/normalize.ts) creates it on the server and reads back the definition, the
 * columns and what it reads. Options that PostgreSQL gives only one of the two kinds are
 * refused here, where the files can be pointed at.
 */
import { compileGrants } from './grants.js';
import { storedGrants } from '../ir/privilege.js';
import type { Index, Table } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { View } from '../ir/view.js';
import type { ViewDef } from '../model/resource.js';
import { child } from '../model/source.js';
import { compileError, olderThan, origin, type CompileContext } from './context.js';
import { customIndex } from './indexes.js';
import { userTrigger } from './triggers.js';

/** The query without the trailing semicolons and blank space a file may leave. */
function query(sql: string): string {
  return sql.trim().replace(/[\s;]+$/, '');
}

export function userView(ctx: CompileContext, def: ViewDef, tables: readonly Table[]): View | undefined {
  const refuse = (key: string, what: string, suggestion: string) => {
    compileError(ctx, 'view_options', what, child(def.src, key), { suggestion });
    return undefined;
  };
  if (Buffer.byteLength(def.name, 'utf8') > 63) return refuse('sql', `the view name \`${def.name}\` is longer than 63 bytes, which PostgreSQL would cut`, 'shorten the name');
  if (tables.some((t) => t.schema === def.schema && t.name === def.name)) {
    return refuse('sql', `the view \`${def.schema}.${def.name}\` has the name of a table in the same schema`, 'rename the view, or the table');
  }
  if (query(def.sql.sql) === '') return refuse('sql', `the view \`${def.name}\` has an empty \`sql\``, 'write its query: `sql: SELECT …`');
  if (def.materialized) {
    if (def.triggers.length) return refuse('triggers', `the materialized view \`${def.name}\` has \`triggers\`, which only a view or a table can have`, 'remove `triggers`, or `materialized: true`');
    if (def.checkOption) return refuse('check_option', `\`check_option\` is for views; \`${def.name}\` is a materialized view, which cannot be written through`, 'remove `check_option`, or `materialized: true`');
    if (def.securityBarrier) return refuse('security_barrier', `\`security_barrier\` is for views; \`${def.name}\` is a materialized view`, 'remove `security_barrier`, or `materialized: true`');
    if (def.securityInvoker) return refuse('security_invoker', `\`security_invoker\` is for views; \`${def.name}\` is a materialized view`, 'remove `security_invoker`, or `materialized: true`');
  } else {
    if (def.storageParameters) return refuse('storage_parameters', `\`storage_parameters\` are for materialized views; \`${def.name}\` is a view, which stores no rows`, 'remove `storage_parameters`, or add `materialized: true`');
    if (def.indexes.length) return refuse('indexes', `the view \`${def.name}\` has \`indexes\`, but only a materialized view can be indexed`, 'add `materialized: true`, or index the tables it reads');
    if (!def.withData) return refuse('with_data', `\`with_data\` is for materialized views; \`${def.name}\` is a view`, 'remove `with_data`, or add `materialized: true`');
  }
  if (def.securityInvoker && olderThan(ctx, 15)) return refuse('security_invoker', '`security_invoker` needs PostgreSQL 15 or later', 'remove it, or upgrade the server');
  const indexes: Index[] = [];
  def.indexes.forEach((written, i) => {
    const wrong = written.constraint ? 'constraint' : written.deferrable !== false ? 'deferrable' : written.concurrently ? 'concurrently' : written.allTenants ? 'all_tenants' : undefined;
    if (wrong) {
      compileError(ctx, 'view_options', `an index of the materialized view \`${def.name}\` has \`${wrong}\`, which only a table's indexes have`, child(def.src, 'indexes', i, wrong), {
        suggestion: `remove \`${wrong}\` (a materialized view's indexes are built in the plan's transaction; a unique index does what a UNIQUE constraint would)`,
      });
      return;
    }
    const index = customIndex(ctx, { name: def.name, table: def.name, attributes: [] }, written, i, def.schema, undefined);
    if (index) indexes.push(index);
  });
  const triggers = def.triggers.flatMap((t) => userTrigger(ctx, { name: def.name, table: def.name, view: true }, t, def.schema) ?? []);
  origin(ctx, keys.view(def.schema, def.name), def.src);
  for (const c of def.columnDescriptions) origin(ctx, keys.column(def.schema, def.name, c.column), c.src);
  return {
    schema: def.schema,
    name: def.name,
    ...(def.materialized ? { materialized: true as const } : {}),
    definition: query(def.sql.sql),
    columns: def.columnDescriptions.map((c) => ({ name: c.column, type: '', comment: c.text })),
    ...(def.checkOption ? { checkOption: def.checkOption } : {}),
    ...(def.securityBarrier ? { securityBarrier: true as const } : {}),
    ...(def.securityInvoker ? { securityInvoker: true as const } : {}),
    ...(def.description !== undefined ? { comment: def.description } : {}),
    indexes,
    ...(triggers.length ? { triggers } : {}),
    ...(def.materialized && !def.withData ? { withNoData: true as const } : {}),
    ...(def.storageParameters ? { storage: { ...def.storageParameters } } : {}),
    // A view's privileges are a table's; its columns are the server's to know (it refuses an unknown one).
    ...(def.grants ? storedGrants('table', compileGrants(ctx, 'table', def.grants, `${def.materialized ? 'materialized view' : 'view'} ${def.name}`)) : {}),
  };
}
