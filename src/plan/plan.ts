/**
 * The planner: orders changes (./rank.ts), decides what runs inside the transaction, what
 * must run after it (CREATE INDEX CONCURRENTLY, and foreign keys that need such an index) and
 * what is committed before it (enum values the plan uses: ./enum-values-first.ts),
 * attaches hazards (./hazards.ts) and reverse SQL (./invert.ts), and renders each step.
 */
import type { Change } from '../diff/change.js';
import { renderChange, type RenderOptions } from '../render/changes.js';
import { hazardsOf } from './hazards.js';
import { lockOf } from './locks.js';
import { onlineChanges, type OnlineOptions } from './online.js';
import { invert } from './invert.js';
import { rank, rankOf, type RankContext } from './rank.js';
import { hasRenames, renamesInPlan, withOldNames } from './run-names.js';
import { describe } from './describe.js';
import type { Plan, Step } from './step.js';
import { ENSURE_BOOKKEEPING } from '../apply/bookkeeping.js';
import { calledNames, identifiers, indexSql, withCallees } from '../ir/function-calls.js';
import { aggregatesOnViewRows, functionsOnViewRows, sqlFunctionsReadingViews } from '../ir/view-row-types.js';
import { enumValuesFirst } from './enum-values-first.js';

export interface PlanOptions extends RenderOptions {
  /** Change existing tables online (./online.ts): NOT VALID then VALIDATE, CONCURRENTLY, NOT NULL through a check. */
  readonly online?: OnlineOptions;
}

const WRITES_BOOKKEEPING = new Set<Change['kind']>(['create_extension', 'drop_extension', 'run_statement', 'revert_statement']);

const tkey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

export function plan(diffed: readonly Change[], options: PlanOptions = {}): Plan {
  const newTables = new Set(diffed.flatMap((c) => (c.kind === 'create_table' ? [tkey(c.table)] : [])));
  // Online: what validates rows runs after the transaction, step by step, in the order given.
  const online = options.online ? onlineChanges(diffed, options.online, newTables) : undefined;
  const changes = online?.changes ?? diffed;
  const late = online?.late ?? new Set<Change>();
  // Indexes built CONCURRENTLY: only on tables that already exist (a new table is empty, and
  // building its indexes in the transaction keeps the whole change atomic).
  const concurrent = new Set<Change>();
  const concurrentUnique = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'create_index' && c.index.concurrently && !c.index.constraint && !newTables.has(tkey(c.table)) && !c.table.partitioned) {
      concurrent.add(c);
      if (c.index.unique && c.index.keys.every((k) => k.kind === 'column')) {
        concurrentUnique.add(`${tkey(c.table)}(${c.index.keys.map((k) => (k.kind === 'column' ? k.column : '')).sort().join(',')})`);
      }
    }
  }
  // A foreign key that references a unique index built concurrently must wait for it; so
  // must a replica identity or clustering that names such an index.
  const afterConcurrent = new Set<Change>();
  const concurrentNames = new Set([...concurrent].flatMap((c) => (c.kind === 'create_index' ? [`${tkey(c.table)}.${c.index.name}`] : [])));
  for (const c of changes) {
    const index = c.kind === 'set_replica_identity' && typeof c.to === 'object' ? c.to.index : c.kind === 'set_cluster_on' ? c.to : undefined;
    if (index !== undefined && (c.kind === 'set_replica_identity' || c.kind === 'set_cluster_on') && concurrentNames.has(`${tkey(c.table)}.${index}`)) afterConcurrent.add(c);
  }
  for (const c of changes) {
    if (c.kind !== 'add_foreign_key') continue;
    const target = `${c.foreignKey.refSchema}.${c.foreignKey.refTable}(${[...c.foreignKey.refColumns].sort().join(',')})`;
    if (concurrentUnique.has(target)) afterConcurrent.add(c);
  }

  // Functions that tables call, and those their SQL bodies call in turn, come before the tables.
  const created = changes.flatMap((c) => (c.kind === 'create_function' ? [c.function] : c.kind === 'replace_function' ? [c.to] : []));
  // Functions on the row type of a view this plan creates or replaces come after it; those on
  // the row type of a view it drops go before it.
  const madeViews = changes.flatMap((c) => (c.kind === 'create_view' ? [c.view] : c.kind === 'replace_view' ? [c.to] : []));
  const droppedFns = changes.flatMap((c) => (c.kind === 'drop_function' ? [c.function] : []));
  const goneViews = changes.flatMap((c) => (c.kind === 'drop_view' ? [c.view] : []));
  const newTableNames = new Set(changes.flatMap((c) => (c.kind === 'create_table' ? [c.table.name] : [])));
  const calledByTables = withCallees(calledFunctions(changes), created);
  const context: RankContext = {
    calledByTables,
    newTableNames,
    tableTypedDomains: tableTypedDomains(changes, newTableNames),
    onViewRows: new Set([
      ...functionsOnViewRows(created, madeViews),
      // An SQL function that reads a view, once the views exist (not one a table calls: it comes before them).
      ...sqlFunctionsReadingViews(created.filter((f) => !calledByTables.has(f.name)), madeViews),
      ...functionsOnViewRows(droppedFns, goneViews),
      ...aggregatesOnViewRows(changes.flatMap((c) => (c.kind === 'create_aggregate' ? [c.aggregate] : c.kind === 'replace_aggregate' ? [c.to] : [])), madeViews),
      ...aggregatesOnViewRows(changes.flatMap((c) => (c.kind === 'drop_aggregate' ? [c.aggregate] : [])), goneViews),
    ]),
  };
  // Enum values the plan also uses: in a transaction of their own, committed first (./enum-values-first.ts).
  const first = enumValuesFirst(changes);
  const phase = (c: Change) => (first.has(c) ? -1 : late.has(c) ? 3 : concurrent.has(c) ? 1 : afterConcurrent.has(c) ? 2 : 0);
  const ordered = changes
    .map((change, i) => ({ change, i, phase: phase(change), rank: rankOf(change, context) }))
    .sort((a, b) => a.phase - b.phase || (a.phase === 3 ? 0 : a.rank - b.rank) || a.i - b.i)
    .map((x) => x.change);

  // Steps are described (and grouped) by the objects' new names; their SQL uses the names
  // the objects have when the step runs.
  const asRun = oldNamesBeforeRenames(ordered, context);
  const steps: Step[] = ordered.map((change, i) => {
    const isConcurrent = concurrent.has(change);
    const d = describe(change);
    const run = asRun(change);
    return {
      id: i + 1,
      change: run,
      sql: renderChange(run, { ...options, concurrent: isConcurrent }),
      reverse: invert(run).flatMap((inv) => renderChange(inv, options)),
      hazards: late.has(change) ? [...hazardsOf(change, { newTables, online: true }), 'not_transactional'] : first.has(change) ? [...hazardsOf(change, { newTables }), 'commits_first'] : hazardsOf(change, { newTables, concurrent: isConcurrent }),
      ...lockField(change, isConcurrent),
      transactional: phase(change) <= 0,
      summary: d.summary,
      object: d.object,
      table: d.table,
      action: d.action,
    };
  });
  // The first step that writes pgdecl's bookkeeping creates its tables when they are missing.
  const writer = steps.findIndex((st) => WRITES_BOOKKEEPING.has(st.change.kind));
  if (writer >= 0) steps[writer] = { ...steps[writer]!, sql: [...ENSURE_BOOKKEEPING, ...steps[writer]!.sql] };
  const count = (a: Step['action']) => steps.filter((s) => s.action === a).length;
  return { steps, summary: { create: count('create'), change: count('change'), drop: count('drop') } };
}

/** Bare names of the domains the plan creates over a row type of a table it creates (`CREATE DOMAIN d AS t`). */
function tableTypedDomains(changes: readonly Change[], newTableNames: ReadonlySet<string>): Set<string> {
  if (newTableNames.size === 0) return new Set();
  return new Set(changes.flatMap((c) => (c.kind === 'create_type' && c.type.kind === 'domain' && identifiers(c.type.base).some((w) => newTableNames.has(w)) ? [c.type.name] : [])));
}

/** Names of functions that tables call in defaults, checks, index expressions and triggers. */
function calledFunctions(changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  const scan = (sql: string | undefined) => {
    for (const n of calledNames(sql)) out.add(n);
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
    else if (c.kind === 'create_type' && c.type.kind === 'domain') for (const x of [c.type.default, ...c.type.checks.map((ch) => ch.expression)]) scan(x);
    else if (c.kind === 'alter_domain') scan(c.to.default);
    else if (c.kind === 'add_domain_check') scan(c.check.expression);
    else if (c.kind === 'create_index') indexSql(c.index).forEach(scan);
    else if (c.kind === 'create_trigger') out.add(c.trigger.functionName);
  }
  return out;
}

/** A mapper over the ordered changes: those that run before the plan's renames get the old names (./run-names.ts). */
function oldNamesBeforeRenames(ordered: readonly Change[], context: RankContext): (c: Change) => Change {
  const renames = renamesInPlan(ordered);
  if (!hasRenames(renames)) return (c) => c;
  const renameRank = Math.min(...(['rename_schema', 'rename_table', 'rename_column'] as const).map((k) => rank(k)));
  return (c) => (rankOf(c, context) >= renameRank ? c : withOldNames(c, renames));
}

/** The step's table lock, as a field (absent when it locks no table). */
function lockField(change: Change, concurrent: boolean): { lock?: ReturnType<typeof lockOf> } {
  const lock = lockOf(change, concurrent);
  return lock ? { lock } : {};
}
