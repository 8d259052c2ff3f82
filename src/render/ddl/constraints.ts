/** CHECK and FOREIGN KEY constraints, written as pg_get_constraintdef writes them. */
import type { Check, ForeignKey } from '../../ir/catalog.js';
import { ident, identList, qname } from '../../sql/quote.js';
import { tableName, type TableRef } from './names.js';
import { reparsable } from '../../sql/reparsable.js';

export function checkConstraintClause(c: Check): string {
  return `CONSTRAINT ${ident(c.name)} CHECK (${reparsable(c.expression)})${c.noInherit ? ' NO INHERIT' : ''}${c.notEnforced ? ' NOT ENFORCED' : ''}`;
}

export function addCheck(t: TableRef, c: Check): string {
  return `ALTER TABLE ${tableName(t)} ADD ${checkConstraintClause(c)}${c.notValid ? ' NOT VALID' : ''}`;
}

/** `FOREIGN KEY (a) REFERENCES s.t (b) MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED`; defaults left out. */
export function foreignKeyClause(fk: ForeignKey): string {
  const list = (cs: readonly string[]) => (fk.period ? [...cs.slice(0, -1).map(ident), `PERIOD ${ident(cs[cs.length - 1]!)}`].join(', ') : identList(cs));
  const parts = [`FOREIGN KEY (${list(fk.columns)}) REFERENCES ${qname(fk.refSchema, fk.refTable)} (${list(fk.refColumns)})`];
  if (fk.match === 'FULL') parts.push('MATCH FULL');
  if (fk.onUpdate !== 'NO ACTION') parts.push(`ON UPDATE ${fk.onUpdate}`);
  if (fk.onDelete !== 'NO ACTION') parts.push(`ON DELETE ${fk.onDelete}${fk.onDeleteColumns?.length ? ` (${identList(fk.onDeleteColumns)})` : ''}`);
  if (fk.deferrable) parts.push(fk.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  if (fk.notEnforced) parts.push('NOT ENFORCED');
  return parts.join(' ');
}

export function addForeignKey(t: TableRef, fk: ForeignKey): string {
  return `ALTER TABLE ${tableName(t)} ADD CONSTRAINT ${ident(fk.name)} ${foreignKeyClause(fk)}${fk.notValid ? ' NOT VALID' : ''}`;
}
