/**
 * A column's type cannot change while a generated column uses it ("cannot alter type of a
 * column used by a generated column"). Such generated columns are dropped before the type
 * change and added again after it (their values are computed again: nothing is lost), with
 * the indexes and checks on them, which DROP COLUMN takes away.
 *
 * What a generated column uses is read from its expression as the server prints it
 * (`pg_get_expr`): the identifiers outside string literals that name a column of the table.
 * A function or keyword that happens to share a column's name only costs a needless rebuild.
 */
import type { Check, Column, Index, Table } from '../ir/catalog.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';

/** Lower-cased bare identifiers and exact quoted ones of an expression, string literals left out. */
export function expressionIdentifiers(expr: string): Set<string> {
  const out = new Set<string>();
  const text = expr.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of text.matchAll(/"((?:[^"]|"")+)"|\b([A-Za-z_][A-Za-z0-9_$]*)/g)) out.add(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!.toLowerCase());
  return out;
}

/** Whether the type (or collation) of the column changes: ALTER COLUMN … TYPE. */
export const retyped = (c: Column, d: Column) => c.type !== d.type || (c.collation ?? null) !== (d.collation ?? null);

/**
 * The generated columns of the current table, kept in the desired one, that use a column whose
 * type changes: they must be dropped and added again around the type change.
 */
export function generatedToRebuild(cur: Table, des: Table): Set<string> {
  const desired = new Map(des.columns.map((c) => [c.name, c]));
  const changing = new Set(cur.columns.filter((c) => desired.has(c.name) && retyped(c, desired.get(c.name)!)).map((c) => c.name));
  const out = new Set<string>();
  if (changing.size === 0) return out;
  for (const c of cur.columns) {
    if (c.generated === undefined || !desired.get(c.name)?.generated) continue;
    const uses = expressionIdentifiers(c.generated);
    if ([...changing].some((n) => n !== c.name && uses.has(n))) out.add(c.name);
  }
  return out;
}

/**
 * The columns of the current table that the desired one generates with another expression
 * (or generates where they were plain): before PostgreSQL 17, and from a plain column always,
 * the column is dropped and added again, and the indexes and checks on it with it.
 */
export function generatedReplaced(cur: Table, des: Table): Set<string> {
  const desired = new Map(des.columns.map((c) => [c.name, c]));
  return new Set(cur.columns.filter((c) => {
    const d = desired.get(c.name);
    return d?.generated !== undefined && (d.generated !== c.generated || (d.virtual ?? false) !== (c.virtual ?? false));
  }).map((c) => c.name));
}

/**
 * PostgreSQL cannot drop the expression of a virtual generated column (its values are stored
 * nowhere): a plan that would make one a plain column is refused, with the way there.
 */
export function refuseVirtualToPlain(pairs: readonly (readonly [Table, Table])[]): void {
  const problems: Diagnostic[] = [];
  for (const [cur, des] of pairs) {
    const desired = new Map(des.columns.map((c) => [c.name, c]));
    for (const c of cur.columns) {
      const d = desired.get(c.name);
      if (!c.virtual || !d || d.generated !== undefined) continue;
      problems.push({
        code: 'virtual_column_change',
        severity: 'error',
        message: `the column ${des.schema}.${des.name}.${c.name} is a virtual generated column in the database and a plain column in the files: PostgreSQL cannot drop the expression of a virtual column (its values are stored nowhere); nothing was changed`,
        suggestion: 'make it a stored generated column first (drop `virtual: true`) and apply, then drop `generated` and apply again: its values are kept',
      });
    }
  }
  if (problems.length) throw new PgdeclError(problems);
}

/** Whether an index or a check uses one of the columns. */
export function usesColumns(x: Index | Check, columns: ReadonlySet<string>): boolean {
  if ('expression' in x) return [...expressionIdentifiers(x.expression)].some((n) => columns.has(n));
  const exprs = [...x.keys.flatMap((k) => (k.kind === 'expression' ? [k.expression] : [])), ...(x.where ? [x.where] : [])];
  return x.keys.some((k) => k.kind === 'column' && columns.has(k.column)) || x.include.some((n) => columns.has(n)) || exprs.some((e) => [...expressionIdentifiers(e)].some((n) => columns.has(n)));
}
