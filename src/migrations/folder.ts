/**
 * A migrations folder on disk:
 *
 *   <dir>/<version>_<name>.sql          migration files (./parse-migration.ts)
 *   <dir>/snapshots/<id>_<name>.json    snapshots (./snapshot.ts)
 *   <dir>/pgdecl.sum                    the integrity sum over both (./sum.ts)
 *
 * Reading validates every file (names, sections, snapshots and their chain) and, unless
 * asked not to, checks the sum: a folder that does not match it is refused before anything
 * is generated, migrated or rolled back.
 */
import { makeDirs } from '../util/make-dirs.js';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compare } from '../ir/canonical.js';
import { PgdeclError } from '../model/diagnostic.js';
import { parseMigration, type MigrationFile } from './parse-migration.js';
import { checkChain, isDevSnapshot, parseSnapshot, type Snapshot, type SnapshotFile } from './snapshot.js';
import { renderSum, SUM_FILE, verifySum, type FolderFile } from './sum.js';

export const SNAPSHOTS_DIR = 'snapshots';

export interface MigrationFolder {
  /** Absolute path. */
  readonly dir: string;
  /** As the user names it, for messages (`migrations`, `migrations/tenants`). */
  readonly shown: string;
  /** In version order. */
  readonly migrations: readonly MigrationFile[];
  /** In id order. */
  readonly snapshots: readonly SnapshotFile[];
  /** Every file the sum covers. */
  readonly files: readonly FolderFile[];
  readonly sumText?: string;
}

export interface ReadOptions {
  /** Check pgdecl.sum (default true). */
  readonly verify?: boolean;
}

function filesOf(dir: string, sub: string, ext: string): FolderFile[] {
  const at = sub ? join(dir, sub) : dir;
  if (!existsSync(at)) return [];
  return readdirSync(at)
    .filter((n) => n.endsWith(ext) && statSync(join(at, n)).isFile())
    .sort(compare)
    .map((n) => ({ path: sub ? `${sub}/${n}` : n, content: readFileSync(join(at, n), 'utf8') }));
}

export function readFolder(dir: string, shown: string, options: ReadOptions = {}): MigrationFolder {
  const sql = filesOf(dir, '', '.sql');
  const json = filesOf(dir, SNAPSHOTS_DIR, '.json');
  const files = [...sql, ...json];
  const sumPath = join(dir, SUM_FILE);
  const sumText = existsSync(sumPath) ? readFileSync(sumPath, 'utf8') : undefined;
  if (options.verify !== false) verifySum(shown, sumText, files);
  const migrations = sql.map((f) => parseMigration(f.path, f.content, `${shown}/${f.path}`)).sort((a, b) => compare(a.version, b.version));
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new PgdeclError({
        code: 'migration_invalid',
        severity: 'error',
        message: `${shown}/${migrations[i - 1]!.file} and ${shown}/${migrations[i]!.file} have the same version`,
        suggestion: 'versions order the migrations: give one of them a later version (rename the file), then run `pgdecl generate --rehash`',
      });
    }
  }
  const snapshots = json.map((f) => ({ file: f.path.slice(SNAPSHOTS_DIR.length + 1), snapshot: parseSnapshot(`${shown}/${f.path}`, f.content) })).sort((a, b) => compare(a.snapshot.id, b.snapshot.id));
  checkChain(`${shown}/${SNAPSHOTS_DIR}`, snapshots);
  return { dir, shown, migrations, snapshots, files, ...(sumText !== undefined ? { sumText } : {}) };
}

/** The latest snapshot, or the latest that is not a dev snapshot. */
export function latestSnapshot(folder: MigrationFolder, options: { skipDev?: boolean } = {}): Snapshot | undefined {
  const list = options.skipDev ? folder.snapshots.filter((s) => !isDevSnapshot(s.snapshot)) : folder.snapshots;
  return list[list.length - 1]?.snapshot;
}

/** Every version the folder uses (migrations and snapshots). */
export function usedVersions(folder: MigrationFolder): string[] {
  return [...folder.migrations.map((m) => m.version), ...folder.snapshots.map((s) => s.snapshot.id)];
}

export interface FolderEdit {
  /** Paths relative to the folder, and their new content. */
  readonly write: readonly FolderFile[];
  /** Paths relative to the folder to remove. */
  readonly remove: readonly string[];
}

/** Writes and removes files, then rewrites pgdecl.sum over what the folder now holds. */
export function applyFolderEdit(dir: string, edit: FolderEdit): void {
  for (const p of edit.remove) rmSync(join(dir, p), { force: true });
  for (const f of edit.write) {
    makeDirs(dirname(join(dir, f.path)));
    writeFileSync(join(dir, f.path), f.content);
  }
  rewriteSum(dir);
}

/** Writes pgdecl.sum for the folder as it is (`generate --rehash`); removes it when the folder is empty. */
export function rewriteSum(dir: string): string | undefined {
  const files = [...filesOf(dir, '', '.sql'), ...filesOf(dir, SNAPSHOTS_DIR, '.json')];
  const path = join(dir, SUM_FILE);
  if (files.length === 0) {
    rmSync(path, { force: true });
    return undefined;
  }
  const text = renderSum(files);
  writeFileSync(path, text);
  return text;
}
