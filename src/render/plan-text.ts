/**
 * A plan for people: grouped per table, `+` create, `~` change, `-` drop, hazards marked,
 * and a last line `Plan: 2 to create, 1 to change, 0 to drop.`
 */
import { collationShape } from '../ir/collation.js';
import { collationSql } from '../ir/collation.js';
import { typeShape, typeWord } from '../ir/user-type.js';
import { aggregateKey } from '../ir/aggregate.js';
import { match } from 'ts-pattern';
import { unreachable } from '../util/unreachable.js';
import { replicaIdentityText } from '../plan/describe.js';
import type { Sequence } from '../ir/sequence.js';
import type { Distribution } from '../ir/distribution.js';
import { optionClauses } from './ddl/sequences.js';
import { referencingClause } from './ddl/triggers.js';
import { firingText } from '../ir/trigger-firing.js';
import type { Change, GrantTarget } from '../diff/change.js';
import { routineKind, type Column, type IndexKey, type Index, type ForeignKey, type Policy } from '../ir/catalog.js';
import { grantTargetText } from '../plan/describe-grants.js';
import type { Plan, Step } from '../plan/step.js';
import type { Hazard } from '../plan/hazards.js';

export interface TextStyle {
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const PLAIN: TextStyle = { green: (s) => s, yellow: (s) => s, red: (s) => s, bold: (s) => s, dim: (s) => s };

const SEVERE: readonly Hazard[] = ['data_loss', 'irreversible'];

/** A column's n_distinct options, as a plan shows them; undefined when it has none. */
function nDistinctText(c: Column): string | undefined {
  const parts = [...(c.nDistinct !== undefined ? [`${c.nDistinct}`] : []), ...(c.nDistinctInherited !== undefined ? [`inherited ${c.nDistinctInherited}`] : [])];
  return parts.length ? parts.join(', ') : undefined;
}

export function columnText(c: Column): string {
  const parts = [c.name, c.type];
  if (c.collation) parts.push(`COLLATE ${collationSql(c.collation)}`);
  if (c.identity) parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated}) ${c.virtual ? 'VIRTUAL' : 'STORED'}`);
  if (!c.nullable) parts.push('NOT NULL');
  if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
  if (c.statistics !== undefined) parts.push(`STATISTICS ${c.statistics}`);
  if (c.storage !== undefined) parts.push(`STORAGE ${c.storage.toUpperCase()}`);
  if (c.compression !== undefined) parts.push(`COMPRESSION ${c.compression}`);
  if (c.nDistinct !== undefined) parts.push(`N_DISTINCT ${c.nDistinct}`);
  if (c.nDistinctInherited !== undefined) parts.push(`N_DISTINCT_INHERITED ${c.nDistinctInherited}`);
  return parts.join(' ');
}

function keyText(k: IndexKey): string {
  const base = k.kind === 'column' ? k.column : k.expression;
  return [
    base,
    k.collation !== undefined ? `COLLATE ${k.collation}` : undefined,
    k.opclass,
    k.desc ? 'DESC' : undefined,
    k.nullsFirst === undefined ? undefined : k.nullsFirst ? 'NULLS FIRST' : 'NULLS LAST',
    k.operator !== undefined ? `WITH ${k.operator}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

/** Storage parameters as the server prints them: `fillfactor=90, m=16` (empty for none). */
function storageText(storage: Readonly<Record<string, string>>): string {
  return Object.entries(storage).map(([k, v]) => `${k}=${v}`).join(', ');
}

export function indexText(i: Index): string {
  return [
    i.name,
    i.unique ? 'UNIQUE' : undefined,
    i.exclusion ? 'EXCLUDE' : undefined,
    i.method !== 'btree' ? `USING ${i.method}` : undefined,
    `(${i.keys.map(keyText).join(', ')})`,
    i.include.length ? `INCLUDE (${i.include.join(', ')})` : undefined,
    i.nullsNotDistinct ? 'NULLS NOT DISTINCT' : undefined,
    i.storage ? `WITH (${storageText(i.storage)})` : undefined,
    i.where ? `WHERE ${i.where}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

function fkText(f: ForeignKey): string {
  const rules = [f.onDelete !== 'NO ACTION' ? `ON DELETE ${f.onDelete}${f.onDeleteColumns ? ` (${f.onDeleteColumns.join(', ')})` : ''}` : '', f.onUpdate !== 'NO ACTION' ? `ON UPDATE ${f.onUpdate}` : '', f.match === 'FULL' ? 'MATCH FULL' : '', f.deferrable ? `DEFERRABLE${f.initiallyDeferred ? ' INITIALLY DEFERRED' : ''}` : ''].filter(Boolean);
  return `${f.name} (${f.columns.join(', ')}) → ${f.refSchema}.${f.refTable} (${f.refColumns.join(', ')})${rules.length ? ' ' + rules.join(' ') : ''}`;
}

/** `public.orders_id_seq AS integer START WITH 1 …`. */
function sequenceText(s: Sequence): string {
  return `${s.schema}.${s.name} AS ${s.type} ${optionClauses(s).join(' ')}${s.ownedBy ? ` (owned by ${s.ownedBy.table}.${s.ownedBy.column})` : ''}`;
}

/** Steps on a table sit in its group: they name the column only; others name their object. */
function grantHead(on: GrantTarget, column: string | undefined): string {
  if (on.kind === 'table') return column !== undefined ? `column ${column}: ` : '';
  return `${grantTargetText(on)}: `;
}

/** What ALTER POLICY changes, in words. */
function policyChanges(from: Policy, to: Policy): string {
  const out: string[] = [];
  if (from.roles.join() !== to.roles.join()) out.push(`roles ${from.roles.join(', ')} → ${to.roles.join(', ')}`);
  if (from.using !== to.using) out.push(`USING ${arrow(from.using, to.using)}`);
  if (from.withCheck !== to.withCheck) out.push(`WITH CHECK ${arrow(from.withCheck, to.withCheck)}`);
  return out.join(', ');
}

const arrow = (a: string | undefined, b: string | undefined) => `${a ?? '(none)'} → ${b ?? '(none)'}`;

/** The line for one step inside its table's group (or at the top for schema-wide objects). */
export function stepDetail(change: Change): string {
  const c = change;
  switch (c.kind) {
    case 'create_extension':
      return `extension ${c.extension.name}${c.extension.schema ? ` in ${c.extension.schema}` : ''}`;
    case 'drop_extension':
      return `extension ${c.extension.name}`;
    case 'update_extension':
      return `extension ${c.extension.name} ${c.from} → ${c.extension.version}`;
    case 'create_schema':
    case 'drop_schema':
      return `schema ${c.schema.name}`;
    case 'rename_schema':
      return `schema ${c.from} → ${c.to}`;
    case 'create_function':
    case 'drop_function':
      return `${routineKind(c.function)} ${c.function.schema}.${c.function.name}(${c.function.arguments})`;
    case 'replace_function':
      return `${routineKind(c.to)} ${c.to.schema}.${c.to.name}(${c.to.arguments})`;
    case 'create_aggregate':
    case 'drop_aggregate':
      return `aggregate ${aggregateKey(c.aggregate)}`;
    case 'replace_aggregate':
      return `aggregate ${aggregateKey(c.to)}`;
    case 'create_type':
    case 'drop_type':
      return `${typeWord(c.type)} ${c.type.schema}.${c.type.name} ${typeShape(c.type)}`;
    case 'replace_type':
      return `${typeWord(c.to)} ${c.to.schema}.${c.to.name}: ${c.from.kind !== c.to.kind ? `${typeWord(c.from)} ` : ''}${typeShape(c.from)} → ${c.from.kind !== c.to.kind ? `${typeWord(c.to)} ` : ''}${typeShape(c.to)}`;
    case 'alter_domain':
      return `domain ${c.to.schema}.${c.to.name}: ${c.changed.map((p) => (p === 'default' ? `default ${arrow(c.from.default, c.to.default)}` : c.to.notNull ? 'NOT NULL' : 'nullable')).join(', ')}`;
    case 'add_domain_check':
    case 'drop_domain_check':
      return `domain ${c.type.schema}.${c.type.name}: check ${c.check.name} (${c.check.expression})`;
    case 'rename_domain_check':
      return `domain ${c.type.schema}.${c.type.name}: check ${c.from} → ${c.to}`;
    case 'add_type_attribute':
    case 'drop_type_attribute':
      return `type ${c.type.schema}.${c.type.name}: attribute ${c.attribute.name} ${c.attribute.type}${c.attribute.collation !== undefined ? ` COLLATE ${c.attribute.collation}` : ''}`;
    case 'alter_type_attribute':
      return `type ${c.type.schema}.${c.type.name}: attribute ${c.to.name} ${c.from.type} → ${c.to.type}`;
    case 'add_enum_value':
      return `type ${c.type.schema}.${c.type.name}: add ${c.value}${c.before !== undefined ? ` before ${c.before}` : c.after !== undefined ? ` after ${c.after}` : ''}`;
    case 'rename_enum_value':
      return `type ${c.type.schema}.${c.type.name}: value ${c.from} → ${c.to}`;
    case 'swap_enum':
      return `type ${c.to.schema}.${c.to.name}: (${c.from.values.join(', ')}) → (${c.to.values.join(', ')})${c.columns.length ? `, columns ${c.columns.map((x) => `${x.table.name}.${x.column}`).join(', ')}` : ''}`;
    case 'create_collation':
    case 'drop_collation':
      return `collation ${c.collation.schema}.${c.collation.name} ${collationShape(c.collation)}`;
    case 'replace_collation':
      return `collation ${c.to.schema}.${c.to.name}: ${collationShape(c.from)} → ${collationShape(c.to)}`;
    case 'set_collation_comment':
      return `collation ${c.collation.schema}.${c.collation.name}: comment ${arrow(c.from, c.to)}`;
    case 'set_type_comment':
      return `type ${c.type.schema}.${c.type.name}${c.attribute !== undefined ? `.${c.attribute}` : ''}: comment ${arrow(c.from, c.to)}`;
    case 'create_sequence':
    case 'drop_sequence':
      return `sequence ${sequenceText(c.sequence)}`;
    case 'rename_sequence':
      return `sequence ${c.from.schema}.${c.from.name} → ${c.to.schema}.${c.to.name}`;
    case 'alter_sequence':
      return `sequence ${c.to.schema}.${c.to.name}: ${[...c.changed.map((k) => `${k} ${String(c.from[k])} → ${String(c.to[k])}`), ...((c.from.comment ?? null) !== (c.to.comment ?? null) ? [`comment: ${arrow(c.from.comment, c.to.comment)}`] : [])].join(', ')}`;
    case 'set_sequence_owner':
      return `sequence ${c.sequence.schema}.${c.sequence.name} owned by ${arrow(c.from && `${c.from.table}.${c.from.column}`, c.to && `${c.to.table}.${c.to.column}`)}`;
    case 'create_table':
    case 'drop_table':
      return `table ${c.table.schema}.${c.table.name}`;
    case 'rename_table':
      return `table ${c.from.schema}.${c.from.name} → ${c.to.schema}.${c.to.name}`;
    case 'set_schema_comment':
      return `schema ${c.schema} comment: ${arrow(c.from, c.to)}`;
    case 'set_table_logged':
      return (c.unlogged ? 'unlogged' : 'logged');
    case 'set_table_storage':
      return `storage parameters: ${storageText(c.from) || 'none'} → ${storageText(c.to) || 'none'}`;
    case 'set_table_comment':
      return `comment: ${arrow(c.from, c.to)}`;
    case 'set_replica_identity':
      return `replica identity ${replicaIdentityText(c.from)} → ${replicaIdentityText(c.to)}`;
    case 'set_cluster_on':
      return `cluster on ${c.from ?? '(none)'} → ${c.to ?? '(none)'}`;
    case 'add_column':
    case 'drop_column':
      return `column ${columnText(c.column)}`;
    case 'rename_column':
      return `column ${c.from} → ${c.to}`;
    case 'alter_column':
      return `column ${c.to.name}: ${c.changed
        .map((p) =>
          match(p)
            .with('type', () => `type ${c.from.type} → ${c.to.type}`)
            .with('nullable', () => (c.to.nullable ? 'drop NOT NULL' : 'set NOT NULL'))
            .with('default', () => `default ${arrow(c.from.default, c.to.default)}`)
            .with('identity', () => `identity ${arrow(c.from.identity, c.to.identity)}`)
            .with('identity_options', () => `identity options ${arrow(c.from.identityOptions && optionClauses(c.from.identityOptions).join(' '), c.to.identityOptions && optionClauses(c.to.identityOptions).join(' '))}`)
            .with('generated', () => `generated ${arrow(c.from.generated, c.to.generated)}`)
            .with('virtual', () => (c.to.virtual ? 'stored → virtual' : 'virtual → stored'))
            .with('collation', () => `collation ${arrow(c.from.collation, c.to.collation)}`)
            .with('statistics', () => `statistics ${c.from.statistics ?? 'default'} → ${c.to.statistics ?? 'default'}`)
            .with('storage', () => (c.from.storage === c.to.storage ? `storage ${c.to.storage} set again (a new type resets it)` : `storage ${c.from.storage ?? 'default'} → ${c.to.storage ?? 'default'} (values written from now on)`))
            .with('compression', () => (c.from.compression === c.to.compression ? `compression ${c.to.compression} set again (a new type resets it)` : `compression ${c.from.compression ?? 'default'} → ${c.to.compression ?? 'default'} (values written from now on)`))
            .with('n_distinct', () => `n_distinct ${arrow(nDistinctText(c.from), nDistinctText(c.to))}`)
            .with('identity_sequence', () => `identity sequence ${arrow(c.from.identitySequence, c.to.identitySequence)}`)
            .exhaustive(),
        )
        .join(', ')}`;
    case 'set_column_comment':
      return `comment on column ${c.column}: ${arrow(c.from, c.to)}`;
    case 'add_primary_key':
    case 'drop_primary_key':
      return `primary key ${c.primaryKey.name} (${c.primaryKey.columns.join(', ')})${c.primaryKey.include?.length ? ` INCLUDE (${c.primaryKey.include.join(', ')})` : ''}${c.primaryKey.deferrable ? (c.primaryKey.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : ''}`;
    case 'add_foreign_key':
    case 'drop_foreign_key':
      return `foreign key ${fkText(c.foreignKey)}`;
    case 'validate_constraint':
      return `validate ${c.constraint === 'check' ? 'check' : 'foreign key'} ${c.name}`;
    case 'alter_foreign_key':
      return `foreign key ${c.to.name}: ${c.to.deferrable ? `DEFERRABLE${c.to.initiallyDeferred ? ' INITIALLY DEFERRED' : ' INITIALLY IMMEDIATE'}` : 'NOT DEFERRABLE'}`;
    case 'add_check':
    case 'drop_check':
      return `check ${c.check.name} ${c.check.expression}`;
    case 'rename_constraint':
      return `constraint ${c.from} → ${c.to}`;
    case 'create_index':
    case 'drop_index':
      return `index ${indexText(c.index)}`;
    case 'rename_index':
      return `index ${c.from} → ${c.to}`;
    case 'create_trigger':
    case 'drop_trigger': {
      const t = c.trigger;
      const events = t.events.map((e) => (e === 'UPDATE' && t.updateOf.length ? `UPDATE OF ${t.updateOf.join(', ')}` : e)).join(' OR ');
      const referencing = t.transition ? ` ${referencingClause(t.transition, (n) => n)}` : '';
      return `trigger ${t.name} ${t.timing} ${events}${referencing} FOR EACH ${t.forEach}${t.when ? ` WHEN ${t.when}` : ''} → ${t.functionSchema}.${t.functionName}(${t.arguments.map((a) => `'${a}'`).join(', ')})${t.firing ? ` (${firingText(t.firing)})` : ''}`;
    }
    case 'set_object_comment':
      return `${c.object.type} ${c.object.name} comment: ${arrow(c.from, c.to)}`;
    case 'rename_trigger':
      return `trigger ${c.from} → ${c.to}`;
    case 'set_trigger_firing':
      return `trigger ${c.trigger} fires: ${arrow(firingText(c.from), firingText(c.to))}`;
    case 'set_row_level_security':
      return `row level security ${c.enabled ? 'enabled' : 'disabled'}${c.force ? ', forced' : ''}`;
    case 'create_policy':
    case 'drop_policy':
      return `policy ${c.policy.name} FOR ${c.policy.command}${c.policy.using ? ` USING ${c.policy.using}` : ''}`;
    case 'alter_policy':
      return `policy ${c.to.name}: ${policyChanges(c.from, c.to)}`;
    case 'grant_privileges':
      return `${grantHead(c.on, c.column)}grant ${c.privileges.join(', ')} to ${c.grantee}${c.withGrantOption ? ' with grant option' : ''}`;
    case 'revoke_privileges':
      return `${grantHead(c.on, c.column)}revoke ${c.grantOptionOnly ? 'grant option for ' : ''}${c.privileges.join(', ')} from ${c.grantee} (a right, not data: no row changes)`;
    case 'alter_default_privileges':
      return `default privileges of ${c.defaults.role} on new ${c.defaults.objects}${c.defaults.schema !== undefined ? ` in schema ${c.defaults.schema}` : ''}: ${c.revoke ? `revoke ${c.optionOnly ? 'grant option for ' : ''}${c.privileges.join(', ')} from` : `grant ${c.privileges.join(', ')} to`} ${c.grantee}${!c.revoke && c.withGrantOption ? ' with grant option' : ''}`;
    case 'run_statement':
      return `custom statement ${c.statement.name} (up)`;
    case 'revert_statement':
      return `custom statement ${c.statement.name} (down)`;
    case 'attach_partition':
      return `attach to ${c.parent.schema}.${c.parent.name} ${c.bound}`;
    case 'inherit_table':
      return `inherit from ${c.parent.schema}.${c.parent.name}${c.notNull.length ? ` (${c.notNull.join(', ')} made NOT NULL first, as the parent's)` : ''}`;
    case 'uninherit_table':
      return `no longer inherit from ${c.parent.schema}.${c.parent.name} (the columns it gave stay, as the table's own)`;
    case 'detach_partition':
      return `detach from ${c.parent.schema}.${c.parent.name} (was ${c.bound})`;
    case 'create_view':
    case 'drop_view':
      return `${c.view.materialized ? 'materialized view' : 'view'} (${c.view.columns.map((x) => x.name).join(', ')})${c.view.materialized && c.view.indexes.length ? `, indexes ${c.view.indexes.map((i) => i.name).join(', ')}` : ''}`;
    case 'replace_view':
      return `view (${c.from.columns.map((x) => x.name).join(', ')}) → (${c.to.columns.map((x) => x.name).join(', ')})`;
    case 'set_view_comment':
      return `${c.column !== undefined ? `comment on column ${c.column}` : 'comment'}: ${arrow(c.from, c.to)}`;
    case 'distribute_table':
      return distributionText(c.distribution, c.colocateWith);
    case 'undistribute_table':
      return `${distributionText(c.distribution)} → plain table (rows move to the coordinator)`;
    case 'alter_distribution':
      return c.changed.map((p) => (p === 'column' ? `column ${c.from.column} → ${c.to.column}` : p === 'shard_count' ? `shards ${c.from.shardCount ?? 'default'} → ${c.to.shardCount}${c.cascade ? ' (with its colocated tables)' : ''}` : `colocated with ${c.colocateWith}`)).join(', ') + ' (rows move between nodes)';
    case 'distribute_schema':
      return 'distributed schema: its tables move to one node together';
    case 'undistribute_schema':
      return 'regular schema: its tables move back to the coordinator';
    default:
      return unreachable(c);
  }
}

function distributionText(d: Distribution, colocateWith?: string): string {
  if (d.kind === 'reference') return 'reference table (copied to every node)';
  const group = colocateWith === undefined ? '' : colocateWith === 'none' ? ', starting a new colocation group' : `, colocated with ${colocateWith}`;
  return `distributed on ${d.column}${group}${d.shardCount !== undefined ? `, ${d.shardCount} shards` : ''}`;
}

/** What a group of steps is about: a table, or a view (its steps say which kind). */
function groupWord(steps: readonly Step[]): string {
  for (const { change: c } of steps) {
    if (c.kind === 'create_view' || c.kind === 'drop_view') return c.view.materialized ? 'materialized view' : 'view';
    if (c.kind === 'replace_view') return 'view';
    if (c.kind === 'set_view_comment') return c.view.materialized ? 'materialized view' : 'view';
  }
  return 'table';
}

function symbol(action: Step['action'], s: TextStyle): string {
  return action === 'create' ? s.green('+') : action === 'drop' ? s.red('-') : s.yellow('~');
}

function hazardText(step: Step, s: TextStyle): string {
  if (!step.hazards.length && step.transactional) return '';
  const hz = [...step.hazards];
  // Outside the transaction (CONCURRENTLY, online steps) each step holds its lock alone: say which.
  const text = `  ! ${hz.join(', ')}${!step.transactional && step.lock ? ` (${step.lock} lock)` : ''}`;
  return hz.some((h) => SEVERE.includes(h)) ? s.red(text) : s.yellow(text);
}

export function formatPlanText(plan: Plan, style: TextStyle = PLAIN): string {
  const s = style;
  if (plan.steps.length === 0) return 'No changes: the database matches the files.\n';
  const lines: string[] = [];
  const global = plan.steps.filter((st) => st.table === '');
  for (const st of global) lines.push(`  ${symbol(st.action, s)} ${stepDetail(st.change)}${hazardText(st, s)}`);
  // Grouped in one pass: a plan of thousands of tables has tens of thousands of steps.
  const byTable = new Map<string, Step[]>();
  for (const st of plan.steps) if (st.table !== '') (byTable.get(st.table) ?? byTable.set(st.table, []).get(st.table)!).push(st);
  const tables = [...byTable.keys()].sort();
  if (global.length && tables.length) lines.push('');
  for (const t of tables) {
    const steps = byTable.get(t)!;
    const created = steps.find((st) => st.change.kind === 'create_table');
    const dropped = steps.find((st) => st.change.kind === 'drop_table');
    const head = created ?? dropped;
    lines.push(`  ${head ? symbol(head.action, s) : s.yellow('~')} ${s.bold(`${groupWord(steps)} ${t}`)}${head ? hazardText(head, s) : ''}`);
    if (created && created.change.kind === 'create_table') {
      const table = created.change.table;
      for (const c of table.columns) lines.push(`      ${s.green('+')} column ${columnText(c)}`);
      if (table.primaryKey) lines.push(`      ${s.green('+')} primary key ${table.primaryKey.name} (${table.primaryKey.columns.join(', ')})${table.primaryKey.include?.length ? ` INCLUDE (${table.primaryKey.include.join(', ')})` : ''}`);
      for (const ch of table.checks) lines.push(`      ${s.green('+')} check ${ch.name} ${ch.expression}`);
    }
    for (const st of steps) {
      if (st === head) continue;
      lines.push(`      ${symbol(st.action, s)} ${stepDetail(st.change)}${hazardText(st, s)}`);
    }
  }
  lines.push('', s.bold(`Plan: ${plan.summary.create} to create, ${plan.summary.change} to change, ${plan.summary.drop} to drop.`));
  return lines.join('\n') + '\n';
}
