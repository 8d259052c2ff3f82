/** How the object of a GRANT or REVOKE is named to people, and which object key it touches. */
import type { GrantTarget } from '../diff/change.js';
import { keys, type ObjectKey } from '../ir/keys.js';

/** `table public.accounts`, `schema app`, `function app.f(a integer)`. */
export function grantTargetText(on: GrantTarget): string {
  if (on.kind === 'schema') return `schema ${on.name}`;
  if (on.kind === 'function') return `${on.procedure ? 'procedure' : on.aggregate ? 'aggregate' : 'function'} ${on.schema}.${on.name}(${on.arguments ?? ''})`;
  return `${on.view ?? on.kind} ${on.schema}.${on.name}`;
}

/** The object a privilege step touches, and its table ('' outside tables). */
export function grantPlace(on: GrantTarget, column: string | undefined): { readonly object: ObjectKey; readonly table: string } {
  switch (on.kind) {
    case 'schema':
      return { object: keys.schema(on.name), table: '' };
    case 'table':
      if (on.view) return { object: column !== undefined ? keys.column(on.schema, on.name, column) : keys.view(on.schema, on.name), table: `${on.schema}.${on.name}` };
      return { object: column !== undefined ? keys.column(on.schema, on.name, column) : keys.table(on.schema, on.name), table: `${on.schema}.${on.name}` };
    case 'sequence':
      return { object: keys.sequence(on.schema, on.name), table: '' };
    case 'function':
      return { object: (on.aggregate ? keys.aggregate : keys.function)(on.schema, on.name, on.arguments ?? ''), table: '' };
    case 'type':
      return { object: keys.type(on.schema, on.name), table: '' };
  }
}
