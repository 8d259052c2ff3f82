/**
 * `pgdecl tenants rename OLD NEW [--db URL]`: renames a tenant schema (ALTER SCHEMA … RENAME,
 * no data moves) and pgdecl's records of it, in one transaction.
 */
import type { Handler } from '../command.js';
import { str } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';
import { invalidTenantName } from '../../tenants/names.js';
import { resolveTarget, openTarget } from '../../targets/resolve.js';
import { acquireLock, releaseLock } from '../../apply/lock.js';
import { renderChange } from '../../render/changes.js';
import { stringLiteral } from '../../sql/quote.js';

export const run: Handler = async (args, ctx) => {
  const [from, to] = args.positionals;
  if (from === undefined || to === undefined || args.positionals.length > 2) throw new UsageError('pgdecl tenants rename OLD NEW');
  for (const n of [from, to]) {
    const why = invalidTenantName(n);
    if (why) throw new UsageError(why);
  }
  const spec = resolveTarget({ db: str(args, 'db'), env: ctx.io.env, cwd: ctx.io.cwd });
  const target = await openTarget(spec);
  try {
    await acquireLock(target);
    try {
      const have = new Set((await target.query<{ n: string }>('SELECT nspname AS n FROM pg_catalog.pg_namespace WHERE nspname = ANY ($1::text[])', [[from, to]])).map((r) => r.n));
      if (!have.has(from)) {
        ctx.io.stderr.write(`${ctx.err.red('error:')} there is no tenant schema ${from}\n`);
        return EXIT.error;
      }
      if (have.has(to)) {
        ctx.io.stderr.write(`${ctx.err.red('error:')} the schema ${to} already exists; nothing was changed\n`);
        return EXIT.error;
      }
      const bookkeeping = (await target.query<{ ok: boolean }>(`SELECT to_regclass('pgdecl.custom_statements') IS NOT NULL AS ok`))[0]?.ok;
      const statements = [
        ...renderChange({ kind: 'rename_schema', from, to }),
        ...(bookkeeping ? [`UPDATE pgdecl.custom_statements SET scope = ${stringLiteral(to)} WHERE scope = ${stringLiteral(from)}`] : []),
      ];
      await target.exec('BEGIN');
      try {
        for (const s of statements) await target.exec(s);
        await target.exec('COMMIT');
      } catch (e) {
        await target.exec('ROLLBACK').catch(() => {});
        throw e;
      }
      ctx.io.stdout.write(`${ctx.out.green('✓')} Renamed tenant ${from} to ${to}.\nIf a row names this tenant (manage_tenant's template), update it too, or the next \`plan --tenants\` lists ${from} as a new tenant.\n`);
      return EXIT.ok;
    } finally {
      await releaseLock(target).catch(() => {});
    }
  } finally {
    await target.close();
  }
};
