/**
 * Citus distribution (`postgres.distribution`, `postgres.reference`) → `Table.distribution`,
 * with the rules Citus enforces checked offline, each at the line that breaks it:
 *
 *   distribution and reference together, on a tenant table                    distribution_options
 *   an unknown distribution column, a key without it                          distribution_column
 *   colocate_with naming no distributed resource, another column type,
 *   shard_count beside a named group                                          distribution_colocation
 *   a foreign key Citus cannot enforce (between groups, without the column,
 *   from a distributed table to a plain one, from a reference table to a
 *   distributed one, from a plain table to a distributed one)                 distribution_foreign_key
 *
 * Colocation groups are computed here (see ../ir/distribution.ts): a named `colocate_with` joins
 * that table's group, `default` tables join the others of the same column type and shard count,
 * `none` starts a group of its own.
 */
import { TENANT_SCHEMA, type Distribution, type Table } from '../ir/catalog.js';
import { tableKey } from '../ir/distribution.js';
import { keys } from '../ir/keys.js';
import type { Resource } from '../model/resource.js';
import { child } from '../model/source.js';
import { compileError, origin, type CompileContext } from './context.js';

interface Declared {
  readonly resource: Resource;
  readonly table: Table;
}

/** Union-find over `schema.table` keys. */
class Groups {
  private readonly parent = new Map<string, string>();
  find(k: string): string {
    const p = this.parent.get(k) ?? k;
    if (p === k) return k;
    const root = this.find(p);
    this.parent.set(k, root);
    return root;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/** The tables of `resources` with their distribution; the citus extension's origin when any is distributed. */
export function compileDistribution(ctx: CompileContext, resources: readonly Resource[], tables: readonly Table[]): Table[] {
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  const sharded = ctx.project.repos.find((r) => r.name === ctx.repo)?.citus?.schemaBasedSharding ?? false;
  const declared: Declared[] = [];
  const resourceOf = new Map<string, Resource>();
  const named = new Map<string, Table[]>();
  for (const t of tables) if (!t.partitionOf) (named.get(t.name) ?? named.set(t.name, []).get(t.name)!).push(t);
  for (const r of resources) {
    const tenant = r.multitenancy?.strategy === 'context';
    for (const t of named.get(r.table) ?? []) if (t.schema === r.schema || (tenant && t.schema === TENANT_SCHEMA)) resourceOf.set(tableKey(t), r);
  }
  for (const [key, r] of resourceOf) {
    if (!r.distribution && !r.reference) continue;
    const t = byKey.get(key)!;
    const at = r.distribution?.src ?? r.reference!.src;
    if (r.distribution && r.reference) {
      compileError(ctx, 'distribution_options', `resource ${r.name} has both \`distribution\` and \`reference: true\`; a Citus table is either distributed or a reference table`, r.reference.src, { suggestion: 'keep `distribution` for a large table sharded on a column, or `reference: true` for a small table copied to every node' });
      continue;
    }
    if (t.schema === TENANT_SCHEMA) {
      const suggestion = sharded ? `remove \`${r.distribution ? 'distribution' : 'reference'}\`: with \`schema_based_sharding\` Citus places each tenant schema, tables included, on one node` : `remove \`${r.distribution ? 'distribution' : 'reference'}\`, and shard tenants with \`repos.${ctx.repo}.citus: { schema_based_sharding: true }\``;
      compileError(ctx, 'distribution_options', `resource ${r.name} is a tenant table (\`multitenancy: {strategy: context}\`): its copies live in tenant schemas, which Citus shards as whole schemas; it cannot carry \`${r.distribution ? 'distribution' : 'reference'}\``, at, { suggestion });
      continue;
    }
    if (r.distribution && !t.columns.some((c) => c.name === r.distribution!.column)) {
      compileError(ctx, 'distribution_column', `the distribution column \`${r.distribution.column}\` of resource ${r.name} is not a column of ${t.schema}.${t.name}`, child(r.distribution.src, 'column'), { suggestion: `name one of its columns: ${t.columns.map((c) => c.name).join(', ')}` });
      continue;
    }
    declared.push({ resource: r, table: t });
  }
  if (!declared.length) return [...tables];
  const extSrc = declared[0]!.resource.distribution?.src ?? declared[0]!.resource.reference!.src;
  origin(ctx, keys.extension('citus'), extSrc);

  const dist = new Map<string, Declared>(declared.map((d) => [tableKey(d.table), d]));
  const columnType = (d: Declared) => d.table.columns.find((c) => c.name === d.resource.distribution!.column)!.type;
  const groups = new Groups();
  const defaults = new Map<string, string>();
  for (const d of declared) {
    const def = d.resource.distribution;
    if (!def) continue;
    const key = tableKey(d.table);
    checkUniqueKeys(ctx, d);
    if (def.colocateWith === 'none') continue;
    if (def.colocateWith === 'default') {
      const group = `${columnType(d)}\0${def.shardCount ?? ''}`;
      const first = defaults.get(group);
      if (first === undefined) defaults.set(group, key);
      else groups.join(first, key);
      continue;
    }
    const at = child(def.src, 'colocate_with');
    const target = ctx.resources.get(def.colocateWith);
    const targetTable = target && [...dist.values()].find((x) => x.resource === target && (x.table.schema === d.table.schema || x.table.schema === target.schema));
    if (!targetTable || !target!.distribution) {
      const names = declared.filter((x) => x.resource.distribution && x !== d).map((x) => x.resource.name);
      compileError(ctx, 'distribution_colocation', `\`colocate_with: ${def.colocateWith}\` of resource ${d.resource.name} names no distributed resource${target ? ` (${target.name} has no \`distribution\`)` : ''}`, at, {
        suggestion: names.length ? `name one of ${names.join(', ')}, or use \`none\` or \`default\`` : 'use `none` or `default`, or give the other resource a `distribution`',
      });
      continue;
    }
    if (columnType(targetTable) !== columnType(d)) {
      compileError(ctx, 'distribution_colocation', `resource ${d.resource.name} is distributed on a ${columnType(d)} column but \`colocate_with\` names ${target!.name}, distributed on a ${columnType(targetTable)} column; colocated tables hash the same type`, at, { suggestion: `distribute both on columns of one type, or use \`colocate_with: none\`` });
      continue;
    }
    if (def.shardCount !== undefined) {
      compileError(ctx, 'distribution_colocation', `resource ${d.resource.name} has \`shard_count\` and is colocated with ${target!.name}; a colocated table has the shards of its group`, child(def.src, 'shard_count'), { suggestion: `remove \`shard_count\` here, or set it on ${target!.name}` });
      continue;
    }
    groups.join(tableKey(targetTable.table), key);
  }

  const out = tables.map((t): Table => {
    const d = dist.get(tableKey(t));
    if (!d) return t;
    const def = d.resource.distribution;
    if (!def) return { ...t, distribution: { kind: 'reference' } };
    const key = tableKey(t);
    const root = groups.find(key);
    const named = def.colocateWith !== 'none' && def.colocateWith !== 'default';
    const distribution: Distribution = {
      kind: 'distributed',
      column: def.column,
      ...(root !== key ? { colocateWith: root } : {}),
      ...(def.shardCount !== undefined && !named ? { shardCount: def.shardCount } : {}),
      ...(!named ? { starts: def.colocateWith as 'none' | 'default' } : {}),
    };
    return { ...t, distribution };
  });
  checkForeignKeys(ctx, out, resourceOf, groups);
  return out;
}

/** The distribution column in the primary key and every unique index or constraint. */
function checkUniqueKeys(ctx: CompileContext, d: Declared): void {
  const column = d.resource.distribution!.column;
  const t = d.table;
  const missing = (what: string, src = d.resource.src) =>
    compileError(ctx, 'distribution_column', `${what} of resource ${d.resource.name} does not include its distribution column \`${column}\`; Citus enforces uniqueness only within a shard`, src, { suggestion: `add \`${column}\` to ${what}, or distribute on one of its columns` });
  if (t.primaryKey && !t.primaryKey.columns.includes(column)) missing('the primary key', ctx.origins.get(keys.primaryKey(t.schema, t.name)));
  for (const i of t.indexes) {
    if (!i.unique && !i.exclusion) continue;
    if (!i.keys.some((k) => k.kind === 'column' && k.column === column)) missing(`the unique index \`${i.name}\``, ctx.origins.get(keys.index(t.schema, i.name)));
  }
}

function checkForeignKeys(ctx: CompileContext, tables: readonly Table[], resourceOf: ReadonlyMap<string, Resource>, groups: Groups): void {
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const target = byKey.get(`${fk.refSchema}.${fk.refTable}`);
      if (!target) continue;
      const s = t.distribution;
      const d = target.distribution;
      if (!s && !d) continue;
      const src = ctx.origins.get(keys.foreignKey(t.schema, t.name, fk.name)) ?? resourceOf.get(tableKey(t))?.src;
      const from = resourceOf.get(tableKey(t))?.name ?? tableKey(t);
      const to = resourceOf.get(tableKey(target))?.name ?? tableKey(target);
      const bad = (message: string, suggestion: string) => compileError(ctx, 'distribution_foreign_key', `the foreign key ${fk.name} from ${from} to ${to}: ${message}`, src, { suggestion });
      if (d?.kind === 'reference') {
        continue; // any table may reference a reference table (a plain one becomes a Citus local table)
      }
      if (s?.kind === 'reference') {
        bad('a reference table cannot reference a distributed table (its copy on each node would point at rows held elsewhere)', `make ${to} a reference table too, or drop this relationship`);
      } else if (s?.kind === 'distributed' && !d) {
        bad(`a distributed table cannot reference the plain table ${tableKey(target)}, which lives on the coordinator only`, `give ${to} \`reference: true\` (a copy on every node), or distribute it and colocate the two`);
      } else if (!s && d) {
        bad('a plain table cannot reference a distributed table', `distribute ${from} as well and colocate it with ${to}, or drop this relationship`);
      } else if (s?.kind === 'distributed' && d?.kind === 'distributed') {
        const together = fk.columns.some((c, i) => c === s.column && fk.refColumns[i] === d.column);
        if (!together) {
          bad(`foreign keys between distributed tables must pair the distribution columns (${s.column} → ${d.column})`, `add \`${s.column}\` to the key (e.g. \`match_with: { ${s.column}: ${d.column} }\`), or distribute the tables on the key's columns`);
        } else if (groups.find(tableKey(t)) !== groups.find(tableKey(target))) {
          bad('the two distributed tables are not colocated, so matching rows may live on different nodes', `give ${from} \`colocate_with: ${to}\``);
        }
      }
    }
  }
}
