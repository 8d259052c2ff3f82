/**
 * `pgdecl plan [paths…] [--db URL] [--exit-code] [-o plan.json] [--sql | --json]`: what would
 * change in the database, how risky each step is, and (with -o) a saved plan for `apply`.
 */
import { writeFileSync } from 'node:fs';
import { flag, str, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { convergedPlace, openForPlan, openProjectDatabase, versionText } from '../database.js';
import { plan as makePlan } from '../../plan/plan.js';
import { planProject } from '../../plan/project-plan.js';
import { onlineFlag } from '../online-flag.js';
import { formatPlanText } from '../../render/plan-text.js';
import { formatPlanSql } from '../../render/plan-sql.js';
import { planDocument } from '../../render/plan-json.js';
import { destructiveJson, formatDestructive, formatRewrites, rewriteJson } from '../../render/destructive-text.js';
import { version } from '../main.js';
import { UsageError } from '../parse.js';
import { PgdeclError } from '../../model/diagnostic.js';
import { planTenantsCommand } from '../tenants-fanout.js';
import { savedDatabase } from '../../targets/saved-target.js';
import { outputPath } from '../output-path.js';
import { planProgress } from '../plan-progress.js';
import { loadFleet } from '../fleet-load.js';
import { planFleetCommand } from '../fleet-commands.js';

const withConverged = <T>(c: T | undefined): { converged?: T } => (c ? { converged: c } : {});

export const run: Handler = async (args, ctx) => {
  if (flag(args, 'sql') && flag(args, 'json')) throw new UsageError('choose one of --sql and --json');
  const fleet = await loadFleet(args, ctx, 'required');
  if (fleet) return planFleetCommand(args, ctx, fleet);
  if (str(args, 'concurrency') !== undefined) throw new UsageError('--concurrency works over a fleet (--db given several times, or a `fleet:` in the repo)');
  if (flag(args, 'tenants')) {
    if (flag(args, 'sql') || str(args, 'output') !== undefined) throw new UsageError('--sql and -o are not available with --tenants (each tenant gets its own instance of a group plan); use --json');
    if (flag(args, 'progress')) throw new UsageError('--progress is not available with --tenants: the tenant fan-out shows its own progress');
    return planTenantsCommand(args, ctx);
  }
  const out = str(args, 'output');
  const file = out === undefined ? undefined : outputPath(ctx.io.cwd, out);
  const shown = planProgress(ctx, flag(args, 'progress'));
  // Text and --exit-code only: --json, --sql and -o carry what a full plan computes.
  const quick = file === undefined && !flag(args, 'json') && !flag(args, 'sql');
  const opening = await (quick ? openForPlan(args, ctx) : openProjectDatabase(args, ctx).then((db) => ({ kind: 'opened' as const, db }))).catch((e: unknown) => {
    shown.done();
    throw e;
  });
  if (opening.kind === 'converged') {
    shown.done();
    try {
      const serverVersion = await opening.target.serverVersionNum();
      const c = ctx.out;
      ctx.io.stdout.write(`${c.dim(`Target: ${opening.spec.label} (${versionText(serverVersion)}), from ${opening.spec.source}`)}\n\n`);
      ctx.io.stdout.write(formatPlanText(makePlan([], { serverVersion }), c));
      return EXIT.ok;
    } finally {
      await opening.target.close();
    }
  }
  const db = opening.db;
  try {
    const p = await planProject(db.target, db.project, { cacheDir: db.cacheDir, repo: db.repo, onStage: shown.stage, ...onlineFlag(args), ...(db.cache ? { cache: db.cache } : {}), ...withConverged(convergedPlace(db, args)) })
      .catch((e: unknown) => {
        if (e instanceof PgdeclError && !e.sources) throw new PgdeclError(e.diagnostics, db.sources);
        throw e;
      })
      .finally(shown.done);
    const doc = planDocument(p.plan, {
      pgdecl: version(),
      createdAt: new Date().toISOString(),
      target: db.spec.label,
      database: savedDatabase(db.spec),
      serverVersion: p.serverVersion,
      fingerprint: p.fingerprint,
      inspect: p.scope,
      files: db.files,
      desired: p.desired,
      renames: p.renames,
      ...(p.online ? { online: p.online } : {}),
      destructive: destructiveJson(p.destructive),
      rewrites: rewriteJson(p.rewrites),
    });
    if (file !== undefined) writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
    if (flag(args, 'json')) ctx.io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    else if (flag(args, 'sql')) ctx.io.stdout.write(formatPlanSql(p.plan, [`pgdecl ${version()} plan for ${db.spec.label} (${versionText(p.serverVersion)})`, `from ${db.files.join(', ')}`]));
    else {
      const c = ctx.out;
      ctx.io.stdout.write(`${c.dim(`Target: ${db.spec.label} (${versionText(p.serverVersion)}), from ${db.spec.source}`)}\n\n`);
      ctx.io.stdout.write(formatPlanText(p.plan, c));
      ctx.io.stdout.write(formatDestructive(p.destructive, c));
      ctx.io.stdout.write(formatRewrites(p.rewrites, c));
      if (out !== undefined) ctx.io.stdout.write(`\nSaved to ${out}: apply it with \`pgdecl apply ${out}\`.\n`);
    }
    if (flag(args, 'exit-code') && p.plan.steps.length > 0) return EXIT.changes;
    return EXIT.ok;
  } finally {
    await db.target.close();
  }
};
