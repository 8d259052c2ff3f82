/**
 * Online mode (DESIGN §4): the same changes, made so that a table serving traffic keeps
 * taking writes. On tables that already exist (all of them, or those an online setting picked):
 *
 *   foreign key, check   ADD … NOT VALID (a brief lock), then VALIDATE CONSTRAINT, which scans
 *                        under SHARE UPDATE EXCLUSIVE: reads and writes go on
 *   SET NOT NULL         a check `col IS NOT NULL` added NOT VALID and validated as above; then
 *                        SET NOT NULL skips its scan (PostgreSQL 12+) and the check is dropped
 *   index, identity      CREATE [UNIQUE] INDEX CONCURRENTLY
 *
 * Each of these runs after the plan's transaction, statement by statement, each under
 * lock_timeout with bounded retries (./apply), so a long query holding a lock cannot make the
 * queue of waiters behind an ALTER block every client. Pure: changes in, changes out.
 */
import { createHash } from 'node:crypto';
import type { Change, TableRef } from '../diff/change.js';
import type { Check } from '../ir/catalog.js';
import { tooLongForIdentifier } from '../model/naming.js';
import { ident } from '../sql/quote.js';

export interface OnlineOptions {
  /** The tables (`schema.table`) to change online, or every existing one. */
  readonly tables: 'all' | readonly string[];
}

export interface OnlineChanges {
  readonly changes: readonly Change[];
  /** Changes that run after the transaction, in this order (their position in `changes`' tail). */
  readonly late: ReadonlySet<Change>;
}

const key = (t: TableRef) => `${t.schema}.${t.name}`;

/** The name of the temporary check that proves a column holds no NULL. */
export function notNullHelperName(table: TableRef, column: string): string {
  const plain = `${table.name}_${column}_not_null`;
  if (!tooLongForIdentifier(plain)) return plain;
  return `not_null_${createHash('sha256').update(`${key(table)}.${column}`).digest('hex').slice(0, 16)}`;
}

/** Whether online mode makes this change differently (on a table that already exists). */
export function changedOnline(c: Change): boolean {
  return (
    c.kind === 'add_foreign_key' ||
    c.kind === 'add_check' ||
    c.kind === 'validate_constraint' ||
    c.kind === 'create_index' ||
    (c.kind === 'alter_column' && c.changed.includes('nullable') && !c.to.nullable && !c.changed.includes('type') && !c.changed.includes('generated'))
  );
}

export function onlineChanges(changes: readonly Change[], options: OnlineOptions, newTables: ReadonlySet<string>): OnlineChanges {
  const picked = options.tables === 'all' ? undefined : new Set(options.tables);
  const applies = (t: TableRef) => !newTables.has(key(t)) && !t.partitioned && (picked === undefined || picked.has(key(t)));
  const early: Change[] = [];
  const late: Change[] = [];
  for (const c of changes) {
    if (c.kind === 'add_foreign_key' && applies(c.table) && !c.foreignKey.notValid && !c.foreignKey.notEnforced) {
      late.push({ ...c, foreignKey: { ...c.foreignKey, notValid: true } }, { kind: 'validate_constraint', table: c.table, name: c.foreignKey.name, constraint: 'foreign_key' });
    } else if (c.kind === 'add_check' && applies(c.table) && !c.check.notValid && !c.check.notEnforced) {
      // A check declared NOT VALID is added so in the transaction (it scans nothing) and never validated.
      late.push({ ...c, check: { ...c.check, notValid: true } }, { kind: 'validate_constraint', table: c.table, name: c.check.name, constraint: 'check' });
    } else if (c.kind === 'validate_constraint' && applies(c.table)) {
      // Left NOT VALID by an online apply that stopped halfway: validate it the same way.
      late.push(c);
    } else if (c.kind === 'create_index' && applies(c.table)) {
      early.push(c.index.concurrently ? c : { ...c, index: { ...c.index, concurrently: true } });
    } else if (c.kind === 'alter_column' && applies(c.table) && changedOnline(c)) {
      const rest = c.changed.filter((p) => p !== 'nullable');
      if (rest.length) early.push({ ...c, to: { ...c.to, nullable: true }, changed: rest });
      const helper: Check = { name: notNullHelperName(c.table, c.to.name), expression: `${ident(c.to.name)} IS NOT NULL`, notValid: true };
      late.push(
        { kind: 'add_check', table: c.table, check: helper },
        { kind: 'validate_constraint', table: c.table, name: helper.name, constraint: 'check' },
        { kind: 'alter_column', table: c.table, from: { ...c.to, nullable: true }, to: c.to, changed: ['nullable'] },
        { kind: 'drop_check', table: c.table, check: { name: helper.name, expression: helper.expression } },
      );
    } else early.push(c);
  }
  return { changes: [...early, ...late], late: new Set(late) };
}
