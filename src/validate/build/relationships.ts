/**
 * Relationships: defaults for every kind, and the columns belongs_to adds, typed like the
 * destination's key. Keys can chain (a key that is itself a belongs_to column), so types and
 * primary keys are resolved on demand, memoised, with a guard against cycles.
 */
import type { Attribute, AttrType, Relationship, RelationshipType } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { parseType } from './attr-type.js';
import { bool, isMap, snake, str, strList, type RawMap } from './raw.js';

/** A resource after its declared attributes are built, before relationships are. */
export interface Draft {
  readonly name: string;
  readonly src: Src;
  readonly declared: readonly Attribute[];
  /** Relationships as written, in file order. */
  readonly rels: readonly { readonly name: string; readonly raw: RawMap; readonly src: Src }[];
  /** `postgres.primary_key_order` as written. */
  readonly primaryKeyOrder?: readonly string[];
}

const REL_TYPES = new Set<string>(['belongs_to', 'has_one', 'has_many', 'many_to_many']);

interface ColumnType {
  readonly type: AttrType;
  readonly postgresType?: { readonly sql: string; readonly src: Src };
}

export class RelationshipResolver {
  private readonly pkMemo = new Map<string, readonly string[]>();
  private readonly busy = new Set<string>();

  constructor(private readonly drafts: ReadonlyMap<string, Draft>) {}

  private belongsTos(d: Draft) {
    return d.rels.filter((r) => str(r.raw, 'type') === 'belongs_to');
  }

  /**
   * Primary-key columns of a resource: declared ones, then those of belongs_to with primary_key;
   * in the order of `primary_key_order` when it names exactly those.
   */
  primaryKey(resource: string): readonly string[] {
    const memo = this.pkMemo.get(resource);
    if (memo) return memo;
    const d = this.drafts.get(resource);
    if (!d) return [];
    const declared = d.declared.filter((a) => a.primaryKey).map((a) => a.name);
    const key = `pk:${resource}`;
    if (this.busy.has(key)) return declared;
    this.busy.add(key);
    const cols = [...declared];
    for (const r of this.belongsTos(d)) {
      if (bool(r.raw, 'primary_key') !== true) continue;
      for (const c of this.belongsToColumns(d, r).source) if (!cols.includes(c)) cols.push(c);
    }
    this.busy.delete(key);
    const order = d.primaryKeyOrder;
    const ordered = order && order.length === cols.length && cols.every((c) => order.includes(c)) ? order : cols;
    this.pkMemo.set(resource, ordered);
    return ordered;
  }

  /** The local and destination columns of a belongs_to. */
  belongsToColumns(d: Draft, r: Draft['rels'][number]): { source: readonly string[]; destination: readonly string[] } {
    const destName = str(r.raw, 'destination') ?? '';
    const destination = strList(r.raw, 'destination_attribute') ?? this.primaryKey(destName);
    const explicit = strList(r.raw, 'source_attribute');
    const source = explicit ?? (destination.length > 1 ? destination.map((c) => `${r.name}_${c}`) : [`${r.name}_id`]);
    return { source, destination };
  }

  /** The type of a column of a resource, following belongs_to columns to their targets. */
  columnType(resource: string, column: string): ColumnType | undefined {
    const d = this.drafts.get(resource);
    if (!d) return undefined;
    const declared = d.declared.find((a) => a.name === column);
    if (declared) return { type: declared.type, ...(declared.postgresType ? { postgresType: declared.postgresType } : {}) };
    const key = `type:${resource}.${column}`;
    if (this.busy.has(key)) return undefined;
    this.busy.add(key);
    try {
      for (const r of this.belongsTos(d)) {
        const { source, destination } = this.belongsToColumns(d, r);
        const i = source.indexOf(column);
        if (i < 0) continue;
        const given = parseType(r.raw.attribute_type);
        if (given) return { type: given };
        const target = destination[i];
        return target === undefined ? undefined : this.columnType(str(r.raw, 'destination') ?? '', target);
      }
      return undefined;
    } finally {
      this.busy.delete(key);
    }
  }

  /** The columns belongs_to relationships add to a resource (skipping names already taken). */
  addedColumns(d: Draft): Attribute[] {
    const taken = new Set(d.declared.map((a) => a.name));
    const out: Attribute[] = [];
    for (const r of this.belongsTos(d)) {
      if (bool(r.raw, 'define_attribute') === false) continue;
      const { source, destination } = this.belongsToColumns(d, r);
      const primaryKey = bool(r.raw, 'primary_key') ?? false;
      const given = parseType(r.raw.attribute_type);
      for (const [i, name] of source.entries()) {
        if (taken.has(name)) continue;
        taken.add(name);
        const target = destination[i];
        const resolved = given ? { type: given } : target !== undefined ? this.columnType(str(r.raw, 'destination') ?? '', target) : undefined;
        out.push({
          name,
          src: r.src,
          type: resolved?.type ?? { kind: 'scalar', name: 'uuid' },
          ...(resolved?.postgresType ? { postgresType: resolved.postgresType } : {}),
          allowNil: bool(r.raw, 'allow_nil') ?? !primaryKey,
          primaryKey,
          constraints: { src: r.src },
          fromRelationship: r.name,
        });
      }
    }
    return out;
  }

  /** Every relationship of a resource with its defaults filled. */
  relationships(d: Draft): Relationship[] {
    return d.rels.map((r) => this.relationship(d, r));
  }

  private relationship(d: Draft, r: Draft['rels'][number]): Relationship {
    const rawType = str(r.raw, 'type') ?? '';
    const type = (REL_TYPES.has(rawType) ? rawType : 'has_many') as RelationshipType;
    const destination = str(r.raw, 'destination') ?? '';
    const description = str(r.raw, 'description');
    const base = { name: r.name, src: r.src, type, destination, manual: bool(r.raw, 'manual') ?? false, ...(description !== undefined ? { description } : {}) };
    if (type === 'belongs_to') {
      const { source, destination: dest } = this.belongsToColumns(d, r);
      const primaryKey = bool(r.raw, 'primary_key') ?? false;
      const attributeType = parseType(r.raw.attribute_type);
      return {
        ...base,
        allowNil: bool(r.raw, 'allow_nil') ?? !primaryKey,
        primaryKey,
        sourceAttributes: source,
        destinationAttributes: dest,
        ...(attributeType ? { attributeType } : {}),
        defineAttribute: bool(r.raw, 'define_attribute') ?? true,
      };
    }
    const localKey = this.primaryKey(d.name);
    const sourceAttributes = strList(r.raw, 'source_attribute') ?? (localKey.length ? localKey : ['id']);
    if (type === 'many_to_many') {
      const destKey = this.primaryKey(destination);
      const through = str(r.raw, 'through');
      return {
        ...base,
        allowNil: true,
        primaryKey: false,
        sourceAttributes,
        destinationAttributes: strList(r.raw, 'destination_attribute') ?? (destKey.length ? destKey : ['id']),
        defineAttribute: false,
        ...(through !== undefined ? { through } : {}),
        sourceAttributeOnJoinResource: str(r.raw, 'source_attribute_on_join_resource') ?? `${snake(d.name)}_id`,
        destinationAttributeOnJoinResource: str(r.raw, 'destination_attribute_on_join_resource') ?? `${snake(destination)}_id`,
      };
    }
    const prefix = snake(d.name);
    const defaultDest = sourceAttributes.length > 1 ? sourceAttributes.map((c) => `${prefix}_${c}`) : [`${prefix}_id`];
    return {
      ...base,
      allowNil: true,
      primaryKey: false,
      sourceAttributes,
      destinationAttributes: strList(r.raw, 'destination_attribute') ?? defaultDest,
      defineAttribute: false,
    };
  }
}

/** The relationships of a raw resource, as written. */
export function rawRelationships(raw: RawMap, src: Src): Draft['rels'] {
  const rels = raw.relationships;
  if (!isMap(rels)) return [];
  return Object.entries(rels).map(([name, v]) => ({ name, raw: isMap(v) ? v : {}, src: child(src, 'relationships', name) }));
}
