/** `partition_by` and `partitions` of a postgres block (and of a partition), with defaults filled. */
import type { BoundValue, PartitionBound, PartitionDef, PartitionKey } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { BARE_IDENTIFIER, buildCheckConstraints, buildCustomIndexes, buildReference, buildTriggers } from './postgres.js';
import { bool, entries, int, isMap, list, map, str, strList, type RawMap } from './raw.js';
import { buildGrants } from './grants.js';
import { buildDefault } from './attributes.js';

const STRATEGIES = new Set(['range', 'list', 'hash']);

export function buildPartitionKey(o: RawMap, src: Src, attributes: ReadonlySet<string>): PartitionKey | undefined {
  if (!isMap(o.partition_by)) return undefined;
  const p = o.partition_by;
  const at = child(src, 'partition_by');
  const strategy = str(p, 'strategy');
  const raw = typeof p.keys === 'string' ? [p.keys] : list(p, 'keys');
  const keys = raw.flatMap((k, i): PartitionKey['keys'][number][] => {
    if (typeof k !== 'string') return [];
    const s = typeof p.keys === 'string' ? child(at, 'keys') : child(at, 'keys', i);
    return attributes.has(k) || BARE_IDENTIFIER.test(k) ? [{ kind: 'column', column: k, src: s }] : [{ kind: 'expression', sql: k, src: s }];
  });
  return { src: at, strategy: strategy !== undefined && STRATEGIES.has(strategy) ? (strategy as PartitionKey['strategy']) : 'range', keys };
}

const value = (v: unknown): BoundValue[] => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? [v] : []);
const values = (v: unknown): BoundValue[] => (Array.isArray(v) ? v.flatMap(value) : value(v));

function bound(o: RawMap): PartitionBound {
  if (o.default === true) return { kind: 'default' };
  if ('from' in o || 'to' in o) return { kind: 'range', from: values(o.from), to: values(o.to) };
  if ('in' in o) return { kind: 'list', values: values(o.in) };
  const modulus = int(o, 'modulus');
  const remainder = int(o, 'remainder');
  if (modulus !== undefined || remainder !== undefined) return { kind: 'hash', modulus: modulus ?? 0, remainder: remainder ?? 0 };
  return { kind: 'none' };
}

export function buildPartitions(o: RawMap, src: Src, attributes: ReadonlySet<string>): PartitionDef[] {
  return entries(o, 'partitions').map(([name, v]) => {
    const p = map(v);
    const s = child(src, 'partitions', name);
    const key = buildPartitionKey(p, s, attributes);
    const comment = str(p, 'comment');
    const grants = buildGrants(p, s);
    return {
      name,
      src: s,
      bound: bound(p),
      ...(comment !== undefined ? { comment } : {}),
      detached: bool(p, 'detached') ?? false,
      ...(key ? { partitionBy: key } : {}),
      partitions: buildPartitions(p, s, attributes),
      customIndexes: buildCustomIndexes(p, s, attributes),
      checkConstraints: buildCheckConstraints(p, s),
      triggers: buildTriggers(p, s),
      ...(grants ? { grants } : {}),
      foreignKeys: list(p, 'foreign_keys').map((v, i) => {
        const o = map(v);
        const at = child(s, 'foreign_keys', i);
        return { src: at, fields: strList(o, 'fields') ?? [], destination: str(o, 'destination') ?? '', destinationFields: strList(o, 'destination_fields') ?? [], options: buildReference(`foreign key ${i + 1}`, o, at) };
      }),
      columnDefaults: entries(p, 'column_defaults').map(([attribute, v]) => {
        const at = child(s, 'column_defaults', attribute);
        const d = buildDefault(v, at);
        return { attribute, ...(d ? { default: d } : {}), src: at };
      }),
    };
  });
}
