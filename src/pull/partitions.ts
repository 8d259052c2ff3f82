/**
 * Partitioned tables and partitions → `partition_by` and `partitions` of the parent's postgres
 * block: the key as `pg_get_partkeydef` prints it split into strategy and keys, each bound as
 * `pg_get_expr(relpartbound)` prints it split into values. A partition is no resource of its own.
 */
import type { Column, ForeignKey, Table } from '../ir/catalog.js';
import { balanced, unquoteIdent } from '../inspect/decode.js';
import { readable } from './sql-text.js';
import { ymap, type Y, type YMap } from './yaml-tree.js';
import { customIndex, tenantFree } from './indexes.js';
import { grantsValue } from './grants.js';
import { pullDefault } from './defaults.js';

const key = (t: { readonly schema: string; readonly name: string }) => `${t.schema}.${t.name}`;

/** Splits text at commas outside parentheses and quotes. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === ch) {
          if (text[i + 1] === ch) i++;
          else break;
        }
      }
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

const IDENT = /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")$/;

/** `RANGE (logdate)` → `{strategy: range, keys: [logdate]}`; undefined when it cannot be read. */
export function partitionKeyValue(partitionBy: string): YMap | undefined {
  const m = /^(RANGE|LIST|HASH) \(/.exec(partitionBy);
  const group = m ? balanced(partitionBy, m[0].length - 1) : undefined;
  if (!m || !group || group.end !== partitionBy.length) return undefined;
  const keys = splitTopLevel(group.inner).map((k) => (IDENT.test(k) ? unquoteIdent(k) : readable(k)));
  return ymap([['strategy', m[1]!.toLowerCase()], ['keys', keys]]);
}

/** A bound value as YAML: text, a number, a boolean, null, or the keywords MINVALUE and MAXVALUE. */
function boundValue(v: string): Y | undefined {
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v === 'MINVALUE' || v === 'MAXVALUE') return v;
  if (v === 'NULL') return null;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v && Number.isSafeInteger(Math.trunc(Number(v)))) return Number(v);
  if (/^-?\d+(\.\d+)?$/.test(v)) return v;
  return undefined;
}

function values(inner: string): Y[] | undefined {
  const out = splitTopLevel(inner).map(boundValue);
  return out.every((v) => v !== undefined) ? (out as Y[]) : undefined;
}

const one = (vs: readonly Y[]): Y => (vs.length === 1 ? vs[0]! : vs);

/** The bound keys of a partition entry; undefined when the text cannot be read. */
export function boundEntries(bound: string): [string, Y][] | undefined {
  if (bound === 'DEFAULT') return [['default', true]];
  const range = /^FOR VALUES FROM \(/.exec(bound);
  if (range) {
    const from = balanced(bound, range[0].length - 1);
    const rest = from ? bound.slice(from.end) : '';
    const to = rest.startsWith(' TO (') ? balanced(rest, 4) : undefined;
    const a = from && values(from.inner);
    const b = to && to.end === rest.length ? values(to.inner) : undefined;
    return a && b ? [['from', one(a)], ['to', one(b)]] : undefined;
  }
  const list = /^FOR VALUES IN \(/.exec(bound);
  if (list) {
    const group = balanced(bound, list[0].length - 1);
    const vs = group && group.end === bound.length ? values(group.inner) : undefined;
    return vs ? [['in', vs]] : undefined;
  }
  const hash = /^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$/.exec(bound);
  return hash ? [['modulus', Number(hash[1])], ['remainder', Number(hash[2])]] : undefined;
}

/** What a partition holds of its own that the format cannot say (its indexes, checks and triggers it can): a plan would remove it. */
function ownObjects(t: Table, how: PartitionPulling): string[] {
  return [
    ...(t.primaryKey ? [`primary key ${t.primaryKey.name}`] : []),
    ...t.foreignKeys.filter((f) => how.foreignKey(t, f) === undefined).map((f) => `foreign key ${f.name}`),
    ...(t.rowLevelSecurity ? ['row-level security'] : []),
    ...(t.unlogged ? ['UNLOGGED'] : []),
  ];
}

/** What pull knows beside the partitions: which indexes custom statements make, the table's tenant column. */
export interface PartitionPulling {
  readonly children: ReadonlyMap<string, readonly Table[]>;
  readonly inexact: string[];
  readonly ownedIndex: (schema: string, name: string) => boolean;
  /** A partition's own checks and triggers, as entries. */
  readonly checks: (p: Table) => Y[];
  readonly triggers: (p: Table) => Y[];
  readonly tenant: string | undefined;
  /** For `all` in the partitions' grants (what it means depends on the version). */
  readonly serverVersion: number;
  /** The partitioned table's columns (a partition's own defaults are written for their types). */
  readonly columns: readonly Column[];
  /** A partition's own foreign key as a `foreign_keys:` entry; undefined when its destination is not pulled. */
  readonly foreignKey: (p: Table, fk: ForeignKey) => Y | undefined;
}

/** A partition's own column defaults as `column_defaults:` (null: none while its parent has one). */
function ownDefaults(p: Table, columns: readonly Column[]): Y | undefined {
  if (!p.ownDefaults?.length) return undefined;
  return ymap(p.ownDefaults.map((d): [string, Y] => {
    const type = columns.find((c) => c.name === d.column)?.type ?? 'text';
    return [d.column, d.default === undefined ? null : pullDefault(d.default, type, false).value];
  }));
}

/** A partition's own indexes (not those it has from the partitioned table) as `custom_indexes:`. */
function ownIndexes(p: Table, how: PartitionPulling): Y[] {
  return p.indexes.flatMap((index) => {
    if (how.ownedIndex(p.schema, index.name)) return [];
    if (index.invalid) how.inexact.push(`the index ${p.schema}.${index.name} is INVALID (a failed concurrent build): a plan rebuilds it`);
    const free = tenantFree(index.keys, how.tenant);
    return [customIndex(p, index, free.keys, free.allTenants)];
  });
}

/** `partition_by` and `partitions` of a table (none for an ordinary one), children by parent key. */
export function partitioningEntries(t: Table, how: PartitionPulling): [string, Y | undefined][] {
  const { children, inexact } = how;
  if (t.partitionBy === undefined) return [];
  const by = partitionKeyValue(t.partitionBy);
  if (!by) inexact.push(`the partition key of ${key(t)} (${t.partitionBy}) cannot be written: it is left out`);
  const partitions = new Map<string, Y>();
  for (const p of children.get(key(t)) ?? []) {
    const bound = p.partitionOf ? boundEntries(p.partitionOf.bound) : undefined;
    if (!bound) {
      inexact.push(`the bound of the partition ${key(p)} (${p.partitionOf?.bound}) cannot be written: it is left out`);
      continue;
    }
    const own = ownObjects(p, how);
    const foreignKeys = p.foreignKeys.flatMap((fk) => how.foreignKey(p, fk) ?? []);
    if (own.length) inexact.push(`the partition ${key(p)} has its own ${own.join(', ')}, which the format cannot say: a plan would remove them`);
    const indexes = ownIndexes(p, how);
    const checks = how.checks(p);
    const triggers = how.triggers(p);
    partitions.set(
      p.name,
      ymap([
        ...bound,
        ['comment', p.comment],
        ...partitioningEntries(p, how),
        ['custom_indexes', indexes.length ? indexes : undefined],
        ['check_constraints', checks.length ? checks : undefined],
        ['triggers', triggers.length ? triggers : undefined],
        ['foreign_keys', foreignKeys.length ? foreignKeys : undefined],
        ['column_defaults', ownDefaults(p, how.columns)],
        ['grants', grantsValue('table', p.grants, how.serverVersion)],
      ]),
    );
  }
  return by ? [['partition_by', by], ['partitions', partitions.size ? partitions : undefined]] : [];
}

/** Partitions by the `schema.table` of their parent. */
export function partitionsByParent(tables: readonly Table[]): Map<string, Table[]> {
  const out = new Map<string, Table[]>();
  for (const t of tables) {
    if (!t.partitionOf) continue;
    const k = key(t.partitionOf);
    out.set(k, [...(out.get(k) ?? []), t]);
  }
  return out;
}
