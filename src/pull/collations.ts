/**
 * Collations → `collations:` (keyed by name; a second collation of a name, in another schema,
 * by `<schema>_<name>` with its `name:`), with only what is not the default: the provider
 * when not libc, `deterministic: false`, the rules. Columns, index keys and types that use a
 * written collation name it as the compiler finds it again (../compile/collations.ts).
 */
import type { Catalog } from '../ir/catalog.js';
import { qualifiedCollation, type Collation } from '../ir/collation.js';
import { named } from '../compile/declared-types.js';
import { ident } from '../sql/quote.js';
import type { PulledSequence } from './sequences.js';
import { objectKeys } from './object-keys.js';
import { ymap, type Y } from './yaml-tree.js';

export function pullCollations(catalog: Catalog): PulledSequence[] {
  const written = catalog.collations ?? [];
  const keys = objectKeys(written);
  return written.map((c, i) => ({ key: keys[i]!.key, schema: c.schema, value: collationValue(c, keys[i]!.named) }));
}

function collationValue(c: Collation, isNamed: boolean): Y {
  return ymap([
    ['schema', c.schema !== 'public' ? c.schema : undefined],
    ['name', isNamed ? c.name : undefined],
    ['provider', c.provider !== 'libc' ? c.provider : undefined],
    ['locale', c.locale],
    ['lc_collate', c.lcCollate],
    ['lc_ctype', c.lcCtype],
    ['deterministic', c.deterministic ? undefined : false],
    ['rules', c.rules],
    ['description', c.comment],
  ]);
}

/**
 * How a column, index key or type in `schema` names a collation: a written one by its bare
 * name when that finds it, else qualified; one of pg_catalog bare, unless a written one takes
 * that name (then `pg_catalog."C"`); any other as the catalog says it.
 */
export function collationSpelling(ref: string, written: readonly Collation[], schema: string): string {
  const q = qualifiedCollation(ref);
  if (!q) return named(written, ref, schema) ? `pg_catalog.${ident(ref)}` : ref;
  const c = written.find((x) => x.schema === q.schema && x.name === q.name);
  return c && named(written, c.name, schema) === c ? c.name : ref;
}

/** The catalog with every collation a column, index key or type names as the files write it. */
export function withCollationSpellings(catalog: Catalog): Catalog {
  const written = catalog.collations ?? [];
  if (!written.length) return catalog;
  const spell = <T extends { readonly collation?: string }>(o: T, schema: string): T => (o.collation !== undefined ? { ...o, collation: collationSpelling(o.collation, written, schema) } : o);
  return {
    ...catalog,
    tables: catalog.tables.map((t) => ({ ...t, columns: t.columns.map((c) => spell(c, t.schema)), indexes: t.indexes.map((i) => ({ ...i, keys: i.keys.map((k) => spell(k, t.schema)) })) })),
    ...(catalog.views ? { views: catalog.views.map((v) => ({ ...v, indexes: v.indexes.map((i) => ({ ...i, keys: i.keys.map((k) => spell(k, v.schema)) })) })) } : {}),
    ...(catalog.types
      ? { types: catalog.types.map((t) => (t.kind === 'domain' || t.kind === 'range' ? spell(t, t.schema) : t.kind === 'composite' ? { ...t, attributes: t.attributes.map((a) => spell(a, t.schema)) } : t)) }
      : {}),
  };
}
