/**
 * Names for what pull writes: resource names from table names (`blog_posts` → `BlogPost`),
 * with collisions resolved deterministically, and relationship names from foreign-key
 * columns (`author_id` → `author`).
 */
import { resourceNameOf } from './inflect.js';

export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

export const tableKey = (t: TableRef) => `${t.schema}.${t.name}`;

/**
 * A resource name per table, in the order given (pull gives tables by schema, then name).
 * The first table to claim a name gets it; a later one tries, in order, its table name
 * without singularising (`user` and `users` → `User`, `Users`), the name prefixed with its
 * schema (`AuditEvent`), then the name with a number (`User2`, `User3`, …).
 */
export function resourceNames(tables: readonly TableRef[]): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  const claim = (t: TableRef, name: string) => {
    taken.add(name.toLowerCase());
    out.set(tableKey(t), name);
  };
  const free = (name: string) => !taken.has(name.toLowerCase());
  // Public tables first, so `public.users` is `User` and `auth.users` is `AuthUser`.
  const ordered = [...tables].sort((a, b) => Number(a.schema !== 'public') - Number(b.schema !== 'public'));
  for (const t of ordered) {
    const base = resourceNameOf(t.name);
    const candidates = [base, resourceNameOf(t.name, false), resourceNameOf(`${t.schema}_${t.name}`), resourceNameOf(`${t.schema}_${t.name}`, false)];
    let name = candidates.find(free);
    for (let i = 2; name === undefined; i++) if (free(`${base}${i}`)) name = `${base}${i}`;
    claim(t, name);
  }
  return out;
}

/**
 * The name of the belongs_to relationship of a foreign key whose first column is `column`:
 * `author_id` → `author`, `authorId` → `author`; any other column keeps its name. A name that
 * is taken (by another attribute or relationship) becomes the column name, then gets a number.
 */
export function relationshipName(column: string, taken: ReadonlySet<string>): string {
  const m = /^(.+?)(_id|Id|_ID)$/.exec(column);
  const preferred = m ? m[1]! : column;
  if (!taken.has(preferred)) return preferred;
  if (!taken.has(column)) return column;
  for (let i = 2; ; i++) if (!taken.has(`${preferred}_${i}`)) return `${preferred}_${i}`;
}
