/**
 * The canonical form of a catalog: one order for everything, so two catalogs of the same
 * schema serialise to the same JSON whoever built them (compiler, inspector, snapshot).
 *
 * Order: extensions, schemas by name; functions by schema, name, arguments; tables by
 * schema and name; inside a table, columns in declaration order (column order is part of a
 * table's shape), foreign keys, checks, indexes, triggers and policies by name; statements
 * in file order (their order is part of what they do). Optional fields that are undefined
 * are left out.
 */
import type { Catalog, Function, Table } from './catalog.js';

const byName = <T extends { readonly name: string }>(a: T, b: T) => compare(a.name, b.name);

/** Code-unit order, the same in every locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function functionOrder(a: Function, b: Function): number {
  return compare(a.schema, b.schema) || compare(a.name, b.name) || compare(a.arguments, b.arguments);
}

function canonicalTable(t: Table): Table {
  return {
    ...t,
    foreignKeys: [...t.foreignKeys].sort(byName),
    checks: [...t.checks].sort(byName),
    indexes: [...t.indexes].sort(byName),
    triggers: [...t.triggers].sort(byName),
    ...(t.rowLevelSecurity ? { rowLevelSecurity: { ...t.rowLevelSecurity, policies: [...t.rowLevelSecurity.policies].sort(byName) } } : {}),
  };
}

export function canonicalCatalog(c: Catalog): Catalog {
  return {
    formatVersion: c.formatVersion,
    extensions: [...c.extensions].sort(byName),
    schemas: [...c.schemas].sort(byName),
    functions: [...c.functions].sort(functionOrder),
    tables: c.tables.map(canonicalTable).sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name)),
    statements: [...c.statements],
    ...(c.collations?.length ? { collations: [...c.collations].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name)) } : {}),
    ...(c.types?.length ? { types: [...c.types].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name)) } : {}),
    ...(c.views?.length ? { views: c.views.map((v) => ({ ...v, indexes: [...v.indexes].sort(byName), ...(v.triggers ? { triggers: [...v.triggers].sort(byName) } : {}) })).sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name)) } : {}),
    ...(c.aggregates?.length ? { aggregates: [...c.aggregates].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name) || compare(a.arguments, b.arguments)) } : {}),
    ...(c.roles?.length ? { roles: [...c.roles].sort(compare) } : {}),
    ...(c.defaultPrivileges?.length
      ? { defaultPrivileges: [...c.defaultPrivileges].sort((a, b) => compare(a.role, b.role) || compare(a.schema ?? '', b.schema ?? '') || compare(a.objects, b.objects)) }
      : {}),
    ...(c.sequences?.length ? { sequences: [...c.sequences].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name)) } : {}),
  };
}

/** JSON with object keys sorted and undefined fields left out; arrays keep their order. */
export function stableStringify(value: unknown, indent?: number): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort(compare)) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent);
}

/**
 * `stableStringify(a) === stableStringify(b)`, without building either text: the differ compares
 * thousands of definitions, and the sorted copies and strings cost more than the comparison.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const objectA = typeof a === 'object' && a !== null;
  const objectB = typeof b === 'object' && b !== null;
  if (!objectA || !objectB) return !objectA && !objectB && jsonScalar(a) === jsonScalar(b);
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // In an array, what JSON leaves out of an object prints as null.
    for (let i = 0; i < a.length; i++) if (!sameJson(inArray(a[i]), inArray(b[i]))) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k of Object.keys(x)) {
    if (omitted(x[k])) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || omitted(y[k]) || !sameJson(x[k], y[k])) return false;
  }
  for (const k of Object.keys(y)) if (!omitted(y[k])) count--;
  return count === 0;
}

/** What JSON leaves out of an object. */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
const inArray = (v: unknown): unknown => (omitted(v) ? null : v);
/** A value that is not an object, as JSON prints it (NaN and the infinities as null). */
function jsonScalar(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return omitted(v) ? undefined : v;
}

/** Same schema: equal canonical JSON. */
export function catalogEquals(a: Catalog, b: Catalog): boolean {
  return stableStringify(canonicalCatalog(a)) === stableStringify(canonicalCatalog(b));
}
