/**
 * `pgdecl migrate [paths…] [--db URL] [--to VERSION] [--step N] [--dry-run] [--dir migrations]`:
 * runs the pending migration files of the ordinary part, each in its own transaction (unless
 * marked `-- pgdecl:no-transaction`), under pgdecl's advisory lock, and records each in
 * pgdecl.schema_migrations. Also the helpers `rollback` and `status` share: which database,
 * how progress and failures are shown.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { str, flag, type CommandContext, type Handler, type ParsedArgs } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { DEFAULT_INPUTS, inputPaths } from '../inputs.js';
import { printDiagnostics } from '../diagnostics.js';
import { targetLine } from '../database.js';
import { UsageError } from '../parse.js';
import { loadProjectOrThrow } from '../../validate/project.js';
import type { Project } from '../../model/resource.js';
import { openTarget, resolveTarget, type TargetSpec } from '../../targets/resolve.js';
import type { Target } from '../../targets/target.js';
import { latestSnapshot, readFolder, type MigrationFolder } from '../../migrations/folder.js';
import { readParts } from '../../migrations/generate.js';
import { migrateSchema, type RunEvent, type RunResult } from '../../migrations/run.js';
import { splitStatements, loadParser } from '../../migrations/parse-migration.js';
import { runJson } from '../../render/migration-json.js';
import { interruptNote } from '../interrupt.js';
import { filesLoadedFor, loadFleet } from '../fleet-load.js';

export interface MigrationsDir {
  /** Absolute. */
  readonly root: string;
  /** As given (`migrations`). */
  readonly shown: string;
}

export function migrationsDir(args: ParsedArgs, ctx: CommandContext): MigrationsDir {
  const shown = (str(args, 'dir') ?? 'migrations').replace(/\/+$/, '') || '.';
  return { root: resolve(ctx.io.cwd, shown), shown };
}

/**
 * Which database: --db, else DATABASE_URL, else the repo's url in the files (read only when
 * needed), else the embedded database. `project` when the caller has loaded the files.
 */
export async function migrationTargetSpec(args: ParsedArgs, ctx: CommandContext, project?: Project): Promise<TargetSpec> {
  const repo = str(args, 'repo') ?? 'default';
  const db = str(args, 'db');
  const base = { db, env: ctx.io.env, repo, cwd: ctx.io.cwd };
  if ((db ?? '').trim() !== '' || (ctx.io.env.DATABASE_URL ?? '').trim() !== '') return resolveTarget(base);
  let p = project ?? filesLoadedFor(args, false)?.project;
  if (!p && (args.positionals.length || DEFAULT_INPUTS.some((f) => existsSync(resolve(ctx.io.cwd, f))))) {
    p = (await loadProjectOrThrow(inputPaths(args.positionals, ctx.io.cwd), { env: ctx.io.env, cwd: ctx.io.cwd })).project;
  }
  return resolveTarget({ ...base, repoUrl: p?.repos.find((r) => r.name === repo)?.url });
}

/** Opens the database; the embedded one with the extensions the migrations create. */
export async function openMigrationTarget(spec: TargetSpec, dir: MigrationsDir): Promise<Target> {
  const extensions = spec.kind === 'pglite' ? readParts(dir.root, dir.shown, { verify: false }).flatMap((p) => latestSnapshot(p.folder)?.catalog.extensions.map((e) => e.name) ?? []) : [];
  return openTarget(spec, extensions);
}

/** The ordinary part's folder, checked against its sum; a clear error when there is none. */
export function ordinaryFolder(dir: MigrationsDir): MigrationFolder {
  if (!existsSync(dir.root)) throw new UsageError(`there is no migrations folder ${dir.shown}: write the first migration with \`pgdecl generate NAME\`, or name the folder with --dir`);
  return readFolder(dir.root, dir.shown);
}

export function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const raw = str(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} needs a whole number of 1 or more, not \`${raw}\``);
  return n;
}

export function waitingLine(ctx: CommandContext, e: Extract<RunEvent, { type: 'waiting-for-lock' }>): void {
  const h = e.holder;
  ctx.io.stderr.write(`${ctx.err.yellow('waiting:')} another pgdecl run holds the lock on this database${h ? ` (pid ${h.pid}, ${h.application || 'unknown application'}${h.client ? ` from ${h.client}` : ''}${h.since ? `, since ${h.since}` : ''})` : ''}; pgdecl waits for it to finish\n`);
}

/** Prints the files selected (not with --json: stdout holds the document), then a progress line per file. */
export function progress(ctx: CommandContext, folder: MigrationFolder, json = false): (e: RunEvent) => void {
  const { io, out: c, err } = ctx;
  const committed: string[] = [];
  let direction: 'up' | 'down' = 'up';
  return (e) => {
    if (e.type === 'done') {
      committed.push(`${e.migration.version}_${e.migration.name}`);
      const n = committed.length;
      interruptNote(
        `${n} migration${n === 1 ? ' is' : 's are'} ${direction === 'up' ? 'applied' : 'rolled back'} and committed (${committed.join(', ')}); the file that was running was rolled back, unless it runs outside a transaction. See where the database stands with \`pgdecl status\`.`,
      );
    }
    if (e.type === 'waiting-for-lock') waitingLine(ctx, e);
    else if (e.type === 'selected') {
      direction = e.direction;
      if (json) return;
      if (e.migrations.length === 0) return;
      const n = e.migrations.length;
      const what = e.direction === 'up' ? `pending migration${n > 1 ? 's' : ''}` : `migration${n > 1 ? 's' : ''} to roll back`;
      io.stdout.write(`${n} ${what} in ${folder.shown}:\n`);
      for (const m of e.migrations) io.stdout.write(`  ${m.version}_${m.name}${m.noTransaction ? c.dim(' (outside a transaction)') : ''}${m.dev ? c.dim(' (dev)') : ''}\n`);
      io.stdout.write('\n');
    } else if (e.type === 'start') io.stderr.write(`${err.dim(`[${e.index}/${e.total}]`)} ${e.migration.version}_${e.migration.name} … `);
    else io.stderr.write(`${err.green('ok')} ${err.dim(`${Math.round(e.ms)} ms`)}\n`);
  };
}

/** A failed file: where, what PostgreSQL said, and what state the database is in. */
export function reportRunFailure(r: RunResult, folder: MigrationFolder, ctx: CommandContext): number {
  const f = r.failure!;
  ctx.io.stderr.write(`${ctx.err.red('failed')}\n\n`);
  const file = `${folder.shown}/${f.migration.file}`;
  printDiagnostics(
    [
      {
        code: 'migration_failed',
        severity: 'error',
        message: `${r.direction === 'up' ? 'migration' : 'rollback of'} ${f.migration.version}_${f.migration.name}${r.scope ? ` (schema ${r.scope})` : ''} failed: ${f.error.message}${f.error.detail ? `\n  detail: ${f.error.detail}` : ''}${f.error.code ? `\n  SQLSTATE ${f.error.code}` : ''}\n  statement: ${f.statement.split('\n').join('\n    ')}`,
        pos: { file, line: f.line, column: 1 },
        ...(f.hint ?? f.error.hint ? { suggestion: f.hint ?? f.error.hint } : {}),
      },
    ],
    undefined,
    ctx,
  );
  const done = r.results.filter((x) => x.status === 'applied' || x.status === 'rolled_back').length;
  const before = done ? `${done} file${done === 1 ? '' : 's'} before it ${r.direction === 'up' ? 'are applied' : 'are rolled back'}. ` : '';
  ctx.io.stderr.write(
    f.rolledBack
      ? `\n${before}${file} ran in a transaction that was rolled back: it left nothing behind. Fix the cause and run the command again.\n`
      : `\n${before}${file} runs outside a transaction: the statements before line ${f.line} stay done and it is not recorded. Undo them by hand (an INVALID index left by CREATE INDEX CONCURRENTLY: DROP INDEX it), then run the command again.\n`,
  );
  return EXIT.error;
}

/** Options that only mean something with --tenants are refused without it. */
export function tenantOnlyOptions(args: ParsedArgs, names: readonly string[] = ['only-tenants', 'except-tenants', 'concurrency']): void {
  const given = names.filter((n) => args.options[n] !== undefined);
  if (given.length) throw new UsageError(`${given.map((n) => `--${n}`).join(' and ')} ${given.length === 1 ? 'needs' : 'need'} --tenants`);
}

/** What `migrate` and `rollback` share: the options, the folder, the database, its line. */
export async function openRun(args: ParsedArgs, ctx: CommandContext) {
  tenantOnlyOptions(args);
  const dir = migrationsDir(args, ctx);
  const step = positiveInt(args, 'step');
  const to = str(args, 'to');
  if (step !== undefined && to !== undefined) throw new UsageError('choose one of --step and --to');
  const folder = ordinaryFolder(dir);
  const spec = await migrationTargetSpec(args, ctx);
  const target = await openMigrationTarget(spec, dir);
  const json = flag(args, 'json');
  try {
    if (!json) ctx.io.stdout.write(`${ctx.out.dim(targetLine(spec, await target.serverVersionNum()))}\n\n`);
  } catch (e) {
    await target.close();
    throw e;
  }
  return { folder, target, label: spec.label, step, to, dryRun: flag(args, 'dry-run'), json };
}

/** The --json document of `migrate` and `rollback` (README: "Migrations as JSON"). */
export function writeRunJson(ctx: CommandContext, r: RunResult, o: { target: string; folder: MigrationFolder; dryRun: boolean; now?: string | null }): number {
  const doc = { formatVersion: 1, target: o.target, dryRun: o.dryRun, ...runJson(r, o.folder.shown), ...(o.now !== undefined ? { now: o.now } : {}) };
  ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  return r.failure ? EXIT.error : EXIT.ok;
}

export const run: Handler = async (args, ctx) => {
  const fleet = await loadFleet(args, ctx, 'optional');
  if (fleet) return (await import('../fleet-commands.js')).migrateFleetCommand(args, ctx, fleet, 'up');
  if (flag(args, 'tenants')) {
    if (flag(args, 'dry-run')) throw new UsageError('--dry-run is not available with --tenants: see what is pending with `pgdecl status --tenants`');
    const { migrateTenantsCommand } = await import('../migrate-tenants.js');
    return migrateTenantsCommand(args, ctx, 'up');
  }
  const { folder, target, label, step, to, dryRun, json } = await openRun(args, ctx);
  const { io, out: c } = ctx;
  try {
    const t0 = performance.now();
    const r = await migrateSchema(target, folder, { ...(step !== undefined ? { step } : {}), ...(to !== undefined ? { to } : {}), dryRun, onEvent: progress(ctx, folder, json) });
    if (r.failure) {
      const code = reportRunFailure(r, folder, ctx);
      return json ? writeRunJson(ctx, r, { target: label, folder, dryRun }) : code;
    }
    if (json) return writeRunJson(ctx, r, { target: label, folder, dryRun });
    if (r.selected.length === 0) {
      io.stdout.write('No pending migrations: the database is up to date.\n');
      return EXIT.ok;
    }
    if (dryRun) {
      await loadParser();
      for (const m of r.selected) {
        io.stdout.write(`${c.bold(`-- ${folder.shown}/${m.file}`)}${m.noTransaction ? ' (statement by statement)' : ' (one transaction)'}\n`);
        for (const s of splitStatements(m, 'up', `${folder.shown}/${m.file}`)) io.stdout.write(`${s.sql};\n\n`);
      }
      io.stdout.write(`Dry run: ${r.selected.length} migration${r.selected.length > 1 ? 's' : ''} would run; nothing was changed.\n`);
      return EXIT.ok;
    }
    io.stdout.write(`\n${c.green('✓')} Applied ${r.selected.length} migration${r.selected.length > 1 ? 's' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s.\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
};
