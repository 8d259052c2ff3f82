/**
 * Enum values a plan adds and also uses. PostgreSQL cannot use a value in the transaction that
 * adds it (`unsafe use of new value`, unless the type itself is new there): a default, a check,
 * a view or an SQL function body that names the value fails. Those values are added in a
 * transaction of their own, committed before the others (hazard `commits_first`); if a later
 * step fails, the values stay, unused. A plan that adds values and does not use them keeps
 * every step in one transaction.
 */
import type { Change } from '../diff/change.js';
import { stringLiteral } from '../sql/quote.js';

const typeKey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** The add_enum_value (and rename_enum_value) changes to commit first. */
export function enumValuesFirst(changes: readonly Change[]): Set<Change> {
  const adds = changes.filter((c): c is Extract<Change, { kind: 'add_enum_value' }> => c.kind === 'add_enum_value');
  const out = new Set<Change>();
  if (adds.length === 0) return out;
  // They would run before the plan's renames: a type whose schema is renamed keeps them in the transaction.
  const renamedSchemas = new Set(changes.flatMap((c) => (c.kind === 'rename_schema' ? [c.from, c.to] : [])));
  const others = changes.filter((c) => c.kind !== 'add_enum_value' && c.kind !== 'rename_enum_value').map((c) => JSON.stringify(c));
  // The value as a literal (`'archived'`), as it stands inside the changes' JSON.
  const used = adds.filter((a) => {
    const literal = JSON.stringify(stringLiteral(a.value)).slice(1, -1);
    return !renamedSchemas.has(a.type.schema) && others.some((text) => text.includes(literal));
  });
  const types = new Set(used.map((a) => typeKey(a.type)));
  // All of a used type's new and renamed values go together (ADD VALUE … AFTER may name one).
  for (const c of changes) if ((c.kind === 'add_enum_value' || c.kind === 'rename_enum_value') && types.has(typeKey(c.type)) && !renamedSchemas.has(c.type.schema)) out.add(c);
  return out;
}
