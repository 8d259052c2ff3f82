/**
 * Which tables a plan changes online, from the repo's `online:` setting (or --online /
 * --offline): none, every existing table, or those that hold rows now. For the last, one
 * query asks, for the tables the plan would change online only, whether each has a row.
 */
import type { Change, TableRef } from '../diff/change.js';
import type { OnlineSetting } from '../model/resource.js';
import { ident, literal } from '../sql/quote.js';
import type { Target } from '../targets/target.js';
import { changedOnline, type OnlineOptions } from './online.js';

/** The tables whose changes online mode makes differently. */
function candidates(changes: readonly Change[]): TableRef[] {
  const created = new Set(changes.flatMap((c) => (c.kind === 'create_table' ? [`${c.table.schema}.${c.table.name}`] : [])));
  const out = new Map<string, TableRef>();
  for (const c of changes) {
    if (!changedOnline(c) || !('table' in c)) continue;
    const key = `${c.table.schema}.${c.table.name}`;
    if (!created.has(key)) out.set(key, c.table);
  }
  return [...out.values()].sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
}

export async function onlineTables(target: Target, setting: OnlineSetting, changes: readonly Change[]): Promise<OnlineOptions | undefined> {
  if (setting === 'never') return undefined;
  if (setting === 'always') return { tables: 'all' };
  const tables = candidates(changes);
  if (tables.length === 0) return { tables: [] };
  const sql = tables.map((t) => `SELECT ${literal(`${t.schema}.${t.name}`)} AS t WHERE EXISTS (SELECT FROM ${ident(t.schema)}.${ident(t.name)})`).join('\nUNION ALL\n');
  const rows = await target.query<{ t: string }>(sql);
  return { tables: rows.map((r) => r.t).sort() };
}
