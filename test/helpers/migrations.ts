/**
 * Helpers for the migration tests: a scratch project folder, `pgdecl generate` in it, the
 * three engines (PostgreSQL 18 and 15 each give a fresh database per use; PGlite is one
 * in-memory instance emptied between uses), and a database's schema and rows read back for
 * comparison.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as assert from 'uvu/assert';
import { runCli, type CliRun } from './cli.js';
import { freshDatabase, pglite, resetDatabase, servers, type ServerInfo } from './servers.js';
import { openPostgres } from '../../src/targets/postgres.js';
import type { Target } from '../../src/targets/target.js';
import type { Catalog } from '../../src/ir/catalog.js';
import { canonicalCatalog, stableStringify } from '../../src/ir/canonical.js';
import { inspect } from '../../src/inspect/inspect.js';
import { qname, ident } from '../../src/sql/quote.js';

/** A scratch folder with the given files (paths relative to it). */
export function project(files: Readonly<Record<string, string>>): { dir: string; write: (path: string, text: string) => void; read: (path: string) => string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-mig-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [p, t] of Object.entries(files)) write(p, t);
  return { dir, write, read: (p) => readFileSync(join(dir, p), 'utf8'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The migration files of a folder, in version order. */
export function migrationFiles(dir: string, sub = 'migrations'): string[] {
  try {
    return readdirSync(join(dir, sub)).filter((f) => f.endsWith('.sql')).sort();
  } catch {
    return [];
  }
}

/** `pgdecl generate …` in `dir`; fails the test unless it exits with `code`. */
export async function generate(dir: string, args: readonly string[], code = 0): Promise<CliRun> {
  const r = await runCli(['generate', ...args], { cwd: dir });
  assert.is(r.code, code, `generate ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

export type EngineName = 'pglite' | 'pg18' | 'pg15';

export interface Engine {
  readonly name: EngineName;
  /** 18 or 15: what to pass to --pg-version. */
  readonly major: number;
  readonly server?: ServerInfo;
}

export interface Database {
  readonly target: Target;
  /** For the CLI's --db (PostgreSQL only; PGlite is reached through `target`). */
  readonly url?: string;
  readonly done: () => Promise<void>;
}

let lite: Promise<Target> | undefined;
const reused = new Map<string, Promise<{ url: string; target: Target; drop: () => Promise<void> }>>();

/** The engines of this run: PGlite, and the servers that are there. */
export async function engines(): Promise<Engine[]> {
  const real = await servers();
  return [{ name: 'pglite', major: 18 }, ...real.map((s) => ({ name: s.name, major: s.name === 'pg15' ? 15 : 18, server: s }) as Engine)];
}

/**
 * An empty database on an engine: by default the engine's one database of this file, emptied
 * (CREATE DATABASE costs a second or two on a busy machine); `fresh` for one of its own
 * (PostgreSQL only), dropped by `done`.
 */
export async function database(e: Engine, options: { fresh?: boolean } = {}): Promise<Database> {
  if (!e.server) {
    lite ??= pglite();
    const target = await lite;
    await resetDatabase(target);
    return { target, done: async () => {} };
  }
  if (!options.fresh) {
    let r = reused.get(e.name);
    if (!r) {
      r = freshDatabase(e.server).then(async (db) => ({ url: db.url, target: await openPostgres(db.url), drop: db.drop }));
      reused.set(e.name, r);
    }
    const { url, target } = await r;
    await resetDatabase(target);
    return { target, url, done: async () => {} };
  }
  const db = await freshDatabase(e.server);
  const target = await openPostgres(db.url);
  return {
    target,
    url: db.url,
    done: async () => {
      await target.close();
      await db.drop();
    },
  };
}

export async function closeEngines(): Promise<void> {
  if (lite) await (await lite).close();
  lite = undefined;
  for (const r of reused.values()) {
    const { target, drop } = await r;
    await target.close();
    await drop();
  }
  reused.clear();
}

/** The schemas and extensions a set of catalogs names (and public). */
export function scopeOf(...catalogs: readonly Catalog[]): { schemas: string[]; extensions: string[] } {
  const schemas = new Set(['public']);
  const extensions = new Set<string>();
  for (const c of catalogs) {
    for (const s of c.schemas) if (!s.name.startsWith('$')) schemas.add(s.name);
    for (const t of c.tables) if (!t.schema.startsWith('$')) schemas.add(t.schema);
    for (const x of c.extensions) extensions.add(x.name);
  }
  return { schemas: [...schemas].sort(), extensions: [...extensions].sort() };
}

/** The database's schema in the scope, canonical. */
export async function schemaOf(target: Target, scope: { schemas: readonly string[]; extensions: readonly string[] }): Promise<Catalog> {
  return canonicalCatalog((await inspect(target, scope)).catalog);
}

/** The same catalog with every table's columns in name order (for a column that came back at the end). */
export function columnsByName(c: Catalog, tables?: ReadonlySet<string>): Catalog {
  return { ...c, tables: c.tables.map((t) => (!tables || tables.has(`${t.schema}.${t.name}`) ? { ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) } : t)) };
}

/** A line diff of two catalogs' JSON, for messages. */
export function catalogDiff(a: Catalog, b: Catalog): string {
  const x = stableStringify(a, 2).split('\n');
  const y = stableStringify(b, 2).split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length) && out.length < 40; i++) if (x[i] !== y[i]) out.push(`  line ${i + 1}: - ${x[i]}\n           + ${y[i]}`);
  return out.join('\n');
}

/** Every row of every table of the catalog, each value as text, in a stable order; only the columns named per table when given. */
export async function rowsOf(target: Target, c: Catalog, columns?: (table: string) => readonly string[] | undefined): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of c.tables) {
    const key = `${t.schema}.${t.name}`;
    const cols = (columns?.(key) ?? t.columns.map((col) => col.name)).filter((n) => t.columns.some((col) => col.name === n));
    if (cols.length === 0) continue;
    // COLLATE "default": columns of two collations cannot be joined into one text otherwise.
    const rows = await target.query<{ r: string }>(`SELECT (${cols.map((n) => `coalesce(${ident(n)}::text COLLATE "default", '∅')`).join(" || '|' || ")}) AS r FROM ${qname(t.schema, t.name)} ORDER BY 1`);
    out[key] = rows.map((r) => r.r);
  }
  return out;
}

/** An evolution case of fixtures/evolve/ (the format is described in ./evolve.ts). */
export interface EvolveCase {
  readonly name: string;
  readonly dir: string;
  readonly before: string;
  readonly after: string;
  readonly seed: string;
  readonly check: string;
  /** setup.sql: run before anything else (roles the files grant to). */
  readonly setup?: string;
  /** What check.sql reads after `apply` (expected.check.json), when the case has it. */
  readonly expectedRows?: unknown;
  readonly kinds: readonly string[];
  readonly note?: string;
}

export const EVOLVE_ROOT = fileURLToPath(new URL('../../fixtures/evolve/', import.meta.url));

/** The cases, in name order ([] when the folder is not there). */
export function evolveCases(root = EVOLVE_ROOT): EvolveCase[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && ['before.yaml', 'after.yaml', 'seed.sql', 'check.sql', 'options.json'].every((f) => existsSync(join(root, e.name, f))))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      const options = JSON.parse(read('options.json')) as { kinds?: string[]; note?: string };
      return {
        name,
        dir,
        before: read('before.yaml'),
        after: read('after.yaml'),
        seed: read('seed.sql'),
        check: read('check.sql'),
        ...(existsSync(join(dir, 'setup.sql')) ? { setup: read('setup.sql') } : {}),
        ...(existsSync(join(dir, 'expected.check.json')) ? { expectedRows: JSON.parse(read('expected.check.json')) as unknown } : {}),
        kinds: options.kinds ?? [],
        ...(options.note ? { note: options.note } : {}),
      };
    });
}

const spent = new Map<string, number>();

/** Adds the time since `started` (performance.now()) to the engine's total, for `printTimes`. */
export function noteTime(engine: string, started: number): void {
  spent.set(engine, (spent.get(engine) ?? 0) + performance.now() - started);
}

export function printTimes(file: string): void {
  console.log(`${file}: time per engine: ${[...spent].map(([e, ms]) => `${e} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
}
