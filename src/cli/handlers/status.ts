/**
 * `pgdecl status [paths…] [--json] [--db URL] [--dir migrations]`: each migration of the
 * ordinary part as applied, pending, modified (applied, but the file changed since) or
 * missing (applied, but the file is gone), and whether the folder matches pgdecl.sum.
 * Read-only.
 *
 *   --json: {target, dir, scope, sum: {state, message?}, counts: {applied, pending, modified,
 *            missing}, migrations: [{version, name, file, state, dev, noTransaction,
 *            appliedAt, durationMs}]}
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../usage-error.js';
import { loadFleet } from '../fleet-load.js';
import { flag, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { readFolder, type MigrationFolder } from '../../migrations/folder.js';
import { migrationStatus, type MigrationState } from '../../migrations/status.js';
import { migrationsDir, migrationTargetSpec, openMigrationTarget, tenantOnlyOptions } from './migrate.js';

export const run: Handler = async (args, ctx) => {
  const fleet = await loadFleet(args, ctx, 'optional');
  if (fleet) return (await import('../fleet-commands.js')).statusFleetCommand(args, ctx, fleet);
  if (args.options.concurrency !== undefined) throw new UsageError('--concurrency works over a fleet (--db given several times, or a `fleet:` in the repo)');
  if (flag(args, 'tenants')) {
    const { statusTenantsCommand } = await import('../migrate-tenants.js');
    return statusTenantsCommand(args, ctx);
  }
  tenantOnlyOptions(args, ['only-tenants', 'except-tenants']);
  const dir = migrationsDir(args, ctx);
  const folder: MigrationFolder = existsSync(dir.root) ? readFolder(dir.root, dir.shown, { verify: false }) : { dir: dir.root, shown: dir.shown, migrations: [], snapshots: [], files: [] };
  const spec = await migrationTargetSpec(args, ctx);
  // An embedded database that was never created has run nothing: do not create it to say so.
  const absent = spec.kind === 'pglite' && spec.location !== 'memory' && !existsSync(spec.location);
  const target = absent ? undefined : await openMigrationTarget(spec, dir);
  try {
    const s = await migrationStatus(target, folder);
    const { io, out: c } = ctx;
    if (flag(args, 'json')) {
      io.stdout.write(JSON.stringify({ target: spec.label, ...s }, null, 2) + '\n');
      return EXIT.ok;
    }
    io.stdout.write(`${c.dim(`Target: ${spec.label}, from ${spec.source}`)}\n\n`);
    if (s.migrations.length === 0) io.stdout.write(`No migrations in ${dir.shown}, and none applied.\n`);
    const paint: Record<MigrationState, (x: string) => string> = { applied: c.green, pending: c.yellow, modified: c.red, missing: c.red };
    const width = Math.max(0, ...s.migrations.map((m) => m.version.length + m.name.length + 1));
    for (const m of s.migrations) {
      const note =
        m.state === 'applied' ? c.dim(`${m.appliedAt} (${m.durationMs} ms)`) : m.state === 'modified' ? 'the file changed after it was applied' : m.state === 'missing' ? 'applied, but the file is gone' : '';
      io.stdout.write(`  ${paint[m.state](m.state.padEnd(8))}  ${`${m.version}_${m.name}`.padEnd(width)}  ${note}${m.dev ? c.dim(' (dev)') : ''}\n`);
    }
    const n = s.counts;
    io.stdout.write(`\n${n.applied} applied, ${n.pending} pending, ${n.modified} modified, ${n.missing} missing.\n`);
    if (s.sum.state !== 'ok') io.stdout.write(`${c.red('!')} ${s.sum.state === 'missing' ? `${dir.shown}/pgdecl.sum is missing` : s.sum.message}: migrate will refuse this folder (see \`pgdecl generate --rehash\`).\n`);
    if (n.modified || n.missing) io.stdout.write(`${c.red('!')} migrate refuses while applied migrations are modified or missing: restore them from version control.\n`);
    return EXIT.ok;
  } finally {
    await target?.close();
  }
};
