/**
 * What the server does not store, added back to the desired catalog as the normaliser
 * (./normalize.ts) read it: statements, extensions, privileges as the files give them, and the
 * hints only pgdecl keeps (tenancy, CONCURRENTLY, WITH NO DATA, pgdecl-managed functions).
 */
import type { Catalog, Function, Table } from '../ir/catalog.js';
import type { View } from '../ir/view.js';
import { canonicalCatalog } from '../ir/canonical.js';

/** Adds back what the server does not store, from the desired catalog. */
export function carryOver(normalized: Catalog, desired: Catalog): Catalog {
  const dTables = new Map(desired.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const dTypes = new Map((desired.types ?? []).map((t) => [`${t.schema}.${t.name}`, t]));
  const dViews = new Map((desired.views ?? []).map((v) => [`${v.schema}.${v.name}`, v]));
  return canonicalCatalog({
    ...normalized,
    extensions: desired.extensions,
    schemas: desired.schemas,
    statements: desired.statements,
    ...(normalized.views ? { views: normalized.views.map((v) => viewAsDeclared(v, dViews.get(`${v.schema}.${v.name}`))) } : {}),
    ...(normalized.types
      ? {
          types: normalized.types.map((t) => {
            const { grants: _g, ...rest } = t;
            const d = dTypes.get(`${t.schema}.${t.name}`);
            return d?.grants ? { ...rest, grants: d.grants } : rest;
          }),
        }
      : {}),
    // The files' privileges, not what the scratch copy got (in the order of the desired aggregates).
    ...(normalized.aggregates
      ? {
          aggregates: normalized.aggregates.map((a, i) => {
            const { grants: _g, ...rest } = a;
            const d = desired.aggregates?.[i];
            return d?.grants ? { ...rest, grants: d.grants } : rest;
          }),
        }
      : {}),
    // In the order of the desired functions (normalize keeps it; overloads share a name).
    functions: normalized.functions.map((f, i) => {
      const d = desired.functions[i];
      return d ? carryOverFunction(f, d) : f;
    }),
    tables: normalized.tables.map((t) => {
      const d = dTables.get(`${t.schema}.${t.name}`);
      return d ? carryOverTable(t, d) : t;
    }),
  });
}

/** A table as the server made it, with what the server does not store taken from its declaration `d`. */
export function carryOverTable(t: Table, d: Table): Table {
  const hints = new Map(d.indexes.filter((i) => i.concurrently).map((i) => [i.name, true]));
  const { grants: _g, storage, ...rest } = t;
  return {
    ...rest,
    // Storage parameters the files do not declare are left as the table has them.
    ...(d.storage !== undefined ? { storage: storage ?? {} } : {}),
    ...(d.tenancy ? { tenancy: d.tenancy } : {}),
    ...(d.detachedPartitions ? { detachedPartitions: d.detachedPartitions } : {}),
    ...(d.grants ? { grants: d.grants } : {}),
    ...(d.distribution ? { distribution: d.distribution } : {}),
    indexes: t.indexes.map((i) => (hints.has(i.name) ? { ...i, concurrently: true } : i)),
  };
}

/**
 * A function as the server made it, with what pgdecl keeps of its declaration `d`. Privileges
 * are the files' own: what a copy got from default privileges is not.
 */
export function carryOverFunction(f: Function, d: Function): Function {
  const { grants: _g, ...rest } = f;
  return { ...rest, ...(d.managedBy ? { managedBy: d.managedBy } : {}), ...(d.grants ? { grants: d.grants } : {}) };
}

/**
 * WITH NO DATA as the files say (the scratch copy is made the same way, but say it from the
 * source), the view's triggers as compiled (the scratch copy is made without them, since the
 * functions they call live in the real schemas and may not exist yet), and the privileges the
 * files give (not what the scratch copy got).
 */
function viewAsDeclared(v: View, d: View | undefined): View {
  const { withNoData: _w, triggers: _t, grants: _g, ...rest } = v;
  return { ...rest, ...(d?.withNoData ? { withNoData: true as const } : {}), ...(d?.triggers?.length ? { triggers: d.triggers } : {}), ...(d?.grants ? { grants: d.grants } : {}) };
}
