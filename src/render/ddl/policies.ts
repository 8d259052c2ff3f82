/** Row-level security: ENABLE / FORCE and CREATE POLICY. */
import type { Policy, RowLevelSecurity } from '../../ir/catalog.js';
import { ident } from '../../sql/quote.js';
import { tableName, type TableRef } from './names.js';
import { reparsable } from '../../sql/reparsable.js';

export function enableRowLevelSecurity(t: TableRef, rls: Pick<RowLevelSecurity, 'enabled' | 'force'>): string[] {
  const out: string[] = [];
  if (rls.enabled) out.push(`ALTER TABLE ${tableName(t)} ENABLE ROW LEVEL SECURITY`);
  if (rls.force) out.push(`ALTER TABLE ${tableName(t)} FORCE ROW LEVEL SECURITY`);
  return out;
}

/** `public` is PostgreSQL's word for every role: written bare. */
function role(name: string): string {
  return name === 'public' ? 'PUBLIC' : ident(name);
}

export function createPolicy(t: TableRef, p: Policy): string {
  const parts = [`CREATE POLICY ${ident(p.name)} ON ${tableName(t)}`];
  if (!p.permissive) parts.push('AS RESTRICTIVE');
  parts.push(`FOR ${p.command}`, `TO ${p.roles.map(role).join(', ')}`);
  if (p.using !== undefined) parts.push(`USING (${reparsable(p.using)})`);
  if (p.withCheck !== undefined) parts.push(`WITH CHECK (${reparsable(p.withCheck)})`);
  return parts.join(' ');
}

/** ALTER POLICY with the clauses that differ (the diff keeps command and kind the same). */
export function alterPolicy(t: TableRef, from: Policy, to: Policy): string {
  const parts = [`ALTER POLICY ${ident(to.name)} ON ${tableName(t)}`];
  if (from.roles.join() !== to.roles.join()) parts.push(`TO ${to.roles.map(role).join(', ')}`);
  if (to.using !== undefined && from.using !== to.using) parts.push(`USING (${reparsable(to.using)})`);
  if (to.withCheck !== undefined && from.withCheck !== to.withCheck) parts.push(`WITH CHECK (${reparsable(to.withCheck)})`);
  return parts.join(' ');
}

/** Whether ALTER POLICY can turn one into the other: same command and kind, no clause removed. */
export function alterablePolicy(from: Policy, to: Policy): boolean {
  return (
    from.command === to.command &&
    from.permissive === to.permissive &&
    !(from.using !== undefined && to.using === undefined) &&
    !(from.withCheck !== undefined && to.withCheck === undefined)
  );
}
