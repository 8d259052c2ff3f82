/**
 * What calls a function the plan drops. PostgreSQL refuses DROP FUNCTION while a check, an
 * index, a policy or a column default calls it, even when the files keep that caller as it is
 * and the plan creates the function again under its new arguments (another parameter name or
 * type is another function). So a kept table's callers of a dropped function's name are taken
 * out of the table as the plan sees it: checks, indexes and policies are dropped before the
 * function goes and created again once the new one exists; a default is set again (to the same
 * text, now calling the new function) before the old one is dropped. Callers are found by name
 * (`name(`), so a caller of an overload that stays is rebuilt too: harmless.
 */
import type { Check, Index, Policy, Table } from '../ir/catalog.js';
import { calledNames, indexSql } from '../ir/function-calls.js';
import type { Change, TableRef } from './change.js';

export interface Callers {
  /** The table as the plan sees it, without the callers (they are created again by the table diff). */
  readonly table: Table;
  /** The drops that must come before the function's. */
  readonly drops: readonly Change[];
}

const calls = (names: ReadonlySet<string>, ...sql: readonly (string | undefined)[]) => sql.some((s) => calledNames(s).some((n) => names.has(n)));

const indexCalls = (names: ReadonlySet<string>, i: Index): boolean => calls(names, ...indexSql(i));
const checkCalls = (names: ReadonlySet<string>, c: Check): boolean => calls(names, c.expression);
const policyCalls = (names: ReadonlySet<string>, p: Policy): boolean => calls(names, p.using, p.withCheck);

/** `table` (current) without what calls one of `dropped` (function names), and the drops of those. */
export function withoutCallers(ref: TableRef, table: Table, dropped: ReadonlySet<string>): Callers {
  if (dropped.size === 0) return { table, drops: [] };
  const checks = table.checks.filter((c) => checkCalls(dropped, c));
  const indexes = table.indexes.filter((i) => !i.constraint && indexCalls(dropped, i));
  const rls = table.rowLevelSecurity;
  const policies = (rls?.policies ?? []).filter((p) => policyCalls(dropped, p));
  const defaults = table.columns.some((c) => c.generated === undefined && calls(dropped, c.default));
  if (!checks.length && !indexes.length && !policies.length && !defaults) return { table, drops: [] };
  return {
    table: {
      ...table,
      columns: table.columns.map((c) => (c.generated === undefined && calls(dropped, c.default) ? { ...c, default: undefined } : c)),
      checks: table.checks.filter((c) => !checks.includes(c)),
      indexes: table.indexes.filter((i) => !indexes.includes(i)),
      ...(rls ? { rowLevelSecurity: { ...rls, policies: rls.policies.filter((p) => !policies.includes(p)) } } : {}),
    },
    drops: [
      ...policies.map((policy): Change => ({ kind: 'drop_policy', table: ref, policy })),
      ...indexes.map((index): Change => ({ kind: 'drop_index', table: ref, index })),
      ...checks.map((check): Change => ({ kind: 'drop_check', table: ref, check })),
    ],
  };
}
