/**
 * What calls a function the plan drops. PostgreSQL refuses DROP FUNCTION while a check, an
 * index, a policy or a column default calls it, even when the files keep that caller as it is
 * and the plan creates the function again under its new arguments (another parameter name or
 * type is another function). So a kept table's callers of a dropped function's name are taken
 * out of the table as the plan sees it: checks, indexes and policies are dropped before the
 * function goes and created again once the new one exists; a default is set again (to the same
 * text, now calling the new function) before the old one is dropped. Callers are found by name
 * (`name(`), so a caller of an overload that stays is rebuilt too: harmless.
 *
 * A function replaced under the same arguments with another result type is dropped and created
 * in one step (CREATE OR REPLACE cannot change the result): its callers go before that step,
 * defaults too (their DROP DEFAULT is an early step of its own), and come back after it. A
 * trigger whose WHEN calls such a function is rebuilt around it the same way.
 */
import { replacedByDrop, type Check, type Column, type Index, type Policy, type Table, type UserType } from '../ir/catalog.js';
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

/**
 * `table` (current) without what calls one of `dropped` (function names), and the drops of those.
 * `replaced`: those of `dropped` dropped and created again in one step; a default that calls one
 * is dropped by an early step of its own.
 */
export function withoutCallers(ref: TableRef, table: Table, dropped: ReadonlySet<string>, replaced: ReadonlySet<string> = new Set()): Callers {
  if (dropped.size === 0) return { table, drops: [] };
  const checks = table.checks.filter((c) => checkCalls(dropped, c));
  // Not a UNIQUE constraint (a foreign key may need it); an exclusion constraint, which none can, is rebuilt.
  const indexes = table.indexes.filter((i) => (!i.constraint || i.exclusion) && indexCalls(dropped, i));
  const rls = table.rowLevelSecurity;
  const policies = (rls?.policies ?? []).filter((p) => policyCalls(dropped, p));
  const triggers = table.triggers.filter((t) => calls(replaced, t.when));
  const calling = (c: Column) => c.generated === undefined && calls(dropped, c.default);
  const defaults = table.columns.filter(calling);
  if (!checks.length && !indexes.length && !policies.length && !defaults.length && !triggers.length) return { table, drops: [] };
  return {
    table: {
      ...table,
      columns: table.columns.map((c) => (calling(c) ? { ...c, default: undefined } : c)),
      checks: table.checks.filter((c) => !checks.includes(c)),
      indexes: table.indexes.filter((i) => !indexes.includes(i)),
      triggers: table.triggers.filter((t) => !triggers.includes(t)),
      ...(rls ? { rowLevelSecurity: { ...rls, policies: rls.policies.filter((p) => !policies.includes(p)) } } : {}),
    },
    drops: [
      ...triggers.map((trigger): Change => ({ kind: 'drop_trigger', table: ref, trigger })),
      ...policies.map((policy): Change => ({ kind: 'drop_policy', table: ref, policy })),
      ...indexes.map((index): Change => ({ kind: 'drop_index', table: ref, index })),
      ...checks.map((check): Change => ({ kind: 'drop_check', table: ref, check })),
      ...defaults
        .filter((c) => calls(replaced, c.default))
        .map((c): Change => ({ kind: 'alter_column', table: ref, from: c, to: { ...c, default: undefined }, changed: ['default'], beforeFunctions: true })),
    ],
  };
}

/**
 * Names of the functions a plan drops, and of those it drops and creates again in one step
 * (another result type under the same arguments): what calls them is rebuilt around them.
 */
export function droppedFunctionNames(changes: readonly Change[]): { dropped: Set<string>; replaced: Set<string> } {
  const replaced = new Set(changes.flatMap((c) => (c.kind === 'replace_function' && replacedByDrop(c.from, c.to) ? [c.from.name] : [])));
  const dropped = new Set([...changes.flatMap((c) => (c.kind === 'drop_function' ? [c.function.name] : [])), ...replaced]);
  return { dropped, replaced };
}

/**
 * Domains (current) without the checks and defaults that call one of `dropped`, and the early
 * steps that take those away: the type diff then adds them again, flagged to run once the
 * functions are created again (`afterCallers`).
 */
export function withoutDomainCallers(types: readonly UserType[], dropped: ReadonlySet<string>, replaced: ReadonlySet<string>): { types: UserType[]; drops: Change[] } {
  if (dropped.size === 0) return { types: [...types], drops: [] };
  const drops: Change[] = [];
  const out = types.map((t): UserType => {
    if (t.kind !== 'domain') return t;
    const checks = t.checks.filter((c) => calls(dropped, c.expression));
    const defaultGoes = calls(replaced, t.default);
    if (!checks.length && !defaultGoes) return t;
    const ref = { schema: t.schema, name: t.name };
    drops.push(...checks.map((check): Change => ({ kind: 'drop_domain_check', type: ref, check })));
    const { default: _d, ...bare } = t;
    if (defaultGoes) drops.push({ kind: 'alter_domain', from: t, to: bare, changed: ['default'], beforeFunctions: true });
    return { ...(defaultGoes ? bare : t), checks: t.checks.filter((c) => !checks.includes(c)) };
  });
  return { types: out, drops };
}

/** The type diff's steps that put back what calls one of `dropped`: once the functions exist again. */
export function afterCallers(changes: readonly Change[], dropped: ReadonlySet<string>): Change[] {
  if (dropped.size === 0) return [...changes];
  return changes.map((c): Change => {
    if (c.kind === 'add_domain_check' && calls(dropped, c.check.expression)) return { ...c, afterFunctions: true };
    if (c.kind === 'alter_domain' && c.changed.includes('default') && calls(dropped, c.to.default)) return { ...c, afterFunctions: true };
    return c;
  });
}
