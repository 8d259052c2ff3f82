/**
 * Tables that pulled foreign keys point at but that are not pulled themselves (another
 * schema, or left out by `--tables`) are written as `migrate: false` resources: known, with
 * the key columns the references need, never created or changed.
 */
import type { Index, Table } from '../ir/catalog.js';
import { identityIndexName } from '../model/naming.js';
import type { PullContext } from './context.js';
import { tableKey } from './naming.js';
import { block } from './render.js';
import type { PulledResource } from './resource.js';
import { pullType } from './types.js';
import { ymap, type Y } from './yaml-tree.js';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The identity name of a unique index: `<table>_<identity>_index`, else `unique_<columns>`. */
function identityName(t: Table, columns: readonly string[], index: Index | undefined): string {
  if (index) {
    const prefix = `${t.name}_`;
    const name = index.name.startsWith(prefix) && index.name.endsWith('_index') ? index.name.slice(prefix.length, -'_index'.length) : '';
    if (name && identityIndexName(t.name, name) === index.name) return name;
  }
  return `unique_${columns.join('_')}`;
}

/** A `migrate: false` resource for `t`, with the columns `keys` (each a referenced key) name. */
export function stubResource(ctx: PullContext, t: Table, keys: readonly (readonly string[])[]): PulledResource {
  const pk = t.primaryKey?.columns ?? [];
  const wanted = new Set([...pk, ...keys.flat()]);
  const attributes = block(new Map<string, Y>());
  for (const c of t.columns) {
    if (!wanted.has(c.name)) continue;
    const type = pullType(c.type);
    const m = ymap([
      ['type', type.type],
      ['postgres_type', type.postgresType],
      ['primary_key', pk.includes(c.name) ? true : undefined],
      ['constraints', type.precision !== undefined ? ymap([['precision', type.precision], ['scale', type.scale]]) : undefined],
    ]);
    attributes.set(c.name, m.size === 1 && typeof type.type === 'string' ? type.type : m);
  }
  const identities = block(new Map<string, Y>());
  for (const k of keys) {
    if (sameSet(k, pk) || [...identities.values()].some((v) => v instanceof Map && sameSet(v.get('keys') as string[], k))) continue;
    const index = t.indexes.find((i) => i.unique && i.where === undefined && sameSet(i.keys.map((x) => (x.kind === 'column' ? x.column : '')), k));
    identities.set(identityName(t, k, index), ymap([['keys', [...k]]]));
  }
  const value = block(
    ymap([
      ['attributes', attributes],
      ['identities', identities.size ? identities : undefined],
      ['postgres', block(ymap([['table', t.name], ['schema', t.schema !== 'public' ? t.schema : undefined], ['migrate', false]]))],
    ]),
  );
  const comment = `Not pulled, only pointed at by foreign keys: known, never migrated.`;
  return { name: ctx.names.get(tableKey(t))!, schema: t.schema, table: t.name, value, comment, stub: true };
}
