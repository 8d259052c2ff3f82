/**
 * One inspected table → one resource: attributes in column order (`primary_key_order` when the
 * key's own order is another), belongs_to relationships, identities, multitenancy and
 * the postgres block, each in the form that compiles back to exactly this table.
 */
import { grantsValue, rowLevelSecurityValue } from './grants.js';
import type { Check, Statement, Table } from '../ir/catalog.js';
import { serialOf } from './sequences.js';
import type { AttributeMacro } from '../model/resource.js';
import { primaryKeyName } from '../model/naming.js';
import { attributeValue, isPlain, planColumn, type ColumnPlan } from './columns.js';
import { declaredColumnType } from './user-types.js';
import { pullConstraint, type Rule, type RuleValue } from './constraints.js';
import type { PullContext } from './context.js';
import { pullIndexes, storageValue } from './indexes.js';
import { isTimestampColumn, keyMacro, uuidV7DefaultFor } from './macros.js';
import { tableKey } from './naming.js';
import { definedColumns, partitionForeignKeyValue, planRelationships, referenceValue, relationshipValue, reportUnreadableKeys, type RelationshipPlan } from './references.js';
import { block } from './render.js';
import { readable, unqualifyPublic } from './sql-text.js';
import { pulledTriggers, triggerValue } from './triggers.js';
import { partitioningEntries } from './partitions.js';
import { distributionEntries } from './distribution.js';
import { sqlValue, ymap, type Y, type YMap } from './yaml-tree.js';

export interface PulledResource {
  readonly name: string;
  readonly schema: string;
  readonly table: string;
  readonly value: YMap;
  /** Written as a comment above the resource. */
  readonly comment?: string;
  /** A `migrate: false` resource for a table foreign keys point at, not pulled itself. */
  readonly stub?: boolean;
}

type Constraints = Map<string, Map<Rule, RuleValue>>;

/** Checks that are an attribute's `constraints`, by column; the others stay checks. */
function splitChecks(ctx: PullContext, t: Table, plans: ReadonlyMap<string, ColumnPlan>): { constraints: Constraints; checks: Y[] } {
  const columns = new Map([...plans].map(([name, p]) => [name, { attrType: p.type.attrType, compiled: p.type.compiled }]));
  const constraints: Constraints = new Map();
  const checks: Y[] = [];
  for (const check of writtenChecks(ctx, t)) {
    const c = check.comment === undefined && !check.noInherit && !check.notValid && !check.notEnforced ? pullConstraint(t.name, check, columns) : undefined;
    if (c) {
      const m = constraints.get(c.column) ?? new Map<Rule, RuleValue>();
      m.set(c.rule, c.value);
      constraints.set(c.column, m);
    } else checks.push(checkValue(check));
  }
  return { constraints, checks };
}

/** A check as an entry of `check_constraints:`. */
function checkValue(check: Check): Y {
  return ymap([['name', check.name], ['check', readable(check.expression)], ['no_inherit', check.noInherit], ['not_valid', check.notValid], ['enforced', check.notEnforced ? false : undefined], ['comment', check.comment]]);
}

/** The checks of a table that are written: not a custom statement's. */
function writtenChecks(ctx: PullContext, t: Table): Check[] {
  return t.checks.filter((c) => !ctx.owned.get('constraint')?.has(`${t.schema}.${t.name}.${c.name}`));
}

/**
 * A relationship's own columns come after the attributes when compiled: it may add only the
 * foreign-key columns the table holds last, in relationship order. The others stay declared in
 * `attributes`, at their place (`define_attribute: false`), so the table keeps its column order.
 */
function inTableOrder(ctx: PullContext, t: Table, plans: ReadonlyMap<string, ColumnPlan>, plain: ReadonlySet<string>, rels: RelationshipPlan[], order: readonly string[]): RelationshipPlan[] {
  const compiled = (r: readonly RelationshipPlan[]) => {
    const d = definedColumns(r);
    return [...order.filter((c) => !d.has(c)), ...r.filter((x) => x.defines).flatMap((x) => x.source)].join('\0');
  };
  const want = order.join('\0');
  if (compiled(rels) === want) return rels;
  const defined = definedColumns(rels);
  let k = order.length;
  while (k > 0 && defined.has(order[k - 1]!)) k--;
  const tail = new Set(order.slice(k));
  const again = planRelationships(ctx, t, plans, new Set([...plain].filter((c) => !defined.has(c) || tail.has(c))));
  if (compiled(again) === want) return again;
  return planRelationships(ctx, t, plans, new Set([...plain].filter((c) => !defined.has(c))));
}

/** A literal default outside the column's `one_of` is refused by the validator: keep it as SQL. */
function fitDefaults(plans: Map<string, ColumnPlan>, constraints: Constraints): void {
  for (const [name, m] of constraints) {
    const oneOf = m.get('one_of');
    const p = plans.get(name)!;
    const lit = p.defaultLiteral;
    if (!Array.isArray(oneOf) || lit === undefined || p.type.postgresType !== undefined) continue;
    if ((typeof lit === 'string' || typeof lit === 'number') && !(oneOf as readonly (string | number)[]).includes(lit)) {
      const { defaultLiteral: _l, ...rest } = p;
      plans.set(name, { ...rest, default: sqlValue(unqualifyPublic(p.column.default!)) });
    }
  }
}

function macros(ctx: PullContext, t: Table, constraints: Constraints): Map<string, AttributeMacro> {
  const out = new Map<string, AttributeMacro>();
  const touched = new Set(ctx.touch.get(tableKey(t))?.columns ?? []);
  const pk = t.primaryKey?.columns ?? [];
  const v7 = ctx.serverVersion >= 180000 || ctx.uuidV7Schemas.has(t.schema) ? uuidV7DefaultFor(ctx.serverVersion, t.schema) : undefined;
  for (const c of t.columns) {
    if (constraints.has(c.name)) continue;
    if (touched.has(c.name)) out.set(c.name, 'update_timestamp');
    else if (isTimestampColumn(c) && !pk.includes(c.name)) out.set(c.name, 'create_timestamp');
    else {
      const m = keyMacro(c, pk.length === 1 && pk[0] === c.name, v7);
      if (m) out.set(c.name, m);
    }
  }
  return out;
}

/** The order the compiler gives the primary key: declared key attributes, then the relationships' columns. */
function compiledKeyOrder(declared: readonly string[], pk: ReadonlySet<string>, rels: readonly RelationshipPlan[]): string[] {
  return [...declared.filter((c) => pk.has(c)), ...rels.filter((r) => r.defines && r.primaryKey).flatMap((r) => r.source)];
}

export function pullResource(ctx: PullContext, table: Table, statements: readonly Statement[]): PulledResource {
  const t = ownKey(table);
  const key = tableKey(t);
  const plans = new Map(t.columns.map((c) => [c.name, planColumn(c, serialOf(ctx.serials, t, c.name), declaredColumnType(c.type, ctx.declaredTypes ?? [], t.schema))]));
  for (const p of plans.values()) {
    if (!p.type.exact) ctx.inexact.push(`the column ${t.schema}.${t.name}.${p.column.name} is of type ${p.column.type}, which postgres_type cannot name`);
  }
  const { constraints, checks } = splitChecks(ctx, t, plans);
  fitDefaults(plans, constraints);
  const macro = macros(ctx, t, constraints);
  const pkColumns = t.primaryKey?.columns ?? [];
  const pk = new Set(pkColumns);
  const plain = new Set(t.columns.filter((c) => !macro.has(c.name) && isPlain(plans.get(c.name)!, constraints.get(c.name))).map((c) => c.name));

  reportUnreadableKeys(ctx, t);
  const order = t.columns.map((c) => c.name);
  const rels = inTableOrder(ctx, t, plans, plain, planRelationships(ctx, t, plans, plain), order);
  // The key's columns in another order than the attributes compile to: the key says its order.
  const keyOrder = pkColumns.length > 1 && compiledKeyOrder(order.filter((c) => !definedColumns(rels).has(c)), pk, rels).join('\0') !== pkColumns.join('\0') ? pkColumns : undefined;
  const defined = definedColumns(rels);
  const attributes = block(new Map<string, Y>());
  for (const name of order) {
    if (defined.has(name)) continue;
    const m = macro.get(name);
    attributes.set(name, attributeValue({ plan: plans.get(name)!, primaryKey: pk.has(name) && m === undefined, ...(m ? { macro: m } : {}), ...(constraints.has(name) ? { constraints: constraints.get(name)! } : {}) }));
  }

  const indexes = pullIndexes(ctx, t, rels);
  const relationships = block(new Map<string, Y>(rels.map((r) => [r.name, relationshipValue(ctx, r)])));
  const references = block(new Map<string, Y>());
  for (const r of rels) {
    const v = referenceValue(ctx, t, r);
    if (v) references.set(r.name, v);
  }
  const triggers = pulledTriggers(ctx, t).map((tr) => triggerValue(ctx, tr));
  const tenant = ctx.tenants.get(key);
  const owned = statements.filter((s) => s.owner === key);

  const postgres = block(
    ymap([
      ['table', t.name],
      ['schema', t.schema !== 'public' ? t.schema : undefined],
      ['unlogged', t.unlogged],
      ['storage_parameters', t.storage ? storageValue(t.storage) : undefined],
      ['replica_identity', t.replicaIdentity === undefined || typeof t.replicaIdentity === 'string' ? t.replicaIdentity : ymap([['index', t.replicaIdentity.index]])],
      ['cluster_on', t.clusterOn],
      ['inherits', inheritsValue(ctx, t)],
      ...distributionEntries(ctx, t),
      ...partitioningEntries(t, {
        children: ctx.partitions,
        inexact: ctx.inexact,
        ownedIndex: (schema, name) => ctx.owned.get('index')?.has(`${schema}.${name}`) ?? false,
        checks: (p) => writtenChecks(ctx, p).map(checkValue),
        triggers: (p) => pulledTriggers(ctx, p).map((tr) => triggerValue(ctx, tr)),
        tenant,
        serverVersion: ctx.serverVersion,
        columns: t.columns,
        foreignKey: (p, fk) => partitionForeignKeyValue(ctx, p, fk),
      }).map(([k, v]): [string, Y | undefined] => [k, k === 'partitions' && v instanceof Map ? block(v) : v]),
      ['primary_key_name', t.primaryKey && t.primaryKey.name !== primaryKeyName(t.name) ? t.primaryKey.name : undefined],
      ['primary_key_order', keyOrder ? [...keyOrder] : undefined],
      ['primary_key_deferrable', t.primaryKey?.deferrable ? (t.primaryKey.initiallyDeferred ? 'initially' : true) : undefined],
      ['primary_key_without_overlaps', t.primaryKey?.withoutOverlaps],
      ['primary_key_include', t.primaryKey?.include ? [...t.primaryKey.include] : undefined],
      ['primary_key_comment', t.primaryKey?.comment],
      ['references', references.size ? references : undefined],
      ['check_constraints', checks.length ? block(checks) : undefined],
      ['custom_indexes', indexes.customIndexes.length ? block(indexes.customIndexes) : undefined],
      ['triggers', triggers.length ? block(triggers) : undefined],
      ['custom_statements', owned.length ? block(owned.map((s) => statementValue(ctx, s, t))) : undefined],
      ['row_level_security', rowLevelSecurityValue(t)],
      ['grants', grantsValue('table', t.grants, ctx.serverVersion)],
    ]),
  );
  const value = block(
    ymap([
      ['description', t.comment],
      ['attributes', attributes.size ? attributes : undefined],
      ['relationships', relationships.size ? relationships : undefined],
      ['identities', indexes.identities.size ? block(indexes.identities) : undefined],
      ['multitenancy', tenant !== undefined ? ymap([['strategy', 'attribute'], ['attribute', tenant], ['row_level_security', true]]) : undefined],
      ['postgres', postgres],
    ]),
  );
  return { name: ctx.names.get(key)!, schema: t.schema, table: t.name, value };
}

/**
 * The parents of an inheritance child, by resource name, in order. One that is not pulled is
 * left out (named among what pull could not write exactly; outside the pulled schemas, it is
 * listed as not managed).
 */
function inheritsValue(ctx: PullContext, t: Table): string[] | undefined {
  const parents = (t.inherits ?? []).flatMap((p) => {
    const k = tableKey(p);
    if (ctx.pulled.has(k)) return [ctx.names.get(k)!];
    if (ctx.tables.has(k)) ctx.inexact.push(`the table ${tableKey(t)} inherits from ${k}, which is not pulled: it is pulled without it and the columns it gives`);
    return [];
  });
  return parents.length ? parents : undefined;
}

/** An inheritance child's primary key on a column it only inherits cannot be written (listed as not managed): the table without it. */
function ownKey(t: Table): Table {
  if (!t.primaryKey || t.primaryKey.columns.every((c) => t.columns.some((x) => x.name === c))) return t;
  const { primaryKey: _key, ...rest } = t;
  return rest;
}

/** A custom statement pgdecl applied, as it was written; `after_tables` in the owner's schema unqualified. */
function statementValue(ctx: PullContext, s: Statement, owner: Table): Y {
  const after = s.afterTables.map((qualified) => {
    const dot = qualified.indexOf('.');
    const [schema, table] = [qualified.slice(0, dot), qualified.slice(dot + 1)];
    const sameName = [...ctx.pulled].filter((k) => k.slice(k.indexOf('.') + 1) === table);
    return schema === owner.schema && sameName.length === 1 && sameName[0] === qualified ? table : qualified;
  });
  return ymap([
    ['name', s.name],
    ['up', s.up.includes('\n') ? `${s.up}\n` : s.up],
    ['down', s.down.includes('\n') ? `${s.down}\n` : s.down],
    ['after_tables', after.length ? after : undefined],
  ]);
}
