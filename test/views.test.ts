/**
 * Views beyond the round trips and the evolution case: a view that reads a column the files
 * drop is refused at its place in the file (nothing changes), on PostgreSQL 18, 15 and PGlite;
 * a view a custom statement creates stays with its statement; and without a database (compiled
 * catalogs, as `generate` diffs them) views are still created after the views they read.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applySteps } from '../src/apply/apply.js';
import { compileProject } from '../src/compile/index.js';
import { diff } from '../src/diff/diff.js';
import type { Catalog, Table, View } from '../src/ir/catalog.js';
import { plan } from '../src/plan/plan.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { planProject } from '../src/plan/project-plan.js';
import { pull, pulledFile } from '../src/pull/index.js';
import { formatDiagnostics } from '../src/render/diagnostics.js';
import type { Target } from '../src/targets/target.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';

async function project(text: string) {
  const loaded = await loadProjectFromText('r.yaml', text, { env: {} });
  assert.equal(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
  return loaded;
}

async function applyText(t: Target, text: string): Promise<void> {
  const p = await planProject(t, (await project(text)).project!);
  const r = await applySteps(t, p.plan.steps);
  assert.is(r.failure, undefined, r.failure?.error.message);
}

/** Runs `body` on PGlite, PostgreSQL 18 and 15 at once, each on an empty database. */
async function onEveryEngine(body: (t: Target, engine: string) => Promise<void>): Promise<void> {
  const real = await servers();
  const runs = [
    (async () => {
      const t = await pglite([]);
      try {
        await body(t, 'pglite');
      } finally {
        await t.close();
      }
    })(),
    ...real.map(async (s) => {
      const t = await freshTarget(s);
      try {
        await body(t, s.name);
      } finally {
        await t.drop();
      }
    }),
  ];
  const settled = await Promise.allSettled(runs);
  const failed = settled.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).stack ?? r.reason)] : []));
  assert.equal(failed, []);
}

const ORDERS = (note: boolean) => `version: 1
resources:
  Order:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
      amount: { type: integer, postgres_type: integer }
${note ? '      note: string\n' : ''}    postgres:
      table: orders
views:
  noted_orders:
    sql: SELECT id, note FROM orders WHERE note IS NOT NULL
`;

const WITH_STATEMENT = `version: 1
resources:
  Order:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
      amount: { type: integer, postgres_type: integer }
    postgres:
      table: orders
      custom_statements:
        - name: big_orders_view
          up: CREATE VIEW big_orders AS SELECT id FROM orders WHERE amount > 100
          down: DROP VIEW big_orders
views:
  order_amounts:
    sql: SELECT id, amount FROM orders
`;

test('a view reading a column the files drop is refused at its place in the file (nothing changes); a view a custom statement creates stays with it', async () => {
  await onEveryEngine(async (t) => {
    await applyText(t, ORDERS(true));
    const after = ORDERS(false);
    let error: unknown;
    try {
      await planProject(t, (await project(after)).project!);
    } catch (e) {
      error = e;
    }
    assert.instance(error, PgdeclError);
    const out = formatDiagnostics((error as PgdeclError).diagnostics, (await project(after)).sources);
    assert.match(out, /^r\.yaml:10:3 +PostgreSQL rejects view public\.noted_orders: column "note" does not exist/m);
    assert.match(out, /change its `sql`, or keep what it reads; nothing was changed in the database/);
    const cols = await t.query<{ attname: string }>(`SELECT attname FROM pg_attribute WHERE attrelid = 'public.orders'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`);
    assert.equal(cols.map((c) => c.attname), ['id', 'amount', 'note']);
    assert.equal(await t.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgdecl_n%'`), []);
    // The same database, on with a custom statement that creates a view: plans leave it, pull writes it with its statement.
    await applyText(t, WITH_STATEMENT);
    const again = await planProject(t, (await project(WITH_STATEMENT)).project!);
    assert.equal(again.plan.steps.map((s) => s.summary), []);
    const pulled = pulledFile(await pull(t), { schemaPath: 'pgdecl.schema.json' });
    assert.match(pulled, /up: CREATE VIEW big_orders AS SELECT id FROM orders WHERE amount > 100/);
    assert.match(pulled, /\nviews:\n  order_amounts:\n/);
    assert.not.match(pulled, /\n  big_orders:\n/);
    // A rule on a view (not managed): pull names it, and a plan that must re-create the view
    // says the rule goes with it, as a destructive step. An INSTEAD OF trigger is pulled under
    // the view, and comes back with it.
    await t.exec(`CREATE RULE order_amounts_edit AS ON UPDATE TO order_amounts DO INSTEAD UPDATE orders SET amount = NEW.amount WHERE id = OLD.id`);
    await t.exec(`CREATE FUNCTION order_amounts_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO orders VALUES (NEW.id, NEW.amount); RETURN NEW; END $$`);
    await t.exec(`CREATE TRIGGER order_amounts_insert INSTEAD OF INSERT ON order_amounts FOR EACH ROW EXECUTE FUNCTION order_amounts_insert()`);
    const withTrigger = pulledFile(await pull(t), { schemaPath: 'pgdecl.schema.json' });
    assert.match(withTrigger, /#   rule public\.order_amounts\.order_amounts_edit/);
    assert.match(withTrigger, /\n    triggers:\n      - name: order_amounts_insert\n        timing: instead_of\n        events: \[insert\]\n        function: order_amounts_insert\n/);
    const declared = WITH_STATEMENT.replace('    sql: SELECT id, amount FROM orders\n', '    sql: SELECT id, amount FROM orders\n    triggers:\n      - { name: order_amounts_insert, timing: instead_of, events: [insert], function: order_amounts_insert }\n') +
      'functions:\n  order_amounts_insert:\n    returns: trigger\n    verbatim: true\n    body: " BEGIN INSERT INTO orders VALUES (NEW.id, NEW.amount); RETURN NEW; END "\n';
    assert.equal((await planProject(t, (await project(declared)).project!)).plan.steps.map((s) => s.summary), []);
    const retyped = await planProject(t, (await project(declared.replace('amount: { type: integer, postgres_type: integer }', 'amount: { type: integer, postgres_type: bigint }'))).project!);
    const drop = retyped.destructive.find((d) => d.step.change.kind === 'drop_view');
    assert.is(drop?.step.summary, 'drop view public.order_amounts (created again below)');
    assert.is(drop?.what, 'rule order_amounts_edit on the view would be dropped with it and not created again (pgdecl does not manage them)');
    assert.ok(retyped.plan.steps.some((s) => s.change.kind === 'create_view' && s.sql.some((q) => q.startsWith('CREATE TRIGGER order_amounts_insert INSTEAD OF INSERT ON public.order_amounts'))), 'the view comes back with its trigger');
  });
});

test('without a database, views are created after the views their query names, and dropped before them', async () => {
  const compiled = async (views: string) => (await compileProject((await project(`version: 1\nresources:\n  T:\n    attributes:\n      id: { type: integer, postgres_type: integer, primary_key: true }\n    postgres:\n      table: t\nviews:\n${views}`)).project!)).catalog;
  // Declared (and sorted) with the reader first: a_top reads m_mid, which reads z_base.
  const chain = '  a_top: { sql: SELECT id FROM m_mid }\n  m_mid: { sql: SELECT id FROM z_base }\n  z_base: { sql: SELECT id FROM t }\n';
  const none = await compiled("  unrelated: { sql: SELECT 1 AS one }\n");
  const all = await compiled(chain);
  const created = diff(none, all).flatMap((c) => (c.kind === 'create_view' ? [c.view.name] : []));
  assert.equal(created, ['z_base', 'm_mid', 'a_top']);
  const dropped = diff(all, none).flatMap((c) => (c.kind === 'drop_view' ? [c.view.name] : []));
  assert.equal(dropped, ['a_top', 'm_mid', 'z_base']);
  // A changed query in the middle: offline there are no column types to prove a replacement safe,
  // so it is dropped and created again, with the view that reads it.
  const changed = await compiled(chain.replace('SELECT id FROM z_base', 'SELECT id FROM z_base WHERE id > 0'));
  assert.equal(
    diff(all, changed).map((c) => `${c.kind} ${c.kind === 'create_view' || c.kind === 'drop_view' ? c.view.name : ''}`),
    ['drop_view a_top', 'drop_view m_mid', 'create_view m_mid', 'create_view a_top'],
  );
});

test('a view over a table renamed in the same plan is re-created around a type change under the new name', () => {
  const table = (name: string, type: string): Table => ({ schema: 'public', name, columns: [{ name: 'a', type, nullable: true }], foreignKeys: [], checks: [], indexes: [], triggers: [] });
  const view = (table: string, type: string): View => ({ schema: 'public', name: 'v', definition: ` SELECT a\n   FROM public.${table};`, columns: [{ name: 'a', type }], indexes: [], reads: [{ schema: 'public', name: table, columns: ['a'] }] });
  const catalog = (t: Table, v: View): Catalog => ({ formatVersion: 1, extensions: [], schemas: [{ name: 'public' }], functions: [], tables: [t], statements: [], views: [v] });
  const changes = diff(catalog(table('t', 'integer'), view('t', 'integer')), catalog(table('u', 'bigint'), view('u', 'bigint')), {
    renames: { tables: [{ from: { schema: 'public', name: 't' }, to: { schema: 'public', name: 'u' } }], columns: [], schemas: [] },
  });
  assert.equal(
    plan(changes).steps.map((s) => s.summary),
    ['drop view public.v (created again below)', 'rename table public.t to public.u', 'alter column public.u.a (type)', 'create view public.v'],
  );
});

test('a materialized view\'s storage parameters: set in its CREATE, changed in place (never re-created), left alone when the files do not say; refused on a view', async () => {
  const mv = (extra: Partial<View>): View => ({ schema: 'public', name: 'totals', materialized: true, definition: ' SELECT 1 AS one;', columns: [{ name: 'one', type: 'integer' }], indexes: [], reads: [], ...extra });
  const catalog = (v?: View): Catalog => ({ formatVersion: 1, extensions: [], schemas: [{ name: 'public' }], functions: [], tables: [], statements: [], views: v ? [v] : [] });
  const sql = (from: Catalog, to: Catalog) => plan(diff(from, to)).steps.flatMap((s) => s.sql);
  assert.equal(sql(catalog(), catalog(mv({ storage: { fillfactor: '70', 'toast.autovacuum_enabled': 'false' } }))), [
    "CREATE MATERIALIZED VIEW public.totals WITH (fillfactor = 70, toast.autovacuum_enabled = 'false') AS SELECT 1 AS one WITH DATA",
  ]);
  const from = catalog(mv({ storage: { fillfactor: '70', autovacuum_enabled: 'false' } }));
  const p = plan(diff(from, catalog(mv({ storage: { fillfactor: '50' } }))));
  assert.equal(p.steps.flatMap((s) => s.sql), ['ALTER TABLE public.totals RESET (autovacuum_enabled), SET (fillfactor = 50)']);
  assert.equal(p.steps[0]!.reverse, ["ALTER TABLE public.totals SET (fillfactor = 70, autovacuum_enabled = 'false')"]);
  assert.equal(sql(from, catalog(mv({}))), [], 'not declared: left as they are');
  assert.equal(sql(from, catalog(mv({ storage: {} }))), ['ALTER TABLE public.totals RESET (fillfactor, autovacuum_enabled)']);
  const refused = await loadProjectFromText('r.yaml', 'version: 1\nviews:\n  v:\n    sql: SELECT 1 AS one\n    storage_parameters: { fillfactor: 70 }\n', { env: {} });
  const compiled = await compileProject(refused.project!);
  assert.equal(compiled.diagnostics.map((d) => [d.code, d.message]), [['view_options', '`storage_parameters` are for materialized views; `v` is a view, which stores no rows']]);
});

test.after(stopOwnServers);

test.run();
