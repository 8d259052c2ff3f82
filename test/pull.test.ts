/**
 * pull on schemas written by hand (fixtures/pull/<case>/schema.sql): on PostgreSQL 18, 15 and
 * the embedded database, each loads into a fresh database, pulls into YAML that validates and
 * equals the reviewed expected.yaml, reports what it does not pull as expected-report.txt says,
 * and a plan of the YAML against the same database has no steps.
 * `UPDATE_GOLDEN=1 npm test -- pull` rewrites the golden files (from PostgreSQL 18).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGolden, UPDATE_GOLDEN } from './helpers/fixtures.js';
import { listPullCases, reportText, roundTrip, planOf, type PullCase } from './helpers/pull.js';
import { freshTarget, pglite, resetDatabase, servers, stopOwnServers, type ServerInfo } from './helpers/servers.js';
import { pull } from '../src/pull/index.js';
import type { Target } from '../src/targets/target.js';

const cases = listPullCases();

test('at least 15 hand-written schemas', () => {
  assert.ok(cases.length >= 15, `${cases.length} cases`);
});

/** Runs one case on a database that has its schema loaded; returns its problems. */
async function check(engine: string, t: Target, c: PullCase, golden: boolean): Promise<string[]> {
  await t.exec(c.sql);
  const r = await roundTrip(t, { schemas: c.schemas });
  const problems = r.problems.map((p) => `${engine} ${c.name}: ${p}`);
  if (golden || !UPDATE_GOLDEN) {
    for (const p of [checkGolden(join(c.dir, 'expected.yaml'), r.text), checkGolden(join(c.dir, 'expected-report.txt'), reportText(r.result))]) {
      if (p) problems.push(`${engine} ${c.name}: ${p}`);
    }
  }
  return problems;
}

async function onServer(s: ServerInfo): Promise<string[]> {
  const problems: string[] = [];
  for (const c of cases) {
    const t = await freshTarget(s);
    try {
      problems.push(...(await check(s.name, t, c, s.name === 'pg18')));
    } catch (e) {
      problems.push(`${s.name} ${c.name}: ${(e as Error).message}`);
    } finally {
      await t.drop();
    }
  }
  return problems;
}

test('every hand-written schema round-trips on PostgreSQL 18 and 15, as its golden files say', async () => {
  const all = await servers();
  assert.ok(all.some((s) => s.name === 'pg18'));
  const problems = (await Promise.all(all.map(onServer))).flat();
  assert.equal(problems, []);
});

test('every hand-written schema round-trips on the embedded database, as its golden files say', async () => {
  const t = await pglite();
  const problems: string[] = [];
  try {
    for (const c of cases) {
      await resetDatabase(t);
      try {
        problems.push(...(await check('pglite', t, c, false)));
      } catch (e) {
        problems.push(`pglite ${c.name}: ${(e as Error).message}`);
      }
    }
  } finally {
    await t.close();
  }
  assert.equal(problems, []);
});

// Views are pulled (their text differs between PostgreSQL 15 and 16+, so they are proved by the
// round-trip cases of fixtures/roundtrip/v-*, not by these goldens).
test('enum types, domains, composite types and sequences are pulled, and columns name the types', () => {
  const report = readFileSync(join(cases.find((c) => c.name === 'reported')!.dir, 'expected-report.txt'), 'utf8');
  for (const gone of ['enum type public.mood', 'domain public.email', 'composite type public.address']) assert.not.ok(report.includes(gone), report);
  assert.not.ok(report.includes('sequence public.invoice_numbers'), report);
  const yaml = readFileSync(join(cases.find((c) => c.name === 'reported')!.dir, 'expected.yaml'), 'utf8');
  assert.ok(yaml.includes('  mood: { enum: [happy, ok, sad] }'), yaml);
  assert.ok(yaml.includes("  email: { domain: text, checks: { email_check: VALUE ~~ '%@%'::text } }"), yaml);
  assert.ok(yaml.includes('  address: { composite: { street: text, city: text } }'), yaml);
  assert.ok(yaml.includes('email: { type: { domain: email }, allow_nil: false }'), yaml);
  assert.ok(yaml.includes('moods: { type: { array: { enum: mood } } }'), yaml);
  assert.ok(yaml.includes('sequences: { invoice_numbers: { start: 1000 } }'), yaml);
});

/** A fresh database on PostgreSQL 18 for `body`, dropped afterwards. */
async function onPg18(body: (t: Target) => Promise<void>): Promise<void> {
  const t = await freshTarget((await servers()).find((x) => x.name === 'pg18')!);
  try {
    await body(t);
  } finally {
    await t.drop();
  }
}

test('row-level security that is not pgdecl own is pulled as row_level_security, and the plan is empty', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TABLE notes (id int PRIMARY KEY, owner text);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notes_owner ON notes USING (owner = current_user);`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported, []);
    assert.ok(r.text.includes('row_level_security: { policies: { notes_owner: { using: (owner = CURRENT_USER) } } }'), r.text);
    assert.equal(r.problems, []);
  }),
);

test("a table's replica identity, clustered index and column options are pulled; a partition's and a materialized view's are named as not managed", () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
      CREATE UNIQUE INDEX accounts_email ON accounts (email);
      ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email, CLUSTER ON accounts_pkey;
      CREATE TABLE notes (id int PRIMARY KEY, account_id int REFERENCES accounts, body text);
      ALTER TABLE notes ALTER COLUMN account_id SET STATISTICS 300, ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN body SET COMPRESSION pglz;
      CREATE TABLE visits (at date NOT NULL, page text) PARTITION BY RANGE (at);
      CREATE TABLE visits_2024 PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE visits_2024 REPLICA IDENTITY FULL, ALTER COLUMN page SET STORAGE MAIN, ALTER COLUMN page SET DEFAULT 'home';
      CREATE MATERIALIZED VIEW note_counts AS SELECT account_id, count(*) AS n FROM notes GROUP BY account_id;
      CREATE INDEX note_counts_account ON note_counts (account_id);
      ALTER MATERIALIZED VIEW note_counts CLUSTER ON note_counts_account;`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}: ${u.detail}`), [
      'materialized view options note_counts: CLUSTER ON note_counts_account',
      'partition options visits_2024: REPLICA IDENTITY FULL, page STORAGE MAIN',
    ]);
    // A partition's own column default is pulled.
    assert.ok(r.text.includes('visits_2024: { from: 2024-01-01, to: 2025-01-01, column_defaults: { page: home } }'), r.text);
    assert.ok(r.text.includes('replica_identity: { index: accounts_email }\n      cluster_on: accounts_pkey'), r.text);
    // A foreign key column with options of its own is written as an attribute.
    assert.ok(r.text.includes('account_id: { type: integer, postgres_type: integer, statistics: 300 }'), r.text);
    assert.ok(r.text.includes('body: { type: string, storage: external, compression: pglz }'), r.text);
    assert.equal(r.problems, []);
  }),
);

test("what belongs to the whole database or has no key in the format is named: publications, an extension's own comment, a domain check's comment; n_distinct and a materialized view's storage parameters are pulled", () =>
  onPg18(async (t) => {
    await t.exec(`CREATE EXTENSION IF NOT EXISTS btree_gist;
      COMMENT ON EXTENSION btree_gist IS 'ours';
      CREATE DOMAIN qty AS int CONSTRAINT qty_positive CHECK (VALUE > 0);
      COMMENT ON CONSTRAINT qty_positive ON DOMAIN qty IS 'no empty lines';
      CREATE TABLE lines (id int PRIMARY KEY, n qty, sku text);
      ALTER TABLE lines ALTER COLUMN sku SET (n_distinct = -0.5);
      CREATE MATERIALIZED VIEW line_counts WITH (fillfactor = 70) AS SELECT sku, count(*) AS n FROM lines GROUP BY sku;
      CREATE SCHEMA elsewhere;
      CREATE TABLE elsewhere.other (id int PRIMARY KEY);
      CREATE PUBLICATION lines_pub FOR TABLE lines, elsewhere.other;
      CREATE PUBLICATION other_pub FOR TABLE elsewhere.other;`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}: ${u.detail}`), [
      'domain check comment qty.qty_positive: no empty lines',
      'extension comment btree_gist: ours',
      'publication lines_pub: FOR public.lines',
    ]);
    assert.ok(r.text.includes('sku: { type: string, n_distinct: -0.5 }'), r.text);
    assert.ok(r.text.includes('storage_parameters: { fillfactor: 70 }'), r.text);
    assert.equal(r.problems, []);
  }),
);

test("public's USAGE revoked from PUBLIC is pulled as `PUBLIC: []` (with public's standard comment, which a schema written as a map manages); applied elsewhere, it is revoked there", () =>
  onPg18(async (t) => {
    await t.exec('REVOKE USAGE ON SCHEMA public FROM PUBLIC; CREATE TABLE notes (id int PRIMARY KEY)');
    const r = await roundTrip(t);
    assert.ok(r.text.includes('schemas: [{ name: public, comment: standard public schema, grants: { PUBLIC: [] } }]'), r.text);
    assert.equal(r.problems, []);
    await onPg18(async (fresh) => {
      const elsewhere = await planOf(fresh, r.text);
      assert.ok(elsewhere.some((p) => p.includes('revoke USAGE from PUBLIC')), elsewhere.join('\n'));
    });
  }),
);

test("a key or timestamp column with options of its own is not written as a macro, which would lose them; an identity sequence's own name is pulled", () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TABLE z (id bigint GENERATED BY DEFAULT AS IDENTITY (START 5) PRIMARY KEY);
      CREATE TABLE y (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'));
      ALTER TABLE y ALTER COLUMN id SET STATISTICS 500, ALTER COLUMN at SET STATISTICS 50;
      CREATE TABLE x (id uuid DEFAULT gen_random_uuid() PRIMARY KEY);
      ALTER TABLE x ALTER COLUMN id SET (n_distinct = -1);
      CREATE TABLE customer (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
      ALTER TABLE customer RENAME TO customers;`);
    const r = await roundTrip(t);
    for (const text of ['sequence: { start: 5 }', 'identity: by_default, statistics: 500', 'n_distinct: -1', 'sequence: { name: customer_id_seq }']) assert.ok(r.text.includes(text), `${text} in\n${r.text}`);
    assert.not.ok(r.text.includes('_primary_key\n'), r.text);
    assert.equal(r.result.unsupported, []);
    assert.equal(r.problems, []);
  }),
);

test('a function the format cannot write (language internal) is reported, and a plan would drop it', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TABLE items (id int PRIMARY KEY, price numeric);
      CREATE FUNCTION my_abs(integer) RETURNS integer LANGUAGE internal IMMUTABLE STRICT AS 'int4abs';`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}: ${u.detail}`), ['function my_abs(integer): language internal']);
    assert.ok(r.text.includes('#   function public.my_abs(integer) (language internal): a plan removes it'), r.text);
    assert.not.ok(r.text.includes('functions:'));
    assert.ok(r.problems.some((p) => p.includes('my_abs')), r.problems.join('\n'));
  }),
);

test("PostgreSQL 18's constraints: temporal keys and NOT ENFORCED are pulled; UNIQUE WITHOUT OVERLAPS and NOT VALID not-null constraints are named", () =>
  onPg18(async (t) => {
    await t.exec(`CREATE EXTENSION IF NOT EXISTS btree_gist;
      CREATE TABLE rooms (room int, code int, during tstzrange, PRIMARY KEY (room, during WITHOUT OVERLAPS), CONSTRAINT rooms_spans UNIQUE (code, during WITHOUT OVERLAPS));
      CREATE TABLE stays (id int PRIMARY KEY, room int, during tstzrange, nights int,
        CONSTRAINT stays_nights CHECK (nights > 0) NOT ENFORCED,
        FOREIGN KEY (room, PERIOD during) REFERENCES rooms (room, PERIOD during));
      CREATE TABLE notes (id int PRIMARY KEY, stay int REFERENCES stays (id) NOT ENFORCED, body text);
      ALTER TABLE notes ADD CONSTRAINT notes_body_present NOT NULL body NOT VALID;`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}: ${u.detail}`), [
      "not-null constraint notes.notes_body_present: NOT NULL body NOT VALID, pulled as the column's NOT NULL",
      'temporal constraint rooms.rooms_spans: UNIQUE (code, during WITHOUT OVERLAPS)',
    ]);
    // What the format says is written: a key WITHOUT OVERLAPS, a PERIOD foreign key, NOT ENFORCED ones.
    for (const text of ['primary_key_without_overlaps: true', 'period: true', 'enforced: false']) assert.ok(r.text.includes(text), `${text} in\n${r.text}`);
    // The plan of the pulled files changes only what they cannot say: the UNIQUE WITHOUT OVERLAPS goes (and the NOT VALID NOT NULL is validated).
    assert.ok(r.problems.length === 1 && r.problems[0]!.includes('rooms_spans'), r.problems.join('\n'));
  }),
);

test('an ordinary aggregate is pulled under `aggregates:`; an ordered-set one and its grant are reported and left alone', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE FUNCTION mul(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a * b $$;
      CREATE AGGREGATE product(numeric) (SFUNC = mul, STYPE = numeric, INITCOND = '1');
      CREATE AGGREGATE my_median(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_cont_float8_final);
      REVOKE ALL ON FUNCTION my_median(float8, float8) FROM PUBLIC;`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}`), ['grants my_median(double precision ORDER BY double precision)', 'ordered-set aggregate my_median(double precision ORDER BY double precision)']);
    assert.ok(r.text.includes('aggregates:\n  product:\n    arguments: numeric\n    sfunc: public.mul\n    stype: numeric\n    initcond: "1"\n'), r.text);
    assert.equal(r.problems, []);
  }),
);

test('objects another role owns are named with that role (pgdecl does not manage owners)', () =>
  onPg18(async (t) => {
    await t.exec(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pull_other_owner') THEN CREATE ROLE pull_other_owner NOLOGIN; END IF;
      END $$;
      CREATE TABLE ledger (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, amount numeric);
      CREATE TYPE mood AS ENUM ('ok', 'meh');
      CREATE TABLE mine (id int PRIMARY KEY);
      ALTER TABLE ledger OWNER TO pull_other_owner;
      ALTER TYPE mood OWNER TO pull_other_owner;`);
    const r = await roundTrip(t);
    // The identity's sequence comes with its table: counted with it, not on its own.
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}: ${u.detail}`), [
      'owner pull_other_owner: owns 2 of the pulled objects (table, type); applied to another database, they belong to the role that applies them',
    ]);
    assert.equal(r.problems, []);
  }),
);

test('a function with an SQL-standard body is pulled with `sql_body: true` and its body as the server prints it', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TABLE items (id int PRIMARY KEY, price numeric);
      CREATE FUNCTION with_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN p * 1.2;
      CREATE PROCEDURE bump(by numeric) LANGUAGE sql BEGIN ATOMIC UPDATE items SET price = price + by; END;`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported, []);
    assert.ok(r.text.includes('sql_body: true\n    body: RETURN (p * 1.2)'), r.text);
    assert.ok(r.text.includes('    sql_body: true\n    body: |\n      BEGIN ATOMIC\n       UPDATE public.items SET price = (items.price + bump.by);\n      END\n'), r.text);
    assert.equal(r.problems, []);
  }),
);

test('the comments of a composite type and of its attributes are pulled', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TYPE pair AS (a int, b text COLLATE "C");
      COMMENT ON TYPE pair IS 'Two things';
      COMMENT ON COLUMN pair.b IS 'The second';`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported, []);
    assert.ok(r.text.includes('pair:\n    composite: { a: integer, b: { type: text, collation: C, description: The second } }\n    description: Two things'), r.text);
    assert.equal(r.problems, []);
  }),
);

test('what the format cannot say is reported as not exact, and is all a plan would change; overloads and NULLS LAST are written', () =>
  onPg18(async (t) => {
    // A bit column without a length (CREATE TABLE AS of a bit string) is "bit", which
    // postgres_type names quoted (`bit` is bit(1)). A partition's own primary key the format
    // cannot say; its own index and check it can (`custom_indexes:`, `check_constraints:` of the partition).
    await t.exec(`CREATE TABLE owners AS SELECT 1 AS id, B'101' AS flag, now() AS seen;
      CREATE TABLE visits (id int, at date) PARTITION BY RANGE (at);
      CREATE TABLE visits_2024 PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE INDEX visits_2024_id ON visits_2024 (id);
      ALTER TABLE visits_2024 ADD CONSTRAINT visits_2024_positive CHECK (id > 0);
      ALTER TABLE visits_2024 ADD CONSTRAINT visits_2024_pk PRIMARY KEY (id);
      ALTER TABLE owners ADD PRIMARY KEY (id);
      CREATE INDEX owners_seen ON owners (seen DESC NULLS LAST);
      CREATE TABLE pets (id int PRIMARY KEY, owner_id int DEFAULT 0 REFERENCES owners ON DELETE SET DEFAULT);
      CREATE SCHEMA other;
      CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE FUNCTION public.stamp(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;`);
    const r = await roundTrip(t);
    assert.equal(r.result.inexact, ['the partition public.visits_2024 has its own primary key visits_2024_pk, which the format cannot say: a plan would remove them']);
    assert.ok(r.text.includes('custom_indexes: [{ fields: [id], name: visits_2024_id }]'), r.text);
    assert.ok(r.text.includes('check_constraints: [{ name: visits_2024_positive, check: id > 0 }]'), r.text);
    assert.ok(r.text.includes('postgres_type: \'"bit"\''), r.text);
    // The overload is written under a key of its own, with its name.
    assert.ok(r.text.includes('stamp_2:\n    name: stamp\n'), r.text);
    assert.ok(r.text.includes('# Not exact: the format cannot say these, so a plan against this database changes them.'), r.text);
    const plan = r.problems.join('\n');
    // NULLS LAST on a descending key is written (`{desc: seen, nulls: last}`), and so is the
    // overload: a plan changes neither.
    for (const kept of ['owners_seen', 'stamp(']) assert.not.ok(plan.includes(kept), plan);
    assert.not.ok(plan.includes('column flag'), plan);
    assert.ok(!plan.includes('pets_owner_id_fkey'), plan);
    assert.not.ok(plan.includes('visits_2024_id'), plan);
    assert.not.ok(plan.includes('visits_2024_positive'), plan);
    assert.ok(plan.includes('visits_2024_pk'), plan);
    assert.ok(plan.includes('Plan: 0 to create, 0 to change, 1 to drop.'), plan);
  }),
);

test('table inheritance is pulled as `inherits:` with the child\'s own columns; what a child sets on a column it only inherits, a key on one and a parent not pulled are reported', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE SCHEMA other;
      CREATE TABLE other.stamped (stamped_at timestamptz);
      CREATE TABLE events (id int NOT NULL, kind text DEFAULT 'event', CONSTRAINT events_id_check CHECK (id > 0));
      CREATE TABLE logins (ip inet, kind text DEFAULT 'login') INHERITS (events);
      CREATE TABLE audits (who text) INHERITS (events);
      ALTER TABLE audits ALTER COLUMN kind SET DEFAULT 'audit';
      ALTER TABLE audits ADD PRIMARY KEY (id);
      CREATE TABLE marks (label text) INHERITS (other.stamped);`);
    const r = await roundTrip(t);
    assert.equal(r.result.unsupported.map((u) => `${u.kind} ${u.name}: ${u.detail}`).sort(), [
      "inherited column audits.kind: pulled without its default 'audit'::text",
      'primary key audits.audits_pkey: on the inherited column id, pulled without it',
      'table inheritance marks: inherits from other.stamped, which is not pulled: pulled without it and the columns it gives',
    ]);
    assert.ok(r.text.includes("  Login:\n    attributes:\n      kind: { type: string, default: login }\n      ip: { type: string, postgres_type: inet }\n    postgres:\n      table: logins\n      inherits: [Event]\n"), r.text);
    assert.ok(r.text.includes('      table: audits\n      inherits: [Event]\n'), r.text);
    // The inherited check is the parent's alone.
    assert.equal(r.text.split('events_id_check').length, 2, r.text);
    // The key on an inherited column is all a plan against the database would change.
    const plan = r.problems.join('\n');
    assert.ok(plan.includes('audits_pkey'), plan);
    assert.not.ok(plan.includes('logins'), plan);
  }),
);

test('pgdecl own row-level security (attribute multitenancy) becomes multitenancy again', () =>
  onPg18(async (t) => {
    await t.exec(`CREATE TABLE notes (id int PRIMARY KEY, org_id uuid NOT NULL, body text);
      CREATE UNIQUE INDEX notes_unique_body_index ON notes (org_id, body);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY; ALTER TABLE notes FORCE ROW LEVEL SECURITY;
      CREATE POLICY notes_tenant_isolation ON notes USING (org_id = current_setting('pgdecl.tenant')::uuid)
        WITH CHECK (org_id = current_setting('pgdecl.tenant')::uuid);`);
    const r = await roundTrip(t);
    assert.equal(r.problems, []);
    assert.ok(r.text.includes('multitenancy: { strategy: attribute, attribute: org_id, row_level_security: true }'), r.text);
    assert.ok(r.text.includes('unique_body: { keys: [body] }'), 'the tenant column the compiler adds is left out');
    assert.equal(r.result.unsupported, []);
  }),
);

test('--tables keeps the tables it matches; the ones their keys point at become migrate: false', () =>
  onPg18(async (t) => {
    await t.exec(cases.find((c) => c.name === 'shop')!.sql);
    const r = await pull(t, { tables: ['order*'] });
    assert.equal(r.resources.map((x) => `${x.name}${x.stub ? ' (stub)' : ''}`), ['OrderItem', 'Order', 'Product (stub)', 'Customer (stub)']);
    const stub = r.resources.find((x) => x.name === 'Product')!;
    assert.equal((stub.value.get('postgres') as Map<string, unknown>).get('migrate'), false);
    const full = await roundTrip(t, { tables: ['*'] });
    assert.equal(full.problems, []);
  }),
);

test('a foreign key into a schema that is not pulled points at a migrate: false resource', () =>
  onPg18(async (t) => {
    await t.exec(cases.find((c) => c.name === 'schemas')!.sql);
    const r = await roundTrip(t, { schemas: ['audit'] });
    assert.equal(r.problems, []);
    assert.ok(/User:\n {4}attributes:\n {6}id: \{ type: integer, postgres_type: integer, primary_key: true \}\n {4}postgres:\n {6}table: users\n {6}schema: app\n {6}migrate: false/.test(r.text), r.text);
    assert.equal(await planOf(t, r.text), []);
  }),
);

test.after(stopOwnServers);
test.run();
