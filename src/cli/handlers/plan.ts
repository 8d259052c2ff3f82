/**
 * `pgdecl plan [paths…] [--db URL] [--exit-code] [-o plan.json] [--sql | --json]`: what would
 * change in the database, how risky each step is, and (with -o) a saved plan for `apply`.
 */
import { flag, str, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openOrKnownConverged, openProjectDatabase, targetLine } from '../database.js';
import { formatPlanText } from '../../render/plan-text.js';
import { UsageError } from '../parse.js';
import { outputPath } from '../output-path.js';
import { planProgress } from '../plan-progress.js';
import { loadFleet } from '../fleet-load.js';

// Fleets, tenants and the full plan are imported when used: a plan known to be empty
// (../../plan/converged.ts) loads none of the pipeline.

export const run: Handler = async (args, ctx) => {
  if (flag(args, 'sql') && flag(args, 'json')) throw new UsageError('choose one of --sql and --json');
  const fleet = await loadFleet(args, ctx, 'required');
  if (fleet) return (await import('../fleet-commands.js')).planFleetCommand(args, ctx, fleet);
  if (str(args, 'concurrency') !== undefined) throw new UsageError('--concurrency works over a fleet (--db given several times, or a `fleet:` in the repo)');
  if (flag(args, 'tenants')) {
    if (flag(args, 'sql') || str(args, 'output') !== undefined) throw new UsageError('--sql and -o are not available with --tenants (each tenant gets its own instance of a group plan); use --json');
    if (flag(args, 'progress')) throw new UsageError('--progress is not available with --tenants: the tenant fan-out shows its own progress');
    return (await import('../tenants-fanout.js')).planTenantsCommand(args, ctx);
  }
  const out = str(args, 'output');
  const file = out === undefined ? undefined : outputPath(ctx.io.cwd, out);
  const shown = planProgress(ctx, flag(args, 'progress'));
  // Text and --exit-code only: --json, --sql and -o carry what a full plan computes.
  const quick = file === undefined && !flag(args, 'json') && !flag(args, 'sql');
  const opening = await (quick ? openOrKnownConverged(args, ctx) : openProjectDatabase(args, ctx).then((db) => ({ kind: 'opened' as const, db }))).catch((e: unknown) => {
    shown.done();
    throw e;
  });
  if (opening.kind === 'converged') {
    shown.done();
    const c = ctx.out;
    ctx.io.stdout.write(`${c.dim(targetLine(opening.spec, opening.serverVersion))}\n\n`);
    ctx.io.stdout.write(formatPlanText({ steps: [], summary: { create: 0, change: 0, drop: 0 } }, c));
    return EXIT.ok;
  }
  return (await import('../plan-full.js')).planAndShow(args, ctx, opening.db, { out, file, shown });
};
