/**
 * `generate` without the terminal: what the migrations already do (the latest snapshot of
 * each part) against what the files compile to now, and the files that record the
 * difference. Works offline: both sides are compiler output, so declared spellings compare
 * equal and no database is needed.
 *
 *   readParts      the two folders (ordinary, tenants), validated against their sums
 *   diffParts      per part: base snapshot → compiled catalog, changes and plan
 *   renderParts    per part: the migration file(s), the snapshot, the dev files replaced
 *
 * A named generate after `--dev` ones starts from the last snapshot that is not a dev
 * snapshot and replaces the dev migrations with one (the caller rolls them back first).
 */
import { existsSync } from 'node:fs';
import type { Catalog } from '../ir/catalog.js';
import { stableStringify } from '../ir/canonical.js';
import type { ObjectKey } from '../ir/keys.js';
import type { SourceIndex, Src } from '../model/source.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/diff.js';
import type { Renames } from '../diff/renames.js';
import { plan as makePlan } from '../plan/plan.js';
import type { Plan } from '../plan/step.js';
import { latestSnapshot, readFolder, SNAPSHOTS_DIR, usedVersions, type FolderEdit, type MigrationFolder } from './folder.js';
import type { MigrationFile } from './parse-migration.js';
import { PARTS, partDir, shownPartDir, type Part } from './parts.js';
import { renderMigration } from './render-migration.js';
import { EMPTY_CATALOG, isDevSnapshot, renderSnapshot, snapshotFileName, SNAPSHOT_FORMAT_VERSION, type Snapshot, type SnapshotFile } from './snapshot.js';
import { CONCURRENT_SUFFIX, DEV_NAME, ENUM_VALUES_SUFFIX, newVersion, nextVersion } from './version.js';
import { commitsFirst } from '../plan/step.js';

export interface PartFolder {
  readonly part: Part;
  readonly folder: MigrationFolder;
}

/** Both parts' folders (a missing folder reads as empty). `verify: false` skips the sums. */
export function readParts(root: string, shownRoot: string, options: { verify?: boolean } = {}): PartFolder[] {
  return PARTS.map((part) => {
    const dir = partDir(root, part);
    const shown = shownPartDir(shownRoot, part);
    const folder: MigrationFolder = existsSync(dir) ? readFolder(dir, shown, options) : { dir, shown, migrations: [], snapshots: [], files: [] };
    return { part, folder };
  });
}

export interface DevFiles {
  readonly migrations: readonly MigrationFile[];
  readonly snapshots: readonly SnapshotFile[];
}

export function devFiles(folder: MigrationFolder): DevFiles {
  return { migrations: folder.migrations.filter((m) => m.dev), snapshots: folder.snapshots.filter((s) => isDevSnapshot(s.snapshot)) };
}

export function hasDevFiles(parts: readonly PartFolder[]): boolean {
  return parts.some((p) => devFiles(p.folder).migrations.length > 0 || devFiles(p.folder).snapshots.length > 0);
}

export interface PartDiff extends PartFolder {
  /** The snapshot the changes start from; undefined when there is none yet. */
  readonly base?: Snapshot;
  readonly desired: Catalog;
  readonly changes: readonly Change[];
  readonly plan: Plan;
  /** Dev migrations and snapshots this generate replaces (named generate after --dev ones). */
  readonly replaces: DevFiles;
}

export interface DiffPartsOptions {
  readonly renames: Renames;
  /** `server_version_num` or major version compiled for; undefined: the lowest version the SQL runs on. */
  readonly pgVersion?: number;
  /** Start from the last snapshot that is not a dev snapshot, replacing the dev files. */
  readonly squashDev: boolean;
  /** Write changes to existing tables online (../plan/online.ts): their steps go to the no-transaction file. */
  readonly online?: boolean;
}

const serverVersion = (v: number | undefined) => (v === undefined ? undefined : v < 1000 ? v * 10000 : v);

/** Per part: what changed since its base snapshot, and the plan for it. */
export function diffParts(parts: readonly PartFolder[], compiled: Catalog, options: DiffPartsOptions): PartDiff[] {
  return parts.map((p) => {
    const base = latestSnapshot(p.folder, { skipDev: options.squashDev });
    // As a snapshot holds it (keys sorted), so both sides of the diff have one spelling.
    const desired = JSON.parse(stableStringify(p.part.select(compiled))) as Catalog;
    const changes = diff(base?.catalog ?? p.part.select(EMPTY_CATALOG), desired, { renames: options.renames });
    const sv = serverVersion(options.pgVersion);
    const plan = makePlan(changes, { scope: p.part.scope, ...(sv !== undefined ? { serverVersion: sv } : {}), ...(options.online ? { online: { tables: 'all' } as const } : {}) });
    const replaces = options.squashDev ? devFiles(p.folder) : { migrations: [], snapshots: [] };
    return { ...p, ...(base ? { base } : {}), desired, changes, plan, replaces };
  });
}

export interface RenderPartsOptions {
  /** The migration name, or DEV_NAME for `--dev`. */
  readonly name: string;
  readonly now: Date;
  readonly pgdecl: string;
  /** The resource files, as the user named them. */
  readonly files: readonly string[];
  readonly pgVersion?: number;
  readonly snapshotsOnly: boolean;
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly sources?: SourceIndex;
}

export interface PartOutput {
  readonly part: Part;
  readonly folder: MigrationFolder;
  readonly edit: FolderEdit;
  /** The migration files written (relative to the folder), in version order. */
  readonly migrations: readonly string[];
  readonly snapshot?: string;
}

/** The files each part's folder gets (empty edits for parts without changes or dev files). */
export function renderParts(diffs: readonly PartDiff[], o: RenderPartsOptions): PartOutput[] {
  const version = newVersion(o.now, diffs.flatMap((d) => usedVersions(d.folder)));
  return diffs.map((d) => {
    const remove = [...d.replaces.migrations.map((m) => m.file), ...d.replaces.snapshots.map((s) => `${SNAPSHOTS_DIR}/${s.file}`)];
    if (d.changes.length === 0) return { part: d.part, folder: d.folder, edit: { write: [], remove }, migrations: [] };
    const write: { path: string; content: string }[] = [];
    const migrations: string[] = [];
    if (!o.snapshotsOnly) {
      // Enum values the plan uses are a migration of their own, before the others (../plan/enum-values-first.ts).
      const first = d.plan.steps.filter((s) => s.transactional && commitsFirst(s));
      const inTx = d.plan.steps.filter((s) => s.transactional && !commitsFirst(s));
      const after = d.plan.steps.filter((s) => !s.transactional);
      const groups = [
        { steps: first, noTransaction: false, suffix: ENUM_VALUES_SUFFIX },
        { steps: inTx, noTransaction: false, suffix: '' },
        { steps: after, noTransaction: true, suffix: CONCURRENT_SUFFIX },
      ].filter((g) => g.steps.length > 0);
      let v = version;
      for (const g of groups) {
        const name = o.name + g.suffix;
        const file = `${v}_${name}.sql`;
        write.push({
          path: file,
          content: renderMigration({
            pgdecl: o.pgdecl,
            version: v,
            name,
            createdAt: o.now.toISOString(),
            files: o.files,
            ...(o.pgVersion !== undefined ? { pgVersion: o.pgVersion } : {}),
            tenant: d.part.name === 'tenant',
            noTransaction: g.noTransaction,
            steps: g.steps,
            origins: o.origins,
            ...(o.sources ? { sources: o.sources } : {}),
          }),
        });
        migrations.push(file);
        v = nextVersion(v);
      }
    }
    const snapshot: Snapshot = {
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      id: version,
      prevId: d.base?.id ?? null,
      createdAt: o.now.toISOString(),
      name: o.name,
      catalog: d.desired,
    };
    const snapshotPath = `${SNAPSHOTS_DIR}/${snapshotFileName(version, o.name)}`;
    write.push({ path: snapshotPath, content: renderSnapshot(snapshot) });
    return { part: d.part, folder: d.folder, edit: { write, remove }, migrations, snapshot: snapshotPath };
  });
}

export { DEV_NAME };
