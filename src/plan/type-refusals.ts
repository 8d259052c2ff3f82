/**
 * Type changes PostgreSQL cannot make while the type is in use, refused before anything runs:
 * a domain's new base type or collation (or a type's new kind, or reordered composite
 * attributes) replaces the type, and an attribute of a composite type cannot change type
 * while a column holds the composite. A collation cannot be altered: a new definition makes it
 * again, which PostgreSQL refuses while columns, index keys or types use it. An aggregate a kept
 * view calls cannot be dropped, nor made again under a new result type. The refusal names the
 * users and the way around.
 */
import type { Change } from '../diff/change.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import { typeShape, typeWord } from '../ir/user-type.js';
import { collationShape } from '../ir/collation.js';
import { aggregateKey } from '../ir/aggregate.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Src } from '../model/source.js';

export function refuseTypeChanges(changes: readonly Change[], origins: Readonly<Record<ObjectKey, Src>>): void {
  const out: Diagnostic[] = [];
  for (const c of changes) {
    if (c.kind === 'replace_type' && c.usedBy.length) {
      const src = origins[keys.type(c.to.schema, c.to.name)];
      out.push({
        code: 'type_in_use',
        severity: 'error',
        message: `${typeWord(c.to)} ${c.to.schema}.${c.to.name} cannot change in place from ${typeShape(c.from)} to ${typeShape(c.to)}, and dropping it to create it again would break what uses it: ${c.usedBy.join(', ')}; nothing was changed`,
        suggestion: 'declare a new type under another name, move the columns to it, then remove the old one (or keep the old definition)',
        ...(src ? { src } : {}),
      });
    } else if (c.kind === 'replace_collation' && c.usedBy.length) {
      const src = origins[keys.collation(c.to.schema, c.to.name)];
      out.push({
        code: 'collation_in_use',
        severity: 'error',
        message: `collation ${c.to.schema}.${c.to.name} cannot change from ${collationShape(c.from)} to ${collationShape(c.to)}: PostgreSQL cannot alter a collation, and dropping it to create it again would break what uses it: ${c.usedBy.join(', ')}; nothing was changed`,
        suggestion: 'declare a new collation under another name, move the columns, indexes and types to it, then remove the old one (or keep the old definition)',
        ...(src ? { src } : {}),
      });
    } else if (c.kind === 'drop_aggregate' && c.usedBy?.length) {
      const a = c.aggregate;
      const src = origins[keys.aggregate(a.schema, a.name, a.arguments)];
      out.push({
        code: 'aggregate_in_use',
        severity: 'error',
        message: c.recreated
          ? `aggregate ${aggregateKey(a)} cannot change in place (CREATE OR REPLACE AGGREGATE keeps the result type: the final function, or the state type without one), and dropping it to create it again would break what calls it: ${c.usedBy.join(', ')}; nothing was changed`
          : `aggregate ${aggregateKey(a)} is no longer declared, but ${c.usedBy.join(', ')} still calls it: PostgreSQL refuses to drop it; nothing was changed`,
        suggestion: c.recreated
          ? 'declare the new definition as a new aggregate under another name and move the views to it, or keep the final function and state type'
          : 'change or remove the views that call it in the same plan, or keep the aggregate',
        ...(src ? { src } : {}),
      });
    } else if (c.kind === 'alter_type_attribute' && c.usedBy.length) {
      const src = origins[keys.type(c.type.schema, c.type.name)];
      out.push({
        code: 'type_in_use',
        severity: 'error',
        message: `attribute ${c.to.name} of type ${c.type.schema}.${c.type.name} cannot change from ${c.from.type} to ${c.to.type} while columns hold the type (${c.usedBy.join(', ')}): PostgreSQL refuses; nothing was changed`,
        suggestion: 'add a new attribute with the new type and drop the old one, or declare a new type and move the columns to it',
        ...(src ? { src } : {}),
      });
    }
  }
  if (out.length) throw new PgdeclError(out);
}
