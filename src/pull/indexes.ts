/**
 * Indexes → what writes them: a reference's `index: true` (the index `<table>_<columns>_index`
 * on exactly the key's columns), an identity (a unique index `<table>_<identity>_index` on
 * plain columns), or a custom index with every option it has. With attribute multitenancy the
 * tenant column that the compiler puts first is left out (or `all_tenants: true` said).
 */
import type { Index, IndexKey, Table } from '../ir/catalog.js';
import { fieldsIndexName, identityIndexName } from '../model/naming.js';
import { BARE_IDENTIFIER } from '../validate/build/postgres.js';
import { ident } from '../sql/quote.js';
import type { PullContext } from './context.js';
import { tableKey } from './naming.js';
import { localColumns, type RelationshipPlan } from './references.js';
import { readable, unqualifyPublic } from './sql-text.js';
import { ymap, type Y, type YMap } from './yaml-tree.js';

const plainColumn = (k: IndexKey): k is Extract<IndexKey, { kind: 'column' }> =>
  k.kind === 'column' && !k.desc && k.nullsFirst === undefined && k.opclass === undefined && k.collation === undefined && k.operator === undefined;

function columnsOf(keys: readonly IndexKey[]): string[] | undefined {
  return keys.every(plainColumn) ? keys.map((k) => (k as Extract<IndexKey, { kind: 'column' }>).column) : undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The keys as written, with the tenant column the compiler adds in front taken out. */
export function tenantFree(keys: readonly IndexKey[], tenant: string | undefined): { keys: readonly IndexKey[]; allTenants: boolean } {
  if (!tenant) return { keys, allTenants: false };
  const first = keys[0];
  // In an exclusion constraint the tenant key is `WITH =`.
  const tenantKey = first !== undefined && (first.operator === undefined || first.operator === '=') && plainColumn({ ...first, operator: undefined });
  if (first && tenantKey && first.kind === 'column' && first.column === tenant && keys.length > 1) return { keys: keys.slice(1), allTenants: false };
  if (keys.some((k) => k.kind === 'column' && k.column === tenant)) return { keys, allTenants: false };
  return { keys, allTenants: true };
}

export interface PulledIndexes {
  readonly identities: YMap;
  readonly customIndexes: Y[];
}

/** Marks reference indexes on `rels` and returns the identities and custom indexes. */
export function pullIndexes(ctx: PullContext, t: Table, rels: readonly RelationshipPlan[]): PulledIndexes {
  const tenant = ctx.tenants.get(tableKey(t));
  const identities: YMap = new Map();
  const customIndexes: Y[] = [];
  for (const index of t.indexes) {
    if (ctx.owned.get('index')?.has(`${t.schema}.${index.name}`)) continue;
    const where = `the index ${t.schema}.${index.name}`;
    if (index.invalid) ctx.inexact.push(`${where} is INVALID (a failed concurrent build): a plan rebuilds it`);
    if (claimReference(t, index, rels, tenant)) continue;
    // A UNIQUE constraint WITHOUT OVERLAPS (PostgreSQL 18, on GiST) cannot be written: unsupported.sql names it.
    if (index.constraint && index.unique && !index.exclusion && index.method !== 'btree') continue;
    const free = tenantFree(index.keys, tenant);
    const identity = identityOf(t, index, free.keys);
    if (identity !== undefined && !identities.has(identity)) {
      identities.set(
        identity,
        ymap([
          ['keys', columnsOf(free.keys)!],
          ['where', index.where !== undefined ? readable(index.where) : undefined],
          ['nils_distinct', index.nullsNotDistinct ? false : undefined],
          ['all_tenants', free.allTenants ? true : undefined],
        ]),
      );
      continue;
    }
    customIndexes.push(customIndex(t, index, free.keys, free.allTenants));
  }
  return { identities, customIndexes };
}

function claimReference(t: Table, index: Index, rels: readonly RelationshipPlan[], tenant: string | undefined): boolean {
  if (index.unique || index.constraint || index.comment !== undefined || index.method !== 'btree' || index.include.length || index.nullsNotDistinct || index.storage !== undefined) return false;
  const cols = columnsOf(index.keys);
  if (!cols) return false;
  for (const r of rels) {
    if (r.index) continue;
    const local = localColumns(r);
    const expected = tenant && !local.includes(tenant) ? [tenant, ...local] : local;
    if (index.name === fieldsIndexName(t.name, local) && sameList(cols, expected)) {
      r.index = index.where !== undefined ? { where: readable(index.where) } : {};
      return true;
    }
  }
  return false;
}

/** The identity name of a unique index `<table>_<identity>_index` on plain columns. */
function identityOf(t: Table, index: Index, keys: readonly IndexKey[]): string | undefined {
  if (!index.unique || index.constraint || index.comment !== undefined || index.method !== 'btree' || index.include.length || index.storage !== undefined || !columnsOf(keys)) return undefined;
  const prefix = `${t.name}_`;
  if (!index.name.startsWith(prefix) || !index.name.endsWith('_index')) return undefined;
  const name = index.name.slice(prefix.length, -'_index'.length);
  return name !== '' && identityIndexName(t.name, name) === index.name ? name : undefined;
}

/**
 * A field as written: a column's name, or an expression. A column whose name is not a bare
 * identifier (`Email Address`) is written quoted, as SQL, which PostgreSQL indexes as the column.
 */
function fieldText(k: IndexKey): string {
  if (k.kind === 'expression') return unqualifyPublic(k.expression);
  return BARE_IDENTIFIER.test(k.column) ? k.column : ident(k.column);
}

/** A field: its text, or `{asc|desc: text, nulls, collation}` when it says more than the text. */
function field(k: IndexKey): Y {
  const nulls = k.nullsFirst === undefined ? undefined : k.nullsFirst ? 'first' : 'last';
  if (!k.desc && nulls === undefined && k.collation === undefined) return fieldText(k);
  return ymap([
    [k.desc ? 'desc' : 'asc', fieldText(k)],
    ['nulls', nulls],
    ['collation', k.collation],
  ]);
}

export function customIndex(t: Pick<Table, 'name'>, index: Index, keys: readonly IndexKey[], allTenants: boolean): Y {
  const fields: Y[] = keys.map(field);
  const opclasses = keys.map((k) => k.opclass);
  let opclass: Y | undefined;
  if (opclasses.every((o) => o !== undefined) && new Set(opclasses).size === 1) opclass = opclasses[0]!;
  else if (opclasses.some((o) => o !== undefined)) opclass = ymap(keys.filter((k) => k.opclass !== undefined).map((k) => [fieldText(k), k.opclass!] as const));
  // A field that is not a plain name reads as SQL, which needs a name; so does a name of our own.
  const bare = keys.every((k) => k.kind === 'column' && BARE_IDENTIFIER.test(k.column));
  const derived = bare && fieldsIndexName(t.name, keys.map(fieldText)) === index.name;
  return ymap([
    ['fields', fields],
    ['name', derived ? undefined : index.name],
    ['unique', index.unique ? true : undefined],
    ['using', index.method !== 'btree' ? index.method : undefined],
    ['opclass', opclass],
    ['where', index.where !== undefined ? readable(index.where) : undefined],
    ['include', index.include.length ? [...index.include] : undefined],
    ['nulls_distinct', index.nullsNotDistinct ? false : undefined],
    ['all_tenants', allTenants ? true : undefined],
    ['constraint', index.constraint && !index.exclusion ? true : undefined],
    ['exclude', index.exclusion ? keys.map((k) => k.operator ?? '=') : undefined],
    ['comment', index.comment],
    ['deferrable', index.deferrable ? (index.initiallyDeferred ? 'initially' : true) : undefined],
    ['with', index.storage ? storageValue(index.storage) : undefined],
  ]);
}

/** Storage parameters as written in the files (`with:`, `storage_parameters:`): a number the server printed as one, as a number. */
export function storageValue(storage: Readonly<Record<string, string>>): Y {
  return ymap(Object.entries(storage).map(([k, v]) => [k, /^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v ? Number(v) : v] as const));
}
