/**
 * Views and materialized views the files declare (`views:`). A view is compared by its
 * definition as `pg_get_viewdef` prints it (the desired one is created in a scratch schema
 * and read back: ../plan/normalize.ts), its options, its columns (names and types, in order)
 * and its comments. A materialized view also has indexes (the shape of a table's).
 */
import type { Grant, Index, Trigger } from './catalog.js';
import { qname } from '../sql/quote.js';

export interface ViewColumn {
  readonly name: string;
  /** As `format_type` prints it; empty in a compiled view (the server says it once normalised). */
  readonly type: string;
  readonly comment?: string;
}

/** A relation a view reads (a table, a view or a materialized view), and which of its columns. */
export interface ViewRead {
  readonly schema: string;
  readonly name: string;
  /** Column names; empty when it reads the relation as a whole (e.g. `count(*)`). */
  readonly columns: readonly string[];
}

export interface View {
  readonly schema: string;
  readonly name: string;
  /** CREATE MATERIALIZED VIEW. */
  readonly materialized?: true;
  /** The SELECT as `pg_get_viewdef` prints it (compiled: as written, until normalised). */
  readonly definition: string;
  /** In order; a compiled view lists only the columns it comments. */
  readonly columns: readonly ViewColumn[];
  /** WITH CHECK OPTION: `local` or `cascaded`. */
  readonly checkOption?: 'local' | 'cascaded';
  /** WITH (security_barrier). */
  readonly securityBarrier?: true;
  /** WITH (security_invoker) (PostgreSQL 15+). */
  readonly securityInvoker?: true;
  readonly comment?: string;
  /** A materialized view's indexes (none for a view). */
  readonly indexes: readonly Index[];
  /**
   * Privileges on the view and its columns (GRANT … ON TABLE, as for a table: ./privilege.ts).
   * Absent: the view's own; compared for the roles the files name.
   */
  readonly grants?: readonly Grant[];
  /** A view's triggers (INSTEAD OF, or for each statement); absent: none. */
  readonly triggers?: readonly Trigger[];
  /**
   * A materialized view's storage parameters (WITH (…); its TOAST table's as `toast.*`), `name`
   * → value as the server prints it. Compiled: absent when the files do not say (its own are then
   * left as they are). Changed in place (ALTER TABLE … SET / RESET), never by re-creating it.
   */
  readonly storage?: Readonly<Record<string, string>>;
  /** A materialized view made WITH NO DATA (or not refreshed since). Not compared: REFRESH is data, not schema. */
  readonly withNoData?: true;
  /**
   * Inspected (and normalised) only: the relations it reads, from pg_depend. They order
   * creations and drops, and say which views must be re-created around a column's change.
   */
  readonly reads?: readonly ViewRead[];
  /**
   * Inspected only: the rules on it (`rule name`), which pgdecl does not manage. They go with
   * the view when it is dropped, even to be created again.
   */
  readonly attached?: readonly string[];
}

/** `schema.name`, the key of a view (and of the relations views read). */
export function viewKey(v: { readonly schema: string; readonly name: string }): string {
  return `${v.schema}.${v.name}`;
}

/** The view's name in SQL. */
export function viewName(v: { readonly schema: string; readonly name: string }): string {
  return qname(v.schema, v.name);
}

/**
 * What a view reads. A view not inspected (compiled, offline) has no `reads`: it reads the
 * other views its query names (a word equal to their name), which is enough to order them, and,
 * when `tables` are given, the tables its query names with the columns it names (all of them
 * after a `*`): more than it may read, never less, so what changes under it is always found.
 */
export function readsOf(
  v: Pick<View, 'schema' | 'name' | 'reads' | 'definition'>,
  all: readonly Pick<View, 'schema' | 'name'>[],
  tables: readonly { readonly schema: string; readonly name: string; readonly columns: readonly { readonly name: string }[] }[] = [],
): readonly ViewRead[] {
  if (v.reads) return v.reads;
  const words = new Set(v.definition.match(/[\p{L}_][\p{L}\p{N}_$]*/gu) ?? []);
  const star = v.definition.includes('*');
  return [
    ...all.filter((o) => viewKey(o) !== viewKey(v) && words.has(o.name)).map((o) => ({ schema: o.schema, name: o.name, columns: [] })),
    ...tables.filter((t) => words.has(t.name)).map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.map((c) => c.name).filter((c) => star || words.has(c)) })),
  ];
}

/**
 * The views in an order where each comes after the views it reads (by `reads`), ties by the
 * given order. A cycle cannot exist in a database; one in the input keeps the given order.
 */
export function viewsInDependencyOrder<V extends Pick<View, 'schema' | 'name' | 'reads' | 'definition'>>(views: readonly V[]): V[] {
  const byKey = new Map(views.map((v) => [viewKey(v), v]));
  const out: V[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (v: V) => {
    const k = viewKey(v);
    if (state.has(k)) return;
    state.set(k, 'visiting');
    for (const r of readsOf(v, views)) {
      const dep = byKey.get(viewKey(r));
      if (dep && dep !== v) visit(dep);
    }
    state.set(k, 'done');
    out.push(v);
  };
  for (const v of views) visit(v);
  return out;
}
