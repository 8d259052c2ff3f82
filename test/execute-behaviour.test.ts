/**
 * What the compiled schema does, not just that it builds: on PostgreSQL 18, PostgreSQL 15
 * and the embedded database, each scenario builds one fixture and exercises it — deferred
 * foreign keys, ON DELETE / ON UPDATE actions, partial and NULLS NOT DISTINCT unique
 * indexes, the touch trigger, version 7 UUIDs, checks, identity, one_of, composite tenant
 * keys, row-level security by `pgdecl.tenant`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomUUID } from 'node:crypto';
import { initSqlParser } from '../src/compile/index.js';
import type { Target } from '../src/targets/target.js';
import { compileFixture, emptyDatabase, execScript, FIXTURE_TENANT, listFixtures } from './helpers/fixtures.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';

interface Scenario {
  readonly name: string;
  readonly fixture: string;
  /** Compile for the engine's own version instead of the version-less script. */
  readonly ownVersion?: boolean;
  readonly run: (t: Target, major: number) => Promise<void>;
}

const one = async <T = Record<string, unknown>>(t: Target, sql: string): Promise<T> => (await t.query<T>(sql))[0]!;

/** The statements fail (inside a transaction when there are several); the session is usable afterwards. */
async function refused(t: Target, sql: string, message?: RegExp): Promise<void> {
  let error: unknown;
  try {
    await t.exec(sql);
  } catch (e) {
    error = e;
  }
  await t.exec('ROLLBACK').catch(() => {});
  assert.ok(error, `expected an error from: ${sql}`);
  if (message) assert.match((error as Error).message, message);
}

const SCENARIOS: Scenario[] = [
  {
    name: 'deferrable foreign keys wait for COMMIT; immediate ones can be deferred with SET CONSTRAINTS',
    fixture: 'reference-deferrable',
    run: async (t) => {
      const a = randomUUID();
      // INITIALLY DEFERRED: the child first, the parent later, one transaction.
      await t.exec(`BEGIN; INSERT INTO public.chapters (illustrator_id) VALUES ('${a}'); INSERT INTO public.authors (id, name) VALUES ('${a}', 'Ann'); COMMIT;`);
      // DEFERRABLE INITIALLY IMMEDIATE: refused at once, unless deferred.
      const b = randomUUID();
      await refused(t, `BEGIN; INSERT INTO public.chapters (author_id) VALUES ('${b}');`, /foreign key/);
      await t.exec(`BEGIN; SET CONSTRAINTS public.chapters_author_id_fkey DEFERRED; INSERT INTO public.chapters (author_id) VALUES ('${b}'); INSERT INTO public.authors (id, name) VALUES ('${b}', 'Bo'); COMMIT;`);
      // Deferred, and still missing at COMMIT: the COMMIT fails.
      await refused(t, `BEGIN; INSERT INTO public.chapters (coauthor_id) VALUES ('${randomUUID()}'); COMMIT;`, /foreign key/);
      assert.is(Number((await one<{ n: string }>(t, 'SELECT count(*) AS n FROM public.chapters')).n), 2);
    },
  },
  {
    name: 'on_delete: delete cascades, nilify sets NULL, restrict refuses',
    fixture: 'reference-on-delete',
    run: async (t) => {
      const [a, b] = [randomUUID(), randomUUID()];
      await t.exec(`INSERT INTO public.authors (id, name) VALUES ('${a}', 'Ann'), ('${b}', 'Bo');
        INSERT INTO public.articles (id, owner_id, reviewer_id) VALUES (1, '${a}', '${b}'), (2, '${b}', NULL);
        INSERT INTO public.articles (id, owner_id, translator_id) VALUES (3, '${a}', '${b}')`);
      await refused(t, `DELETE FROM public.authors WHERE id = '${b}'`, /foreign key/);
      await t.exec(`UPDATE public.articles SET translator_id = NULL WHERE id = 3; DELETE FROM public.authors WHERE id = '${b}'`);
      // Article 2 went with its owner b; article 1 lost its reviewer b.
      assert.equal(await t.query('SELECT id::int, reviewer_id FROM public.articles ORDER BY id'), [{ id: 1, reviewer_id: null }, { id: 3, reviewer_id: null }]);
      await t.exec(`DELETE FROM public.authors WHERE id = '${a}'`);
      assert.is(Number((await one<{ n: string }>(t, 'SELECT count(*) AS n FROM public.articles')).n), 0);
    },
  },
  {
    name: 'on_delete: {nilify: [thread_id]} clears only that column of the composite key',
    fixture: 'reference-nilify-columns',
    run: async (t) => {
      await t.exec(`INSERT INTO public.threads (id, board_id) VALUES (10, 1); INSERT INTO public.replies (id, board_id, thread_id) VALUES (1, 1, 10);
        DELETE FROM public.threads WHERE id = 10`);
      assert.equal(await one(t, 'SELECT board_id::int, thread_id FROM public.replies'), { board_id: 1, thread_id: null });
    },
  },
  {
    name: 'on_update: update cascades, nilify sets NULL, restrict refuses',
    fixture: 'reference-on-update',
    run: async (t) => {
      await t.exec(`INSERT INTO public.currencies VALUES ('EUR'), ('USD'), ('GBP');
        INSERT INTO public.prices (id, currency_code, fallback_code, settlement_code) VALUES (1, 'EUR', 'USD', 'GBP')`);
      await t.exec(`UPDATE public.currencies SET code = 'EUX' WHERE code = 'EUR'; UPDATE public.currencies SET code = 'USX' WHERE code = 'USD'`);
      assert.equal(await one(t, 'SELECT currency_code, fallback_code FROM public.prices'), { currency_code: 'EUX', fallback_code: null });
      await refused(t, `UPDATE public.currencies SET code = 'GBX' WHERE code = 'GBP'`, /foreign key/);
    },
  },
  {
    name: 'a partial unique index allows duplicates outside its predicate; NULLS NOT DISTINCT rejects two NULLs',
    fixture: 'identity-where-nulls',
    run: async (t) => {
      await t.exec(`INSERT INTO public.subscriptions (customer_id, plan, cancelled_at, coupon) VALUES (1, 'pro', now(), 'x'), (1, 'pro', now(), 'y'), (1, 'pro', NULL, 'z')`);
      await refused(t, `INSERT INTO public.subscriptions (customer_id, plan, coupon) VALUES (1, 'basic', 'w')`, /subscriptions_one_active_per_customer_index/);
      await t.exec(`INSERT INTO public.subscriptions (customer_id, plan, cancelled_at, coupon) VALUES (2, 'team', now(), NULL)`);
      await refused(t, `INSERT INTO public.subscriptions (customer_id, plan, cancelled_at, coupon) VALUES (3, 'team', now(), NULL)`, /subscriptions_unique_coupon_per_plan_index/);
    },
  },
  {
    name: 'nulls_distinct: false on a custom index rejects a second NULL',
    fixture: 'index-nulls-not-distinct',
    run: async (t) => {
      await t.exec(`INSERT INTO public.slots (room) VALUES ('A')`);
      await refused(t, `INSERT INTO public.slots (room) VALUES ('A')`, /duplicate key/);
      await t.exec(`INSERT INTO public.slots (room, starts_at) VALUES ('A', now())`);
    },
  },
  {
    name: 'the touch trigger moves every update_timestamp column on UPDATE',
    fixture: 'macro-timestamps',
    run: async (t) => {
      await t.exec(`INSERT INTO public.documents (title, updated_at, content_changed_at) VALUES ('a', '2000-01-01', '2000-01-01')`);
      await t.exec(`UPDATE public.documents SET title = 'b'`);
      const r = await one<{ moved: boolean; same: boolean; recent: boolean }>(t, `SELECT updated_at > '2000-01-01' AS moved, updated_at = content_changed_at AS same,
        abs(extract(epoch FROM (updated_at - (now() AT TIME ZONE 'utc')))) < 60 AS recent FROM public.documents`);
      assert.equal(r, { moved: true, same: true, recent: true });
    },
  },
  ...[false, true].map((ownVersion): Scenario => ({
    name: `uuid_v7_primary_key yields version 7, time-ordered UUIDs (${ownVersion ? "the engine's own version" : 'version-less SQL'})`,
    fixture: 'macro-uuid-v7-primary-key',
    ownVersion,
    run: async (t) => {
      for (const n of ['a', 'b', 'c']) {
        await t.exec(`INSERT INTO public.events (name) VALUES ('${n}'); INSERT INTO audit.audit_entries (action) VALUES ('${n}')`);
        await t.exec('SELECT pg_sleep(0.003)');
      }
      for (const table of ['public.events', 'audit.audit_entries']) {
        const rows = await t.query<{ id: string; ms: string; now_ms: string }>(`SELECT id::text AS id,
          ('x' || lpad(translate(substr(id::text, 1, 13), '-', ''), 16, '0'))::bit(64)::bigint::text AS ms,
          floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS now_ms FROM ${table}`);
        assert.is(rows.length, 3);
        for (const r of rows) {
          assert.is(r.id[14], '7', `version nibble of ${r.id}`);
          assert.ok('89ab'.includes(r.id[19]!), `variant of ${r.id}`);
          assert.ok(Math.abs(Number(r.now_ms) - Number(r.ms)) < 60_000, `timestamp of ${r.id}`);
        }
        const col = table === 'public.events' ? 'name' : 'action';
        const byId = await t.query<{ x: string }>(`SELECT ${col} AS x FROM ${table} ORDER BY id`);
        assert.equal(byId.map((r) => r.x), ['a', 'b', 'c'], `${table}: ordered by id = ordered by time`);
      }
    },
  })),
  {
    name: 'a check rejects a bad row and accepts a good one; derived checks too',
    fixture: 'check-constraints',
    run: async (t) => {
      await t.exec(`INSERT INTO public.bookings (starts_at, ends_at, guests) VALUES ('2024-01-01 10:00', '2024-01-01 12:00', 2)`);
      await refused(t, `INSERT INTO public.bookings (starts_at, ends_at, guests) VALUES ('2024-01-01 10:00', '2024-01-01 09:00', 2)`, /bookings_ends_after_start/);
      await refused(t, `INSERT INTO public.bookings (starts_at, ends_at, guests) VALUES ('2024-01-01 10:00', '2024-01-01 12:00', 13)`, /bookings_guests_range/);
      await refused(t, `INSERT INTO public.bookings (starts_at, ends_at, guests, note) VALUES ('2024-01-01 10:00', '2024-01-01 12:00', 1, '  ')`, /bookings_note_not_blank/);
    },
  },
  {
    name: 'min/max, min_length/max_length and match checks',
    fixture: 'constraints-length-match',
    run: async (t) => {
      await t.exec(`INSERT INTO public.profiles (handle, email, code) VALUES ('ann_1', 'Ann@Example.com', 'AB')`);
      await refused(t, `INSERT INTO public.profiles (handle) VALUES ('ab')`, /profiles_handle_min_length/);
      await refused(t, `INSERT INTO public.profiles (handle) VALUES ('Ann')`, /profiles_handle_match/);
      await refused(t, `INSERT INTO public.profiles (handle, code) VALUES ('ann_2', 'ab')`, /profiles_code_match/);
    },
  },
  {
    name: 'identity columns generate; GENERATED ALWAYS refuses a value',
    fixture: 'identity-columns',
    run: async (t) => {
      await t.exec('INSERT INTO public.orders DEFAULT VALUES; INSERT INTO public.orders DEFAULT VALUES');
      assert.equal(await t.query('SELECT number::int, "position"::int FROM public.orders ORDER BY number'), [{ number: 1, position: 1 }, { number: 2, position: 2 }]);
      await refused(t, 'INSERT INTO public.orders (number) VALUES (7)', /non-DEFAULT value into column "number"/);
      await t.exec('INSERT INTO public.orders ("position") VALUES (7)');
    },
  },
  {
    name: 'one_of rejects an unknown value; on citext it ignores case',
    fixture: 'constraints-one-of',
    run: async (t) => {
      await t.exec(`INSERT INTO public.tickets (status, priority, channel, region) VALUES ('won''t fix', 2, 'EMAIL', 'eu')`);
      await refused(t, `INSERT INTO public.tickets (status) VALUES ('pending')`, /tickets_status_one_of/);
      await refused(t, `INSERT INTO public.tickets (priority) VALUES (4)`, /tickets_priority_one_of/);
      await refused(t, `INSERT INTO public.tickets (region) VALUES ('EU')`, /tickets_region_one_of/);
    },
  },
  {
    name: 'literal defaults arrive as written',
    fixture: 'defaults-literal',
    run: async (t) => {
      await t.exec('INSERT INTO public.settings DEFAULT VALUES');
      const r = await one(t, `SELECT label, kind, email::text, count::int, offset_by::int, big::text, ratio, price::text, discount::text, enabled, archived,
        options::text, empty_map::text, labels, levels, numbers::int[] AS numbers, starts_on::text, starts_at::text, lasts::text, token::text, code, currency, nothing FROM public.settings`);
      assert.equal(r, {
        label: "it's on", kind: 'standard', email: 'nobody@example.com', count: 0, offset_by: -1, big: '10000000000', ratio: 1.5, price: '9.99', discount: '-0.5',
        enabled: true, archived: false, options: '{"size": 3, "tags": ["a", "b"], "theme": "dark"}', empty_map: '{}', labels: [], levels: ['low', 'very high', ''],
        numbers: [1, 2, 3], starts_on: '2024-01-01', starts_at: '2024-01-01 09:00:00', lasts: '1 day', token: '00000000-0000-0000-0000-000000000000', code: 'ABC',
        currency: 'EUR', nothing: null,
      });
    },
  },
  {
    name: 'composite tenant keys refuse a reference across tenants',
    fixture: 'tenant-attribute',
    run: async (t) => {
      const [o1, o2, b1] = [randomUUID(), randomUUID(), randomUUID()];
      await t.exec(`INSERT INTO public.orgs (id, name) VALUES ('${o1}', 'one'), ('${o2}', 'two'); INSERT INTO public.boards (id, org_id, title) VALUES ('${b1}', '${o1}', 'Roadmap')`);
      await t.exec(`INSERT INTO public.cards (org_id, board_id, "position") VALUES ('${o1}', '${b1}', 1)`);
      await refused(t, `INSERT INTO public.cards (org_id, board_id, "position") VALUES ('${o2}', '${b1}', 1)`, /cards_board_id_fkey/);
      // unique_title is per tenant; unique_title_everywhere is not.
      await refused(t, `INSERT INTO public.boards (org_id, title) VALUES ('${o2}', 'Roadmap')`, /boards_unique_title_everywhere_index/);
    },
  },
  {
    name: 'row-level security shows and accepts only the rows of the tenant in pgdecl.tenant',
    fixture: 'tenant-attribute-rls',
    run: async (t) => {
      const role = `pgdecl_app_${randomUUID().slice(0, 8)}`;
      const [o1, o2] = [randomUUID(), randomUUID()];
      // As the (superuser) owner: rows of two tenants. Superusers bypass row-level security.
      await t.exec(`INSERT INTO public.notes (tenant, body) VALUES ('acme', 'a1'), ('acme', 'a2'), ('globex', 'g1');
        INSERT INTO public.reminders (org_id) VALUES ('${o1}'), ('${o2}');
        CREATE ROLE ${role}; GRANT USAGE ON SCHEMA public TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role};`);
      try {
        await t.exec(`SET ROLE ${role}; SET pgdecl.tenant = 'acme'`);
        assert.equal((await t.query<{ body: string }>('SELECT body FROM public.notes ORDER BY body')).map((r) => r.body), ['a1', 'a2']);
        await t.exec(`INSERT INTO public.notes (tenant, body) VALUES ('acme', 'a3')`);
        await refused(t, `INSERT INTO public.notes (tenant, body) VALUES ('globex', 'g2')`, /row-level security/);
        await t.exec(`SET pgdecl.tenant = '${o2}'`);
        assert.equal((await t.query<{ org_id: string }>('SELECT org_id::text FROM public.reminders')).map((r) => r.org_id), [o2]);
      } finally {
        await t.exec(`RESET ROLE; RESET pgdecl.tenant; DROP OWNED BY ${role}; DROP ROLE ${role}`);
      }
    },
  },
  {
    name: 'triggers fire with their arguments and WHEN condition',
    fixture: 'functions-triggers',
    run: async (t) => {
      await t.exec(`INSERT INTO public.pages (body) VALUES ('v1'); UPDATE public.pages SET body = 'v2'`);
      assert.equal(await one(t, 'SELECT edited_at IS NOT NULL AS edited FROM public.pages'), { edited: true });
      await t.exec('UPDATE public.pages SET locked = true');
      await refused(t, `UPDATE public.pages SET body = 'v3'`, /page is locked \(42\)/);
    },
  },
  {
    name: 'a tenant schema gets its own tables, uuid v7 function and touch trigger, pointing at public.users',
    fixture: 'tenant-context',
    run: async (t) => {
      const u = randomUUID();
      await t.exec(`INSERT INTO public.users (id, email) VALUES ('${u}', 'a@b.c'); INSERT INTO ${FIXTURE_TENANT}.projects (name, owner_id, updated_at) VALUES ('p', '${u}', '2000-01-01')`);
      const p = await one<{ id: string }>(t, `SELECT id::text AS id FROM ${FIXTURE_TENANT}.projects`);
      assert.is(p.id[14], '7');
      await t.exec(`UPDATE ${FIXTURE_TENANT}.projects SET name = 'q'; INSERT INTO ${FIXTURE_TENANT}.tasks (title, project_id) VALUES ('t', '${p.id}')`);
      assert.equal(await one(t, `SELECT updated_at > '2000-01-01' AS moved FROM ${FIXTURE_TENANT}.projects`), { moved: true });
      assert.equal(await t.query(`SELECT title FROM ${FIXTURE_TENANT}.open_tasks`), [{ title: 't' }]);
      await t.exec(`DELETE FROM public.users`);
      assert.equal(await one(t, `SELECT owner_id FROM ${FIXTURE_TENANT}.projects`), { owner_id: null });
    },
  },
  {
    name: 'CONCURRENTLY indexes are built, valid, after the transaction',
    fixture: 'index-concurrently',
    run: async (t) => {
      const rows = await t.query<{ name: string; valid: boolean }>(`SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'public.visits'::regclass AND NOT i.indisprimary ORDER BY 1`);
      assert.equal(rows, [{ name: 'visits_path_index', valid: true }, { name: 'visits_session_index', valid: true }, { name: 'visits_visited_at_index', valid: true }]);
      await t.exec(`INSERT INTO public.visits (path, visited_at, session) VALUES ('/', now(), 's')`);
      await refused(t, `INSERT INTO public.visits (path, visited_at, session) VALUES ('/x', now(), 's')`, /duplicate key/);
    },
  },
];

const fixtures = new Map(listFixtures().map((f) => [f.name, f]));
const list = await servers();
const timings: string[] = [];
let embedded: Target | undefined;

test.before(async () => {
  await initSqlParser();
});

test.after(async () => {
  await embedded?.close();
  console.log(timings.join('\n'));
  await stopOwnServers();
});

async function prepare(t: Target, s: Scenario, major: number): Promise<void> {
  const f = fixtures.get(s.fixture);
  assert.ok(f, `fixture ${s.fixture}`);
  const c = await compileFixture(f!, s.ownVersion ? major : undefined);
  if (f!.setupSql) await t.exec(f!.setupSql);
  await execScript(t, c.catalog);
  if (c.tenantSql) await execScript(t, c.catalog, { tenant: FIXTURE_TENANT });
}

for (const server of list) {
  const major = server.name === 'pg18' ? 18 : 15;
  let at = 0;
  for (const [i, s] of SCENARIOS.entries()) {
    test(`${server.name}: ${s.name}`, async () => {
      if (i === 0) at = Date.now();
      const t = await freshTarget(server);
      try {
        await prepare(t, s, major);
        await s.run(t, major);
      } finally {
        await t.drop();
      }
      if (i === SCENARIOS.length - 1) timings.push(`${server.name}: ${SCENARIOS.length} scenarios in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    });
  }
}

let pgliteAt = 0;
for (const [i, s] of SCENARIOS.entries()) {
  test(`pglite: ${s.name}`, async () => {
    if (!embedded) {
      pgliteAt = Date.now();
      embedded = await pglite();
    }
    await emptyDatabase(embedded);
    await prepare(embedded, s, 18);
    await s.run(embedded, 18);
    if (i === SCENARIOS.length - 1) timings.push(`pglite: ${SCENARIOS.length} scenarios in ${((Date.now() - pgliteAt) / 1000).toFixed(1)} s (including the start)`);
  });
}

test.run();
