/**
 * Random resource files for property tests: a schema A, and an edit of it B made of the
 * changes users make (add, drop, rename, retype, constrain, index in every style, reference). Both are
 * plain data turned into YAML, so a failing case prints as a file a person can read.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

/** `mood` is an enum type and `email` a domain with a check, declared under `types:` when a column uses them. */
export type ColType = 'integer' | 'string' | 'boolean' | 'decimal' | 'date' | 'utc_datetime_usec' | 'uuid' | 'map' | 'text_array' | 'ci_string' | 'mood' | 'email';

export interface Col {
  name: string;
  type: ColType;
  allowNil: boolean;
  default?: 'literal' | 'sql';
  min?: number;
  maxLength?: number;
  renamedFrom?: string;
}

export interface Ref {
  to: number;
  onDelete: 'nothing' | 'restrict' | 'delete' | 'nilify';
  deferrable: boolean | 'initially';
  index: boolean;
}

/**
 * How a custom index is written: plain, NULLS against the default, COLLATE "C" (string
 * fields), a UNIQUE constraint, or an exclusion constraint `WITH =` (gist, btree_gist types).
 * A style that does not fit the columns' types when the file is written falls back to plain.
 */
export type IndexStyle = 'plain' | 'nulls' | 'collate_c' | 'unique_constraint' | 'exclusion';
const STYLES: IndexStyle[] = ['plain', 'plain', 'nulls', 'collate_c', 'unique_constraint', 'exclusion'];

export interface Tbl {
  /** Stable identity across A and B (names can change). */
  id: number;
  resource: string;
  table: string;
  renamedFrom?: string;
  pk: 'uuid' | 'integer';
  cols: Col[];
  unique: string[][];
  indexes: { cols: string[]; desc: boolean; style?: IndexStyle }[];
  refs: Ref[];
  check: boolean;
}

const TABLE_NAMES = ['accounts', 'orders', 'order', 'line_items', 'Products', 'select', 'user', 'notes', 'tags', 'events'];
const COL_NAMES = ['title', 'amount', 'qty', 'note', 'status', 'group', 'Label', 'starts_on', 'meta', 'tags', 'email', 'flag', 'window', 'weight'];
const TYPES: ColType[] = ['integer', 'string', 'boolean', 'decimal', 'date', 'utc_datetime_usec', 'uuid', 'map', 'text_array', 'ci_string', 'mood', 'email'];

/** Conversions PostgreSQL accepts (ALTER … TYPE … USING col::type) on any value the generator writes. */
const CASTABLE: Record<ColType, ColType[]> = {
  integer: ['decimal', 'string'],
  decimal: ['integer', 'string'],
  string: ['ci_string'],
  ci_string: ['string'],
  boolean: ['string'],
  date: ['utc_datetime_usec', 'string'],
  utc_datetime_usec: ['date'],
  uuid: ['string'],
  map: [],
  text_array: [],
  mood: ['string'],
  email: ['string'],
};

const colArb = (name: string): fc.Arbitrary<Col> =>
  fc.record({
    name: fc.constant(name),
    type: fc.constantFrom(...TYPES),
    allowNil: fc.boolean(),
    default: fc.constantFrom<Col['default']>(undefined, undefined, 'literal', 'sql'),
    min: fc.constantFrom<number | undefined>(undefined, 0, 10),
    maxLength: fc.constantFrom<number | undefined>(undefined, 50),
  }).map((c) => tidy(c));

/** Keeps only what fits the type. */
function tidy(c: Col): Col {
  const out: Col = { name: c.name, type: c.type, allowNil: c.allowNil };
  if (c.renamedFrom) out.renamedFrom = c.renamedFrom;
  if (c.default === 'literal' || (c.default === 'sql' && ['date', 'utc_datetime_usec', 'uuid', 'integer'].includes(c.type))) out.default = c.default;
  if (c.min !== undefined && (c.type === 'integer' || c.type === 'decimal')) out.min = c.min;
  if (c.maxLength !== undefined && (c.type === 'string' || c.type === 'ci_string')) out.maxLength = c.maxLength;
  return out;
}

function literal(t: ColType, min = 0): unknown {
  switch (t) {
    case 'integer':
      return Math.max(min, 42);
    case 'decimal':
      return Math.max(min, 12.5);
    case 'string':
    case 'ci_string':
      return "it's";
    case 'boolean':
      return true;
    case 'date':
      return '2024-02-29';
    case 'utc_datetime_usec':
      return '2024-02-29T12:00:00';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'map':
      return { a: [1, 'x'] };
    case 'text_array':
      return ['a', 'b'];
    case 'mood':
      return 'ok';
    case 'email':
      return 'it@example.org';
  }
}

function sqlDefault(t: ColType): string {
  switch (t) {
    case 'date':
      return 'CURRENT_DATE';
    case 'utc_datetime_usec':
      return "(now() AT TIME ZONE 'utc')";
    case 'uuid':
      return 'gen_random_uuid()';
    default:
      return '7 * 6';
  }
}

export const schemaArb: fc.Arbitrary<Tbl[]> = fc
  .uniqueArray(fc.constantFrom(...TABLE_NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.tuple(
      ...names.map((table, id) =>
        fc
          .record({
            pk: fc.constantFrom<'uuid' | 'integer'>('uuid', 'integer'),
            colNames: fc.uniqueArray(fc.constantFrom(...COL_NAMES), { minLength: 1, maxLength: 5 }),
            check: fc.boolean(),
            refTo: fc.array(fc.nat(Math.max(0, id - 1)), { maxLength: id === 0 ? 0 : 2 }),
            onDelete: fc.constantFrom<Ref['onDelete']>('nothing', 'restrict', 'delete', 'nilify'),
            deferrable: fc.constantFrom<Ref['deferrable']>(false, true, 'initially'),
            index: fc.boolean(),
          })
          .chain((r) =>
            fc.tuple(fc.constant(r), fc.tuple(...r.colNames.map(colArb)), fc.subarray(r.colNames, { maxLength: Math.min(2, r.colNames.length) }), fc.subarray(r.colNames, { maxLength: Math.min(2, r.colNames.length) }), fc.boolean(), fc.constantFrom(...STYLES)),
          )
          .map(([r, cols, uniq, idx, desc, style]): Tbl => ({
            id,
            resource: `R${id}`,
            table,
            pk: r.pk,
            cols: [...cols],
            unique: uniq.length ? [uniq] : [],
            indexes: idx.length ? [{ cols: idx, desc, ...(style !== 'plain' ? { style } : {}) }] : [],
            refs: [...new Set(r.refTo)].map((to) => ({ to, onDelete: r.onDelete, deferrable: r.deferrable, index: r.index })),
            check: r.check,
          })),
      ),
    ),
  )
  .map((ts) => ts);

export type Edit =
  | { kind: 'add_table'; name: string }
  | { kind: 'drop_table'; id: number }
  | { kind: 'rename_table'; id: number; to: string }
  | { kind: 'add_column'; id: number; col: Col }
  | { kind: 'drop_column'; id: number; i: number }
  | { kind: 'rename_column'; id: number; i: number; to: string }
  | { kind: 'retype'; id: number; i: number; pick: number }
  | { kind: 'toggle_nil'; id: number; i: number }
  | { kind: 'toggle_default'; id: number; i: number }
  | { kind: 'toggle_unique'; id: number; i: number }
  | { kind: 'toggle_index'; id: number; i: number }
  | { kind: 'toggle_check'; id: number }
  | { kind: 'ref_rule'; id: number; onDelete: Ref['onDelete']; deferrable: Ref['deferrable'] }
  | { kind: 'restyle_index'; id: number; style: IndexStyle };

export const editArb: fc.Arbitrary<Edit[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('add_table' as const), name: fc.constantFrom('archive', 'Audit', 'limit') }),
    fc.record({ kind: fc.constant('drop_table' as const), id: fc.nat(3) }),
    fc.record({ kind: fc.constant('rename_table' as const), id: fc.nat(3), to: fc.constantFrom('renamed', 'Moved', 'offset') }),
    fc.record({ kind: fc.constant('add_column' as const), id: fc.nat(3), col: colArb('extra') }),
    fc.record({ kind: fc.constant('drop_column' as const), id: fc.nat(3), i: fc.nat(4) }),
    fc.record({ kind: fc.constant('rename_column' as const), id: fc.nat(3), i: fc.nat(4), to: fc.constantFrom('renamed_col', 'Case', 'from') }),
    fc.record({ kind: fc.constant('retype' as const), id: fc.nat(3), i: fc.nat(4), pick: fc.nat(1) }),
    fc.record({ kind: fc.constant('toggle_nil' as const), id: fc.nat(3), i: fc.nat(4) }),
    fc.record({ kind: fc.constant('toggle_default' as const), id: fc.nat(3), i: fc.nat(4) }),
    fc.record({ kind: fc.constant('toggle_unique' as const), id: fc.nat(3), i: fc.nat(4) }),
    fc.record({ kind: fc.constant('toggle_index' as const), id: fc.nat(3), i: fc.nat(4) }),
    fc.record({ kind: fc.constant('toggle_check' as const), id: fc.nat(3) }),
    fc.record({ kind: fc.constant('ref_rule' as const), id: fc.nat(3), onDelete: fc.constantFrom<Ref['onDelete']>('nothing', 'delete', 'nilify'), deferrable: fc.constantFrom<Ref['deferrable']>(false, true, 'initially') }),
    fc.record({ kind: fc.constant('restyle_index' as const), id: fc.nat(3), style: fc.constantFrom(...STYLES) }),
  ),
  { minLength: 1, maxLength: 4 },
);

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** B = A with the edits applied; edits that no longer fit (a dropped table, a missing column) are skipped. */
export function applyEdits(a: Tbl[], edits: Edit[]): Tbl[] {
  let ts: Tbl[] = clone(a).map((t): Tbl => {
    const { renamedFrom: _t, ...rest } = t;
    return { ...rest, cols: t.cols.map(({ renamedFrom: _c, ...c }): Col => c) };
  });
  let next = Math.max(...ts.map((t) => t.id)) + 1;
  // Only what A holds can be renamed: a renamed_from that names nothing in the database is an error.
  const inA = new Map(a.map((t) => [t.id, new Set(t.cols.map((c) => c.name))]));
  const by = (id: number) => ts.find((t) => t.id === id);
  const names = () => new Set(ts.map((t) => t.table));
  for (const e of edits) {
    if (e.kind === 'add_table') {
      if (!names().has(e.name)) ts.push({ id: next, resource: `R${next++}`, table: e.name, pk: 'integer', cols: [{ name: 'body', type: 'string', allowNil: true }], unique: [], indexes: [], refs: [], check: false });
      continue;
    }
    const t = by(e.id);
    if (!t) continue;
    const col = 'i' in e ? t.cols[e.i % t.cols.length] : undefined;
    switch (e.kind) {
      case 'drop_table':
        if (ts.some((o) => o.refs.some((r) => r.to === t.id) && o.id !== t.id)) break;
        ts = ts.filter((o) => o.id !== t.id);
        break;
      case 'rename_table':
        if (!names().has(e.to) && !t.renamedFrom && inA.has(t.id) && !t.cols.some((c) => c.renamedFrom)) {
          t.renamedFrom = t.table;
          t.table = e.to;
        }
        break;
      case 'add_column':
        if (!t.cols.some((c) => c.name === e.col.name)) t.cols.push(clone(e.col));
        break;
      case 'drop_column':
        if (col && t.cols.length > 1) {
          t.cols = t.cols.filter((c) => c !== col);
          t.unique = t.unique.filter((u) => !u.includes(col.name));
          t.indexes = t.indexes.filter((i) => !i.cols.includes(col.name));
        }
        break;
      case 'rename_column':
        if (col && !col.renamedFrom && !t.renamedFrom && inA.get(t.id)?.has(col.name) && !t.cols.some((c) => c.name === e.to)) {
          const old = col.name;
          col.renamedFrom = old;
          col.name = e.to;
          t.unique = t.unique.map((u) => u.map((n) => (n === old ? e.to : n)));
          t.indexes = t.indexes.map((i) => ({ ...i, cols: i.cols.map((n) => (n === old ? e.to : n)) }));
        }
        break;
      case 'retype': {
        const to = col ? CASTABLE[col.type][e.pick % Math.max(1, CASTABLE[col.type].length)] : undefined;
        if (col && to) Object.assign(col, tidy({ ...col, type: to, default: col.default }), { type: to });
        if (col && to) {
          delete col.min;
          delete col.maxLength;
          if (col.default === 'sql' && !['date', 'utc_datetime_usec', 'uuid', 'integer'].includes(to)) delete col.default;
        }
        break;
      }
      case 'toggle_nil':
        if (col) col.allowNil = !col.allowNil;
        break;
      case 'toggle_default':
        if (col) {
          if (col.default) delete col.default;
          else col.default = 'literal';
        }
        break;
      case 'toggle_unique':
        if (col) t.unique = t.unique.length ? [] : [[col.name]];
        break;
      case 'toggle_index':
        if (col) t.indexes = t.indexes.length ? [] : [{ cols: [col.name], desc: true }];
        break;
      case 'toggle_check':
        t.check = !t.check;
        break;
      case 'ref_rule':
        t.refs = t.refs.map((r) => ({ ...r, onDelete: e.onDelete, deferrable: e.deferrable }));
        break;
      case 'restyle_index':
        t.indexes = t.indexes.map((i) => ({ ...i, style: e.style }));
        break;
    }
  }
  return ts;
}

function attribute(c: Col): unknown {
  const type = c.type === 'text_array' ? { array: 'string' } : c.type === 'mood' ? { enum: 'mood' } : c.type === 'email' ? { domain: 'email' } : c.type;
  const out: Record<string, unknown> = { type };
  if (c.type === 'decimal') out.constraints = { precision: 12, scale: 2 };
  if (!c.allowNil) out.allow_nil = false;
  if (c.default === 'literal') out.default = literal(c.type, c.min);
  if (c.default === 'sql') out.default = { sql: sqlDefault(c.type) };
  if (c.min !== undefined) out.constraints = { ...(out.constraints as object), min: c.min };
  if (c.maxLength !== undefined) out.constraints = { ...(out.constraints as object), max_length: c.maxLength };
  if (c.renamedFrom) out.renamed_from = c.renamedFrom;
  return out;
}

/** Types btree_gist gives a gist `=` operator class (`exclusion` style). */
const GIST_EQUALITY: ReadonlySet<ColType> = new Set(['integer', 'string', 'boolean', 'decimal', 'date', 'utc_datetime_usec', 'uuid']);

function customIndex(t: Tbl, i: Tbl['indexes'][number]): unknown {
  const types = i.cols.map((n) => t.cols.find((c) => c.name === n)?.type);
  const order = i.desc ? 'desc' : 'asc';
  switch (i.style ?? 'plain') {
    case 'nulls':
      return { fields: i.cols.map((c) => ({ [order]: c, nulls: i.desc ? 'last' : 'first' })) };
    case 'collate_c':
      if (types.every((x) => x === 'string')) return { fields: i.cols.map((c) => ({ [order]: c, collation: 'C' })) };
      break;
    case 'unique_constraint':
      return { fields: i.cols, unique: true, constraint: true };
    case 'exclusion':
      if (types.every((x) => x !== undefined && GIST_EQUALITY.has(x))) return { fields: i.cols, using: 'gist', exclude: i.cols.map(() => '=') };
      break;
    case 'plain':
      break;
  }
  return { fields: i.desc ? i.cols.map((c) => ({ desc: c })) : i.cols };
}

/** The resource file for a schema. */
export function toYaml(ts: Tbl[]): string {
  const resources: Record<string, unknown> = {};
  for (const t of ts) {
    const attributes: Record<string, unknown> = { id: t.pk === 'uuid' ? 'uuid_primary_key' : 'integer_primary_key' };
    for (const c of t.cols) attributes[c.name] = attribute(c);
    const relationships: Record<string, unknown> = {};
    const references: Record<string, unknown> = {};
    for (const r of t.refs) {
      const target = ts.find((o) => o.id === r.to);
      if (!target) continue;
      const rel = `ref${r.to}`;
      relationships[rel] = { type: 'belongs_to', destination: target.resource };
      references[rel] = { on_delete: r.onDelete, deferrable: r.deferrable, index: r.index };
    }
    const numeric = t.cols.find((c) => c.type === 'integer' || c.type === 'decimal');
    const postgres: Record<string, unknown> = { table: t.table };
    if (t.renamedFrom) postgres.renamed_from = t.renamedFrom;
    if (Object.keys(references).length) postgres.references = references;
    if (t.check && numeric) postgres.check_constraints = [{ name: `${t.table}_positive`.toLowerCase().replace(/[^a-z0-9_]/g, '_'), check: `"${numeric.name}" >= 0 OR "${numeric.name}" IS NULL` }];
    if (t.indexes.length) postgres.custom_indexes = t.indexes.map((i) => customIndex(t, i));
    const res: Record<string, unknown> = { attributes };
    if (Object.keys(relationships).length) res.relationships = relationships;
    if (t.unique.length) res.identities = Object.fromEntries(t.unique.map((u, i) => [`unique_${i}`, { keys: u }]));
    res.postgres = postgres;
    resources[t.resource] = res;
  }
  const used = new Set(ts.flatMap((t) => t.cols.map((c) => c.type)));
  const types: Record<string, unknown> = {};
  if (used.has('mood')) types.mood = { enum: ['sad', 'ok', 'happy'] };
  if (used.has('email')) types.email = { domain: 'text', checks: { email_has_at: "VALUE LIKE '%@%'" } };
  return stringify({ version: 1, ...(Object.keys(types).length ? { types } : {}), resources });
}
