/**
 * `pgdecl rollback [paths…] [--step N | --to VERSION] [--db URL] [--dir migrations]`: runs the
 * down sections of the latest applied migrations, latest first, each in its own transaction
 * (unless the file is marked `-- pgdecl:no-transaction`), and removes their tracking rows.
 */
import { flag, type Handler } from '../command.js';
import { UsageError } from '../parse.js';
import { EXIT } from '../exit-codes.js';
import { appliedMigrations } from '../../migrations/tracking.js';
import { rollbackSchema } from '../../migrations/run.js';
import { loadFleet } from '../fleet-load.js';
import { openRun, progress, reportRunFailure, writeRunJson } from './migrate.js';

export const run: Handler = async (args, ctx) => {
  const fleet = await loadFleet(args, ctx, 'optional');
  if (fleet) return (await import('../fleet-commands.js')).migrateFleetCommand(args, ctx, fleet, 'down');
  if (flag(args, 'tenants')) {
    if (flag(args, 'dry-run')) throw new UsageError('--dry-run is not available with --tenants: see what each tenant has applied with `pgdecl status --tenants`');
    const { migrateTenantsCommand } = await import('../migrate-tenants.js');
    return migrateTenantsCommand(args, ctx, 'down');
  }
  const { folder, target, label, step, to, dryRun, json } = await openRun(args, ctx);
  const { io, out: c } = ctx;
  try {
    const t0 = performance.now();
    const r = await rollbackSchema(target, folder, { ...(step !== undefined ? { step } : {}), ...(to !== undefined ? { to } : {}), dryRun, onEvent: progress(ctx, folder, json) });
    if (r.failure) {
      const code = reportRunFailure(r, folder, ctx);
      return json ? writeRunJson(ctx, r, { target: label, folder, dryRun }) : code;
    }
    if (json) {
      const left = dryRun ? [] : await appliedMigrations(target, '');
      const last = left[left.length - 1];
      return writeRunJson(ctx, r, { target: label, folder, dryRun, now: dryRun ? undefined : last ? `${last.version}_${last.name}` : null });
    }
    if (r.selected.length === 0) {
      io.stdout.write(to !== undefined ? `No applied migration from ${to} on: nothing to roll back.\n` : 'No applied migrations: nothing to roll back.\n');
      return EXIT.ok;
    }
    const left = dryRun ? [] : await appliedMigrations(target, '');
    const now = left.length ? `the database is now at ${left[left.length - 1]!.version}_${left[left.length - 1]!.name}` : 'no migration is applied now';
    if (dryRun) io.stdout.write(`Dry run: ${r.selected.length} migration${r.selected.length > 1 ? 's' : ''} would be rolled back; nothing was changed.\n`);
    else io.stdout.write(`\n${c.green('✓')} Rolled back ${r.selected.length} migration${r.selected.length > 1 ? 's' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${now}.\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
};
