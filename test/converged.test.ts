/**
 * What is known to be converged (src/plan/converged.ts) and the catalog's stamp it rests on
 * (src/inspect/stamp.ts). The stamp must change with every change a plan could see, and stay
 * the same across what a plan cannot see (VACUUM, ANALYZE, rows, temporary tables of other
 * sessions); a record is used only when files, variant and stamp all match; an apply stores
 * one that a fresh clone finds (plan and apply answer from it); drift after a record is still
 * seen by both. PostgreSQL 15, 18 and the
 * embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogStamp } from '../src/inspect/stamp.js';
import { knownConverged, planVariant, readLocal, stampBeforeProof, storeConverged } from '../src/plan/converged.js';
import { embeddedStamp, knownEmbeddedConverged } from '../src/plan/embedded-converged.js';
import { openPglite } from '../src/targets/pglite.js';
import { loadProjectCached, planningChecks, readProjectFiles } from '../src/plan/project-cache.js';
import { planProject } from '../src/plan/project-plan.js';
import { openPostgres } from '../src/targets/postgres.js';
import type { Target } from '../src/targets/target.js';
import { runCli } from './helpers/cli.js';
import { freshDatabase, pglite, resetDatabase, servers, stopOwnServers } from './helpers/servers.js';

const BASE = `
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE SEQUENCE counter;
CREATE TABLE things (id integer PRIMARY KEY, name text DEFAULT 'x', m mood, c integer);
CREATE VIEW thing_ids AS SELECT id FROM things;
CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE SCHEMA pgdecl;
CREATE TABLE pgdecl.extensions (name text);
`;

/** Each must change the stamp (run in order, each after the one before). */
function changes(role: string): string[] {
  return [
    'ALTER TABLE things ADD COLUMN d integer',
    'ALTER TABLE things ALTER COLUMN d TYPE bigint',
    "ALTER TABLE things ALTER COLUMN name SET DEFAULT 'y'",
    'ALTER TABLE things ALTER COLUMN name DROP DEFAULT',
    'ALTER TABLE things ALTER COLUMN c SET NOT NULL',
    'ALTER TABLE things ALTER COLUMN c DROP NOT NULL',
    "COMMENT ON TABLE things IS 'what there is'",
    "COMMENT ON COLUMN things.name IS 'its name'",
    'CREATE INDEX things_name ON things (name)',
    'ALTER INDEX things_name RENAME TO things_name2',
    'DROP INDEX things_name2',
    'ALTER TABLE things ADD CONSTRAINT c_positive CHECK (c > 0) NOT VALID',
    'ALTER TABLE things VALIDATE CONSTRAINT c_positive',
    "COMMENT ON CONSTRAINT c_positive ON things IS 'positive'",
    "CREATE OR REPLACE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 2'",
    "ALTER TYPE mood ADD VALUE 'asleep'",
    'ALTER SEQUENCE counter INCREMENT BY 2',
    'CREATE OR REPLACE VIEW thing_ids AS SELECT id, name FROM things',
    'CREATE TRIGGER things_touch BEFORE UPDATE ON things FOR EACH ROW EXECUTE FUNCTION touch()',
    'ALTER TABLE things DISABLE TRIGGER things_touch',
    'ALTER TABLE things ENABLE ROW LEVEL SECURITY',
    'CREATE POLICY everyone ON things USING (true)',
    `CREATE ROLE ${role}`,
    `GRANT SELECT ON things TO ${role}`,
    `GRANT UPDATE (name) ON things TO ${role}`,
    `ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ${role}`,
    `ALTER ROLE ${role} RENAME TO ${role}_2`,
    'ALTER TABLE things SET (fillfactor = 70)',
    'ALTER TABLE things RENAME COLUMN d TO e',
    'CREATE SCHEMA other',
    'ALTER SCHEMA other RENAME TO other2',
    'CREATE TABLE other2.part (id integer, at date) PARTITION BY RANGE (at)',
    "CREATE TABLE other2.part_2026 PARTITION OF other2.part FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
    // pgdecl's bookkeeping is data, read by every plan.
    "INSERT INTO pgdecl.extensions VALUES ('citext')",
    'DELETE FROM pgdecl.extensions',
  ];
}

/** Rows of the catalogs the stamp reads that VACUUM has frozen (their xmin reads 2). */
const FROZEN = ['pg_class', 'pg_attribute', 'pg_type', 'pg_attrdef', 'pg_constraint', 'pg_index', 'pg_proc', 'pg_trigger', 'pg_depend', 'pg_description', 'pg_namespace', 'pg_policy', 'pg_sequence', 'pg_inherits', 'pg_rewrite']
  .map((c) => `SELECT count(*) AS n FROM pg_catalog.${c} WHERE xmin = '2'::xid`)
  .join(' UNION ALL ');

async function dropRole(t: Target, role: string): Promise<void> {
  for (const r of [role, `${role}_2`]) {
    await t.exec(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN EXECUTE 'DROP OWNED BY ${r}; DROP ROLE ${r}'; END IF; END $$`);
  }
}

async function stampSensitivity(t: Target, name: string, other?: Target): Promise<void> {
  const role = `stamp_${randomBytes(4).toString('hex')}`;
  await t.exec(BASE);
  try {
    // Roles belong to the cluster, and the stamp reads them (so does a plan): another test file
    // creating its roles meanwhile changes it. That the stamp stays is checked only while the
    // cluster's roles are those it had when `before` was read.
    // The same for VACUUM freezing catalog rows (autovacuum, at any time; PostgreSQL 16 and later
    // freeze opportunistically): a frozen row reads xmin 2, and the stamp hashes xmin. A frozen
    // row only makes the next plan read the catalog again.
    const outside = async () =>
      (await t.query<{ r: string | null }>("SELECT string_agg(oid::text || ' ' || rolname, ',' ORDER BY oid) || ' ' || (SELECT sum(n) FROM (" + FROZEN + ') f) AS r FROM pg_catalog.pg_roles'))[0]?.r ?? '';
    let outsideBefore = await outside();
    let before = await catalogStamp(t);
    const stays = async (what: string) => {
      const now = await catalogStamp(t);
      const outsideNow = await outside();
      if (outsideNow !== outsideBefore) {
        before = now;
        outsideBefore = outsideNow;
        return;
      }
      assert.is(now, before, what);
    };
    assert.ok(before?.startsWith('stamp:'), `${name}: a stamp`);
    await stays(`${name}: the same catalog, the same stamp`);
    for (const sql of changes(role)) {
      await t.exec(sql);
      const after = await catalogStamp(t);
      assert.is.not(after, before, `${name}: ${sql} changes the stamp`);
      outsideBefore = await outside();
      before = after;
    }
    // What a plan does not read leaves it as it is.
    const still: string[] = ["INSERT INTO things (id, name, c) VALUES (1, 'a', 1)", 'ANALYZE', 'VACUUM', 'VACUUM ANALYZE things', 'UPDATE things SET c = 2', 'SELECT nextval(\'counter\')'];
    for (const sql of still) {
      await t.exec(sql);
      await stays(`${name}: ${sql} leaves the stamp`);
    }
    // A temporary table, in this session or another, is not part of any plan.
    await t.exec('CREATE TEMP TABLE scratch (id serial PRIMARY KEY, v text DEFAULT \'x\' CHECK (v <> \'\'))');
    await stays(`${name}: a temporary table of this session leaves the stamp`);
    if (other) {
      await other.exec('CREATE TEMP TABLE scratch2 (id serial PRIMARY KEY, v text)');
      await stays(`${name}: another session's temporary table leaves the stamp`);
      // …but not one that uses an extension's type: inspection counts it among the extension's uses.
      await t.exec('CREATE EXTENSION IF NOT EXISTS citext');
      outsideBefore = await outside();
      before = await catalogStamp(t);
      await other.exec('CREATE TEMP TABLE scratch3 (e public.citext)');
      assert.is.not(await catalogStamp(t), before, `${name}: a temporary table using citext changes the stamp`);
      await other.exec('DROP TABLE scratch3');
      await stays(`${name}: and its end changes it back`);
    }
    await t.exec('DROP TABLE scratch');
    // Settings that change how values print are part of it.
    for (const [setting, value] of [['TimeZone', "'Asia/Tokyo'"], ['quote_all_identifiers', 'on'], ['IntervalStyle', 'iso_8601']] as const) {
      await t.exec(`SET ${setting} = ${value}`);
      assert.is.not(await catalogStamp(t), before, `${name}: another ${setting}, another stamp`);
      await t.exec(`RESET ${setting}`);
      await stays(`${name}: back to the same`);
    }
    // A schema on the search_path cannot stand in for the functions the stamp uses.
    await t.exec("CREATE SCHEMA shadow; CREATE FUNCTION shadow.hashtext(text) RETURNS integer LANGUAGE sql AS 'SELECT 0'; SET search_path = shadow, pg_catalog, public");
    assert.is(await catalogStamp(t), await catalogStamp(t), `${name}: stable under another search_path`);
    await t.exec('ALTER TABLE things ADD COLUMN f integer');
    const withF = await catalogStamp(t);
    await t.exec('ALTER TABLE things ALTER COLUMN f TYPE bigint');
    assert.is.not(await catalogStamp(t), withF, `${name}: a change is still seen with shadow.hashtext on the search_path`);
    await t.exec('RESET search_path; DROP SCHEMA shadow CASCADE');
  } finally {
    await dropRole(t, role);
  }
}

test('the stamp changes with every change a plan could see, and with nothing else (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const t = await openPostgres(db.url);
    const other = await openPostgres(db.url);
    try {
      await stampSensitivity(t, s.name, other);
    } finally {
      await other.close();
      await t.close();
      await db.drop();
    }
  }
});

test('... and on the embedded database', async () => {
  const t = await pglite([]);
  try {
    await resetDatabase(t);
    await stampSensitivity(t, 'pglite');
  } finally {
    await t.close();
  }
});

test('an apply records its convergence only if nothing changed the catalog between its proof and its record (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const t = await openPostgres(db.url);
    const other = await openPostgres(db.url);
    const place = { key: 'a'.repeat(40), variant: planVariant('default', undefined) };
    try {
      await t.exec('CREATE TABLE public.kept (id integer)');
      for (const race of [false, true]) {
        await t.exec('BEGIN');
        const proved = await stampBeforeProof(t);
        assert.ok(proved, `${s.name}: a stamp before the proof`);
        // Another session commits DDL while the apply's transaction is still open.
        if (race) await other.exec('CREATE INDEX kept_id ON public.kept (id)');
        const stored = await storeConverged(t, place, [], proved!);
        await t.exec('COMMIT');
        if (race) assert.is(stored, undefined, `${s.name}: a change committed since the proof is not recorded`);
        else assert.is(stored, proved, `${s.name}: recorded`);
      }
      const rows = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM pgdecl.converged');
      assert.is(rows[0]!.n, 1, `${s.name}: only the record without a race`);
    } finally {
      await other.close();
      await t.close();
      await db.drop();
    }
  }
});

const FILES = `version: 1
resources:
  Author:
    attributes:
      id: uuid_primary_key
      name: { type: string, allow_nil: false }
    postgres: { table: authors }
  Post:
    attributes:
      id: integer_primary_key
      title: { type: string, allow_nil: false }
    relationships:
      author: { type: belongs_to, destination: Author }
    postgres: { table: posts }
`;

test('an apply records convergence; a fresh clone plans empty from it; drift is still seen; other files or flags are not matched (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const applied = mkdtempSync(join(tmpdir(), 'pgdecl-conv-a-'));
    const clone = mkdtempSync(join(tmpdir(), 'pgdecl-conv-b-'));
    writeFileSync(join(applied, 'resources.yaml'), FILES);
    writeFileSync(join(clone, 'resources.yaml'), FILES);
    const t = await openPostgres(db.url);
    try {
      const a = await runCli(['apply', '--yes', '--db', db.url, 'resources.yaml'], { cwd: applied });
      assert.is(a.code, 0, a.stderr);
      const files = (await readProjectFiles([join(clone, 'resources.yaml')], clone, {}))!;
      // The database holds the record (no local folder given): the clone's files match it.
      assert.ok(await knownConverged(t, { key: files.key, variant: planVariant('default', undefined) }), `${s.name}: the apply's record is found`);
      assert.not.ok(await knownConverged(t, { key: files.key, variant: planVariant('default', 'always') }), `${s.name}: another variant (--online) is not`);
      assert.not.ok(await knownConverged(t, { key: 'f'.repeat(40), variant: planVariant('default', undefined) }), `${s.name}: other files are not`);
      const p = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(p.code, 0, `${s.name}: ${p.stdout}${p.stderr}`);
      assert.match(p.stdout, /No changes/);
      const noop = await runCli(['apply', '--yes', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(noop.code, 0, noop.stdout + noop.stderr);
      assert.match(noop.stdout, /No changes/, `${s.name}: apply of the same files has nothing to do`);
      // Drift made by hand after the record: the stamp no longer matches, the full plan sees it.
      await t.exec('ALTER TABLE public.posts ADD COLUMN extra integer');
      assert.not.ok(await knownConverged(t, { key: files.key, variant: planVariant('default', undefined) }), `${s.name}: after drift, nothing is known`);
      const drift = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(drift.code, 2, `${s.name}: drift is a change: ${drift.stdout}${drift.stderr}`);
      assert.match(drift.stdout, /extra/);
      const noApply = await runCli(['apply', '--yes', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(noApply.code, 1, `${s.name}: apply sees the drift too (dropping it needs --allow-destructive): ${noApply.stdout}${noApply.stderr}`);
      // Undone by hand: the plan is empty again (a full plan, which records it locally)…
      await t.exec('ALTER TABLE public.posts DROP COLUMN extra');
      const again = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(again.code, 0, again.stdout + again.stderr);
      assert.ok(await knownConverged(t, { key: files.key, cacheDir: join(clone, '.pgdecl', 'cache'), variant: planVariant('default', undefined) }), `${s.name}: the empty plan was recorded locally`);
      // …and an edit of the files is another key: planned in full, the change is seen.
      writeFileSync(join(clone, 'resources.yaml'), FILES.replace('title: { type: string, allow_nil: false }', 'title: { type: string, allow_nil: true }'));
      const edited = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(edited.code, 2, edited.stdout + edited.stderr);
      assert.match(edited.stdout, /title/);
    } finally {
      await t.close();
      rmSync(applied, { recursive: true, force: true });
      rmSync(clone, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test('an apply keeps the inspection its proof made; a plan of edited files in a fresh clone reads it; any change to the catalog since and it is not used (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const applied = mkdtempSync(join(tmpdir(), 'pgdecl-insp-a-'));
    const clone = mkdtempSync(join(tmpdir(), 'pgdecl-insp-b-'));
    writeFileSync(join(applied, 'resources.yaml'), FILES);
    const t = await openPostgres(db.url);
    try {
      const a = await runCli(['apply', '--yes', '--db', db.url, 'resources.yaml'], { cwd: applied });
      assert.is(a.code, 0, a.stderr);
      const rows = await t.query<{ entry: Uint8Array }>('SELECT entry FROM pgdecl.inspections');
      assert.is(rows.length, 1, `${s.name}: one inspection stored`);
      // Marked: the stored inspection says posts has no title. A plan that reads it shows the column as missing.
      const stored = JSON.parse(gunzipSync(rows[0]!.entry).toString('utf8')) as { catalog: { tables: { name: string; columns: { name: string }[] }[] } };
      const posts = stored.catalog.tables.find((x) => x.name === 'posts')!;
      posts.columns = posts.columns.filter((c) => c.name !== 'title');
      await t.query('UPDATE pgdecl.inspections SET entry = $1', [gzipSync(JSON.stringify(stored))]);
      writeFileSync(join(clone, 'resources.yaml'), FILES.replace('      title: { type: string, allow_nil: false }\n', '      title: { type: string, allow_nil: false }\n      body: string\n'));
      const read = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(read.code, 2, read.stdout + read.stderr);
      assert.match(read.stdout, /\+ column body/);
      assert.match(read.stdout, /\+ column title/, `${s.name}: the plan read the stored inspection`);
      // A change to the catalog a plan does not even show (statistics): another stamp, a fresh inspection.
      await t.exec('ALTER TABLE public.posts ALTER COLUMN title SET STATISTICS 200');
      rmSync(join(clone, '.pgdecl'), { recursive: true, force: true });
      const fresh = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(fresh.code, 2, fresh.stdout + fresh.stderr);
      assert.match(fresh.stdout, /\+ column body/);
      assert.not.match(fresh.stdout, /\+ column title/, `${s.name}: after a change the catalog is read again`);
    } finally {
      await t.close();
      rmSync(applied, { recursive: true, force: true });
      rmSync(clone, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test('a plan handed the stamp its known-empty check read does not read it again before planning; it records under that stamp only if the catalog still has it after (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-conv-s-'));
    writeFileSync(join(dir, 'resources.yaml'), FILES);
    const t = await openPostgres(db.url);
    // The real server, with its stamp queries counted.
    let stamps = 0;
    const counted: Target = new Proxy(t, {
      get(target, prop, receiver) {
        if (prop === 'query') return (sql: string, params?: readonly unknown[]) => ((sql.includes('A stamp of everything') && stamps++), target.query(sql, params));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    try {
      const a = await runCli(['apply', '--yes', '--db', db.url, 'resources.yaml'], { cwd: dir });
      assert.is(a.code, 0, a.stderr);
      const { project, cache } = await loadProjectCached([join(dir, 'resources.yaml')], { cwd: dir, env: {}, check: planningChecks, cacheDir: join(dir, 'fresh-cache') });
      const place = { key: cache!.files.key, cacheDir: join(dir, 'fresh-cache'), variant: planVariant('default', undefined), warnings: [] };
      const seen = (await catalogStamp(t))!;
      stamps = 0;
      const p = await planProject(counted, project, { cacheDir: place.cacheDir, cache: cache!, converged: place, stampBefore: seen });
      assert.is(p.plan.steps.length, 0, `${s.name}: the applied files plan empty`);
      assert.is(stamps, 1, `${s.name}: the stamp is read once, after the plan, to compare with the one handed in`);
      assert.ok(await knownConverged(t, { key: place.key, cacheDir: place.cacheDir, variant: place.variant }), `${s.name}: the empty plan is recorded under it`);
      // The catalog changes after the stamp was read (the apply kept its inspection under it):
      // the stamp after the plan differs, and the plan is made again from one read then. It
      // sees the change, and nothing is recorded under either stamp.
      await t.exec('ALTER TABLE public.posts ADD COLUMN extra integer');
      const other = { ...place, cacheDir: join(dir, 'other-cache') };
      stamps = 0;
      const stale = await planProject(counted, project, { cacheDir: other.cacheDir, converged: other, stampBefore: seen });
      assert.ok(stale.plan.steps.some((x) => x.summary.includes('extra')), `${s.name}: planned again, the change is seen: ${stale.plan.steps.map((x) => x.summary).join('; ')}`);
      assert.is(stamps, 3, `${s.name}: the stamp after the first plan, then before and after the second`);
      assert.equal(readLocal(other.cacheDir, other.key), [], `${s.name}: nothing recorded`);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test('on the embedded database, after an apply or a plan, unchanged files are known empty from its data directory without opening it; a change by another program or an edit is planned in full', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-conv-e-'));
  writeFileSync(join(dir, 'resources.yaml'), FILES);
  try {
    const db = `pglite:${join(dir, 'db')}`;
    const applied = await runCli(['apply', '--yes', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(applied.code, 0, applied.stderr);
    const place = { key: (await readProjectFiles([join(dir, 'resources.yaml')], dir, {}))!.key, cacheDir: join(dir, '.pgdecl', 'cache'), variant: planVariant('default', undefined) };
    // The apply converged and recorded the data directory's files after closing it: the first plan need not open it.
    assert.ok(knownEmbeddedConverged(place, join(dir, 'db')), 'the apply recorded the embedded database');
    const plan = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
    // Another folder with the same files (a fresh clone) knows it from the record kept in the
    // data directory: it answers without opening the database (opening it writes its files).
    const clone = mkdtempSync(join(tmpdir(), 'pgdecl-conv-e2-'));
    try {
      writeFileSync(join(clone, 'resources.yaml'), FILES);
      assert.ok(existsSync(join(dir, 'db', 'pgdecl-converged.json')), 'the record is kept in the data directory');
      assert.ok(knownEmbeddedConverged({ ...place, cacheDir: join(clone, '.pgdecl', 'cache') }, join(dir, 'db')), 'known from the data directory');
      const before = embeddedStamp(join(dir, 'db'));
      const fromClone = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: clone });
      assert.is(fromClone.code, 0, fromClone.stdout + fromClone.stderr);
      assert.match(fromClone.stdout, /No changes/);
      assert.is(embeddedStamp(join(dir, 'db')), before, 'the database was not opened');
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
    const sql = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml', '--sql'], { cwd: dir });
    assert.is(sql.code, 0, sql.stdout + sql.stderr);
    // The plan above was made in full and recorded the data directory's files after closing it.
    assert.ok(knownEmbeddedConverged(place, join(dir, 'db')), 'the embedded database is known empty without opening it');
    const quick = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(quick.code, 0, quick.stdout + quick.stderr);
    assert.match(quick.stdout, /No changes[\s\S]*/);
    assert.match(quick.stdout, /PostgreSQL 18\./, 'the version the full plan saw');
    // Changed by another program (opened, altered, closed): its files changed, the plan sees it.
    const other = await openPglite({ dataDir: join(dir, 'db') });
    await other.exec('ALTER TABLE public.posts ADD COLUMN extra integer');
    await other.close();
    assert.not.ok(knownEmbeddedConverged(place, join(dir, 'db')), 'after a change, nothing is known');
    const drift = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(drift.code, 2, drift.stdout + drift.stderr);
    assert.match(drift.stdout, /extra/);
    // Undone the same way: the next plan is made in full, and is empty.
    const reader = await openPglite({ dataDir: join(dir, 'db') });
    await reader.exec('ALTER TABLE public.posts DROP COLUMN extra');
    await reader.close();
    const again = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(again.code, 0, again.stdout + again.stderr);
    writeFileSync(join(dir, 'resources.yaml'), FILES.replace('title: { type: string, allow_nil: false }', 'title: { type: string, allow_nil: true }'));
    const changed = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(changed.code, 2, changed.stdout + changed.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(stopOwnServers);
test.run();
