/**
 * Equality of IR objects for diffing. Hints that are not part of an object's identity
 * (`concurrently`, `managedBy`, `tenancy`) are left out of the comparison.
 */
import type { ForeignKey, Function, Index, Policy, Trigger, Check } from '../ir/catalog.js';
import { stableStringify as stableJson } from '../ir/canonical.js';

export { stableJson };

/** An index's definition: everything but its name and the plan hints. */
export function indexDefinition(i: Index): string {
  const { name: _n, concurrently: _c, comment: _m, constraint, ...def } = i;
  return stableJson(constraint ? { ...def, constraint } : def);
}

export function foreignKeyDefinition(fk: ForeignKey): string {
  const { name: _n, comment: _m, notValid: _v, ...def } = fk;
  return stableJson(def);
}

/** A foreign key's definition without its deferrability (which ALTER CONSTRAINT can change). */
export function foreignKeyCore(fk: ForeignKey): string {
  const { name: _n, deferrable: _d, initiallyDeferred: _i, comment: _m, notValid: _v, ...def } = fk;
  return stableJson(def);
}

export function checkDefinition(c: Check): string {
  return c.noInherit ? `${c.expression} NO INHERIT` : c.expression;
}

export function triggerDefinition(t: Trigger): string {
  const { name: _n, comment: _m, ...def } = t;
  return stableJson(def);
}

export function policyDefinition(p: Policy): string {
  return stableJson(p);
}

export function functionDefinition(f: Function): string {
  const { managedBy: _m, grants: _g, ...def } = f;
  return stableJson(def);
}
