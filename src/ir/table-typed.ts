/**
 * Functions that need tables to exist when they are created: a table's row type in the
 * arguments or the result (`RETURNS SETOF customer`), or, in PL/pgSQL, in the declarations the
 * server resolves when it checks the body (`account users;`, `v users.email%TYPE`). Such a
 * function, when no table calls it, is created after the tables, as SQL-language ones are.
 * A name is matched as a word, so a variable that shares a table's name moves its function
 * later too, which is harmless.
 */
import type { Function } from './catalog.js';
import { identifiers } from './function-calls.js';

/** A PL/pgSQL body's declarations: what comes before its first BEGIN. */
function declarations(body: string): string {
  const m = /\bbegin\b/i.exec(body);
  return m ? body.slice(0, m.index) : '';
}

type Typed = Pick<Function, 'arguments' | 'returns' | 'language' | 'body'>;

/** Those of `tables` (bare table names) that `f` names where the server resolves types when creating it. */
export function tableTypesUsed(f: Typed, tables: ReadonlySet<string>): string[] {
  if (tables.size === 0) return [];
  const text = `${f.arguments} ${f.returns}${f.language === 'plpgsql' ? ` ${declarations(f.body)}` : ''}`;
  return identifiers(text).filter((w) => tables.has(w));
}

/** Whether `f` names one of `tables` (bare table names) where the server resolves types when creating it. */
export function usesTableTypes(f: Typed, tables: ReadonlySet<string>): boolean {
  return tableTypesUsed(f, tables).length > 0;
}
