/** Turns catalog rows into IR objects: the spelling rules of inspection live here. */
import type { Check, FkAction, ForeignKey, Index, IndexKey, Policy, Trigger, TriggerEvent } from '../ir/catalog.js';
import { firingOf } from '../ir/trigger-firing.js';

export function fkAction(code: string): FkAction {
  switch (code) {
    case 'a':
      return 'NO ACTION';
    case 'r':
      return 'RESTRICT';
    case 'c':
      return 'CASCADE';
    case 'n':
      return 'SET NULL';
    case 'd':
      return 'SET DEFAULT';
    default:
      throw new Error(`unknown foreign key action code ${JSON.stringify(code)}`);
  }
}

/**
 * Cuts a balanced parenthesised group starting at `open` (the index of `(`), skipping
 * quoted strings and identifiers. Returns the text inside and the index after `)`.
 */
export function balanced(text: string, open: number): { inner: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = ch;
      for (i++; i < text.length; i++) {
        if (text[i] === close) {
          if (text[i + 1] === close) i++;
          else break;
        }
      }
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return undefined;
}

/** `CHECK ((amount > (0)::numeric))` → `(amount > (0)::numeric)`. */
export function checkExpression(definition: string): string {
  const at = definition.indexOf('(');
  const group = at >= 0 ? balanced(definition, at) : undefined;
  if (!definition.startsWith('CHECK ') || !group) throw new Error(`unexpected check definition: ${definition}`);
  return group.inner;
}

export interface ConstraintRow {
  table_id: string;
  name: string;
  type: 'p' | 'f' | 'c';
  /** Only for checks. */
  definition: string | null;
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  delete_set_columns: string[];
  on_update: string;
  on_delete: string;
  match: string;
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
  /** NOT ENFORCED (PostgreSQL 18; false before). */
  not_enforced: boolean;
  /** WITHOUT OVERLAPS (a key) or PERIOD (a foreign key), PostgreSQL 18; false before. */
  period: boolean;
  no_inherit: boolean;
  /** A primary key's INCLUDE columns (NULL for other constraints). */
  include: string[] | null;
  comment: string | null;
}

/** NOT ENFORCED, or else NOT VALID (a constraint that is not enforced is never validated). */
const enforcement = (r: ConstraintRow): { notEnforced?: true; notValid?: true } => (r.not_enforced ? { notEnforced: true } : r.validated ? {} : { notValid: true });

export function foreignKeyFromRow(r: ConstraintRow): ForeignKey {
  const fk: ForeignKey = {
    name: r.name,
    columns: r.columns,
    refSchema: r.ref_schema ?? '',
    refTable: r.ref_table ?? '',
    refColumns: r.ref_columns,
    onDelete: fkAction(r.on_delete),
    onUpdate: fkAction(r.on_update),
    match: r.match === 'f' ? 'FULL' : 'SIMPLE',
    deferrable: r.deferrable,
    initiallyDeferred: r.deferred,
    ...enforcement(r),
    ...(r.period ? { period: true as const } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
  };
  return r.delete_set_columns.length ? { ...fk, onDeleteColumns: r.delete_set_columns } : fk;
}

export function checkFromRow(r: ConstraintRow): Check {
  return {
    name: r.name,
    expression: checkExpression(r.definition ?? ''),
    ...enforcement(r),
    ...(r.no_inherit ? { noInherit: true as const } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
  };
}

export interface IndexRow {
  table_id: string;
  name: string;
  unique: boolean;
  method: string;
  valid: boolean;
  key_count: number;
  is_constraint: boolean;
  deferrable: boolean;
  deferred: boolean;
  comment: string | null;
  predicate: string | null;
  nulls_not_distinct: boolean;
  defs: string[];
  attnums: number[];
  options: number[];
  opclasses: (string | null)[];
  collations: (string | null)[];
  is_exclusion: boolean;
  operators: string[] | null;
  storage: string[];
}

/**
 * `{fillfactor=90,m=16}` (reloptions) → by name, in the order the server keeps them (which is
 * the order they were given in: a pull writes them so, and pg_dump prints them so); undefined
 * when there are none. Compared without regard to order.
 */
export function storageFromOptions(options: readonly string[]): Record<string, string> | undefined {
  if (!options.length) return undefined;
  return Object.fromEntries(
    options.map((o) => {
      const eq = o.indexOf('=');
      return eq < 0 ? ([o, ''] as const) : ([o.slice(0, eq), o.slice(eq + 1)] as const);
    }),
  );
}

export function indexFromRow(r: IndexRow): Index {
  const keys: IndexKey[] = [];
  const include: string[] = [];
  for (let k = 0; k < r.defs.length; k++) {
    const def = r.defs[k]!;
    if (k >= r.key_count) {
      include.push(unquoteIdent(def));
      continue;
    }
    const opt = r.options[k] ?? 0;
    const desc = (opt & 1) !== 0;
    const nullsFirst = (opt & 2) !== 0;
    const opclass = r.opclasses[k] ?? undefined;
    const collation = r.collations[k] ?? undefined;
    const operator = r.operators?.[k];
    // NULLS FIRST is the default for DESC, NULLS LAST for ASC: only a departure is recorded.
    const extra = {
      desc,
      ...(nullsFirst !== desc ? { nullsFirst } : {}),
      ...(opclass ? { opclass } : {}),
      ...(collation ? { collation } : {}),
      ...(operator !== undefined ? { operator } : {}),
    };
    keys.push(r.attnums[k] !== 0 ? { kind: 'column', column: unquoteIdent(def), ...extra } : { kind: 'expression', expression: def, ...extra });
  }
  const storage = storageFromOptions(r.storage);
  return {
    name: r.name,
    unique: r.unique,
    method: r.method,
    keys,
    include,
    ...(r.predicate ? { where: r.predicate } : {}),
    nullsNotDistinct: r.nulls_not_distinct,
    ...(r.is_constraint ? { constraint: true } : {}),
    ...(r.is_exclusion ? { exclusion: true as const } : {}),
    ...(r.deferrable ? { deferrable: true as const } : {}),
    ...(r.deferred ? { initiallyDeferred: true as const } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ...(r.valid ? {} : { invalid: true }),
    ...(storage ? { storage } : {}),
  };
}

/** pg_get_indexdef quotes column names like quote_ident; the IR keeps names bare. */
export function unquoteIdent(s: string): string {
  return s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s;
}

export interface TriggerRow {
  table_id: string;
  name: string;
  type: number;
  function_schema: string;
  function_name: string;
  arg_count: number;
  args_hex: string;
  update_of: string[];
  definition: string;
  is_constraint: boolean;
  deferrable: boolean;
  deferred: boolean;
  old_table: string | null;
  new_table: string | null;
  comment: string | null;
  /** pg_trigger.tgenabled: O, D, R or A. */
  enabled: string;
}

export function triggerFromRow(r: TriggerRow): Trigger {
  const t = r.type;
  const firing = firingOf(r.enabled);
  const events: TriggerEvent[] = [];
  if (t & 4) events.push('INSERT');
  if (t & 16) events.push('UPDATE');
  if (t & 8) events.push('DELETE');
  if (t & 32) events.push('TRUNCATE');
  const args = r.arg_count === 0 ? [] : Buffer.from(r.args_hex, 'hex').toString('utf8').split('\0').slice(0, r.arg_count);
  return {
    name: r.name,
    timing: t & 64 ? 'INSTEAD OF' : t & 2 ? 'BEFORE' : 'AFTER',
    events,
    updateOf: r.update_of,
    forEach: t & 1 ? 'ROW' : 'STATEMENT',
    functionSchema: r.function_schema,
    functionName: r.function_name,
    arguments: args,
    ...whenOf(r.definition),
    ...(r.is_constraint ? { constraint: { deferrable: r.deferrable, initiallyDeferred: r.deferred } } : {}),
    ...(r.old_table !== null || r.new_table !== null ? { transition: { ...(r.old_table !== null ? { oldTable: r.old_table } : {}), ...(r.new_table !== null ? { newTable: r.new_table } : {}) } } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ...(firing ? { firing } : {}),
  };
}

/** The WHEN condition of `CREATE TRIGGER … WHEN ((old.x IS DISTINCT FROM new.x)) EXECUTE …`. */
function whenOf(definition: string): { when?: string } {
  const m = / (FOR EACH (?:ROW|STATEMENT)) WHEN \(/.exec(definition);
  if (!m) return {};
  const group = balanced(definition, m.index + m[0].length - 1);
  return group ? { when: group.inner } : {};
}

export interface PolicyRow {
  table_id: string;
  name: string;
  command: string;
  permissive: boolean;
  roles: string[];
  using_expr: string | null;
  check_expr: string | null;
  comment: string | null;
}

export function policyFromRow(r: PolicyRow): Policy {
  const commands: Record<string, Policy['command']> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
  return {
    name: r.name,
    command: commands[r.command] ?? 'ALL',
    permissive: r.permissive,
    roles: r.roles,
    ...(r.using_expr ? { using: r.using_expr } : {}),
    ...(r.check_expr ? { withCheck: r.check_expr } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
  };
}
