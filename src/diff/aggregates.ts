/**
 * Aggregates on both sides → changes. Pure. A definition that changes is replaced in place
 * (CREATE OR REPLACE AGGREGATE), unless the result type may change (another final function, or
 * another state type without one): then it is dropped and created again, which PostgreSQL
 * refuses while a view calls it, and so does the plan (`usedBy`). Its comment changes in place;
 * one the files no longer declare is dropped.
 */
import { aggregateKey, replaceableInPlace, sameAggregateDefinition, type Aggregate } from '../ir/aggregate.js';
import type { Catalog } from '../ir/catalog.js';
import { calledNames } from '../ir/function-calls.js';
import { viewKey } from '../ir/view.js';
import type { Change } from './change.js';

export function aggregateChanges(cur: Catalog, des: Catalog, changes: readonly Change[]): Change[] {
  const have = new Map((cur.aggregates ?? []).map((a) => [aggregateKey(a), a]));
  const want = new Map((des.aggregates ?? []).map((a) => [aggregateKey(a), a]));
  // Views the plan drops (for good, or to create them again after the aggregate) no longer hold it.
  const droppedViews = new Set(changes.flatMap((c) => (c.kind === 'drop_view' ? [viewKey(c.view)] : [])));
  const callers = (a: Aggregate) =>
    (cur.views ?? []).filter((v) => !droppedViews.has(viewKey(v)) && calledNames(v.definition).includes(a.name)).map((v) => `${v.materialized ? 'materialized view' : 'view'} ${viewKey(v)}`);
  const drop = (a: Aggregate, recreated: boolean): Change => {
    const usedBy = callers(a);
    return { kind: 'drop_aggregate', aggregate: a, ...(usedBy.length ? { usedBy } : {}), ...(recreated ? { recreated: true as const } : {}) };
  };
  const out: Change[] = [];
  for (const [k, a] of have) if (!want.has(k)) out.push(drop(a, false));
  for (const [k, a] of want) {
    const c = have.get(k);
    if (!c) out.push({ kind: 'create_aggregate', aggregate: a });
    else if (!sameAggregateDefinition(c, a) && !replaceableInPlace(c, a)) out.push(drop(c, true), { kind: 'create_aggregate', aggregate: a });
    else if (!sameAggregateDefinition(c, a) || (c.comment ?? null) !== (a.comment ?? null)) out.push({ kind: 'replace_aggregate', from: c, to: a });
  }
  return out;
}
