/**
 * Sequences → the files: a serial column (its sequence named `<table>_<column>_seq`, owned by
 * it, of the column's type, the column's default `nextval` of it) is written back as
 * `postgres_type: serial` (bigserial, smallserial); every other sequence of the pulled schemas
 * goes under `sequences:`, with the options that are not PostgreSQL's defaults; identity
 * columns get their `sequence:` options. What would not compile back is left out and listed.
 */
import { grantsValue } from './grants.js';
import type { Catalog, Table } from '../ir/catalog.js';
import { isSequenceType, resolveSequence, serialName, type IdentityOptions, type Sequence, type SequenceType } from '../ir/sequence.js';
import { serialSequenceName } from '../ir/sequence.js';
import { nextvalDefault } from '../render/ddl/sequences.js';
import type { Unsupported } from './unsupported.js';
import { objectKeys } from './object-keys.js';
import { ymap, type Y } from './yaml-tree.js';

export interface SerialColumn {
  /** `serial`, `bigserial` or `smallserial`. */
  readonly postgresType: string;
  /** `sequence:` options, when not the defaults. */
  readonly options?: Y;
}

export interface PulledSequence {
  readonly key: string;
  readonly schema: string;
  readonly value: Y;
}

const colKey = (schema: string, table: string, column: string) => `${schema}.${table}.${column}`;

/** The options that differ from what `type` gives by default, as a `sequence:` map (undefined: none). */
export function optionsValue(o: IdentityOptions, type: SequenceType): Y | undefined {
  const inc = BigInt(o.increment);
  const d = resolveSequence({ type, increment: inc });
  const start = BigInt(o.start);
  const min = BigInt(o.min);
  const max = BigInt(o.max);
  // START defaults to MINVALUE (MAXVALUE when descending): say it only when it is not that.
  const startDefault = inc > 0n ? min : max;
  const num = (v: bigint) => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v));
  const m = ymap([
    ['start', start !== startDefault ? num(start) : undefined],
    ['increment', inc !== 1n ? num(inc) : undefined],
    ['min_value', o.min !== d.min ? num(min) : undefined],
    ['max_value', o.max !== d.max ? num(max) : undefined],
    ['cache', o.cache !== '1' ? num(BigInt(o.cache)) : undefined],
    ['cycle', o.cycle ? true : undefined],
  ]);
  return m.size ? m : undefined;
}

/** Serial columns of the pulled tables, by `schema.table.column`; their sequences are not written apart. */
export function serialColumns(catalog: Catalog, pulled: readonly Table[]): Map<string, SerialColumn & { readonly sequence: Sequence }> {
  const out = new Map<string, SerialColumn & { readonly sequence: Sequence }>();
  const tables = new Map(pulled.map((t) => [`${t.schema}.${t.name}`, t]));
  for (const s of catalog.sequences ?? []) {
    if (!s.ownedBy || s.comment !== undefined || s.grants !== undefined || s.name !== serialSequenceName(s.ownedBy.table, s.ownedBy.column)) continue;
    const col = tables.get(`${s.schema}.${s.ownedBy.table}`)?.columns.find((c) => c.name === s.ownedBy!.column);
    if (!col || col.type !== s.type || !isSequenceType(col.type) || col.nullable || col.default !== nextvalDefault(s) || col.identity || col.generated) continue;
    const options = optionsValue(s, s.type);
    out.set(colKey(s.schema, s.ownedBy.table, s.ownedBy.column), { sequence: s, postgresType: serialName(s.type), ...(options ? { options } : {}) });
  }
  return out;
}

export function serialOf(serials: ReadonlyMap<string, SerialColumn>, t: Table, column: string): SerialColumn | undefined {
  return serials.get(colKey(t.schema, t.name, column));
}

/**
 * Sequences written under `sequences:`: all but the serial ones, those owned by a table custom
 * statements create, and those owned by a table that is not pulled (listed in `left`). A
 * second sequence of a name, in another schema, is keyed `<schema>_<name>` with its `name:`.
 */
export function pullSequences(
  catalog: Catalog,
  serials: ReadonlyMap<string, { readonly sequence: Sequence }>,
  pulled: ReadonlySet<string>,
  isOwned: (schema: string, name: string) => boolean,
  left: Unsupported[],
): PulledSequence[] {
  const serial = new Set([...serials.values()].map((s) => `${s.sequence.schema}.${s.sequence.name}`));
  const written: Sequence[] = [];
  for (const s of catalog.sequences ?? []) {
    if (serial.has(`${s.schema}.${s.name}`) || isOwned(s.schema, s.name) || (s.ownedBy && isOwned(s.schema, s.ownedBy.table))) continue;
    if (s.ownedBy && !pulled.has(`${s.schema}.${s.ownedBy.table}`)) {
      left.push({ kind: 'sequence', schema: s.schema, name: s.name, detail: `owned by ${s.ownedBy.table}.${s.ownedBy.column}, which is not pulled` });
      continue;
    }
    written.push(s);
  }
  const keys = objectKeys(written);
  return written.map((s, i) => ({ key: keys[i]!.key, schema: s.schema, value: sequenceValue(s, keys[i]!.named) }));
}

function sequenceValue(s: Sequence, named: boolean): Y {
  const options = optionsValue(s, s.type);
  const entries: [string, Y | undefined][] = [
    ['schema', s.schema !== 'public' ? s.schema : undefined],
    ['name', named ? s.name : undefined],
    ['as', s.type !== 'bigint' ? s.type : undefined],
    ...(options instanceof Map ? [...options] : []),
    ['owned_by', s.ownedBy ? `${s.ownedBy.table}.${s.ownedBy.column}` : undefined],
    ['description', s.comment],
    ['grants', grantsValue('sequence', s.grants)],
  ];
  const m = ymap(entries);
  return m.size ? m : ymap([['as', s.type]]);
}
