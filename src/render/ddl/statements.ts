/** Custom statements, as the user wrote them (a trailing `;` dropped: the script adds its own). */
import type { Statement } from '../../ir/catalog.js';

export function statementSql(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

export function statementUp(s: Statement): string {
  return statementSql(s.up);
}

export function statementDown(s: Statement): string {
  return statementSql(s.down);
}
