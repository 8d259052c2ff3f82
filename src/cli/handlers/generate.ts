/**
 * `pgdecl generate NAME [paths…] [--dev] [--check] [--dry-run] [--snapshots-only] [--rehash]
 * [--dir migrations] [--pg-version N] [--assume-no-renames]`: versioned migrations from the
 * difference between the last snapshot and the files (no database needed, except to roll
 * back dev migrations). See docs/migrations.md.
 *
 * Drops and adds that look like renames are asked about on a terminal; a yes is written to
 * the files as `renamed_from`. Without a terminal, generate stops and says where to add it.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { flag, str, type CommandContext, type Handler, type ParsedArgs } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { inputPaths } from '../inputs.js';
import { interactive } from '../io.js';
import { printDiagnostics } from '../diagnostics.js';
import { UsageError } from '../parse.js';
import { version } from '../main.js';
import { pgVersionOption } from './compile.js';
import { migrationsDir, migrationTargetSpec, openMigrationTarget, progress, reportRunFailure, type MigrationsDir } from './migrate.js';
import { offlineChecks } from '../../compile/offline-checks.js';
import { loadProjectOrThrow } from '../../validate/project.js';
import { compileProject, type CompileResult } from '../../compile/index.js';
import { withTenantProvisioningForMigrations } from '../../tenants/provision.js';
import { renamesFromProject, type Renames } from '../../diff/renames.js';
import { PgdeclError, type Diagnostic } from '../../model/diagnostic.js';
import type { Project } from '../../model/resource.js';
import type { SourceIndex } from '../../model/source.js';
import { formatPlanText } from '../../render/plan-text.js';
import { applyFolderEdit, readFolder, rewriteSum } from '../../migrations/folder.js';
import { lintWritten } from '../lint-written.js';
import { diffParts, hasDevFiles, readParts, renderParts, type PartDiff, type PartFolder } from '../../migrations/generate.js';
import { rollBackDevMigrations } from '../../migrations/dev.js';
import { questionKey, renameQuestions, type RenameQuestion } from '../../migrations/rename-questions.js';
import { recordRenamedFrom } from '../../migrations/record-rename.js';
import { DEV_NAME, nameProblem } from '../../migrations/version.js';
import { SUM_FILE } from '../../migrations/sum.js';
import { PARTS, partDir, shownPartDir } from '../../migrations/parts.js';
import { interruptNote } from '../interrupt.js';

interface Loaded {
  readonly project: Project;
  readonly sources: SourceIndex;
  readonly compiled: CompileResult;
  readonly files: readonly string[];
}

async function load(paths: readonly string[], args: ParsedArgs, ctx: CommandContext, quiet = false): Promise<Loaded> {
  const { project, sources, warnings } = await loadProjectOrThrow(paths, { env: ctx.io.env, cwd: ctx.io.cwd, check: offlineChecks({ full: false }) });
  const pgVersion = pgVersionOption(args);
  const repo = str(args, 'repo');
  const result = await compileProject(project, { ...(pgVersion !== undefined ? { pgVersion } : {}), ...(repo ? { repo } : {}) });
  if (result.diagnostics.some((d) => d.severity === 'error')) throw new PgdeclError(result.diagnostics, sources);
  const serverVersion = pgVersion === undefined ? 140000 : pgVersion < 1000 ? pgVersion * 10000 : pgVersion;
  let compiled: CompileResult;
  try {
    compiled = { ...result, ...withTenantProvisioningForMigrations(result.catalog, result.origins, project, serverVersion, repo) };
  } catch (e) {
    throw e instanceof PgdeclError ? new PgdeclError(e.diagnostics, sources) : e;
  }
  const shown = [...warnings, ...compiled.diagnostics];
  if (shown.length && !quiet) printDiagnostics(shown, sources, ctx);
  const files = project.files.map((f) => (isAbsolute(f) ? relative(ctx.io.cwd, f) || f : f));
  return { project, sources, compiled, files };
}

/** One line of stdin per question, from one reader for the whole run. */
function lineReader(ctx: CommandContext): () => Promise<string> {
  const rl = createInterface({ input: ctx.io.stdin!, terminal: false });
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()!(l) : lines.push(l)));
  rl.on('close', () => {
    closed = true;
    while (waiting.length) waiting.shift()!('');
  });
  return () => (lines.length ? Promise.resolve(lines.shift()!) : closed ? Promise.resolve('') : new Promise((res) => waiting.push(res)));
}

function unconfirmed(q: RenameQuestion): Diagnostic {
  const hint = q.kind === 'column' ? `\`renamed_from: ${q.from}\` to this attribute` : `\`renamed_from: ${q.value}\` to the postgres block of this resource`;
  return {
    code: 'rename_unconfirmed',
    severity: 'error',
    message: `${q.situation}: is it a rename? pgdecl asks only on a terminal`,
    suggestion: `if it is a rename, add ${hint} (the data is kept); if not, run again with --assume-no-renames (the old ${q.kind} is dropped with its data)`,
    src: q.kind === 'column' ? q.src : { ...q.src, pointer: `${q.src.pointer}/postgres` },
  };
}

/**
 * Asks about drops and adds that look like renames until none is left unanswered; a yes is
 * written to the files, which are then read again. Returns the state after the answers, or
 * an exit code.
 */
async function settleRenames(state: { loaded: Loaded; renames: Renames; diffs: PartDiff[] }, again: (l: Loaded, r: Renames) => PartDiff[], reload: () => Promise<Loaded>, args: ParsedArgs, ctx: CommandContext): Promise<number | undefined> {
  const answered = new Set<string>();
  let read: (() => Promise<string>) | undefined;
  for (;;) {
    const seen = new Set<string>();
    const open = state.diffs
      .flatMap((d) => renameQuestions(d.changes, state.loaded.project, state.loaded.compiled.origins))
      .filter((q) => !answered.has(questionKey(q)) && !seen.has(questionKey(q)) && seen.add(questionKey(q)));
    if (open.length === 0 || flag(args, 'assume-no-renames')) return undefined;
    if (!interactive(ctx.io)) {
      printDiagnostics(open.map(unconfirmed), state.loaded.sources, ctx);
      ctx.io.stderr.write('\nNothing was written.\n');
      return EXIT.error;
    }
    read ??= lineReader(ctx);
    let recorded = false;
    for (const q of open) {
      ctx.io.stderr.write(`${q.question} [y/N] `);
      const answer = (await read()).trim().toLowerCase();
      answered.add(questionKey(q));
      if (answer !== 'y' && answer !== 'yes') continue;
      const at = recordRenamedFrom(ctx.io.cwd, q.src, q.kind === 'column' ? q.from : q.value, q.kind === 'column' ? 'attribute' : 'resource');
      ctx.io.stderr.write(`${ctx.err.green('✓')} recorded \`renamed_from: ${q.kind === 'column' ? q.from : q.value}\` in ${at.file}:${at.line}\n`);
      interruptNote(`no migration was written; the renamed_from answers are recorded in the resource files (${at.file}:${at.line} the latest)`);
      recorded = true;
      // The other questions about these two may no longer stand: diff again first.
      break;
    }
    if (!recorded) return undefined;
    state.loaded = await reload();
    state.renames = renamesFromProject(state.loaded.project);
    state.diffs = again(state.loaded, state.renames);
  }
}

function printPending(diffs: readonly PartDiff[], ctx: CommandContext): void {
  for (const d of diffs) {
    if (d.changes.length === 0) continue;
    const base = d.base ? `${d.folder.shown}/snapshots/${d.base.id}_${d.base.name}.json` : 'no snapshot yet';
    ctx.io.stdout.write(`${ctx.out.bold(`${d.part.name === 'tenant' ? 'Tenant migrations' : 'Migrations'} in ${d.folder.shown}`)} ${ctx.out.dim(`(from ${base})`)}:\n\n`);
    ctx.io.stdout.write(formatPlanText(d.plan, ctx.out) + '\n');
  }
}

/** Named generate after --dev ones: roll back what a database ran of them. */
async function rollBackDev(parts: readonly PartFolder[], dir: MigrationsDir, loaded: Loaded, args: ParsedArgs, ctx: CommandContext): Promise<number | undefined> {
  const spec = await migrationTargetSpec(args, ctx, loaded.project);
  if (spec.kind === 'pglite' && spec.location !== 'memory' && !existsSync(spec.location)) return undefined;
  const target = await openMigrationTarget(spec, dir);
  try {
    const results = await rollBackDevMigrations(target, parts, (e) => {
      if (e.type === 'selected' && e.migrations.length) (flag(args, 'json') ? ctx.io.stderr : ctx.io.stdout).write(`Rolling back dev migrations on ${spec.label}:\n`);
      else if (e.type !== 'selected') progress(ctx, parts[0]!.folder)(e);
    });
    const failed = results.find((r) => r.failure);
    if (failed) {
      const folder = parts.find((p) => failed.selected.some((m) => p.folder.migrations.includes(m)))?.folder ?? parts[0]!.folder;
      reportRunFailure(failed, folder, ctx);
      ctx.io.stderr.write('The dev migrations and their snapshots were kept; nothing was written.\n');
      return EXIT.error;
    }
    return undefined;
  } finally {
    await target.close();
  }
}

function rehash(dir: MigrationsDir, ctx: CommandContext, json: boolean): number {
  const written: string[] = [];
  for (const part of PARTS) {
    const at = partDir(dir.root, part);
    const shown = shownPartDir(dir.shown, part);
    if (!existsSync(at)) continue;
    readFolder(at, shown, { verify: false });
    const text = rewriteSum(at);
    if (text !== undefined) written.push(`${shown}/${SUM_FILE}`);
    if (!json) ctx.io.stdout.write(text === undefined ? `${shown} holds no migrations: no ${SUM_FILE}\n` : `${ctx.out.green('✓')} wrote ${shown}/${SUM_FILE} (${text.split('\n').length - 2} files)\n`);
  }
  if (json) writeJson(ctx, { mode: 'rehash', upToDate: true, parts: [], written, removed: [] });
  return EXIT.ok;
}

/** `generate --json` (README: "Migrations as JSON"). */
interface GenerateJson {
  readonly mode: 'write' | 'dry-run' | 'check' | 'rehash';
  /** True when the migrations already hold every change of the files. */
  readonly upToDate: boolean;
  readonly parts: readonly { readonly part: string; readonly dir: string; readonly steps: readonly { readonly id: number; readonly summary: string; readonly hazards: readonly string[] }[] }[];
  /** Files written (with --dry-run: that would be written, with their content). */
  readonly written: readonly (string | { readonly path: string; readonly content: string })[];
  readonly removed: readonly string[];
}

function writeJson(ctx: CommandContext, doc: GenerateJson): void {
  ctx.io.stdout.write(JSON.stringify({ formatVersion: 1, ...doc }, null, 2) + '\n');
}

function partsJson(diffs: readonly PartDiff[]): GenerateJson['parts'] {
  return diffs.filter((d) => d.changes.length).map((d) => ({ part: d.part.name, dir: d.folder.shown, steps: d.plan.steps.map((s) => ({ id: s.id, summary: s.summary, hazards: s.hazards })) }));
}

export const run: Handler = async (args, ctx) => {
  const dev = flag(args, 'dev');
  const check = flag(args, 'check');
  const dryRun = flag(args, 'dry-run');
  const snapshotsOnly = flag(args, 'snapshots-only');
  if (check && (dev || dryRun || snapshotsOnly || flag(args, 'rehash'))) throw new UsageError('--check only compares: it cannot be combined with --dev, --dry-run, --snapshots-only or --rehash');
  if (dev && snapshotsOnly) throw new UsageError('choose one of --dev and --snapshots-only');
  const json = flag(args, 'json');
  const dir = migrationsDir(args, ctx);
  if (flag(args, 'rehash')) return rehash(dir, ctx, json);
  const named = !dev && !check;
  const name = dev ? DEV_NAME : named ? args.positionals[0] : undefined;
  if (named) {
    const problem = nameProblem(name ?? '');
    if (problem) throw new UsageError(name === undefined ? `${problem} (or --dev, --check)` : problem);
  }
  const paths = inputPaths(named ? args.positionals.slice(1) : args.positionals, ctx.io.cwd);
  const pgVersion = pgVersionOption(args);
  let loaded = await load(paths, args, ctx);
  const parts = readParts(dir.root, dir.shown);
  const squashDev = named && hasDevFiles(parts);
  const again = (l: Loaded, renames: Renames) => diffParts(parts, l.compiled.catalog, { renames, squashDev, ...(pgVersion !== undefined ? { pgVersion } : {}), ...(flag(args, 'online') ? { online: true } : {}) });
  const state = { loaded, renames: renamesFromProject(loaded.project), diffs: [] as PartDiff[] };
  state.diffs = again(loaded, state.renames);

  if (check) {
    const upToDate = state.diffs.every((d) => d.changes.length === 0);
    if (json) {
      writeJson(ctx, { mode: 'check', upToDate, parts: partsJson(state.diffs), written: [], removed: [] });
      return upToDate ? EXIT.ok : EXIT.changes;
    }
    if (upToDate) {
      ctx.io.stdout.write('The migrations match the files.\n');
      return EXIT.ok;
    }
    ctx.io.stdout.write('The files have changes no migration holds yet:\n\n');
    printPending(state.diffs, ctx);
    ctx.io.stdout.write('Write a migration for them with `pgdecl generate NAME`.\n');
    return EXIT.changes;
  }

  if (dryRun) {
    const questions = state.diffs.flatMap((d) => renameQuestions(d.changes, loaded.project, loaded.compiled.origins));
    for (const q of [...new Map(questions.map((x) => [questionKey(x), x])).values()]) ctx.io.stderr.write(`${ctx.err.yellow('note:')} generate would ask: ${q.question}\n`);
  } else {
    const code = await settleRenames(state, again, () => load(paths, args, ctx, true), args, ctx);
    if (code !== undefined) return code;
    loaded = state.loaded;
  }

  if (squashDev && snapshotsOnly) throw new UsageError('dev migrations are in the folder: replace them with a named `pgdecl generate NAME` first, then use --snapshots-only');
  if (squashDev && dryRun && !json) ctx.io.stdout.write('Would roll back the dev migrations the database ran, then replace them:\n');
  if (squashDev && !dryRun) {
    const code = await rollBackDev(parts, dir, loaded, args, ctx);
    if (code !== undefined) return code;
  }
  const outputs = renderParts(state.diffs, {
    name: name!,
    now: new Date(),
    pgdecl: version(),
    files: loaded.files,
    snapshotsOnly,
    origins: loaded.compiled.origins,
    sources: loaded.sources,
    ...(pgVersion !== undefined ? { pgVersion } : {}),
  });
  const touched = outputs.filter((o) => o.edit.write.length || o.edit.remove.length);
  if (json) {
    if (!dryRun) for (const o of touched) applyFolderEdit(o.folder.dir, o.edit);
    const written = touched.flatMap((o) => [
      ...o.edit.write.map((w) => (dryRun ? { path: `${o.folder.shown}/${w.path}`, content: w.content } : `${o.folder.shown}/${w.path}`)),
      ...(dryRun ? [] : [`${o.folder.shown}/${SUM_FILE}`]),
    ]);
    writeJson(ctx, { mode: dryRun ? 'dry-run' : 'write', upToDate: touched.length === 0, parts: partsJson(state.diffs), written, removed: touched.flatMap((o) => o.edit.remove.map((r) => `${o.folder.shown}/${r}`)) });
    return EXIT.ok;
  }
  if (touched.length === 0) {
    ctx.io.stdout.write('No changes: the migrations match the files. Nothing was written.\n');
    return EXIT.ok;
  }
  const { io, out: c } = ctx;
  for (const o of touched) {
    for (const r of o.edit.remove) io.stdout.write(`${dryRun ? 'Would remove' : c.red('removed')} ${o.folder.shown}/${r}\n`);
    if (dryRun) {
      for (const w of o.edit.write) io.stdout.write(`\n${c.bold(`Would write ${o.folder.shown}/${w.path}:`)}\n${w.content}`);
      io.stdout.write(`\nWould rewrite ${o.folder.shown}/${SUM_FILE}.\n`);
      continue;
    }
    applyFolderEdit(o.folder.dir, o.edit);
    for (const w of o.edit.write) io.stdout.write(`${c.green('wrote')} ${o.folder.shown}/${w.path}\n`);
    io.stdout.write(`${c.green('wrote')} ${o.folder.shown}/${SUM_FILE}\n`);
  }
  const lossy = state.diffs.flatMap((d) => (d.changes.length && !snapshotsOnly ? d.plan.steps.filter((st) => st.hazards.includes('data_loss')) : []));
  for (const st of lossy) io.stderr.write(`${ctx.err.yellow('warning:')} [${st.id}] ${st.summary} deletes data when it runs; review it before \`pgdecl migrate\`\n`);
  if (!snapshotsOnly) await lintWritten(touched.flatMap((o) => o.edit.write.map((w) => ({ path: `${o.folder.shown}/${w.path}`, content: w.content }))), ctx);
  if (dryRun) io.stdout.write('\nDry run: nothing was written.\n');
  else if (outputs.every((o) => o.edit.write.length === 0)) io.stdout.write('\nThe dev migrations cancelled out: nothing to write in their place.\n');
  else if (!snapshotsOnly) io.stdout.write(`\nReview the migration, then run it with \`pgdecl migrate\`.\n`);
  return EXIT.ok;
};
