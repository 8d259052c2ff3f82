/**
 * `views:`: the views and materialized views of the pulled schemas, keyed by name (a second
 * one of a name, in another schema, by `<schema>_<name>` with its `name:`, ./object-keys.ts).
 * The query is written as the server prints it; a view
 * a custom statement creates stays with its statement. A view's triggers are written with it;
 * its privileges as a table's (`grants:`).
 */
import type { Catalog } from '../ir/catalog.js';
import { viewKey, viewsInDependencyOrder } from '../ir/view.js';
import type { PullContext } from './context.js';
import { grantsValue } from './grants.js';
import { customIndex, storageValue } from './indexes.js';
import { block } from './render.js';
import { triggerValue } from './triggers.js';
import type { PulledSequence } from './sequences.js';
import { ymap, type Y } from './yaml-tree.js';
import { objectKeys } from './object-keys.js';

export function pullViews(ctx: PullContext, catalog: Catalog): PulledSequence[] {
  const owned = ctx.owned;
  const out: PulledSequence[] = [];
  const written = viewsInDependencyOrder(catalog.views ?? []).filter((v) => !owned.get('table')?.has(viewKey(v)));
  const keys = objectKeys(written);
  for (const [i, v] of written.entries()) {
    const { key, named } = keys[i]!;
    const described = v.columns.filter((c) => c.comment !== undefined);
    const triggers = (v.triggers ?? []).filter((tr) => !owned.get('trigger')?.has(`${v.schema}.${v.name}.${tr.name}`));
    out.push({
      key,
      schema: v.schema,
      value: ymap([
        ['schema', v.schema !== 'public' ? v.schema : undefined],
        ['name', named ? v.name : undefined],
        ['materialized', v.materialized ? true : undefined],
        ['sql', v.definition.trim().replace(/;+$/, '')],
        ['with_data', v.withNoData ? false : undefined],
        ['storage_parameters', v.storage ? storageValue(v.storage) : undefined],
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
