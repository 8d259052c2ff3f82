/** The `postgres` block, identities and multitenancy of a resource, with defaults filled. */
import type {
  CheckConstraint,
  CustomIndex,
  CustomStatement,
  Identity,
  IndexField,
  IndexFieldOptions,
  ManageTenant,
  Multitenancy,
  OnDelete,
  OnUpdate,
  Reference,
  Relationship,
  TemplatePart,
  TriggerDef,
  TriggerEvent,
} from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { bool, entries, isMap, list, map, str, strList, type RawMap } from './raw.js';
import { opt } from '../../util/opt.js';

type Sql = { readonly sql: string; readonly src: Src };
const sql = (o: RawMap, key: string, src: Src): Sql | undefined => {
  const v = str(o, key);
  return v === undefined ? undefined : { sql: v, src: child(src, key) };
};

/** A custom index field that looks like a bare identifier names a column; anything else is SQL. */
export const BARE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function buildIdentities(raw: RawMap, src: Src): Identity[] {
  return entries(raw, 'identities').map(([name, v]) => {
    const o = map(v);
    const s = child(src, 'identities', name);
    return {
      name,
      src: s,
      keys: strList(o, 'keys') ?? [],
      ...opt('where', sql(o, 'where', s)),
      nilsDistinct: bool(o, 'nils_distinct') ?? true,
      allTenants: bool(o, 'all_tenants') ?? false,
      ...opt('message', str(o, 'message')),
    };
  });
}

export function buildMultitenancy(raw: RawMap, src: Src): Multitenancy | undefined {
  if (!isMap(raw.multitenancy)) return undefined;
  const o = raw.multitenancy;
  return {
    src: child(src, 'multitenancy'),
    strategy: str(o, 'strategy') === 'attribute' ? 'attribute' : 'context',
    ...opt('attribute', str(o, 'attribute')),
    global: bool(o, 'global') ?? false,
    rowLevelSecurity: bool(o, 'row_level_security') ?? false,
  };
}

const ON_DELETE = new Set(['nothing', 'restrict', 'delete', 'nilify', 'set_default']);
const ON_UPDATE = new Set(['nothing', 'restrict', 'update', 'nilify', 'set_default']);

function onDelete(v: unknown): OnDelete {
  if (typeof v === 'string' && ON_DELETE.has(v)) return { action: v as 'nothing' | 'restrict' | 'delete' | 'nilify' | 'set_default' };
  if (isMap(v) && Array.isArray(v.nilify)) return { action: 'nilify_columns', columns: v.nilify.filter((c): c is string => typeof c === 'string') };
  return { action: 'nothing' };
}

/** One reference per belongs_to (in relationship order): as written, or all defaults. */
export function buildReferences(pg: RawMap, pgSrc: Src, relationships: readonly Relationship[]): Reference[] {
  const given = isMap(pg.references) ? pg.references : {};
  return relationships
    .filter((r) => r.type === 'belongs_to')
    .map((r) => {
      const written = isMap(given[r.name]) ? (given[r.name] as RawMap) : undefined;
      return buildReference(r.name, written ?? {}, written ? child(pgSrc, 'references', r.name) : r.src);
    });
}

/** The options of a foreign key (`references.<relationship>`, a partition's `foreign_keys` entry), defaults filled. */
export function buildReference(relationship: string, o: RawMap, s: Src): Reference {
  const deferrable = o.deferrable === true || o.deferrable === 'initially' ? o.deferrable : false;
  const update = str(o, 'on_update');
  return {
    relationship,
    src: s,
    onDelete: onDelete(o.on_delete),
    onUpdate: (update !== undefined && ON_UPDATE.has(update) ? update : 'nothing') as OnUpdate,
    ...opt('name', str(o, 'name')),
    deferrable,
    initiallyDeferred: bool(o, 'initially_deferred') ?? false,
    matchType: str(o, 'match_type') === 'full' ? 'full' : 'simple',
    matchWith: entries(o, 'match_with').flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as const] : [])),
    matchTenant: bool(o, 'match_tenant') ?? false,
    index: bool(o, 'index') ?? false,
    ...opt('indexWhere', sql(o, 'index_where', s)),
    ignore: bool(o, 'ignore') ?? false,
    notValid: bool(o, 'not_valid') ?? false,
    notEnforced: bool(o, 'enforced') === false,
    period: bool(o, 'period') ?? false,
    ...opt('comment', str(o, 'comment')),
  };
}

export function buildCheckConstraints(pg: RawMap, pgSrc: Src): CheckConstraint[] {
  return list(pg, 'check_constraints').map((v, i) => {
    const o = map(v);
    const s = child(pgSrc, 'check_constraints', i);
    return {
      name: str(o, 'name') ?? '',
      src: s,
      check: sql(o, 'check', s) ?? { sql: '', src: s },
      attributes: strList(o, 'attribute') ?? [],
      ...opt('message', str(o, 'message')),
      noInherit: bool(o, 'no_inherit') ?? false,
      notValid: bool(o, 'not_valid') ?? false,
      notEnforced: bool(o, 'enforced') === false,
      ...opt('comment', str(o, 'comment')),
    };
  });
}

/**
 * A field that names an attribute is that column, whatever characters the name holds (`it's`,
 * `semi;colon`, `größe`); otherwise a bare identifier names a column (checked later), and
 * anything else is an SQL expression.
 */
function indexField(v: unknown, src: Src, attributes: ReadonlySet<string>): IndexField | undefined {
  let text: string | undefined;
  let order: 'asc' | 'desc' = 'asc';
  let at = src;
  let options: IndexFieldOptions = {};
  if (typeof v === 'string') text = v;
  else if (isMap(v)) {
    if (typeof v.desc === 'string') [text, order, at] = [v.desc, 'desc', child(src, 'desc')];
    else if (typeof v.asc === 'string') [text, at] = [v.asc, child(src, 'asc')];
    options = { ...opt('nulls', v.nulls === 'first' || v.nulls === 'last' ? (v.nulls as 'first' | 'last') : undefined), ...opt('collation', str(v as RawMap, 'collation')) };
  }
  if (text === undefined) return undefined;
  const named = attributes.has(text) ? text : attributes.has(text.trim()) ? text.trim() : undefined;
  if (named !== undefined) return { kind: 'column', column: named, order, src: at, ...options };
  return BARE_IDENTIFIER.test(text) ? { kind: 'column', column: text, order, src: at, ...options } : { kind: 'expression', sql: text, order, src: at, ...options };
}

/** `exclude:` operators, positional or by field; non-text entries are left to the schema check. */
function excludeOperators(v: unknown): CustomIndex['exclude'] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (isMap(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
  return undefined;
}

export function buildCustomIndexes(pg: RawMap, pgSrc: Src, attributes: ReadonlySet<string>, key = 'custom_indexes'): CustomIndex[] {
  return list(pg, key).map((v, i) => {
    const o = map(v);
    const s = child(pgSrc, key, i);
    const fields = list(o, 'fields').flatMap((f, j) => {
      const field = indexField(f, child(s, 'fields', j), attributes);
      return field ? [field] : [];
    });
    const opclass = typeof o.opclass === 'string' ? o.opclass : isMap(o.opclass) ? (Object.fromEntries(Object.entries(o.opclass).filter(([, c]) => typeof c === 'string')) as Record<string, string>) : undefined;
    return {
      src: s,
      fields,
      ...opt('name', str(o, 'name')),
      unique: bool(o, 'unique') ?? false,
      using: str(o, 'using') ?? 'btree',
      ...opt('opclass', opclass),
      ...opt('where', sql(o, 'where', s)),
      include: strList(o, 'include') ?? [],
      nullsDistinct: bool(o, 'nulls_distinct') ?? true,
      concurrently: bool(o, 'concurrently') ?? false,
      allTenants: bool(o, 'all_tenants') ?? false,
      ...opt('message', str(o, 'message')),
      constraint: bool(o, 'constraint') ?? false,
      ...opt('exclude', excludeOperators(o.exclude)),
      deferrable: o.deferrable === 'initially' ? 'initially' : o.deferrable === true,
      initiallyDeferred: bool(o, 'initially_deferred') ?? false,
      ...opt('comment', str(o, 'comment')),
      ...opt('storage', storageParameters(o.with)),
    };
  });
}

/** `{ fillfactor: 90 }` (`with:`, `storage_parameters:`) → its values as text (the schema allows strings, numbers and booleans); undefined when it is not a map. */
export function storageParameters(v: unknown): Record<string, string> | undefined {
  if (!isMap(v)) return undefined;
  return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? [[k, String(x)] as const] : [])));
}

const EVENTS = new Set(['insert', 'update', 'delete', 'truncate']);

export function buildTriggers(pg: RawMap, pgSrc: Src): TriggerDef[] {
  return list(pg, 'triggers').map((v, i) => {
    const o = map(v);
    const s = child(pgSrc, 'triggers', i);
    const timing = str(o, 'timing');
    return {
      name: str(o, 'name') ?? '',
      src: s,
      timing: timing === 'after' || timing === 'instead_of' ? timing : 'before',
      events: list(o, 'events').filter((e): e is TriggerEvent => typeof e === 'string' && EVENTS.has(e)),
      updateOf: strList(o, 'update_of') ?? [],
      forEach: str(o, 'for_each') === 'statement' ? 'statement' : 'row',
      function: str(o, 'function') ?? '',
      arguments: list(o, 'arguments').filter((a): a is string => typeof a === 'string'),
      ...opt('when', sql(o, 'when', s)),
      constraint: bool(o, 'constraint') ?? false,
      deferrable: o.deferrable === 'initially' ? 'initially' : o.deferrable === true,
      ...opt('referencing', transitionTables(o, s)),
      ...opt('comment', str(o, 'comment')),
      ...opt('firing', firing(o.enabled)),
    };
  });
}

/** `enabled:` false, `replica` or `always` (true, the default, is as created). */
function firing(v: unknown): TriggerDef['firing'] {
  return v === false ? 'disabled' : v === 'replica' || v === 'always' ? v : undefined;
}

function transitionTables(o: RawMap, s: Src): TriggerDef['referencing'] {
  if (!isMap(o.referencing)) return undefined;
  const r = o.referencing;
  return { ...opt('oldTable', str(r, 'old_table')), ...opt('newTable', str(r, 'new_table')), src: child(s, 'referencing') };
}

export function buildCustomStatements(pg: RawMap, pgSrc: Src): CustomStatement[] {
  return list(pg, 'custom_statements').map((v, i) => {
    const o = map(v);
    const s = child(pgSrc, 'custom_statements', i);
    return {
      name: str(o, 'name') ?? '',
      src: s,
      up: sql(o, 'up', s) ?? { sql: '', src: s },
      down: sql(o, 'down', s) ?? { sql: '', src: s },
      afterTables: strList(o, 'after_tables') ?? [],
    };
  });
}

/** `template` elements that name an attribute are that attribute; the others are literal text. */
export function buildManageTenant(pg: RawMap, pgSrc: Src, attributeNames: ReadonlySet<string>): ManageTenant | undefined {
  if (!isMap(pg.manage_tenant)) return undefined;
  const o = pg.manage_tenant;
  return {
    src: child(pgSrc, 'manage_tenant'),
    template: list(o, 'template').flatMap((t): TemplatePart[] => (typeof t !== 'string' ? [] : attributeNames.has(t) ? [{ kind: 'attribute', name: t }] : [{ kind: 'literal', text: t }])),
    create: bool(o, 'create') ?? true,
    update: bool(o, 'update') ?? true,
  };
}
