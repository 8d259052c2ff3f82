/** Rows of the `views` catalog query → views and materialized views, with their indexes and triggers. */
import type { Index, Trigger } from '../ir/catalog.js';
import type { View, ViewColumn, ViewRead } from '../ir/view.js';
import { storageFromOptions } from './decode.js';
import { opt } from '../util/opt.js';

export interface ViewRow {
  id: string;
  schema: string;
  name: string;
  materialized: boolean;
  definition: string;
  /** `name=value`: a view's options, a materialized view's storage parameters (its TOAST table's as `toast.name=value`). */
  options: string[];
  populated: boolean;
  comment: string | null;
  attached: string[];
  columns: { name: string; type: string; comment: string | null }[];
  reads: { schema: string; name: string; columns: string[] }[];
}

const TRUE = new Set(['true', 'on', 'yes', '1', 't', 'y']);

/** `indexes` and `triggers`: the decoded ones of this relation. */
export function viewFromRow(r: ViewRow, indexes: readonly Index[], triggers: readonly Trigger[]): View {
  const options = new Map(r.options.map((o) => {
    const eq = o.indexOf('=');
    return [o.slice(0, eq).toLowerCase(), o.slice(eq + 1)] as const;
  }));
  const on = (k: string) => TRUE.has((options.get(k) ?? '').toLowerCase());
  const check = options.get('check_option')?.toLowerCase();
  const columns: ViewColumn[] = r.columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment !== null ? { comment: c.comment } : {}) }));
  const reads: ViewRead[] = r.reads.map((x) => ({ schema: x.schema, name: x.name, columns: [...x.columns].sort() }));
  return {
    schema: r.schema,
    name: r.name,
    ...(r.materialized ? { materialized: true as const } : {}),
    definition: r.definition,
    columns,
    ...(check === 'local' || check === 'cascaded' ? { checkOption: check } : {}),
    ...(on('security_barrier') ? { securityBarrier: true as const } : {}),
    ...(on('security_invoker') ? { securityInvoker: true as const } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ...(r.materialized ? opt('storage', storageFromOptions(r.options)) : {}),
    indexes: r.materialized ? indexes : [],
    ...(triggers.length ? { triggers } : {}),
    ...(r.materialized && !r.populated ? { withNoData: true as const } : {}),
    reads,
    ...(r.attached.length ? { attached: r.attached } : {}),
  };
}
