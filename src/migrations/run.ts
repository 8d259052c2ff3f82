/**
 * Running migration files against one schema (the ordinary part, or one tenant schema):
 * `migrateSchema` runs the pending up sections, `rollbackSchema` the down sections of the
 * latest applied ones. A tenant runner calls them once per tenant schema.
 *
 * Under pgdecl's advisory lock (the one `apply` takes: a second run waits, then finds
 * nothing pending), after checking that the folder matches its sum and that no applied file
 * changed since it ran. Each file runs in its own transaction with its tracking row, unless
 * it is marked `-- pgdecl:no-transaction` (then statement by statement, the row last).
 * Every pending file is parsed before the first one runs. A failure stops the run and is
 * reported with the file, line and statement (STYLE 15: a result per file, not a throw).
 */
import type { Target } from '../targets/target.js';
import { databaseErrorInfo, type DatabaseErrorInfo } from '../targets/target.js';
import { acquireLock, releaseLock, type LockHolder } from '../apply/lock.js';
import { adviceFor } from '../apply/apply.js';
import { PgdeclError } from '../model/diagnostic.js';
import { ident } from '../sql/quote.js';
import { readFolder, type MigrationFolder } from './folder.js';
import { loadParser, splitStatements, type MigrationFile, type SqlStatement } from './parse-migration.js';
import { forTenantSchema, tenantSearchPath } from './parts.js';
import { checksum } from './sum.js';
import { appliedMigrations, ensureTracking, forgetApplied, recordApplied, type AppliedMigration } from './tracking.js';
import { VERSION_PATTERN } from './version.js';

export interface RunOptions {
  /** A tenant schema: `"$tenant"` in the files becomes it, and it is the tracking scope. Undefined: the ordinary migrations. */
  readonly schema?: string;
  /** The caller already holds pgdecl's advisory lock (a tenant fan-out). */
  readonly locked?: boolean;
  readonly onEvent?: (e: RunEvent) => void;
  /** List what would run; run nothing. */
  readonly dryRun?: boolean;
}

export interface MigrateOptions extends RunOptions {
  /** Run pending migrations up to and including this version. */
  readonly to?: string;
  /** Run at most this many pending migrations. */
  readonly step?: number;
}

export interface RollbackOptions extends RunOptions {
  /** Roll back this many applied migrations, the latest first (default 1). */
  readonly step?: number;
  /** Roll back every applied migration from the latest down to this version, included. */
  readonly to?: string;
}

export type RunEvent =
  | { readonly type: 'waiting-for-lock'; readonly holder?: LockHolder }
  | { readonly type: 'selected'; readonly direction: 'up' | 'down'; readonly migrations: readonly MigrationFile[] }
  | { readonly type: 'start'; readonly migration: MigrationFile; readonly index: number; readonly total: number }
  | { readonly type: 'done'; readonly migration: MigrationFile; readonly ms: number };

export interface FileResult {
  readonly version: string;
  readonly name: string;
  readonly status: 'applied' | 'rolled_back' | 'failed' | 'skipped';
  readonly ms: number;
}

export interface RunFailure {
  readonly migration: MigrationFile;
  readonly statement: string;
  /** 1-based line of the statement in the file. */
  readonly line: number;
  readonly error: DatabaseErrorInfo;
  readonly hint?: string;
  /** Whether the file's changes were rolled back (false for a no-transaction file: earlier statements stay). */
  readonly rolledBack: boolean;
}

export interface RunResult {
  /** '' for the ordinary migrations, else the tenant schema. */
  readonly scope: string;
  readonly direction: 'up' | 'down';
  /** The files selected, in the order they run (or would run, with dryRun). */
  readonly selected: readonly MigrationFile[];
  readonly results: readonly FileResult[];
  readonly failure?: RunFailure;
}

function integrityError(message: string, suggestion: string): PgdeclError {
  return new PgdeclError({ code: 'migration_modified', severity: 'error', message, suggestion });
}

/** Refuses when an applied migration's file is gone or differs from what ran. */
export function checkApplied(folder: MigrationFolder, applied: readonly AppliedMigration[], scope: string): void {
  const byVersion = new Map(folder.migrations.map((m) => [m.version, m]));
  const where = scope ? ` to schema ${scope}` : '';
  for (const a of applied) {
    const m = byVersion.get(a.version);
    if (!m) {
      throw integrityError(
        `migration ${a.version}_${a.name} was applied${where} but its file is not in ${folder.shown}`,
        'restore the file from version control (git checkout), or switch to the branch that has it and roll it back there with `pgdecl rollback`',
      );
    }
    if (checksum(m.content) !== a.checksum) {
      throw integrityError(
        `${folder.shown}/${m.file} was changed after it was applied${where} (${a.appliedAt}): its checksum is not the one recorded`,
        `an applied migration must stay as it ran: restore it (git checkout -- ${folder.shown}/${m.file}) and put the change in a new migration (\`pgdecl generate NAME\`)`,
      );
    }
  }
}

async function withLock<T>(target: Target, options: RunOptions, body: () => Promise<T>): Promise<T> {
  if (options.locked) return body();
  await acquireLock(target, (holder) => options.onEvent?.({ type: 'waiting-for-lock', ...(holder ? { holder } : {}) }));
  try {
    return await body();
  } finally {
    await releaseLock(target).catch(() => {});
  }
}

function folderOf(folder: string | MigrationFolder): MigrationFolder {
  return typeof folder === 'string' ? readFolder(folder, folder) : folder;
}

/** The statements of a file's section, for a scope, parsed before anything runs. */
function statementsOf(m: MigrationFile, which: 'up' | 'down', folder: MigrationFolder, schema: string | undefined): SqlStatement[] {
  const list = splitStatements(m, which, `${folder.shown}/${m.file}`);
  return schema === undefined ? list : list.map((s) => ({ ...s, sql: forTenantSchema(s.sql, schema) }));
}

async function runFile(target: Target, m: MigrationFile, statements: readonly SqlStatement[], schema: string | undefined, after: () => Promise<void>): Promise<Omit<RunFailure, 'migration'> | undefined> {
  const fail = (s: SqlStatement, e: unknown, rolledBack: boolean) => {
    const error = databaseErrorInfo(e);
    const hint = adviceFor(error);
    return { statement: s.sql, line: s.line, error, ...(hint ? { hint } : {}), rolledBack };
  };
  if (m.noTransaction) {
    if (schema !== undefined) await target.exec(tenantSearchPath(schema, false));
    try {
      for (const s of statements) {
        try {
          await target.exec(s.sql);
        } catch (e) {
          return fail(s, e, false);
        }
      }
      await after();
      return undefined;
    } finally {
      if (schema !== undefined) await target.exec('RESET search_path').catch(() => {});
    }
  }
  await target.exec('BEGIN');
  try {
    if (schema !== undefined) await target.exec(tenantSearchPath(schema, true));
    for (const s of statements) {
      try {
        await target.exec(s.sql);
      } catch (e) {
        await target.exec('ROLLBACK').catch(() => {});
        return fail(s, e, true);
      }
    }
    await after();
    await target.exec('COMMIT');
    return undefined;
  } catch (e) {
    await target.exec('ROLLBACK').catch(() => {});
    throw e;
  }
}

async function runAll(
  target: Target,
  folder: MigrationFolder,
  selected: readonly MigrationFile[],
  direction: 'up' | 'down',
  options: RunOptions,
): Promise<RunResult> {
  const scope = options.schema ?? '';
  options.onEvent?.({ type: 'selected', direction, migrations: selected });
  const parsed = selected.map((m) => statementsOf(m, direction, folder, options.schema));
  if (options.dryRun || selected.length === 0) return { scope, direction, selected, results: selected.map((m) => ({ version: m.version, name: m.name, status: 'skipped', ms: 0 })) };
  if (options.schema !== undefined && direction === 'up') await target.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(options.schema)}`);
  const results: FileResult[] = [];
  for (const [i, m] of selected.entries()) {
    options.onEvent?.({ type: 'start', migration: m, index: i + 1, total: selected.length });
    const t0 = performance.now();
    const after = direction === 'up' ? () => recordApplied(target, scope, m, checksum(m.content), performance.now() - t0) : () => forgetApplied(target, scope, m.version);
    const failure = await runFile(target, m, parsed[i]!, options.schema, after);
    const ms = performance.now() - t0;
    if (failure) {
      results.push({ version: m.version, name: m.name, status: 'failed', ms });
      for (const rest of selected.slice(i + 1)) results.push({ version: rest.version, name: rest.name, status: 'skipped', ms: 0 });
      return { scope, direction, selected, results, failure: { migration: m, ...failure } };
    }
    results.push({ version: m.version, name: m.name, status: direction === 'up' ? 'applied' : 'rolled_back', ms });
    options.onEvent?.({ type: 'done', migration: m, ms });
  }
  return { scope, direction, selected, results };
}

function checkVersion(what: string, v: string | undefined): void {
  if (v !== undefined && !VERSION_PATTERN.test(v)) throw new PgdeclError({ code: 'migration_version_invalid', severity: 'error', message: `${what} ${v} is not a migration version`, suggestion: 'a version is the 14 digits that start a migration file name, e.g. 20260101120000' });
}

/** Runs the pending migrations of `folder` (a path, or a folder already read). */
export async function migrateSchema(target: Target, folder: string | MigrationFolder, options: MigrateOptions = {}): Promise<RunResult> {
  checkVersion('--to', options.to);
  const f = folderOf(folder);
  await loadParser();
  const scope = options.schema ?? '';
  return withLock(target, options, async () => {
    if (!options.dryRun) await ensureTracking(target);
    const applied = await appliedMigrations(target, scope);
    checkApplied(f, applied, scope);
    const done = new Set(applied.map((a) => a.version));
    let pending = f.migrations.filter((m) => !done.has(m.version));
    if (options.to !== undefined) pending = pending.filter((m) => m.version <= options.to!);
    if (options.step !== undefined) pending = pending.slice(0, Math.max(0, options.step));
    return runAll(target, f, pending, 'up', options);
  });
}

/** Rolls back the latest applied migrations of `folder`, each with its down section. */
export async function rollbackSchema(target: Target, folder: string | MigrationFolder, options: RollbackOptions = {}): Promise<RunResult> {
  checkVersion('--to', options.to);
  const f = folderOf(folder);
  await loadParser();
  const scope = options.schema ?? '';
  return withLock(target, options, async () => {
    const applied = await appliedMigrations(target, scope);
    checkApplied(f, applied, scope);
    const latestFirst = [...applied].reverse();
    const chosen = options.to !== undefined ? latestFirst.filter((a) => a.version >= options.to!) : latestFirst.slice(0, Math.max(0, options.step ?? 1));
    const byVersion = new Map(f.migrations.map((m) => [m.version, m]));
    return runAll(target, f, chosen.map((a) => byVersion.get(a.version)!), 'down', options);
  });
}

/** Rolls back exactly these versions where applied (latest first): the dev migrations a named generate replaces. */
export async function rollbackVersions(target: Target, folder: MigrationFolder, versions: ReadonlySet<string>, options: RunOptions = {}): Promise<RunResult> {
  await loadParser();
  const scope = options.schema ?? '';
  return withLock(target, options, async () => {
    const applied = (await appliedMigrations(target, scope)).filter((a) => versions.has(a.version));
    const byVersion = new Map(folder.migrations.map((m) => [m.version, m]));
    const chosen = [...applied].reverse().flatMap((a) => (byVersion.has(a.version) ? [byVersion.get(a.version)!] : []));
    return runAll(target, folder, chosen, 'down', options);
  });
}
