/**
 * `pgdecl tenants rename OLD NEW [--db URL]`: renames a tenant schema (ALTER SCHEMA … RENAME,
 * no data moves) and pgdecl's records of it, in one transaction.
 */
import type { Handler } from '../command.js';
import { flag, str } from '../command.js';
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
      const json = flag(args, 'json');
      const refuse = (message: string) => {
        ctx.io.stderr.write(`${ctx.err.red('error:')} ${message}\n`);
        if (json) ctx.io.stdout.write(JSON.stringify({ from, to, renamed: false, error: message }, null, 2) + '\n');
        return EXIT.error;
      };
      if (!have.has(from)) return refuse(`there is no tenant schema ${from}`);
      if (have.has(to)) return refuse(`the schema ${to} already exists; nothing was changed`);
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
      if (json) {
        ctx.io.stdout.write(JSON.stringify({ from, to, renamed: true }, null, 2) + '\n');
        return EXIT.ok;
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
