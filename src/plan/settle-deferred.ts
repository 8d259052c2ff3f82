/**
 * Tables and functions an apply creates without normalising them first (./normalize.ts,
 * `defer`): the database did not have them, so the plan creates them from their compiled
 * definition, and what the server made of that DDL, read back inside the apply's transaction,
 * is their normalised form. It is what scratch schemas would have shown (the same DDL on the same
 * server), without running the DDL twice.
 *
 * A table is taken only if it has the shape its declaration asks for: the same columns in the
 * same order with the same nullability and identity, the same primary key, and checks,
 * indexes, triggers and policies of the same names and kinds. What the server rewrites
 * (expressions, type spellings) is its own. A table without that shape stays as compiled, so
 * the proof of convergence sees it differ and the transaction is rolled back.
 */
import type { Catalog, Index, Table } from '../ir/catalog.js';
import { canonicalCatalog } from '../ir/canonical.js';
import { carryOverFunction, carryOverTable } from './carry-over.js';

/** New objects a plan left as compiled: `schema.name` to the partial key their normalised form is stored under. */
export interface Deferred {
  readonly tables: ReadonlyMap<string, string>;
  /** Functions without arguments. */
  readonly functions: ReadonlyMap<string, string>;
}

export interface Settled {
  /** The desired catalog with every deferred object that has its declared shape as the server made it. */
  readonly desired: Catalog;
  /** Their normalised definitions by partial key: stored in the database with the others. */
  readonly normalized: ReadonlyMap<string, unknown>;
  /** Deferred objects missing or not of their declared shape (`schema.name`). */
  readonly unsettled: readonly string[];
}

/** `deferred`: what the plan left as compiled; `current`: the database inspected in the transaction. */
export function settleDeferred(desired: Catalog, current: Catalog, deferred: Deferred): Settled {
  const normalized = new Map<string, unknown>();
  const unsettled: string[] = [];
  if (deferred.tables.size === 0 && deferred.functions.size === 0) return { desired, normalized, unsettled };
  const made = new Map(current.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const tables = desired.tables.map((d) => {
    const key = `${d.schema}.${d.name}`;
    const partial = deferred.tables.get(key);
    if (partial === undefined) return d;
    const real = made.get(key);
    if (!real || !sameShape(d, real)) {
      unsettled.push(key);
      return d;
    }
    // Stored as scratch normalisation stores a table: without foreign keys, privileges or distribution.
    normalized.set(partial, { ...real, foreignKeys: [], grants: undefined, distribution: undefined });
    return { ...carryOverTable(real, d), foreignKeys: d.foreignKeys };
  });
  const routines = new Map(current.functions.filter((f) => f.arguments === '').map((f) => [`${f.schema}.${f.name}`, f]));
  const functions = desired.functions.map((d) => {
    const key = `${d.schema}.${d.name}`;
    const partial = d.arguments === '' ? deferred.functions.get(key) : undefined;
    if (partial === undefined) return d;
    const real = routines.get(key);
    if (!real || real.language.toLowerCase() !== d.language.toLowerCase() || !!real.procedure !== !!d.procedure) {
      unsettled.push(`${key}()`);
      return d;
    }
    // Stored without privileges: they are the files' own, as scratch normalisation keeps them.
    normalized.set(partial, { ...real, grants: undefined });
    return carryOverFunction(real, d);
  });
  return { desired: canonicalCatalog({ ...desired, tables, functions }), normalized, unsettled };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const names = (xs: readonly { readonly name: string }[]) => xs.map((x) => x.name).sort();

function indexShape(i: Index): string {
  return JSON.stringify([i.name, i.unique, i.keys.length, i.include.length, !!i.constraint]);
}

/**
 * The declared table `d` and the one the server made `r` agree on what the server does not
 * rewrite. Nullability one way only: a primary key makes its columns NOT NULL whatever the
 * declaration says.
 */
export function sameShape(d: Table, r: Table): boolean {
  if (!same(d.columns.map((c) => c.name), r.columns.map((c) => c.name))) return false;
  if (!d.columns.every((c, i) => (c.nullable || !r.columns[i]!.nullable) && c.identity === r.columns[i]!.identity && (c.generated === undefined) === (r.columns[i]!.generated === undefined))) return false;
  if (!d.columns.every((c, i) => c.statistics === r.columns[i]!.statistics && c.compression === r.columns[i]!.compression && c.nDistinct === r.columns[i]!.nDistinct && c.nDistinctInherited === r.columns[i]!.nDistinctInherited)) return false;
  if (JSON.stringify(d.replicaIdentity ?? null) !== JSON.stringify(r.replicaIdentity ?? null) || d.clusterOn !== r.clusterOn) return false;
  if ((d.primaryKey?.name ?? '') !== (r.primaryKey?.name ?? '') || !same(d.primaryKey?.columns ?? [], r.primaryKey?.columns ?? []) || !same(d.primaryKey?.include ?? [], r.primaryKey?.include ?? [])) return false;
  if ((d.primaryKey?.deferrable ?? false) !== (r.primaryKey?.deferrable ?? false) || (d.primaryKey?.initiallyDeferred ?? false) !== (r.primaryKey?.initiallyDeferred ?? false)) return false;
  if (!same(names(d.checks), names(r.checks))) return false;
  if (!same(d.indexes.map(indexShape).sort(), r.indexes.map(indexShape).sort())) return false;
  const trigger = (t: Table['triggers'][number]) => JSON.stringify([t.name, t.timing, t.forEach, [...t.events].sort()]);
  if (!same(d.triggers.map(trigger).sort(), r.triggers.map(trigger).sort())) return false;
  const rls = (t: Table) => JSON.stringify([t.rowLevelSecurity?.enabled ?? false, t.rowLevelSecurity?.force ?? false, names(t.rowLevelSecurity?.policies ?? [])]);
  return rls(d) === rls(r) && !!d.unlogged === !!r.unlogged;
}
