/**
 * Foreign keys → belongs_to relationships and their `postgres.references` options.
 *
 * A key is named after its column (`author_id` → `author`); a composite one after its columns'
 * shared prefix (`edition_code`, `edition_number` → `edition`), else after its destination.
 * A one-column key points at the destination's primary key by default; a composite key whose
 * first column points at the destination's one-column key writes the other pairs as
 * `match_with`; any other composite key names both sides. The relationship adds its column(s) itself when they are plain (no default,
 * comment or constraint) and typed exactly like the columns they point at; otherwise the
 * columns stay declared in `attributes` and the relationship says `define_attribute: false`.
 * Only options that differ from the defaults are written.
 */
import type { ForeignKey, Table } from '../ir/catalog.js';
import { foreignKeyName } from '../model/naming.js';
import type { ColumnPlan } from './columns.js';
import type { PullContext } from './context.js';
import { snake } from '../validate/build/raw.js';
import { relationshipName, tableKey } from './naming.js';
import { ymap, type Y, type YMap } from './yaml-tree.js';

export interface RelationshipPlan {
  readonly name: string;
  readonly fk: ForeignKey;
  readonly destination: string;
  readonly source: readonly string[];
  readonly destinationColumns: readonly string[];
  readonly matchWith: readonly (readonly [string, string])[];
  /** The relationship adds its source columns (they are not declared in attributes). */
  readonly defines: boolean;
  readonly allowNil: boolean;
  readonly primaryKey: boolean;
  /** Set when an index of the table is this reference's `index: true`. */
  index?: { readonly where?: string };
}

/** The local columns of the reference (source, then match_with): what `index: true` indexes. */
export function localColumns(r: RelationshipPlan): string[] {
  return [...r.source, ...r.matchWith.map(([l]) => l)];
}

/** Says, once per table, which foreign keys point at a table that could not be read (they are left out). */
export function reportUnreadableKeys(ctx: PullContext, t: Table): void {
  for (const fk of t.foreignKeys) {
    const destKey = tableKey({ schema: fk.refSchema, name: fk.refTable });
    if (!ctx.tables.has(destKey) || !ctx.names.has(destKey)) ctx.inexact.push(`the foreign key ${fk.name} of ${t.schema}.${t.name} points at ${destKey}, which could not be read: it is left out`);
  }
}

/**
 * The relationships of a table, in the order of their first column. Keys whose destination
 * could not be read are left out (reportUnreadableKeys says so); planning again with other
 * `plainColumns` reports nothing twice. `plainColumns` are the
 * columns a relationship may add itself (each column is added by one relationship at most).
 */
export function planRelationships(ctx: PullContext, t: Table, plans: ReadonlyMap<string, ColumnPlan>, plainColumns: ReadonlySet<string>): RelationshipPlan[] {
  const position = (c: string) => t.columns.findIndex((x) => x.name === c);
  const fks = [...t.foreignKeys].sort((a, b) => position(a.columns[0]!) - position(b.columns[0]!) || (a.name < b.name ? -1 : 1));
  const pk = new Set(t.primaryKey?.columns ?? []);
  const claimed = new Set<string>();
  const out: RelationshipPlan[] = [];
  const relNames = new Set<string>();
  for (const fk of fks) {
    const destKey = tableKey({ schema: fk.refSchema, name: fk.refTable });
    const dest = ctx.tables.get(destKey);
    const destination = ctx.names.get(destKey);
    if (!dest || !destination) continue; // said once by reportUnreadableKeys
    const destPk = dest.primaryKey?.columns ?? [];
    let source: string[];
    let destinationColumns: string[];
    let matchWith: [string, string][] = [];
    if (fk.columns.length > 1 && destPk.length === 1 && fk.refColumns[0] === destPk[0]) {
      source = [fk.columns[0]!];
      destinationColumns = [fk.refColumns[0]!];
      matchWith = fk.columns.slice(1).map((c, i) => [c, fk.refColumns[i + 1]!]);
    } else {
      source = [...fk.columns];
      destinationColumns = [...fk.refColumns];
    }
    const sourcePlans = source.map((c) => plans.get(c)!);
    const destTypes = destinationColumns.map((c) => dest.columns.find((x) => x.name === c)?.type);
    const inKey = source.map((c) => pk.has(c));
    const nullable = sourcePlans.map((p) => p.column.nullable);
    const defines =
      source.every((c, i) => plainColumns.has(c) && !claimed.has(c) && sourcePlans[i]!.column.type === destTypes[i]) &&
      inKey.every((k) => k === inKey[0]) &&
      nullable.every((n) => n === nullable[0]);
    if (defines) for (const c of source) claimed.add(c);
    // Not the name of another column or relationship (its own column's name is fine: `owner`).
    const taken = new Set([...t.columns.map((c) => c.name).filter((c) => !fk.columns.includes(c)), ...relNames]);
    // A composite key is named after its columns' shared prefix, else after its destination.
    const named = source.length > 1 ? (sharedPrefix(source) ?? `${snake(destination)}_id`) : source[0]!;
    const name = relationshipName(named, taken);
    relNames.add(name);
    out.push({ name, fk, destination, source, destinationColumns, matchWith, defines, allowNil: nullable[0]!, primaryKey: inKey[0]! });
  }
  return out;
}

/** `[edition_book_code, edition_number]` → `edition_id`: the name a composite key reads as. */
function sharedPrefix(columns: readonly string[]): string | undefined {
  const first = columns[0]!;
  for (let end = first.lastIndexOf('_'); end > 0; end = first.lastIndexOf('_', end - 1)) {
    const prefix = first.slice(0, end + 1);
    if (columns.every((c) => c.startsWith(prefix) && c.length > prefix.length)) return `${prefix}id`;
  }
  return undefined;
}

/** The columns relationships add themselves (left out of `attributes`). */
export function definedColumns(rels: readonly RelationshipPlan[]): Set<string> {
  return new Set(rels.filter((r) => r.defines).flatMap((r) => r.source));
}

/** The `relationships:` entry of a belongs_to. */
export function relationshipValue(ctx: PullContext, r: RelationshipPlan): Y {
  const destTable = ctx.tables.get(tableKey({ schema: r.fk.refSchema, name: r.fk.refTable }))!;
  const destPk = destTable.primaryKey?.columns ?? [];
  // The validator's defaults: the destination's key; `<name>_id`, or `<name>_<key column>` for a composite key.
  const defaultDestination = r.destinationColumns.length === destPk.length && r.destinationColumns.every((c, i) => c === destPk[i]);
  const defaultSource = r.source.length > 1 ? r.source.every((c, i) => c === `${r.name}_${r.destinationColumns[i]}`) : r.source[0] === `${r.name}_id`;
  const one = (l: readonly string[]): Y => (l.length === 1 ? l[0]! : [...l]);
  return ymap([
    ['type', 'belongs_to'],
    ['destination', r.destination],
    ['source_attribute', defaultSource ? undefined : one(r.source)],
    ['destination_attribute', defaultDestination ? undefined : one(r.destinationColumns)],
    ['allow_nil', r.defines && !r.allowNil && !r.primaryKey ? false : undefined],
    ['primary_key', r.defines && r.primaryKey ? true : undefined],
    ['define_attribute', r.defines ? undefined : false],
  ]);
}

const ACTION: Readonly<Record<string, string | undefined>> = { 'NO ACTION': undefined, RESTRICT: 'restrict', CASCADE: 'delete', 'SET NULL': 'nilify', 'SET DEFAULT': 'set_default' };
const UPDATE: Readonly<Record<string, string | undefined>> = { 'NO ACTION': undefined, RESTRICT: 'restrict', CASCADE: 'update', 'SET NULL': 'nilify', 'SET DEFAULT': 'set_default' };

/** The `references:` entry of a belongs_to, or undefined when every option is the default. */
export function referenceValue(ctx: PullContext, t: Table, r: RelationshipPlan): YMap | undefined {
  const m = ymap(optionEntries(r.fk, foreignKeyName(t.name, r.source), r));
  return m.size ? m : undefined;
}

/** A partition's own foreign key as a `foreign_keys:` entry (its destination's resource by name); undefined when the destination is not pulled. */
export function partitionForeignKeyValue(ctx: PullContext, p: Table, fk: ForeignKey): YMap | undefined {
  const destKey = tableKey({ schema: fk.refSchema, name: fk.refTable });
  const destination = ctx.names.get(destKey);
  if (destination === undefined || !ctx.tables.has(destKey)) return undefined;
  return ymap([['fields', [...fk.columns]], ['destination', destination], ['destination_fields', [...fk.refColumns]], ...optionEntries(fk, foreignKeyName(p.name, fk.columns))]);
}

/** A foreign key's options that differ from the defaults (a belongs_to's `match_with` and `index` with them). */
function optionEntries(fk: ForeignKey, defaultName: string, r?: Pick<RelationshipPlan, 'matchWith' | 'index'>): [string, Y | undefined][] {
  const onDelete: Y | undefined = fk.onDeleteColumns?.length ? ymap([['nilify', [...fk.onDeleteColumns]]]) : ACTION[fk.onDelete];
  return [
    ['on_delete', onDelete],
    ['on_update', UPDATE[fk.onUpdate]],
    ['name', fk.name === defaultName ? undefined : fk.name],
    ['deferrable', fk.deferrable ? (fk.initiallyDeferred ? 'initially' : true) : undefined],
    ['match_type', fk.match === 'FULL' ? 'full' : undefined],
    ['match_with', r?.matchWith.length ? ymap(r.matchWith.map(([l, d]) => [l, d] as const)) : undefined],
    ['index', r?.index ? true : undefined],
    ['index_where', r?.index?.where],
    ['not_valid', fk.notValid ? true : undefined],
    ['enforced', fk.notEnforced ? false : undefined],
    ['period', fk.period],
    ['comment', fk.comment],
  ];
}
