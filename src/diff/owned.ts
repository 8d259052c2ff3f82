/**
 * Objects that custom statements create. A statement's `up` may create an index, a function,
 * a trigger, a policy, a table, a column or a collation that the resources do not declare; inspection
 * sees them, and without this list the differ would drop them. They are found by parsing
 * `up` with libpg-query (the real PostgreSQL parser), so no guessing from text.
 */
import type { Statement } from '../ir/catalog.js';

export type OwnedKind = 'table' | 'column' | 'index' | 'function' | 'trigger' | 'policy' | 'constraint' | 'collation';

/** Keys: `schema.name` (table, index, function, collation), `schema.table.name` (column, trigger, policy, constraint). */
export type OwnedObjects = ReadonlyMap<OwnedKind, ReadonlySet<string>>;

export const EMPTY_OWNED: OwnedObjects = new Map();

export function isOwned(owned: OwnedObjects, kind: OwnedKind, key: string): boolean {
  return owned.get(kind)?.has(key) ?? false;
}

let ready: Promise<void> | undefined;
let parser: typeof import('libpg-query') | undefined;
/** Loads the parser (WASM) once; imported only when a plan has statements to read. */
export function loadParser(): Promise<void> {
  ready ??= import('libpg-query').then(async (m) => {
    await m.loadModule();
    parser = m;
  });
  return ready;
}

type Node = Record<string, unknown>;
interface RangeVar {
  schemaname?: string;
  relname: string;
}

const strings = (list: unknown): string[] => ((list as Node[] | undefined) ?? []).map((n) => String((n.String as Node | undefined)?.sval ?? ''));

/**
 * The objects the statements' `up` SQL creates. Unqualified names land in `defaultSchema`
 * (the first schema of the search path the statements run with). Needs `await loadParser()`.
 * Statements that do not parse own nothing (compile reports their syntax errors).
 */
export function ownedByStatements(statements: readonly Statement[], defaultSchema = 'public'): OwnedObjects {
  const out = new Map<OwnedKind, Set<string>>();
  const add = (kind: OwnedKind, key: string) => {
    let s = out.get(kind);
    if (!s) out.set(kind, (s = new Set()));
    s.add(key);
  };
  const rel = (r: RangeVar) => `${r.schemaname ?? defaultSchema}.${r.relname}`;
  for (const st of statements) {
    let stmts: { stmt: Node }[];
    try {
      stmts = parser!.parseSync(st.up).stmts as unknown as { stmt: Node }[];
    } catch {
      continue;
    }
    for (const { stmt } of stmts) {
      const [type, body] = Object.entries(stmt)[0] as [string, Node];
      switch (type) {
        case 'CreateStmt':
        case 'ViewStmt':
          add('table', rel((body.relation ?? body.view) as RangeVar));
          break;
        case 'CreateSeqStmt':
          add('table', rel(body.sequence as RangeVar));
          break;
        case 'CreateTableAsStmt':
          add('table', rel((body.into as { rel: RangeVar }).rel));
          break;
        case 'IndexStmt': {
          const r = body.relation as RangeVar;
          const schema = r.schemaname ?? defaultSchema;
          const name = typeof body.idxname === 'string' ? body.idxname : defaultIndexName(r.relname, body.indexParams as Node[]);
          add('index', `${schema}.${name}`);
          break;
        }
        case 'CreateFunctionStmt': {
          const parts = strings(body.funcname);
          add('function', parts.length > 1 ? `${parts[0]}.${parts[1]}` : `${defaultSchema}.${parts[0]}`);
          break;
        }
        case 'DefineStmt': {
          if (body.kind !== 'OBJECT_COLLATION') break;
          const parts = strings(body.defnames);
          add('collation', parts.length > 1 ? `${parts[0]}.${parts[1]}` : `${defaultSchema}.${parts[0]}`);
          break;
        }
        case 'CreateTrigStmt':
          add('trigger', `${rel(body.relation as RangeVar)}.${String(body.trigname)}`);
          break;
        case 'CreatePolicyStmt':
          add('policy', `${rel(body.table as RangeVar)}.${String(body.policy_name)}`);
          break;
        case 'AlterTableStmt': {
          const table = rel(body.relation as RangeVar);
          for (const c of (body.cmds as Node[] | undefined) ?? []) {
            const cmd = c.AlterTableCmd as Node | undefined;
            if (!cmd) continue;
            const def = cmd.def as Node | undefined;
            if (cmd.subtype === 'AT_AddColumn' && def?.ColumnDef) add('column', `${table}.${String((def.ColumnDef as Node).colname)}`);
            if (cmd.subtype === 'AT_AddConstraint' && def?.Constraint) {
              const con = def.Constraint as Node;
              if (typeof con.conname === 'string') add('constraint', `${table}.${con.conname}`);
              if (typeof con.indexname === 'string') add('index', `${table.split('.')[0]}.${con.indexname}`);
            }
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}

/** PostgreSQL's name for an unnamed index: `<table>_<columns>_idx` (ChooseIndexName). */
function defaultIndexName(table: string, params: Node[] | undefined): string {
  const cols = (params ?? []).map((p) => {
    const e = p.IndexElem as Node | undefined;
    return typeof e?.name === 'string' ? e.name : 'expr';
  });
  return `${table}_${cols.join('_')}_idx`;
}
