/**
 * Equality of IR objects for diffing. Hints that are not part of an object's identity
 * (`concurrently`, `managedBy`, `tenancy`) are left out of the comparison. Each `same…`
 * compares as the objects' canonical JSON would (../ir/canonical.ts `sameJson`), without
 * printing it.
 */
import type { ForeignKey, Function, Index, Policy, Trigger, Check } from '../ir/catalog.js';
import { sameJson, stableStringify as stableJson } from '../ir/canonical.js';

export { sameJson, stableJson };

/** Whether two objects have the same definition. */
export type Same<T> = (a: T, b: T) => boolean;

/** An index's definition: everything but its name and the plan hints. */
function indexShape(i: Index): unknown {
  // `constraint: false` is a bare index, as when it is absent.
  const { name: _n, concurrently: _c, comment: _m, constraint, ...def } = i;
  return constraint ? { ...def, constraint } : def;
}
export const sameIndex: Same<Index> = (a, b) => sameJson(indexShape(a), indexShape(b));

function foreignKeyShape(fk: ForeignKey): unknown {
  const { name: _n, comment: _m, notValid: _v, ...def } = fk;
  return def;
}
export const sameForeignKey: Same<ForeignKey> = (a, b) => sameJson(foreignKeyShape(a), foreignKeyShape(b));

/** A foreign key's definition without its deferrability (which ALTER CONSTRAINT can change). */
function foreignKeyCore(fk: ForeignKey): unknown {
  const { name: _n, deferrable: _d, initiallyDeferred: _i, comment: _m, notValid: _v, ...def } = fk;
  return def;
}
export const sameForeignKeyCore: Same<ForeignKey> = (a, b) => sameJson(foreignKeyCore(a), foreignKeyCore(b));

function checkDefinition(c: Check): string {
  return `${c.expression}${c.noInherit ? ' NO INHERIT' : ''}${c.notEnforced ? ' NOT ENFORCED' : ''}`;
}
export const sameCheck: Same<Check> = (a, b) => checkDefinition(a) === checkDefinition(b);

function triggerShape(t: Trigger): unknown {
  const { name: _n, comment: _m, firing: _f, ...def } = t;
  return def;
}
export const sameTrigger: Same<Trigger> = (a, b) => sameJson(triggerShape(a), triggerShape(b));

/** A policy's definition: everything but its comment (COMMENT ON POLICY changes it in place). */
function policyShape(p: Policy): unknown {
  const { comment: _m, ...def } = p;
  return def;
}
export const samePolicy: Same<Policy> = (a, b) => sameJson(policyShape(a), policyShape(b));

function functionShape(f: Function): unknown {
  const { managedBy: _m, grants: _g, ...def } = f;
  return def;
}
export const sameFunction: Same<Function> = (a, b) => sameJson(functionShape(a), functionShape(b));
