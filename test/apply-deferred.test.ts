/**
 * apply with new tables created as compiled (src/plan/settle-deferred.ts), where something
 * else in the same transaction changes them: a custom statement that adds an index to a new
 * table must not make the apply fail, and one that changes a declared default must still be
 * refused by the proof before COMMIT (the server's table is not taken as the declaration's).
 * PostgreSQL 15 and 18.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { freshTarget, servers, stopOwnServers } from './helpers/servers.js';

const INDEXED = `version: 1
resources:
  Sale:
    attributes:
      id: integer_primary_key
      amount: { type: decimal, allow_nil: false }
      sold_on: { type: date, allow_nil: false }
    postgres:
      table: sales
      check_constraints:
        - { name: sales_amount_positive, check: "amount > 0", attribute: amount }
      custom_statements:
        - name: sales_day_index
          up: CREATE INDEX sales_day ON public.sales (sold_on)
          down: DROP INDEX public.sales_day
`;

const REDEFAULTED = `version: 1
resources:
  Sale:
    attributes:
      id: integer_primary_key
      amount: { type: decimal, allow_nil: false, default: 1 }
    postgres:
      table: sales
      custom_statements:
        - name: sales_default
          up: ALTER TABLE public.sales ALTER COLUMN amount SET DEFAULT 2
          down: ALTER TABLE public.sales ALTER COLUMN amount SET DEFAULT 1
`;

async function project(yaml: string) {
  const r = await loadProjectFromText('resources.yaml', yaml);
  assert.ok(r.project, JSON.stringify(r.diagnostics));
  return r.project!;
}

test('custom statements that change a new table: an added index applies and converges; a changed default is refused before COMMIT', async () => {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      const p = await planProject(t, await project(INDEXED), { deferNewTables: true });
      const r = await applyPlan(t, p);
      assert.is(r.failure, undefined, `${s.name}: ${r.failure?.error.message}`);
      assert.is(r.rolledBack, undefined, `${s.name}: ${JSON.stringify(r.convergence?.remaining)}`);
      assert.ok(r.convergence?.converged, s.name);
      const again = await planProject(t, await project(INDEXED), { memory: false });
      assert.is(again.plan.steps.length, 0, s.name);
    } finally {
      await t.drop();
    }
    const u = await freshTarget(s);
    try {
      const p = await planProject(u, await project(REDEFAULTED), { deferNewTables: true });
      const r = await applyPlan(u, p);
      assert.is(r.rolledBack, 'before_commit', `${s.name}: the changed default is not taken as declared`);
      assert.equal(r.convergence?.remaining.map((c) => c.kind), ['alter_column'], s.name);
      const tables = await u.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = 'public'`);
      assert.is(tables[0]!.n, 0, `${s.name}: rolled back`);
    } finally {
      await u.drop();
    }
  }
});

test.after(stopOwnServers);
test.run();
