/**
 * The rules, run over one file's statements in order. What earlier statements of the file did
 * matters: a table created in the same file holds no rows yet (so indexes, constraints and NOT
 * NULL on it are harmless), a check `col IS NOT NULL` validated in an earlier transaction lets
 * SET NOT NULL skip its scan, and whether a statement runs inside a transaction block decides
 * CONCURRENTLY and VALIDATE.
 */
import { MAX_IDENTIFIER_BYTES } from '../model/naming.js';
import type { RuleName } from './rules.js';
import type { LintSource, LintStatement } from './source.js';

export interface RawFinding {
  readonly rule: RuleName;
  /** Byte offset in the section. */
  readonly at: number;
  readonly message: string;
  /** For a table rename: the old name, so that a view re-creating it settles the finding. */
  readonly oldName?: string;
}

/** A node of libpg-query's JSON parse tree (untyped JSON). */
type Node = Record<string, any>;

const VOLATILE = new Set(['random', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7', 'clock_timestamp', 'timeofday', 'nextval', 'txid_current', 'statement_timestamp']);
const SMALL_KEY_TYPES: Readonly<Record<string, string>> = { int4: 'integer', int2: 'smallint', serial: 'serial', serial4: 'serial', smallserial: 'smallserial', serial2: 'smallserial' };
const SERIALS = new Set(['serial', 'serial4', 'smallserial', 'serial2', 'bigserial', 'serial8']);

const relKey = (rel: Node | undefined): string => (rel ? `${rel.schemaname ? `${rel.schemaname}.` : ''}${rel.relname}` : '');
const relName = (rel: Node | undefined): string => relKey(rel);

/** The type's last name part, as the parser folds it (`int4`, `bpchar`, `timestamp`, `serial`). */
function typeBase(typeName: Node | undefined): string {
  const names = (typeName?.names ?? []) as Node[];
  return String(names[names.length - 1]?.String?.sval ?? '');
}

function isPgCatalog(typeName: Node | undefined): boolean {
  const names = (typeName?.names ?? []) as Node[];
  return names.length === 2 && names[0]?.String?.sval === 'pg_catalog';
}

/** Every function name called anywhere in an expression tree. */
function calledFunctions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) calledFunctions(n, out);
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (n.FuncCall) {
      const names = (n.FuncCall.funcname ?? []) as Node[];
      out.push(String(names[names.length - 1]?.String?.sval ?? ''));
    }
    for (const v of Object.values(n)) calledFunctions(v, out);
  }
  return out;
}

/** The column a `CHECK (col IS NOT NULL)` proves, if that is all it says. */
function notNullColumn(expr: Node | undefined): string | undefined {
  const t = expr?.NullTest;
  if (!t || t.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = (t.arg?.ColumnRef?.fields ?? []) as Node[];
  return fields.length === 1 ? fields[0]?.String?.sval : undefined;
}

interface State {
  readonly created: Set<string>;
  /** A transaction number: statements with the same number commit together. */
  tx: number;
  explicit: boolean;
  readonly notValid: Map<string, { tx: number; column?: string; table: string }>;
  readonly provenNotNull: Set<string>;
}

export function checkSource(source: LintSource): RawFinding[] {
  const out: RawFinding[] = [];
  const st: State = { created: new Set(), tx: 0, explicit: false, notValid: new Map(), provenNotNull: new Set() };
  for (const id of source.longIdentifiers) {
    out.push({ rule: 'identifier-too-long', at: id.at, message: `\`${id.name}\` is ${Buffer.byteLength(id.name, 'utf8')} bytes: PostgreSQL keeps the first ${MAX_IDENTIFIER_BYTES}` });
  }
  for (const s of source.statements) {
    checkStatement(s, source.transactional, st, out);
    // Outside a transaction block, each statement commits on its own.
    if (!source.transactional && !st.explicit) st.tx++;
  }
  return out;
}

function isNew(st: State, rel: Node | undefined): boolean {
  if (!rel) return false;
  return st.created.has(relKey(rel)) || (!rel.schemaname && [...st.created].some((k) => k.endsWith(`.${rel.relname}`))) || st.created.has(String(rel.relname));
}

/** Type rules on a column definition; `key` when the column is a primary key or identity. */
function columnType(out: RawFinding[], col: Node, table: string, key: boolean, at: number): void {
  const base = typeBase(col.typeName);
  const where = `column ${col.colname ?? ''} of ${table}`.trim();
  const tat = col.typeName?.location ?? at;
  if (base === 'bpchar' && isPgCatalog(col.typeName)) out.push({ rule: 'ban-char-field', at: tat, message: `${where} is char(n)` });
  if (base === 'timestamp' && isPgCatalog(col.typeName)) out.push({ rule: 'prefer-timestamptz', at: tat, message: `${where} is timestamp without time zone` });
  const small = SMALL_KEY_TYPES[base];
  const serial = base.startsWith('serial') || base.startsWith('smallserial');
  if (small && (key || serial) && (isPgCatalog(col.typeName) || serial)) out.push({ rule: 'prefer-bigint-keys', at: tat, message: `${where} is a key of type ${small}` });
}

function constraintsOf(col: Node): Node[] {
  return ((col.constraints ?? []) as Node[]).map((c) => c.Constraint as Node).filter(Boolean);
}

function checkCreate(stmt: Node, st: State, out: RawFinding[], at: number): void {
  const table = relName(stmt.relation);
  st.created.add(relKey(stmt.relation));
  const elts = (stmt.tableElts ?? []) as Node[];
  const pkCols = new Set<string>();
  for (const e of elts) {
    const c = e.Constraint as Node | undefined;
    if (!c) continue;
    if (c.contype === 'CONSTR_PRIMARY') for (const k of (c.keys ?? []) as Node[]) pkCols.add(String(k.String?.sval));
  }
  for (const e of elts) {
    const col = e.ColumnDef as Node | undefined;
    if (!col) continue;
    const cons = constraintsOf(col);
    const key = pkCols.has(String(col.colname)) || cons.some((c) => c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_IDENTITY');
    columnType(out, col, table, key, col.location ?? at);
  }
}

function checkAlterTable(stmt: Node, inTx: boolean, st: State, out: RawFinding[], at: number): void {
  if (stmt.objtype !== 'OBJECT_TABLE') return;
  const rel = stmt.relation as Node;
  const table = relName(rel);
  const fresh = isNew(st, rel);
  for (const item of (stmt.cmds ?? []) as Node[]) {
    const cmd = item.AlterTableCmd as Node | undefined;
    if (!cmd) continue;
    const def = cmd.def as Node | undefined;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const col = def?.ColumnDef as Node;
        if (!col) break;
        const cat = col.location ?? at;
        const cons = constraintsOf(col);
        const has = (t: string) => cons.some((c) => c.contype === t);
        columnType(out, col, table, has('CONSTR_PRIMARY') || has('CONSTR_IDENTITY'), cat);
        if (fresh) break;
        const dflt = cons.find((c) => c.contype === 'CONSTR_DEFAULT');
        const generated = has('CONSTR_GENERATED') || has('CONSTR_IDENTITY') || SERIALS.has(typeBase(col.typeName));
        if (has('CONSTR_NOTNULL') && !dflt && !generated) {
          out.push({ rule: 'adding-required-field', at: cat, message: `column ${col.colname} is added to ${table} as NOT NULL without a default` });
        }
        const volatile = dflt ? calledFunctions(dflt.raw_expr).filter((f) => VOLATILE.has(f)) : [];
        if (volatile.length > 0) out.push({ rule: 'adding-field-that-rewrites', at: dflt?.location ?? cat, message: `column ${col.colname} is added to ${table} with a volatile default (${volatile[0]}()): the table is rewritten` });
        else if (generated) out.push({ rule: 'adding-field-that-rewrites', at: cat, message: `column ${col.colname} is added to ${table} as a ${has('CONSTR_GENERATED') ? 'stored generated' : 'serial or identity'} column: the table is rewritten to fill it` });
        if (has('CONSTR_PRIMARY') || has('CONSTR_UNIQUE')) out.push({ rule: 'disallowed-unique-constraint', at: cat, message: `column ${col.colname} is added to ${table} with an inline ${has('CONSTR_PRIMARY') ? 'PRIMARY KEY' : 'UNIQUE'}: its index is built under an ACCESS EXCLUSIVE lock` });
        break;
      }
      case 'AT_AddConstraint': {
        const c = def?.Constraint as Node | undefined;
        if (!c) break;
        const cat = c.location ?? at;
        if (c.skip_validation && c.conname) {
          st.notValid.set(`${table}/${c.conname}`, { tx: st.tx, table, ...(c.contype === 'CONSTR_CHECK' && notNullColumn(c.raw_expr) ? { column: notNullColumn(c.raw_expr)! } : {}) });
        }
        if (fresh) break;
        if ((c.contype === 'CONSTR_FOREIGN' || c.contype === 'CONSTR_CHECK') && !c.skip_validation) {
          const what = c.contype === 'CONSTR_FOREIGN' ? 'foreign key' : 'check';
          out.push({ rule: 'constraint-missing-not-valid', at: cat, message: `${what} ${c.conname ?? ''} is added to ${table} without NOT VALID: every row is checked under a lock that blocks writes`.replace('  ', ' ') });
        }
        if ((c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') && !c.indexname) {
          out.push({ rule: 'disallowed-unique-constraint', at: cat, message: `${c.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique constraint'} ${c.conname ?? ''} is added to ${table} without USING INDEX: its index is built under an ACCESS EXCLUSIVE lock`.replace('  ', ' ') });
        }
        break;
      }
      case 'AT_ValidateConstraint': {
        const added = st.notValid.get(`${table}/${cmd.name}`);
        if (added && added.tx === st.tx && inTx) {
          out.push({ rule: 'validate-in-same-transaction', at, message: `constraint ${cmd.name} is validated in the transaction that added it to ${table}` });
        } else if (added?.column) st.provenNotNull.add(`${table}/${added.column}`);
        break;
      }
      case 'AT_AlterColumnType': {
        const col = def?.ColumnDef as Node | undefined;
        if (col) columnType(out, { ...col, colname: cmd.name }, table, false, col.location ?? at);
        if (!fresh) out.push({ rule: 'changing-column-type', at: col?.location ?? at, message: `column ${cmd.name} of ${table} changes type` });
        break;
      }
      case 'AT_SetNotNull':
        if (!fresh && !st.provenNotNull.has(`${table}/${cmd.name}`)) {
          out.push({ rule: 'setting-not-nullable-field', at, message: `column ${cmd.name} of ${table} is made NOT NULL without a validated CHECK (${cmd.name} IS NOT NULL)` });
        }
        break;
      case 'AT_DropColumn':
        if (!fresh) out.push({ rule: 'ban-drop-column', at, message: `column ${cmd.name} is dropped from ${table}` });
        break;
      case 'AT_DetachPartition':
        if (def?.PartitionCmd?.concurrent && inTx) out.push({ rule: 'concurrently-in-transaction', at, message: `DETACH PARTITION CONCURRENTLY on ${table} runs inside a transaction block` });
        break;
      default:
        break;
    }
  }
}

function checkStatement(s: LintStatement, transactional: boolean, st: State, out: RawFinding[]): void {
  const [kind, body] = Object.entries(s.node)[0] ?? [];
  const stmt = (body ?? {}) as Node;
  const inTx = transactional || st.explicit;
  const at = s.start;
  switch (kind) {
    case 'TransactionStmt': {
      const k = String(stmt.kind);
      if (k === 'TRANS_STMT_BEGIN' || k === 'TRANS_STMT_START') st.explicit = true;
      else if (k === 'TRANS_STMT_COMMIT' || k === 'TRANS_STMT_ROLLBACK') {
        st.explicit = false;
        st.tx++;
      }
      break;
    }
    case 'CreateStmt':
      checkCreate(stmt, st, out, at);
      break;
    case 'AlterTableStmt':
      checkAlterTable(stmt, inTx, st, out, at);
      break;
    case 'IndexStmt': {
      const rel = stmt.relation as Node;
      if (stmt.concurrent && inTx) out.push({ rule: 'concurrently-in-transaction', at, message: `CREATE INDEX CONCURRENTLY ${stmt.idxname ?? ''} on ${relName(rel)} runs inside a transaction block`.replace('  ', ' ') });
      if (!stmt.concurrent && !isNew(st, rel)) out.push({ rule: 'require-concurrent-index-creation', at, message: `index ${stmt.idxname ?? ''} is built on ${relName(rel)} without CONCURRENTLY`.replace('  ', ' ') });
      break;
    }
    case 'DropStmt': {
      const objects = (stmt.objects ?? []) as Node[];
      const dotted = (o: Node) => ((o.List?.items ?? []) as Node[]).map((i) => i.String?.sval).join('.');
      if (stmt.removeType === 'OBJECT_TABLE') {
        for (const o of objects) {
          const n = dotted(o);
          const parts = n.split('.');
          const rel = parts.length > 1 ? { schemaname: parts[0], relname: parts[parts.length - 1] } : { relname: n };
          if (!isNew(st, rel)) out.push({ rule: 'ban-drop-table', at, message: `table ${n} is dropped` });
        }
      }
      if (stmt.removeType === 'OBJECT_INDEX' && stmt.concurrent && inTx) out.push({ rule: 'concurrently-in-transaction', at, message: `DROP INDEX CONCURRENTLY runs inside a transaction block` });
      break;
    }
    case 'ReindexStmt': {
      const concurrently = ((stmt.params ?? []) as Node[]).some((p) => p.DefElem?.defname === 'concurrently');
      if (concurrently && inTx) out.push({ rule: 'concurrently-in-transaction', at, message: 'REINDEX CONCURRENTLY runs inside a transaction block' });
      break;
    }
    case 'RenameStmt': {
      const rel = stmt.relation as Node | undefined;
      if (stmt.renameType === 'OBJECT_COLUMN' && !isNew(st, rel)) out.push({ rule: 'renaming-column', at, message: `column ${stmt.subname} of ${relName(rel)} is renamed to ${stmt.newname}` });
      if (stmt.renameType === 'OBJECT_TABLE' && !isNew(st, rel)) {
        out.push({ rule: 'renaming-table', at, message: `table ${relName(rel)} is renamed to ${stmt.newname} with no view left under the old name`, oldName: String(rel?.relname) });
      }
      break;
    }
    case 'ViewStmt': {
      // A view with the table's old name keeps code that still uses it working: the rename is safe.
      const view = String((stmt.view as Node | undefined)?.relname);
      const i = out.findIndex((f) => f.rule === 'renaming-table' && f.oldName === view);
      if (i >= 0) out.splice(i, 1);
      break;
    }
    default:
      break;
  }
}
