/**
 * Creates the desired views in the scratch schemas of the normaliser (./normalize.ts), once
 * the tables and functions are there. What a view reads is only known once the server has
 * it, so views are created in rounds: each one in a savepoint, those that fail for want of
 * another view are tried again after it. A view that fails when nothing else could be created
 * is refused, with the server's words and where the files declare it.
 */
import { keys, type ObjectKey } from '../ir/keys.js';
import { viewsInDependencyOrder, type View } from '../ir/view.js';
import { PgdeclError } from '../model/diagnostic.js';
import type { Src } from '../model/source.js';
import { createView } from '../render/ddl/views.js';
import { databaseErrorInfo, type Target } from '../targets/target.js';

export async function createScratchViews(target: Target, views: readonly View[], back: ReadonlyMap<string, string>, origins?: Readonly<Record<ObjectKey, Src>>): Promise<void> {
  let pending = viewsInDependencyOrder(views);
  while (pending.length) {
    const failed: { view: View; error: unknown }[] = [];
    for (const v of pending) {
      await target.exec('SAVEPOINT pgdecl_view');
      try {
        // Without its triggers: they call functions of the real schemas (normalize.ts carries them
        // over). A materialized view is not filled: its query may call a function whose body
        // reads the real schemas (the server inlines SQL functions while it plans the query), and
        // its definition is the same either way (./carry-over.ts keeps the declared WITH NO DATA).
        for (const sql of createView({ ...v, triggers: [], ...(v.materialized ? { withNoData: true as const } : {}) })) await target.exec(sql);
        await target.exec('RELEASE SAVEPOINT pgdecl_view');
      } catch (error) {
        await target.exec('ROLLBACK TO SAVEPOINT pgdecl_view');
        failed.push({ view: v, error });
      }
    }
    if (failed.length === pending.length) throw refusal(failed[0]!.view, failed[0]!.error, back, origins);
    pending = failed.map((f) => f.view);
  }
}

function refusal(v: View, error: unknown, back: ReadonlyMap<string, string>, origins?: Readonly<Record<ObjectKey, Src>>): PgdeclError {
  const real = (text: string) => [...back].reduce((k, [scratch, name]) => k.split(scratch).join(name), text);
  const schema = back.get(v.schema) ?? v.schema;
  const err = databaseErrorInfo(error);
  const what = `${v.materialized ? 'materialized view' : 'view'} ${schema}.${v.name}`;
  // 42703 undefined_column, 42P01 undefined_table: it reads what the files do not declare (any more).
  const missing = err.code === '42703' || err.code === '42P01';
  const src = origins?.[keys.view(schema, v.name)];
  return new PgdeclError({
    code: 'server_rejects',
    severity: 'error',
    message: `PostgreSQL rejects ${what}: ${real(err.message)}${err.detail ? ` (${real(err.detail)})` : ''}`,
    suggestion: missing
      ? `the view reads a table or column the files do not declare (or no longer do): change its \`sql\`, or keep what it reads; nothing was changed in the database`
      : (err.hint ?? 'fix the view; nothing was changed in the database'),
    ...(src ? { src } : {}),
  });
}
