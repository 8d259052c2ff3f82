/**
 * The dev flow (like `mix ash.codegen --dev`): `generate --dev` writes throw-away
 * `<version>_dev.sql` migrations to try a change on a local database; the next named
 * generate rolls back the dev migrations a database has run (tenant schemas first, then the
 * ordinary part), deletes them and their snapshots, and writes one named migration in their
 * place. This file is the database half; ./generate.ts decides what replaces what.
 */
import type { Target } from '../targets/target.js';
import { acquireLock, releaseLock } from '../apply/lock.js';
import { devFiles, type PartFolder } from './generate.js';
import { rollbackVersions, type RunEvent, type RunResult } from './run.js';
import { appliedMigrations } from './tracking.js';

/**
 * Rolls back, under the advisory lock, every dev migration of `parts` that `target` has run:
 * in each tenant schema that ran tenant dev migrations, then in the ordinary part. Stops at
 * the first failure (the result says which).
 */
export async function rollBackDevMigrations(target: Target, parts: readonly PartFolder[], onEvent?: (e: RunEvent) => void): Promise<RunResult[]> {
  const results: RunResult[] = [];
  await acquireLock(target, (holder) => onEvent?.({ type: 'waiting-for-lock', ...(holder ? { holder } : {}) }));
  try {
    const applied = await appliedMigrations(target);
    const ordered = [...parts].sort((a, b) => (a.part.name === 'tenant' ? -1 : 0) - (b.part.name === 'tenant' ? -1 : 0));
    for (const p of ordered) {
      const versions = new Set(devFiles(p.folder).migrations.map((m) => m.version));
      if (versions.size === 0) continue;
      const scopes = p.part.name === 'tenant' ? [...new Set(applied.filter((a) => a.scope !== '' && versions.has(a.version)).map((a) => a.scope))].sort() : applied.some((a) => a.scope === '' && versions.has(a.version)) ? [''] : [];
      for (const scope of scopes) {
        const r = await rollbackVersions(target, p.folder, versions, { locked: true, ...(scope ? { schema: scope } : {}), ...(onEvent ? { onEvent } : {}) });
        results.push(r);
        if (r.failure) return results;
      }
    }
    return results;
  } finally {
    await releaseLock(target).catch(() => {});
  }
}
