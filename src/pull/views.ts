/**
 * `views:`: the views and materialized views of the pulled schemas, keyed by name (a second
 * one of a name is not written, and a plan would drop it: said in `inexact`). The query is written as the server prints it; a view
 * a custom statement creates stays with its statement. A view's triggers are written with it;
 * its privileges as a table's (`grants:`).
 */
import type { Catalog } from '../ir/catalog.js';
import { viewKey, viewsInDependencyOrder } from '../ir/view.js';
import type { PullContext } from './context.js';
import { grantsValue } from './grants.js';
import { customIndex } from './indexes.js';
import { block } from './render.js';
import { triggerValue } from './triggers.js';
import type { PulledSequence } from './sequences.js';
import { ymap, type Y } from './yaml-tree.js';

export function pullViews(ctx: PullContext, catalog: Catalog, inexact: string[]): PulledSequence[] {
  const owned = ctx.owned;
  const taken = new Set<string>();
  const out: PulledSequence[] = [];
  for (const v of viewsInDependencyOrder(catalog.views ?? [])) {
    if (owned.get('table')?.has(viewKey(v))) continue;
    const kind = v.materialized ? 'materialized view' : 'view';
    if (taken.has(v.name)) {
      inexact.push(`the ${kind} ${v.schema}.${v.name} has the name of another view, and views are keyed by name, so it is not written: a plan would drop it`);
      continue;
    }
    taken.add(v.name);
    const described = v.columns.filter((c) => c.comment !== undefined);
    const triggers = (v.triggers ?? []).filter((tr) => !owned.get('trigger')?.has(`${v.schema}.${v.name}.${tr.name}`));
    out.push({
      key: v.name,
      schema: v.schema,
      value: ymap([
        ['schema', v.schema !== 'public' ? v.schema : undefined],
        ['materialized', v.materialized ? true : undefined],
        ['sql', v.definition.trim().replace(/;+$/, '')],
        ['with_data', v.withNoData ? false : undefined],
        ['check_option', v.checkOption],
        ['security_barrier', v.securityBarrier ? true : undefined],
        ['security_invoker', v.securityInvoker ? true : undefined],
        ['description', v.comment],
        ['column_descriptions', described.length ? ymap(described.map((c) => [c.name, c.comment!] as const)) : undefined],
        ['indexes', v.indexes.length ? v.indexes.map((i): Y => customIndex(v, i, i.keys, false)) : undefined],
        ['triggers', triggers.length ? block(triggers.map((t) => triggerValue(ctx, t))) : undefined],
        ['grants', grantsValue('table', v.grants, ctx.serverVersion)],
      ]),
    });
  }
  return out;
}
