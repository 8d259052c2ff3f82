/**
 * `pgdecl tenants create NAME [paths…] [--db URL]`: creates the tenant schema NAME and every
 * tenant table in it, in one transaction.
 */
import { flag, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';
import { openProjectDatabase } from '../database.js';
import { invalidTenantName, unlistedTenant } from '../../tenants/names.js';
import { planTenants } from '../../tenants/plan.js';
import { applyTenants } from '../../tenants/apply.js';
import { acquireLock, releaseLock } from '../../apply/lock.js';
import { printDiagnostics } from '../diagnostics.js';

export const run: Handler = async (args, ctx) => {
  const [name, ...paths] = args.positionals;
  if (name === undefined) throw new UsageError('name the tenant schema to create: pgdecl tenants create NAME [paths…]');
  const why = invalidTenantName(name);
  if (why) throw new UsageError(why);
  const db = await openProjectDatabase({ ...args, positionals: paths }, ctx);
  try {
    const json = flag(args, 'json');
    const fail = (message: string) => {
      if (json) ctx.io.stdout.write(JSON.stringify({ tenant: name, created: false, error: message }, null, 2) + '\n');
      return EXIT.error;
    };
    await acquireLock(db.target);
    try {
      const exists = await db.target.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [name]);
      if (exists.length) {
        ctx.io.stderr.write(`${ctx.err.red('error:')} the schema ${name} already exists: bring it up to date with \`pgdecl apply --tenants --only-tenants ${name}\`\n`);
        return fail(`the schema ${name} already exists`);
      }
      const p = await planTenants(db.target, db.project, [name], { repo: db.repo, cacheDir: db.cacheDir });
      const [result] = await applyTenants(p.groups, async () => ({ target: db.target, release: async () => {} }), { concurrency: 1, serverVersion: p.serverVersion });
      if (!result || result.status === 'failed') {
        const f = result?.failure;
        const message = `creating tenant ${name} failed${f ? ` at step ${f.step.id} (${f.step.summary}): ${f.error.message}` : ''}`;
        printDiagnostics([{ code: 'apply_failed', severity: 'error', message, suggestion: 'nothing was created (the transaction was rolled back)' }], db.sources, ctx);
        return fail(message);
      }
      const tables = p.groups[0]!.plan.steps.filter((s) => s.change.kind === 'create_table').length;
      const unlisted = await unlistedTenant(db.target, db.project, db.repo, name);
      if (unlisted) printDiagnostics([unlisted], db.sources, ctx);
      if (json) ctx.io.stdout.write(JSON.stringify({ tenant: name, created: true, tables, steps: result.steps, ms: Math.round(result.ms), listed: !unlisted }, null, 2) + '\n');
      else ctx.io.stdout.write(`${ctx.out.green('✓')} Created tenant ${name}: ${tables} table${tables === 1 ? '' : 's'} in ${Math.round(result.ms)} ms.\n`);
      return EXIT.ok;
    } finally {
      await releaseLock(db.target).catch(() => {});
    }
  } finally {
    await db.target.close();
  }
};
