/**
 * Test helpers for the compiler: hand-built resource models (the shape the validator
 * produces, written briefly) and the golden fixtures of fixtures/compile/<case>/, with a
 * golden comparison that only UPDATE_GOLDEN=1 may rewrite.
 */
import type { AttrType, Attribute, FunctionDef, Project, Reference, Relationship, Repo, Resource, ScalarType } from '../../src/model/resource.js';
import type { Src } from '../../src/model/source.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject, type CompileResult } from '../../src/compile/index.js';
import { stableStringify } from '../../src/ir/canonical.js';
import { hasTenantPart } from '../../src/ir/tenant.js';
import { createScriptStatements, renderCreateScript, terminate, type CreateScriptOptions } from '../../src/render/create-script.js';
import type { Catalog } from '../../src/ir/catalog.js';
import { attributeCheckName } from '../../src/model/naming.js';
import type { Target } from '../../src/targets/target.js';
import { loadProject } from '../../src/validate/project.js';
import { resetDatabase } from './servers.js';
import { multirangeName } from '../../src/ir/user-type.js';

export const src = (pointer: string, file = 'test.yaml'): Src => ({ file, pointer });

export const scalar = (name: ScalarType): AttrType => ({ kind: 'scalar', name });

type AttrExtra = Partial<Omit<Attribute, 'name' | 'type'>>;

export function attr(name: string, type: ScalarType | AttrType, extra: AttrExtra = {}): Attribute {
  const s = src(`/resources/R/attributes/${name}`);
  return {
    name,
    src: s,
    type: typeof type === 'string' ? scalar(type) : type,
    allowNil: true,
    primaryKey: false,
    constraints: { src: { ...s, pointer: s.pointer + '/constraints' } },
    ...extra,
  };
}

export function sql(text: string, pointer = '/x'): { sql: string; src: Src } {
  return { sql: text, src: src(pointer) };
}

export const uuidPk = (name = 'id'): Attribute =>
  attr(name, 'uuid', { macro: 'uuid_primary_key', allowNil: false, primaryKey: true, default: { kind: 'sql', sql: 'gen_random_uuid()', src: src('/id') } });

export const intPk = (name = 'id'): Attribute => attr(name, 'integer', { macro: 'integer_primary_key', allowNil: false, primaryKey: true, identity: 'by_default' });

export function resource(name: string, table: string, extra: Partial<Resource> = {}): Resource {
  return {
    name,
    src: src(`/resources/${name}`),
    table,
    schema: 'public',
    repo: 'default',
    migrate: true,
    unlogged: false,
    attributes: [],
    relationships: [],
    identities: [],
    references: [],
    checkConstraints: [],
    customIndexes: [],
    triggers: [],
    customStatements: [],
    ...extra,
  };
}

export function belongsTo(name: string, destination: string, extra: Partial<Relationship> = {}): Relationship {
  return {
    name,
    src: src(`/resources/R/relationships/${name}`),
    type: 'belongs_to',
    destination,
    allowNil: true,
    primaryKey: false,
    sourceAttributes: [`${name}_id`],
    destinationAttributes: ['id'],
    defineAttribute: true,
    manual: false,
    ...extra,
  };
}

export function reference(relationship: string, extra: Partial<Reference> = {}): Reference {
  return {
    relationship,
    src: src(`/resources/R/postgres/references/${relationship}`),
    onDelete: { action: 'nothing' },
    onUpdate: 'nothing',
    deferrable: false,
    initiallyDeferred: false,
    matchType: 'simple',
    matchWith: [],
    matchTenant: false,
    index: false,
    ignore: false,
    notValid: false,
    notEnforced: false,
    period: false,
    ...extra,
  };
}

export function fn(name: string, body: string, extra: Partial<FunctionDef> = {}): FunctionDef {
  return {
    key: name,
    name,
    procedure: false,
    src: src(`/functions/${name}`),
    schema: 'public',
    arguments: '',
    returns: 'trigger',
    language: 'plpgsql',
    body: sql(body, `/functions/${name}/body`),
    volatility: 'volatile',
    security: 'invoker',
    strict: false,
    leakproof: false,
    parallel: 'unsafe',
    config: [],
    ...extra,
  };
}

export function project(resources: readonly Resource[], extra: Partial<Project> = {}): Project {
  const repos: Repo[] = [{ name: 'default', extensions: [] }];
  return { files: ['test.yaml'], repos, resources: [...resources].sort((a, b) => (a.name < b.name ? -1 : 1)), functions: [], ...extra };
}

// ── Golden fixtures: fixtures/compile/<case>/{resources.yaml, expected.sql, expected.ir.json} ──


export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/compile/', import.meta.url));

/** The tenant schema every context-tenant fixture is instantiated for. */
export const FIXTURE_TENANT = 'tenant_acme';

export interface Fixture {
  readonly name: string;
  readonly dir: string;
  /** SQL to run before the fixture's script (tables of `migrate: false` resources). */
  readonly setupSql?: string;
}

/** Every fixture case, by name. */
export function listFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES_DIR, d.name, 'resources.yaml')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(FIXTURES_DIR, name);
      const setup = join(dir, 'setup.sql');
      return { name, dir, ...(existsSync(setup) ? { setupSql: readFileSync(setup, 'utf8') } : {}) };
    });
}

export interface CompiledFixture extends CompileResult {
  readonly project: Project;
  /** The create script (ordinary part). */
  readonly sql: string;
  /** The tenant part instantiated for FIXTURE_TENANT, when the fixture has one. */
  readonly tenantSql?: string;
}

/** Loads, validates and compiles a fixture; throws with the diagnostics when it is not valid. */
export async function compileFixture(f: Fixture, pgVersion?: number): Promise<CompiledFixture> {
  const loaded = await loadProject([join(f.dir, 'resources.yaml')], { env: {}, cwd: f.dir });
  if (!loaded.project) throw new Error(`${f.name}: invalid resources:\n${loaded.diagnostics.map((d) => `  ${d.code}: ${d.message}`).join('\n')}`);
  const result = await compileProject(loaded.project, pgVersion !== undefined ? { pgVersion } : {});
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`${f.name}: does not compile:\n${errors.map((d) => `  ${d.code}: ${d.message}`).join('\n')}`);
  const options = { files: ['resources.yaml'], ...(pgVersion !== undefined ? { pgVersion } : {}) };
  const sql = renderCreateScript(result.catalog, options);
  const tenantSql = hasTenantPart(result.catalog) ? renderCreateScript(result.catalog, { ...options, tenant: FIXTURE_TENANT }) : undefined;
  return { ...result, project: loaded.project, sql, ...(tenantSql !== undefined ? { tenantSql } : {}) };
}

/** The IR as stored in expected.ir.json. */
export function irJson(r: CompileResult): string {
  return stableStringify(r.catalog, 2) + '\n';
}

/** A readable line diff: `-` expected, `+` actual, with a little context. */
export function lineDiff(expected: string, actual: string, context = 2): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Longest common subsequence table (fixtures are small).
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { op: ' ' | '-' | '+'; line: string; n: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) (ops.push({ op: ' ', line: a[i]!, n: i + 1 }), i++, j++);
    else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) (ops.push({ op: '+', line: b[j]!, n: i + 1 }), j++);
    else (ops.push({ op: '-', line: a[i]!, n: i + 1 }), i++);
  }
  const keep = ops.map((o, k) => o.op !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((x) => x.op !== ' '));
  const out: string[] = [];
  ops.forEach((o, k) => {
    if (keep[k]) out.push(`${o.op === ' ' ? ' ' : o.op} ${String(o.n).padStart(4)} | ${o.line}`);
    else if (keep[k - 1]) out.push('  ...');
  });
  return out.join('\n');
}

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/**
 * Compares `actual` with the golden file. With UPDATE_GOLDEN=1 (and only then) rewrites it.
 * Returns undefined when equal (or updated), else a message with a line diff.
 */
export function checkGolden(path: string, actual: string): string | undefined {
  if (UPDATE_GOLDEN) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileSync(path, actual);
    return undefined;
  }
  if (!existsSync(path)) return `${path} is missing: run \`UPDATE_GOLDEN=1 npm test -- compile\`, then review it`;
  const expected = readFileSync(path, 'utf8');
  if (expected === actual) return undefined;
  return `${path} differs (- expected, + actual); if the change is intended, run \`UPDATE_GOLDEN=1 npm test -- compile\` and review the diff:\n${lineDiff(expected, actual)}`;
}

// ── Running scripts ──────────────────────────────────────────────────────────────────────

/** psql as installed on the machine (PostgreSQL 15's client), or undefined. */
export const PSQL = ['/usr/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => existsSync(p));

/** Runs a script text the way a user would: `psql -X -v ON_ERROR_STOP=1 -f -`. */
export function runPsql(url: string, sql: string): { ok: boolean; output: string } {
  if (!PSQL) throw new Error('psql is not installed');
  const r = spawnSync(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], { input: sql, encoding: 'utf8', env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Runs the create script through a driver: one transaction, then the statements that cannot run in one. */
export async function execScript(t: Target, catalog: Catalog, options: CreateScriptOptions = {}): Promise<void> {
  const { inTransaction, afterTransaction } = createScriptStatements(catalog, options);
  if (inTransaction.length) await t.exec(['BEGIN', ...inTransaction, 'COMMIT'].map(terminate).join('\n'));
  for (const st of afterTransaction) await t.exec(st);
}

/** Empties the database: schemas first, then what is left (see `resetDatabase`). */
export const emptyDatabase = (t: Target): Promise<void> => resetDatabase(t);

/** Names of the checks pgdecl derived from attribute constraints (not the user's own SQL). */
export function derivedCheckNames(project: Project): Set<string> {
  const out = new Set<string>();
  const rules: [keyof Attribute['constraints'], string][] = [['oneOf', 'one_of'], ['min', 'min'], ['max', 'max'], ['minLength', 'min_length'], ['maxLength', 'max_length'], ['match', 'match']];
  for (const r of project.resources) for (const a of r.attributes) for (const [k, rule] of rules) if (a.constraints[k] !== undefined) out.add(attributeCheckName(r.table, a.name, rule));
  return out;
}

/** Columns whose default pgdecl wrote (a literal or a macro), by `table.column`. */
export function derivedDefaultColumns(project: Project): Set<string> {
  const out = new Set<string>();
  for (const r of project.resources) for (const a of r.attributes) if (a.default?.kind === 'literal' || a.macro) out.add(`${r.table}.${a.name}`);
  return out;
}

export interface ServerColumn {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly type: string;
  readonly default: string | null;
}

/** Column types and defaults as the server prints them back. */
export async function serverColumns(t: Target): Promise<ServerColumn[]> {
  return t.query<ServerColumn>(`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`);
}

/** CHECK constraints as the server prints them back (the expression inside CHECK (…)). */
export async function serverChecks(t: Target): Promise<{ schema: string; table: string; name: string; expression: string }[]> {
  const rows = await t.query<{ schema: string; table: string; name: string; def: string }>(`
    SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'c'`);
  return rows.map((r) => ({ schema: r.schema, table: r.table, name: r.name, expression: r.def.replace(/^CHECK \((.*)\)$/s, '$1') }));
}

/**
 * What pgdecl writes in its own spelling and the server prints differently: column types,
 * the defaults pgdecl wrote, the checks it derived. Empty when they agree.
 */
export async function spellingDifferences(t: Target, fixture: CompiledFixture, catalogs: readonly Catalog[]): Promise<string[]> {
  const cols = await serverColumns(t);
  const checks = await serverChecks(t);
  const defaults = derivedDefaultColumns(fixture.project);
  const derived = derivedCheckNames(fixture.project);
  const out: string[] = [];
  for (const c of catalogs) {
    for (const table of c.tables) {
      for (const col of table.columns) {
        const s = cols.find((x) => x.schema === table.schema && x.table === table.name && x.column === col.name);
        if (!s) {
          out.push(`${table.schema}.${table.name}.${col.name}: missing on the server`);
          continue;
        }
        // format_type leaves out the schema of a type on search_path; the IR names a declared one (and a range type's multirange) with it.
        const declared = (fixture.project.types ?? []).some((d) => col.type.replace(/(\[\])+$/, '') === `${d.schema}.${d.name}` || (d.kind === 'range' && col.type.replace(/(\[\])+$/, '') === `${d.schema}.${multirangeName(d)}`));
        if (s.type !== col.type && !(declared && col.type === `public.${s.type}`)) out.push(`${table.name}.${col.name} type: ours ${col.type}, server ${s.type}`);
        // pgdecl_uuid_v7() is schema-qualified on purpose; the server drops the qualification when the schema is on search_path.
        if (defaults.has(`${table.name}.${col.name}`) && !col.identity && !col.default?.includes('pgdecl_uuid_v7') && (s.default ?? undefined) !== col.default) {
          out.push(`${table.name}.${col.name} default: ours ${col.default}, server ${s.default}`);
        }
      }
      for (const k of table.checks) {
        if (!derived.has(k.name)) continue;
        const s = checks.find((x) => x.schema === table.schema && x.table === table.name && x.name === k.name);
        if (s?.expression !== k.expression) out.push(`${table.name} check ${k.name}: ours ${k.expression}, server ${s?.expression}`);
      }
    }
  }
  return out;
}
