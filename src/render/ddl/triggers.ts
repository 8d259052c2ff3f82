/** CREATE TRIGGER, as pg_get_triggerdef writes it. */
import type { Trigger, TriggerFiring } from '../../ir/catalog.js';
import { ident, identList, qname, stringLiteral } from '../../sql/quote.js';
import { tableName, type TableRef } from './names.js';
import { reparsable } from '../../sql/reparsable.js';

function events(t: Trigger): string {
  return t.events.map((e) => (e === 'UPDATE' && t.updateOf.length ? `UPDATE OF ${identList(t.updateOf)}` : e)).join(' OR ');
}

/** `REFERENCING OLD TABLE AS … NEW TABLE AS …`; `name` spells the names (quoted for SQL, bare in a plan's text). */
export function referencingClause(transition: NonNullable<Trigger['transition']>, name: (n: string) => string = ident): string {
  const { oldTable, newTable } = transition;
  return ['REFERENCING', ...(oldTable !== undefined ? [`OLD TABLE AS ${name(oldTable)}`] : []), ...(newTable !== undefined ? [`NEW TABLE AS ${name(newTable)}`] : [])].join(' ');
}

export function createTrigger(table: TableRef, t: Trigger): string {
  const parts = [`CREATE ${t.constraint ? 'CONSTRAINT ' : ''}TRIGGER ${ident(t.name)} ${t.timing} ${events(t)} ON ${tableName(table)}`];
  if (t.constraint) parts.push(t.constraint.deferrable ? `DEFERRABLE INITIALLY ${t.constraint.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : 'NOT DEFERRABLE');
  if (t.transition) parts.push(referencingClause(t.transition));
  parts.push(`FOR EACH ${t.forEach}`);
  if (t.when !== undefined) parts.push(`WHEN (${reparsable(t.when)})`);
  parts.push(`EXECUTE FUNCTION ${qname(t.functionSchema, t.functionName)}(${t.arguments.map(stringLiteral).join(', ')})`);
  return parts.join(' ');
}

/** ALTER TABLE … DISABLE / ENABLE [REPLICA | ALWAYS] TRIGGER (undefined: ENABLE, as created). */
export function setTriggerFiring(table: TableRef, trigger: string, firing: TriggerFiring | undefined): string {
  const how = firing === 'disabled' ? 'DISABLE' : firing === 'replica' ? 'ENABLE REPLICA' : firing === 'always' ? 'ENABLE ALWAYS' : 'ENABLE';
  return `ALTER TABLE ${tableName(table)} ${how} TRIGGER ${ident(trigger)}`;
}
