/**
 * `plan` when it is not known to be empty: the full pipeline against one database
 * (../plan/project-plan.ts), drawn as text, SQL or JSON, and saved with -o.
 */
import { writeFileSync } from 'node:fs';
import { flag, type CommandContext, type ParsedArgs } from './command.js';
import { EXIT } from './exit-codes.js';
import { convergedPlace, dataDirOf, targetLine, versionText, type OpenedProject } from './database.js';
import { planProject } from '../plan/project-plan.js';
import { rememberEmbeddedConverged } from '../plan/embedded-converged.js';
import { onlineFlag } from './online-flag.js';
import { formatPlanText } from '../render/plan-text.js';
import { formatPlanSql } from '../render/plan-sql.js';
import { planDocument } from '../render/plan-json.js';
import { destructiveJson, formatDestructive, formatRewrites, rewriteJson } from '../render/destructive-text.js';
import { version } from './main.js';
import { PgdeclError } from '../model/diagnostic.js';
import { savedDatabase } from '../targets/saved-target.js';
import type { planProgress } from './plan-progress.js';

const withConverged = <T>(c: T | undefined): { converged?: T } => (c ? { converged: c } : {});

export async function planAndShow(
  args: ParsedArgs,
  ctx: CommandContext,
  db: OpenedProject,
  o: { readonly out: string | undefined; readonly file: string | undefined; readonly shown: ReturnType<typeof planProgress> },
): Promise<number> {
  const { out, file, shown } = o;
  const place = convergedPlace(db, args);
  let empty: number | undefined;
  try {
    const p = await planProject(db.target, db.project, { cacheDir: db.cacheDir, repo: db.repo, onStage: shown.stage, ...onlineFlag(args), ...(db.cache ? { cache: db.cache } : {}), ...withConverged(place), ...(db.stamp !== undefined ? { stampBefore: db.stamp } : {}) })
      .catch((e: unknown) => {
        if (e instanceof PgdeclError && !e.sources) throw new PgdeclError(e.diagnostics, db.sources);
        throw e;
      })
      .finally(shown.done);
    // Built only where it is written: a plan shown as text needs neither the fingerprint nor the JSON.
    let built: ReturnType<typeof planDocument> | undefined;
    const doc = () => (built ??= planDocument(p.plan, {
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
    }));
    if (file !== undefined) writeFileSync(file, JSON.stringify(doc(), null, 2) + '\n');
    if (flag(args, 'json')) ctx.io.stdout.write(JSON.stringify(doc(), null, 2) + '\n');
    else if (flag(args, 'sql')) ctx.io.stdout.write(formatPlanSql(p.plan, [`pgdecl ${version()} plan for ${db.spec.label} (${versionText(p.serverVersion)})`, `from ${db.files.join(', ')}`]));
    else {
      const c = ctx.out;
      ctx.io.stdout.write(`${c.dim(targetLine(db.spec, p.serverVersion))}\n\n`);
      ctx.io.stdout.write(formatPlanText(p.plan, c));
      ctx.io.stdout.write(formatDestructive(p.destructive, c));
      ctx.io.stdout.write(formatRewrites(p.rewrites, c));
      if (out !== undefined) ctx.io.stdout.write(`\nSaved to ${out}: apply it with \`pgdecl apply ${out}\`.\n`);
    }
    if (p.plan.steps.length === 0) empty = p.serverVersion;
    if (flag(args, 'exit-code') && p.plan.steps.length > 0) return EXIT.changes;
    return EXIT.ok;
  } finally {
    await db.target.close();
    // The embedded database, once closed: its files are the stamp (../plan/converged.ts).
    const dir = dataDirOf(db.spec);
    if (empty !== undefined && place && dir !== undefined) rememberEmbeddedConverged(place, dir, empty, place.warnings);
  }
}
