/**
 * One resource in one placement → one IR table, plus the pgdecl functions it needs and the
 * unique keys its foreign keys need elsewhere.
 */
import type { Check, Column, Function, Index, Table, Trigger } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Sequence } from '../ir/sequence.js';
import type { Resource } from '../model/resource.js';
import { attributeChecks, userChecks } from './checks.js';
import { compileColumn } from './columns.js';
import { origin, type CompileContext } from './context.js';
import { UTC_NOW } from './defaults.js';
import { touchFunction, uuidV7Function } from './functions.js';
import { identityIndex } from './identities.js';
import { customIndex } from './indexes.js';
import { compileReferences, type RequiredUnique } from './references.js';
import { tenantColumn, tenantRowLevelSecurity, type Placement } from './tenancy.js';
import { tableRowLevelSecurity } from './policies.js';
import { touchTrigger, userTrigger } from './triggers.js';
import { compilePartitions, detachedNames, partitionKeyText } from './partitions.js';
import { compilePrimaryKey } from './primary-key.js';
import { tableOptions } from './physical.js';
import { parentResources } from '../model/inheritance.js';
import { TENANT_SCHEMA } from '../ir/catalog.js';

export interface CompiledTable {
  readonly table: Table;
  /** pgdecl's own functions this table needs (uuid v7, touch). */
  readonly functions: Function[];
  readonly requiredUnique: RequiredUnique[];
  /** The sequences of its serial columns. */
  readonly sequences: Sequence[];
  /** Its partitions (and theirs), parents first. */
  readonly partitions: Table[];
}

export function compileTable(ctx: CompileContext, resource: Resource, placement: Placement): CompiledTable {
  const schema = placement.schema;
  const table = resource.table;
  origin(ctx, keys.table(schema, table), resource.src);
  const columns: Column[] = [];
  const checks: Check[] = [];
  const functions: Function[] = [];
  const touch: { name: string; expression: string }[] = [];
  let touchSrc: Resource['src'] | undefined;
  let uuidV7Src: Resource['src'] | undefined;
  const types = new Map<string, string>();
  const sequences: Sequence[] = [];
  for (const attr of resource.attributes) {
    const c = compileColumn(ctx, resource, attr, schema);
    if (!c) continue;
    columns.push(c.column);
    if (c.sequence) sequences.push(c.sequence);
    types.set(attr.name, c.type);
    checks.push(...attributeChecks(ctx, resource, attr, c.type, schema));
    if (c.needsUuidV7) uuidV7Src ??= attr.src;
    if (c.touch) {
      touch.push({ name: attr.name, expression: c.column.default ?? UTC_NOW });
      touchSrc ??= attr.src;
    }
  }
  checks.push(...userChecks(ctx, resource, schema));
  if (uuidV7Src) functions.push(uuidV7Function(ctx, schema, uuidV7Src));

  const primaryKey = compilePrimaryKey(ctx, resource, schema);

  const tenant = tenantColumn(resource);
  const indexes: Index[] = resource.identities.map((i) => identityIndex(ctx, resource, i, schema, tenant));
  resource.customIndexes.forEach((ix, n) => {
    const index = customIndex(ctx, resource, ix, n, schema, tenant);
    if (index) indexes.push(index);
  });
  const refs = compileReferences(ctx, resource, placement);
  indexes.push(...refs.indexes);

  const triggers: Trigger[] = [];
  for (const def of resource.triggers) {
    const t = userTrigger(ctx, resource, def, schema);
    if (t) triggers.push(t);
  }
  if (touch.length && touchSrc) {
    functions.push(touchFunction(ctx, schema, table, touch, touchSrc));
    triggers.push(touchTrigger(ctx, table, schema, touchSrc));
  }

  const mt = resource.multitenancy;
  const tenantRls = mt?.strategy === 'attribute' && mt.rowLevelSecurity && tenant && types.has(tenant)
    ? tenantRowLevelSecurity(ctx, resource, schema, tenant, types.get(tenant)!)
    : undefined;
  const rls = tableRowLevelSecurity(ctx, resource, schema, tenantRls);
  const comment = resource.comment ?? resource.description;
  const shape: Table = {
    schema,
    name: table,
    ...(comment !== undefined ? { comment } : {}),
    ...(resource.unlogged ? { unlogged: true as const } : {}),
    ...(resource.storageParameters ? { storage: { ...resource.storageParameters } } : {}),
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    foreignKeys: refs.foreignKeys,
    checks,
    indexes,
    triggers,
    ...(rls ? { rowLevelSecurity: rls } : {}),
    ...(placement.tenancy ? { tenancy: placement.tenancy } : {}),
    ...(resource.partitionBy ? { partitionBy: partitionKeyText(resource.partitionBy) } : {}),
    ...detachedNames(resource.partitions ?? []),
    ...(resource.inherits ? { inherits: parentResources(ctx.resources, resource).map((p) => ({ schema: schema === TENANT_SCHEMA ? TENANT_SCHEMA : p.schema, name: p.table })) } : {}),
  };
  const compiled: Table = { ...shape, ...tableOptions(ctx, resource, shape) };
  return {
    table: compiled,
    functions,
    requiredUnique: refs.requiredUnique,
    sequences,
    partitions: resource.partitionBy ? compilePartitions(ctx, compiled, resource.partitions ?? [], resource, tenant) : [],
  };
}
