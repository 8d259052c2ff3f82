/**
 * The planner: orders changes (./rank.ts), decides what runs inside the transaction and what
 * must run after it (CREATE INDEX CONCURRENTLY, and foreign keys that need such an index),
 * attaches hazards (./hazards.ts) and reverse SQL (./invert.ts), and renders each step.
 */
import type { Change } from '../diff/change.js';
import { renderChange, type RenderOptions } from '../render/changes.js';
import { hazardsOf } from './hazards.js';
import { invert } from './invert.js';
import { rankOf } from './rank.js';
import { describe } from './describe.js';
import type { Plan, Step } from './step.js';
import { ENSURE_BOOKKEEPING } from '../apply/bookkeeping.js';

export type PlanOptions = RenderOptions;

const WRITES_BOOKKEEPING = new Set<Change['kind']>(['create_extension', 'drop_extension', 'run_statement', 'revert_statement']);

const tkey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

export function plan(changes: readonly Change[], options: PlanOptions = {}): Plan {
  const newTables = new Set(changes.flatMap((c) => (c.kind === 'create_table' ? [tkey(c.table)] : [])));
  // Indexes built CONCURRENTLY: only on tables that already exist (a new table is empty, and
  // building its indexes in the transaction keeps the whole change atomic).
  const concurrent = new Set<Change>();
  const concurrentUnique = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'create_index' && c.index.concurrently && !c.index.constraint && !newTables.has(tkey(c.table))) {
      concurrent.add(c);
      if (c.index.unique && c.index.keys.every((k) => k.kind === 'column')) {
        concurrentUnique.add(`${tkey(c.table)}(${c.index.keys.map((k) => (k.kind === 'column' ? k.column : '')).sort().join(',')})`);
      }
    }
  }
  // A foreign key that references a unique index built concurrently must wait for it.
  const afterConcurrent = new Set<Change>();
  for (const c of changes) {
    if (c.kind !== 'add_foreign_key') continue;
    const target = `${c.foreignKey.refSchema}.${c.foreignKey.refTable}(${[...c.foreignKey.refColumns].sort().join(',')})`;
    if (concurrentUnique.has(target)) afterConcurrent.add(c);
  }

  const called = calledFunctions(changes);
  const phase = (c: Change) => (concurrent.has(c) ? 1 : afterConcurrent.has(c) ? 2 : 0);
  const ordered = changes
    .map((change, i) => ({ change, i, phase: phase(change), rank: rankOf(change, called) }))
    .sort((a, b) => a.phase - b.phase || a.rank - b.rank || a.i - b.i)
    .map((x) => x.change);

  // Steps are described (and grouped) by the objects' new names; their SQL uses the names
  // the objects have when the step runs.
  const asRun = oldNamesBeforeRenames(ordered, called);
  const steps: Step[] = ordered.map((change, i) => {
    const isConcurrent = concurrent.has(change);
    const d = describe(change);
    const run = asRun(change);
    return {
      id: i + 1,
      change: run,
      sql: renderChange(run, { ...options, concurrent: isConcurrent }),
      reverse: invert(run).flatMap((inv) => renderChange(inv, options)),
      hazards: hazardsOf(change, { newTables, concurrent: isConcurrent }),
      transactional: phase(change) === 0,
      summary: d.summary,
      object: d.object,
      table: d.table,
      action: d.action,
    };
  });
  // The first step that writes pgdecl's bookkeeping creates its tables when they are missing.
  const first = steps.findIndex((st) => WRITES_BOOKKEEPING.has(st.change.kind));
  if (first >= 0) steps[first] = { ...steps[first]!, sql: [...ENSURE_BOOKKEEPING, ...steps[first]!.sql] };
  const count = (a: Step['action']) => steps.filter((s) => s.action === a).length;
  return { steps, summary: { create: count('create'), change: count('change'), drop: count('drop') } };
}

/** Names of functions that tables call in defaults, checks, index expressions and triggers. */
function calledFunctions(changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  const scan = (sql: string | undefined) => {
    if (sql) for (const m of sql.matchAll(/([A-Za-z_][A-Za-z0-9_$]*)"?\s*\(/g)) out.add(m[1]!);
  };
  for (const c of changes) {
    if (c.kind === 'create_table') {
      for (const col of c.table.columns) (scan(col.default), scan(col.generated));
      for (const ch of c.table.checks) scan(ch.expression);
    } else if (c.kind === 'add_column' || c.kind === 'alter_column') {
      const col = c.kind === 'add_column' ? c.column : c.to;
      scan(col.default);
      scan(col.generated);
    } else if (c.kind === 'add_check') scan(c.check.expression);
    else if (c.kind === 'create_index') {
      scan(c.index.where);
      for (const k of c.index.keys) if (k.kind === 'expression') scan(k.expression);
    } else if (c.kind === 'create_trigger') out.add(c.trigger.functionName);
  }
  return out;
}

/**
 * The differ names every object by its new name; steps that run before a table's (or its
 * schema's) rename must still use the old one. Returns a mapper over the ordered changes.
 */
function oldNamesBeforeRenames(ordered: readonly Change[], called: ReadonlySet<string>): (c: Change) => Change {
  const tables = new Map<string, { schema: string; name: string }>();
  const schemas = new Map<string, string>();
  for (const c of ordered) {
    if (c.kind === 'rename_table') tables.set(tkey(c.to), c.from);
    if (c.kind === 'rename_schema') schemas.set(c.to, c.from);
  }
  if (tables.size === 0 && schemas.size === 0) return (c) => c;
  const renameRank = Math.min(rankOf({ kind: 'rename_schema', from: '', to: '' }, called), rankOf({ kind: 'rename_table', from: { schema: '', name: '' }, to: { schema: '', name: '' } }, called));
  return (c) => {
    if (rankOf(c, called) >= renameRank || !('table' in c) || c.kind === 'create_table' || c.kind === 'drop_table') return c;
    const t = c.table;
    const old = tables.get(tkey(t)) ?? (schemas.has(t.schema) ? { schema: schemas.get(t.schema)!, name: t.name } : undefined);
    return old ? ({ ...c, table: old } as Change) : c;
  };
}
