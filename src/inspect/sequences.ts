/**
 * Rows of ./queries/sequences.sql → standalone sequences (with the column that owns them) and
 * the options of identity columns' own sequences.
 */
import type { Column } from '../ir/catalog.js';
import { identityOptions, isSequenceType, serialSequenceName, type IdentityOptions, type Sequence } from '../ir/sequence.js';

export interface SequenceRow {
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  owner_kind: 'a' | 'i' | null;
  owner_table_id: string | null;
  owner_schema: string | null;
  owner_table: string | null;
  owner_column: string | null;
  comment: string | null;
}

const options = (r: SequenceRow): IdentityOptions => ({ start: r.start, increment: r.increment, min: r.min, max: r.max, cache: r.cache, cycle: r.cycle });

/** Sequences that are not an identity column's. OWNED BY is kept when the owner is in the same schema. */
export function sequencesFromRows(rows: readonly SequenceRow[]): Sequence[] {
  return rows
    .filter((r) => r.owner_kind !== 'i' && isSequenceType(r.type))
    .map((r) => ({
      schema: r.schema,
      name: r.name,
      type: r.type as Sequence['type'],
      ...options(r),
      ...(r.owner_kind === 'a' && r.owner_table !== null && r.owner_column !== null && r.owner_schema === r.schema ? { ownedBy: { table: r.owner_table, column: r.owner_column } } : {}),
      ...(r.comment !== null ? { comment: r.comment } : {}),
    }));
}

/** Identity columns' options, by `<table oid>.<column>`. */
export function identityOptionsByColumn(rows: readonly SequenceRow[]): Map<string, IdentityOptions & { readonly sequence: string }> {
  const out = new Map<string, IdentityOptions & { readonly sequence: string }>();
  for (const r of rows) if (r.owner_kind === 'i' && r.owner_table_id !== null && r.owner_column !== null) out.set(`${r.owner_table_id}.${r.owner_column}`, { ...options(r), sequence: r.name });
  return out;
}

/** The column with its identity options when they are not the defaults, and its sequence's name when it is not PostgreSQL's own. */
export function withIdentityOptions(c: Column, o: (IdentityOptions & { readonly sequence: string }) | undefined, table: string): Column {
  if (!c.identity || !o) return c;
  const { sequence, ...opts } = o;
  const kept = identityOptions(c.type, opts);
  // Its sequence's name, when it is not PostgreSQL's own (a table renamed keeps the old one).
  const named = sequence !== serialSequenceName(table, c.name) ? { identitySequence: sequence } : {};
  return { ...c, ...(kept ? { identityOptions: kept } : {}), ...named };
}
