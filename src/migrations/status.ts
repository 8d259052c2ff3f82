/**
 * Where a database stands against a migrations folder, per migration: applied, pending (in
 * the folder, not run), modified (run, but the file changed since: its checksum differs) or
 * missing (run, but the file is gone). Read-only: takes no lock and creates nothing.
 */
import type { Target } from '../targets/target.js';
import { compare } from '../ir/canonical.js';
import type { MigrationFolder } from './folder.js';
import { checksum, verifySum } from './sum.js';
import { appliedMigrations } from './tracking.js';
import { PgdeclError } from '../model/diagnostic.js';
import { isDevName } from './version.js';

export type MigrationState = 'applied' | 'pending' | 'modified' | 'missing';

export interface MigrationStatus {
  readonly version: string;
  readonly name: string;
  /** Relative to the folder; null when missing. */
  readonly file: string | null;
  readonly state: MigrationState;
  readonly dev: boolean;
  readonly noTransaction: boolean;
  /** When it ran (ISO 8601), for applied, modified and missing. */
  readonly appliedAt: string | null;
  readonly durationMs: number | null;
}

export interface FolderStatus {
  /** '' for the ordinary migrations, else the tenant schema. */
  readonly scope: string;
  readonly dir: string;
  /** Whether the folder matches pgdecl.sum: 'ok', 'mismatch' (with the reason) or 'missing'. */
  readonly sum: { readonly state: 'ok' | 'mismatch' | 'missing'; readonly message?: string };
  readonly migrations: readonly MigrationStatus[];
  readonly counts: Readonly<Record<MigrationState, number>>;
}

function sumState(folder: MigrationFolder): FolderStatus['sum'] {
  if (folder.sumText === undefined) return folder.files.length ? { state: 'missing' } : { state: 'ok' };
  try {
    verifySum(folder.shown, folder.sumText, folder.files);
    return { state: 'ok' };
  } catch (e) {
    if (e instanceof PgdeclError) return { state: 'mismatch', message: e.diagnostics[0]!.message };
    throw e;
  }
}

/**
 * The status of every migration of `folder` on `target`, in version order (`target`
 * undefined: a database that does not exist yet, where nothing is applied). Read the folder
 * with `verify: false`: the sum's state is part of the answer.
 */
export async function migrationStatus(target: Target | undefined, folder: MigrationFolder, options: { schema?: string } = {}): Promise<FolderStatus> {
  const scope = options.schema ?? '';
  const applied = new Map((target ? await appliedMigrations(target, scope) : []).map((a) => [a.version, a]));
  const files = new Map(folder.migrations.map((m) => [m.version, m]));
  const versions = [...new Set([...files.keys(), ...applied.keys()])].sort(compare);
  const migrations = versions.map((v): MigrationStatus => {
    const m = files.get(v);
    const a = applied.get(v);
    const state: MigrationState = !m ? 'missing' : !a ? 'pending' : checksum(m.content) !== a.checksum ? 'modified' : 'applied';
    const name = m?.name ?? a!.name;
    return {
      version: v,
      name,
      file: m?.file ?? null,
      state,
      dev: m?.dev ?? isDevName(name),
      noTransaction: m?.noTransaction ?? false,
      appliedAt: a?.appliedAt ?? null,
      durationMs: a?.durationMs ?? null,
    };
  });
  const counts = { applied: 0, pending: 0, modified: 0, missing: 0 };
  for (const m of migrations) counts[m.state]++;
  return { scope, dir: folder.shown, sum: sumState(folder), migrations, counts };
}
