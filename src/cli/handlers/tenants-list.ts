/** `pgdecl tenants list [paths…] [--db URL] [--json]`: the tenants, and whether each matches the files. */
import { flag, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openProjectDatabase } from '../database.js';
import { listTenants } from '../../tenants/names.js';
import { planTenants } from '../../tenants/plan.js';

export const run: Handler = async (args, ctx) => {
  const db = await openProjectDatabase(args, ctx);
  try {
    const listed = await listTenants(db.target, db.project, db.repo);
    const p = await planTenants(db.target, db.project, listed.names, { repo: db.repo, cacheDir: db.cacheDir });
    const state = new Map<string, string>();
    for (const g of p.groups) {
      const missing = g.plan.steps.some((s) => s.change.kind === 'create_schema');
      const text = g.plan.steps.length === 0 ? 'converged' : missing ? 'no schema yet' : `${g.plan.steps.length} change${g.plan.steps.length > 1 ? 's' : ''} pending`;
      for (const t of g.tenants) state.set(t, text);
    }
    if (flag(args, 'json')) {
      ctx.io.stdout.write(JSON.stringify({ source: listed.source, tenants: listed.names.map((name) => ({ name, state: state.get(name) })), rejected: listed.rejected }, null, 2) + '\n');
      return EXIT.ok;
    }
    const w = Math.max(6, ...listed.names.map((n) => n.length));
    ctx.io.stdout.write(`${ctx.out.dim(`${listed.names.length} tenants from ${listed.source}`)}\n`);
    for (const n of listed.names) ctx.io.stdout.write(`  ${n.padEnd(w)}  ${state.get(n)}\n`);
    for (const r of listed.rejected) ctx.io.stdout.write(`  ${ctx.out.red(r.name)}  not a tenant name: ${r.why}\n`);
    return EXIT.ok;
  } finally {
    await db.target.close();
  }
};
