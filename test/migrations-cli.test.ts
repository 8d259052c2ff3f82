/**
 * `pgdecl generate`, `migrate`, `rollback` and `status` as users run them: file layout and
 * contents, "No changes", --check, --dry-run, --snapshots-only, a tampered sum and an edited
 * applied migration refused, two migrates at once, --step and --to, the status JSON, the dev
 * flow squashed into one migration, CONCURRENTLY steps in their own file, tenant migrations
 * per schema, and the rename prompt on a terminal and without one. Database steps run on
 * PostgreSQL 18 and 15 through the CLI, and on PGlite through the same library calls.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, stripAnsi } from './helpers/cli.js';
import { stopOwnServers } from './helpers/servers.js';
import { closeEngines, database, engines, generate, migrationFiles, project, schemaOf, noteTime, printTimes, type Engine } from './helpers/migrations.js';
import { migrateSchema, rollbackSchema } from '../src/migrations/run.js';
import { readFolder } from '../src/migrations/folder.js';
import { readParts } from '../src/migrations/generate.js';
import { rollBackDevMigrations } from '../src/migrations/dev.js';
import { appliedMigrations } from '../src/migrations/tracking.js';
import { migrationStatus } from '../src/migrations/status.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { openPostgres } from '../src/targets/postgres.js';
import { inspect } from '../src/inspect/inspect.js';

const V1 = `version: 1
resources:
  Author:
    attributes:
      id: integer_primary_key
      name: { type: string, allow_nil: false }   # shown on the cover
      bio: string
    postgres: { table: authors }
`;
const V2 = V1.replace('      bio: string\n', '      bio: string\n      born: date\n');
const V3 = V2.replace('    postgres: { table: authors }', `    postgres:
      table: authors
      custom_indexes:
        - { fields: [born], concurrently: true }`);

let all: Engine[] = [];
test.before(async () => {
  all = await engines();
});
test.after(async () => {
  await closeEngines();
  await stopOwnServers();
  printTimes('migrations-cli');
});

const servers = () => all.filter((e) => e.server);
const sql = async (url: string, q: string) => {
  const t = await openPostgres(url);
  try {
    return await t.query(q);
  } finally {
    await t.close();
  }
};

test('generate writes the migration, its snapshot and the sum; no change writes nothing; --check, --dry-run, --snapshots-only', async () => {
  const p = project({ 'resources.yaml': V1 });
  try {
    let r = await generate(p.dir, ['initial']);
    const [file] = migrationFiles(p.dir);
    assert.match(file!, /^\d{14}_initial\.sql$/);
    const v = file!.slice(0, 14);
    assert.match(r.stdout, new RegExp(`wrote migrations/${v}_initial\\.sql\\nwrote migrations/snapshots/${v}_initial\\.json\\nwrote migrations/pgdecl\\.sum`));
    const text = p.read(`migrations/${file}`);
    assert.match(text, new RegExp(`^-- pgdecl \\d+\\.\\d+\\.\\d+ · migration ${v}_initial\\n-- Generated \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z from resources\\.yaml, for PostgreSQL 14 and later\\.`));
    assert.match(text, /-- \[1\] create table public\.authors\n--     from Author \(resources\.yaml:3\)\nCREATE TABLE public\.authors \(/);
    assert.match(text, /-- migrate:down\n\n-- \[1\] undo: create table public\.authors\nDROP TABLE public\.authors;\n$/);
    const snap = JSON.parse(p.read(`migrations/snapshots/${v}_initial.json`)) as { formatVersion: number; id: string; prevId: null; name: string; catalog: { tables: { name: string }[] } };
    assert.equal([snap.formatVersion, snap.id, snap.prevId, snap.name, snap.catalog.tables.map((t) => t.name)], [1, v, null, 'initial', ['authors']]);
    assert.match(p.read('migrations/pgdecl.sum'), new RegExp(`^h1:\\S+\\n${v}_initial\\.sql h1:\\S+\\nsnapshots/${v}_initial\\.json h1:\\S+\\n$`));
    assert.equal(readdirSync(p.dir).sort(), ['migrations', 'resources.yaml'], 'no tenant folder without tenant tables');

    r = await runCli(['status', '--json'], { cwd: p.dir });
    assert.equal([r.code, (JSON.parse(r.stdout) as { counts: unknown }).counts], [0, { applied: 0, pending: 1, modified: 0, missing: 0 }]);
    assert.not.ok(existsSync(join(p.dir, '.pgdecl')), 'status does not create the embedded database to say nothing ran');

    r = await generate(p.dir, ['again']);
    assert.match(r.stdout, /^No changes: the migrations match the files\. Nothing was written\.\n$/);
    assert.equal(migrationFiles(p.dir), [file]);
    assert.is((await generate(p.dir, ['--check'])).stdout, 'The migrations match the files.\n');

    p.write('resources.yaml', V2);
    r = await generate(p.dir, ['--check'], 2);
    assert.match(r.stdout, /~ table public\.authors\n\s+\+ column born date/);
    r = await generate(p.dir, ['add_born', '--dry-run']);
    assert.match(r.stdout, /Would write migrations\/\d{14}_add_born\.sql:\n-- pgdecl .*\n[\s\S]*ALTER TABLE public\.authors ADD COLUMN born date;[\s\S]*Would write migrations\/snapshots\/\d{14}_add_born\.json:\n\{[\s\S]*Dry run: nothing was written\.\n$/);
    assert.equal(migrationFiles(p.dir), [file], '--dry-run writes nothing');
    r = await generate(p.dir, ['baseline', '--snapshots-only']);
    assert.equal(migrationFiles(p.dir), [file], '--snapshots-only writes no migration');
    assert.is(readdirSync(join(p.dir, 'migrations', 'snapshots')).length, 2);
    assert.is((await generate(p.dir, ['--check'])).code, 0, 'the new snapshot holds the change');
    const bad = await runCli(['generate', 'not valid'], { cwd: p.dir });
    assert.is(bad.code, 1);
    assert.match(bad.stderr, /may contain only letters, digits and underscores/);
  } finally {
    p.done();
  }
});

test('a broken snapshot and a tampered pgdecl.sum are refused, naming the file and the fix', async () => {
  const p = project({ 'resources.yaml': V1 });
  try {
    await generate(p.dir, ['initial']);
    const [file] = migrationFiles(p.dir);
    const snapPath = `migrations/snapshots/${file!.replace('.sql', '.json')}`;
    const good = p.read(snapPath);
    p.write(snapPath, good.replace('"formatVersion": 1', '"formatVersion": 9'));
    let r = await runCli(['generate', '--rehash'], { cwd: p.dir });
    assert.is(r.code, 1);
    assert.match(r.stderr, new RegExp(`${snapPath}: has snapshot formatVersion 9; this pgdecl reads formatVersion 1\\n  = it was written by a newer pgdecl`));
    p.write(snapPath, good);
    // The migration edited after generate: the sum no longer matches.
    p.write(`migrations/${file}`, p.read(`migrations/${file}`) + '\n-- a late edit\n');
    for (const argv of [['generate', 'x'], ['generate', '--check'], ['migrate', '--db', 'postgres://nobody@127.0.0.1:1/none']]) {
      r = await runCli(argv, { cwd: p.dir });
      assert.is(r.code, 1, argv.join(' '));
      assert.match(r.stderr, new RegExp(`migrations/${file} was changed after migrations/pgdecl\\.sum was written\\n  = if you changed it on purpose and the migration has not been applied to any database yet, run \`pgdecl generate --rehash\``));
    }
    p.write('migrations/pgdecl.sum', p.read('migrations/pgdecl.sum').replace(/^h1:./, 'h1:!'));
    r = await runCli(['migrate', '--db', 'postgres://nobody@127.0.0.1:1/none'], { cwd: p.dir });
    assert.is(r.code, 1);
    assert.match(r.stderr, /migrations\/pgdecl\.sum was edited by hand: its first line is not the hash of the lines below it/);
    r = await generate(p.dir, ['--rehash']);
    assert.match(r.stdout, /wrote migrations\/pgdecl\.sum \(2 files\)/);
    assert.is((await generate(p.dir, ['--check'])).code, 0);
  } finally {
    p.done();
  }
});

test('migrate, status, rollback --step and --to, and integrity, on PostgreSQL 18 and 15', async () => {
  for (const e of servers()) {
    const started = performance.now();
    const p = project({ 'resources.yaml': V1 });
    const db = await database(e, { fresh: true });
    const cli = (...argv: string[]) => runCli([...argv, '--db', db.url!], { cwd: p.dir });
    try {
      await generate(p.dir, ['initial']);
      p.write('resources.yaml', V2);
      await generate(p.dir, ['add_born']);
      p.write('resources.yaml', V2.replace('born: date', 'born: date\n      died: date'));
      await generate(p.dir, ['add_died']);
      const files = migrationFiles(p.dir);
      const versions = files.map((f) => f.slice(0, 14));

      let r = await cli('status', '--json');
      assert.is(r.code, 0, r.stderr);
      const fresh = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(Object.keys(fresh), ['target', 'scope', 'dir', 'sum', 'migrations', 'counts']);
      assert.equal(fresh.counts, { applied: 0, pending: 3, modified: 0, missing: 0 });
      assert.equal(fresh.sum, { state: 'ok' });
      assert.not.match(String(fresh.target), /pgdecl@|:pgdecl/, 'no password');

      r = await cli('migrate', '--step', '1');
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 pending migration in migrations:\n {2}\d{14}_initial\n/);
      assert.match(r.stderr, /\[1\/1\] \d{14}_initial … ok \d+ ms/);
      r = await cli('migrate', '--to', versions[1]!);
      assert.match(r.stdout, /1 pending migration in migrations:\n {2}\d{14}_add_born\n/);
      r = await cli('migrate', '--dry-run');
      assert.match(r.stdout, /ALTER TABLE public\.authors ADD COLUMN died date;\n[\s\S]*Dry run: 1 migration would run; nothing was changed\./);
      r = await cli('migrate');
      assert.match(r.stdout, /Applied 1 migration in/);
      r = await cli('migrate');
      assert.match(r.stdout, /No pending migrations: the database is up to date\./);
      const rows = await sql(db.url!, `SELECT scope, version, name, checksum, duration_ms >= 0 AS timed FROM pgdecl.schema_migrations ORDER BY version`);
      assert.equal(rows.map((x) => [x.scope, x.version, x.name, (x.checksum as string).length, x.timed]), versions.map((v, i) => ['', v, ['initial', 'add_born', 'add_died'][i], 64, true]));

      r = await cli('status', '--json');
      const s = JSON.parse(r.stdout) as { migrations: { version: string; name: string; file: string; state: string; dev: boolean; noTransaction: boolean; appliedAt: string; durationMs: number }[] };
      assert.equal(Object.keys(s.migrations[0]!), ['version', 'name', 'file', 'state', 'dev', 'noTransaction', 'appliedAt', 'durationMs']);
      assert.equal(s.migrations.map((m) => m.state), ['applied', 'applied', 'applied']);
      assert.ok(!Number.isNaN(Date.parse(s.migrations[0]!.appliedAt)));

      await sql(db.url!, `INSERT INTO authors (name, bio, born) VALUES ('Ann', 'b', '1970-01-01')`);
      r = await cli('rollback', '--step', '2');
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /2 migrations to roll back in migrations:\n {2}\d{14}_add_died\n {2}\d{14}_add_born\n/);
      assert.match(r.stdout, /the database is now at \d{14}_initial/);
      assert.equal(await sql(db.url!, `SELECT name, bio FROM authors`), [{ name: 'Ann', bio: 'b' }], 'rows of surviving columns kept');
      r = await cli('migrate');
      assert.is(r.code, 0);
      r = await cli('rollback', '--to', versions[0]!);
      assert.match(r.stdout, /Rolled back 3 migrations .*no migration is applied now/);
      assert.equal(await sql(db.url!, `SELECT to_regclass('public.authors') AS t`), [{ t: null }]);
      r = await cli('rollback');
      assert.match(r.stdout, /No applied migrations: nothing to roll back\./);
      r = await cli('rollback', '--step', '1', '--to', versions[0]!);
      assert.is(r.code, 1);
      assert.match(r.stderr, /choose one of --step and --to/);

      // A file applied, then removed: missing, and migrate refuses.
      r = await cli('migrate', '--step', '1');
      rmSync(join(p.dir, 'migrations', files[0]!));
      await generate(p.dir, ['--rehash']);
      r = await cli('status');
      assert.match(r.stdout, /missing {3}\d{14}_initial +applied, but the file is gone/);
      r = await cli('migrate');
      assert.is(r.code, 1);
      assert.match(r.stderr, /migration \d{14}_initial was applied but its file is not in migrations\n  = restore the file from version control/);
    } finally {
      await db.done();
      p.done();
    }
    noteTime(e.name, started);
  }
});

test('a failing migration rolls back its file and says where; a no-transaction file runs outside one', async () => {
  for (const e of servers()) {
    const started = performance.now();
    const p = project({ 'resources.yaml': V2 });
    const db = await database(e, { fresh: true });
    const cli = (...argv: string[]) => runCli([...argv, '--db', db.url!], { cwd: p.dir });
    try {
      await generate(p.dir, ['initial']);
      assert.is((await cli('migrate')).code, 0);
      await sql(db.url!, `INSERT INTO authors (name) VALUES ('Ann'), ('Ann')`);
      p.write('resources.yaml', V3.replace('    postgres:', '    identities: { unique_name: { keys: [name] } }\n    postgres:'));
      await generate(p.dir, ['indexes']);
      const files = migrationFiles(p.dir);
      assert.equal(files.map((f) => f.replace(/^\d{14}_/, '')), ['initial.sql', 'indexes.sql', 'indexes_concurrently.sql']);
      const conc = p.read(`migrations/${files[2]}`);
      assert.match(conc, /-- pgdecl:no-transaction\n/);
      assert.match(conc, /CREATE INDEX CONCURRENTLY authors_born_index ON public\.authors \(born\);/);
      assert.is(Number(files[2]!.slice(0, 14)) - Number(files[1]!.slice(0, 14)) > 0, true);
      let r = await cli('migrate');
      assert.is(r.code, 1);
      assert.match(r.stderr, new RegExp(`migrations/${files[1]}:\\d+:1  migration \\d{14}_indexes failed: could not create unique index "authors_unique_name_index"`));
      assert.match(r.stderr, /ran in a transaction that was rolled back: it left nothing behind/);
      assert.match(r.stderr, /existing rows do not satisfy the new rule/);
      assert.equal(await sql(db.url!, `SELECT count(*)::int AS n FROM pgdecl.schema_migrations`), [{ n: 1 }]);
      await sql(db.url!, `DELETE FROM authors WHERE ctid <> (SELECT min(ctid) FROM authors)`);
      r = await cli('migrate');
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /\d{14}_indexes_concurrently \(outside a transaction\)/);
      assert.equal(await sql(db.url!, `SELECT indisvalid AS ok FROM pg_index WHERE indexrelid = 'public.authors_born_index'::regclass`), [{ ok: true }]);
      r = await cli('rollback', '--step', '2');
      assert.is(r.code, 0, r.stderr);
      assert.equal(await sql(db.url!, `SELECT to_regclass('public.authors_born_index') AS i, to_regclass('public.authors_unique_name_index') AS u`), [{ i: null, u: null }]);
      r = await cli('plan', '--exit-code', resourcesFor(p.dir, V2));
      assert.is(r.code, 0, `back to V2:\n${r.stdout}`);
    } finally {
      await db.done();
      p.done();
    }
    noteTime(e.name, started);
  }
});

function resourcesFor(dir: string, text: string): string {
  writeFileSync(join(dir, 'v.yaml'), text);
  return 'v.yaml';
}

test('two migrates at once: the second waits for the lock, then finds nothing pending', async () => {
  for (const e of servers()) {
    const started = performance.now();
    const p = project({
      'resources.yaml': V1.replace('    postgres: { table: authors }', '    postgres:\n      table: authors\n      custom_statements:\n        - { name: slow, up: "SELECT pg_sleep(1.5)", down: "SELECT 1" }'),
    });
    const db = await database(e, { fresh: true });
    try {
      await generate(p.dir, ['initial']);
      const first = runCli(['migrate', '--db', db.url!], { cwd: p.dir });
      const dbName = new URL(db.url!).pathname.slice(1);
      for (let i = 0; i < 200; i++) {
        const held = await sql(e.server!.url, `SELECT 1 AS x FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.datname = '${dbName}'`);
        if (held.length) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const second = runCli(['migrate', '--db', db.url!], { cwd: p.dir });
      const [a, b] = await Promise.all([first, second]);
      assert.is(a.code, 0, a.stderr);
      assert.is(b.code, 0, b.stderr);
      assert.match(a.stdout, /Applied 1 migration/);
      assert.match(b.stderr, /waiting: another pgdecl run holds the lock on this database \(pid \d+, pgdecl/);
      assert.match(b.stdout, /No pending migrations: the database is up to date\./);
      assert.equal(await sql(db.url!, `SELECT count(*)::int AS n FROM pgdecl.schema_migrations`), [{ n: 1 }]);
    } finally {
      await db.done();
      p.done();
    }
    noteTime(e.name, started);
  }
});

test('--dev: two dev migrations applied, then a named generate rolls them back and writes one migration that gives the same schema', async () => {
  for (const e of servers()) {
    const started = performance.now();
    const p = project({ 'resources.yaml': V1 });
    const db = await database(e, { fresh: true });
    const cli = (...argv: string[]) => runCli([...argv, '--db', db.url!], { cwd: p.dir });
    try {
      await generate(p.dir, ['initial']);
      assert.is((await cli('migrate')).code, 0);
      p.write('resources.yaml', V2);
      await generate(p.dir, ['--dev']);
      assert.is((await cli('migrate')).code, 0);
      p.write('resources.yaml', V3);
      await generate(p.dir, ['--dev']);
      assert.is((await cli('migrate')).code, 0);
      const devFiles = migrationFiles(p.dir).filter((f) => /_dev(_concurrently)?\.sql$/.test(f));
      assert.equal(devFiles.map((f) => f.replace(/^\d{14}_/, '')), ['dev.sql', 'dev_concurrently.sql'], 'the second dev migration only builds an index concurrently: its own file');
      assert.equal(readdirSync(join(p.dir, 'migrations', 'snapshots')).filter((f) => f.endsWith('_dev.json')).length, 2);
      let r = await cli('status', '--json');
      assert.equal((JSON.parse(r.stdout) as { migrations: { dev: boolean }[] }).migrations.map((m) => m.dev), [false, true, true]);
      const scope = { schemas: ['public'], extensions: [] };
      const t = await openPostgres(db.url!);
      const viaDev = await schemaOf(t, scope);

      r = await runCli(['generate', 'add_born', '--db', db.url!], { cwd: p.dir });
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /Rolling back dev migrations on /);
      assert.match(r.stdout, /removed migrations\/\d{14}_dev\.sql/);
      const after = migrationFiles(p.dir);
      assert.equal(after.map((f) => f.replace(/^\d{14}_/, '')), ['initial.sql', 'add_born.sql', 'add_born_concurrently.sql']);
      assert.equal(readdirSync(join(p.dir, 'migrations', 'snapshots')).map((f) => f.replace(/^\d{14}_/, '')), ['initial.json', 'add_born.json']);
      assert.equal((await sql(db.url!, `SELECT name FROM pgdecl.schema_migrations ORDER BY version`)).map((x) => x.name), ['initial'], 'dev migrations rolled back');
      assert.equal(await sql(db.url!, `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'authors' AND column_name = 'born'`), [{ n: 0 }]);
      r = await cli('migrate');
      assert.is(r.code, 0, r.stderr);
      const viaNamed = await schemaOf(t, scope);
      await t.close();
      assert.equal(viaNamed, viaDev);
      assert.is((await generate(p.dir, ['--check'])).code, 0);
    } finally {
      await db.done();
      p.done();
    }
    noteTime(e.name, started);
  }
});

test('PGlite: the dev migrations it ran are rolled back and replaced by one named migration', async () => {
  const e = all.find((x) => x.name === 'pglite')!;
  const p = project({ 'resources.yaml': V1 });
  const db = await database(e);
  const dir = join(p.dir, 'migrations');
  try {
    await generate(p.dir, ['initial']);
    assert.is((await migrateSchema(db.target, dir)).failure, undefined);
    p.write('resources.yaml', V2);
    await generate(p.dir, ['--dev']);
    assert.is((await migrateSchema(db.target, dir)).failure, undefined);
    p.write('resources.yaml', V3);
    await generate(p.dir, ['--dev']);
    assert.is((await migrateSchema(db.target, dir)).failure, undefined);
    const scope = { schemas: ['public'], extensions: [] };
    const viaDev = await schemaOf(db.target, scope);
    const rolled = await rollBackDevMigrations(db.target, readParts(dir, 'migrations'));
    assert.equal(rolled.flatMap((r) => r.results.map((x) => [x.name, x.status])), [['dev_concurrently', 'rolled_back'], ['dev', 'rolled_back']]);
    assert.equal((await appliedMigrations(db.target)).map((m) => m.name), ['initial']);
    // The named generate: its database (an embedded one never created) ran nothing, so it only replaces the files.
    const r = await runCli(['generate', 'add_born', '--db', `pglite:${join(p.dir, 'never')}`], { cwd: p.dir });
    assert.is(r.code, 0, r.stderr);
    assert.not.ok(existsSync(join(p.dir, 'never')));
    assert.equal(migrationFiles(p.dir).map((f) => f.replace(/^\d{14}_/, '')), ['initial.sql', 'add_born.sql', 'add_born_concurrently.sql']);
    assert.is((await migrateSchema(db.target, dir)).failure, undefined);
    assert.equal(await schemaOf(db.target, scope), viaDev);
  } finally {
    await db.done();
    p.done();
  }
});

test('PGlite: migrate, status, rollback and the integrity checks through the library', async () => {
  const e = all.find((x) => x.name === 'pglite')!;
  const p = project({ 'resources.yaml': V1 });
  const db = await database(e);
  try {
    await generate(p.dir, ['initial']);
    p.write('resources.yaml', V3);
    await generate(p.dir, ['more']);
    const dir = join(p.dir, 'migrations');
    const up = await migrateSchema(db.target, dir);
    assert.is(up.failure, undefined, up.failure?.error.message);
    assert.equal(up.results.map((x) => [x.name, x.status]), [['initial', 'applied'], ['more', 'applied'], ['more_concurrently', 'applied']]);
    const st = await migrationStatus(db.target, readFolder(dir, 'migrations'));
    assert.equal(st.counts, { applied: 3, pending: 0, modified: 0, missing: 0 });
    const down = await rollbackSchema(db.target, dir, { step: 2 });
    assert.equal(down.results.map((x) => [x.name, x.status]), [['more_concurrently', 'rolled_back'], ['more', 'rolled_back']]);
    assert.equal((await inspect(db.target, { schemas: ['public'] })).catalog.tables[0]!.columns.map((c) => c.name), ['id', 'name', 'bio']);
    const [file] = migrationFiles(p.dir);
    p.write(`migrations/${file}`, p.read(`migrations/${file}`).replace('-- migrate:down', 'SELECT 1;\n-- migrate:down'));
    try {
      await migrateSchema(db.target, dir);
      assert.unreachable('a tampered folder is refused');
    } catch (err) {
      assert.instance(err, PgdeclError);
      assert.match((err as PgdeclError).message, /was changed after migrations\/pgdecl\.sum was written|pgdecl\.sum/);
    }
  } finally {
    await db.done();
    p.done();
  }
});

const TENANTS = `version: 1
resources:
  Org:
    attributes: { id: integer_primary_key, slug: { type: string, allow_nil: false } }
    postgres: { table: orgs }
  Note:
    multitenancy: { strategy: context }
    attributes: { id: integer_primary_key, body: string }
    relationships:
      org: { type: belongs_to, destination: Org }
    postgres:
      table: notes
      custom_statements:
        - { name: note_bodies, up: "CREATE VIEW note_bodies AS SELECT body FROM notes", down: "DROP VIEW note_bodies" }
`;

test('tenant migrations: their own folder, run per schema with the schema in place of "$tenant", tracked per schema', async () => {
  for (const e of all) {
    const started = performance.now();
    const p = project({ 'resources.yaml': TENANTS });
    const db = await database(e);
    try {
      await generate(p.dir, ['initial', '--pg-version', String(e.major)]);
      const [tfile] = migrationFiles(p.dir, 'migrations/tenants');
      const text = p.read(`migrations/tenants/${tfile}`);
      assert.match(text, /-- Tenant migration: "\$tenant" stands for the tenant schema/);
      assert.match(text, /CREATE TABLE "\$tenant"\.notes \(/);
      assert.match(text, /REFERENCES public\.orgs/);
      assert.not.match(p.read(`migrations/${migrationFiles(p.dir)[0]}`), /notes/, 'the ordinary part has no tenant table');
      assert.is((await migrateSchema(db.target, join(p.dir, 'migrations'))).failure, undefined);
      for (const schema of ['tenant_a', 'Tenant B']) {
        const r = await migrateSchema(db.target, join(p.dir, 'migrations', 'tenants'), { schema });
        assert.is(r.failure, undefined, `${e.name} ${schema}: ${r.failure?.error.message}\n${r.failure?.statement}`);
        assert.is(r.scope, schema);
      }
      const i = await inspect(db.target, { schemas: ['tenant_a', 'Tenant B'] });
      assert.equal(i.catalog.tables.map((t) => `${t.schema}.${t.name}`), ['Tenant B.notes', 'tenant_a.notes']);
      assert.equal(i.bookkeeping.statements.filter((s) => s.scope).map((s) => [s.scope, s.name, s.owner]), [['Tenant B', 'note_bodies', 'Tenant B.notes'], ['tenant_a', 'note_bodies', 'tenant_a.notes']]);
      assert.equal(await db.target.query(`SELECT count(*)::int AS n FROM "Tenant B".note_bodies`), [{ n: 0 }], 'the view was made in the tenant schema');
      const back = await rollbackSchema(db.target, join(p.dir, 'migrations', 'tenants'), { schema: 'tenant_a' });
      assert.is(back.failure, undefined);
      assert.equal((await inspect(db.target, { schemas: ['tenant_a', 'Tenant B'] })).catalog.tables.map((t) => `${t.schema}.${t.name}`), ['Tenant B.notes'], 'only that tenant');
      assert.equal((await db.target.query<{ scope: string }>(`SELECT scope FROM pgdecl.schema_migrations ORDER BY 1`)).map((r) => r.scope), ['', 'Tenant B']);
    } finally {
      await db.done();
      p.done();
    }
    noteTime(e.name, started);
  }
});

const RENAME = (attr: string) => `version: 1
resources:
  User:
    attributes:
      id: integer_primary_key
      # the name people see
${attr}
      email: string
    postgres: { table: users }   # keep this comment
`;

test('a drop and an add that look like a rename: asked on a terminal and written to the file; without one, refused with where to add renamed_from', async () => {
  const p = project({ 'resources.yaml': RENAME('      name: { type: string, allow_nil: false }   # required') });
  try {
    await generate(p.dir, ['initial']);
    p.write('resources.yaml', RENAME('      full_name: { type: string, allow_nil: false }   # required'));
    let r = await runCli(['generate', 'rename'], { cwd: p.dir });
    assert.is(r.code, 1);
    assert.match(r.stderr, /resources\.yaml:7:7 {2}users\.name is dropped and users\.full_name added, both text: is it a rename\? pgdecl asks only on a terminal\n {2}7 \| {7}full_name:/);
    assert.match(r.stderr, /= if it is a rename, add `renamed_from: name` to this attribute \(the data is kept\); if not, run again with --assume-no-renames/);
    assert.equal(migrationFiles(p.dir).length, 1, 'nothing written');

    r = await runCli(['generate', 'rename'], { cwd: p.dir, tty: true, stdin: 'n\n' });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /Are you renaming users\.name to users\.full_name\? \[y\/N\]/);
    const declined = migrationFiles(p.dir).at(-1)!;
    assert.match(p.read(`migrations/${declined}`), /-- \[\d+\] drop column public\.users\.name\n--     no longer in the files\n--     hazards: data_loss, irreversible, access_exclusive_lock\nALTER TABLE public\.users DROP COLUMN name;/);
    assert.match(stripAnsi(r.stderr), /warning: \[\d+\] drop column public\.users\.name deletes data when it runs/);
    // Undo that one, and answer yes this time.
    rmSync(join(p.dir, 'migrations', declined));
    rmSync(join(p.dir, 'migrations', 'snapshots', declined.replace('.sql', '.json')));
    await generate(p.dir, ['--rehash']);
    r = await runCli(['generate', 'rename'], { cwd: p.dir, tty: true, stdin: 'y\n' });
    assert.is(r.code, 0, r.stderr);
    assert.match(stripAnsi(r.stderr), /✓ recorded `renamed_from: name` in resources\.yaml:7/);
    assert.is(p.read('resources.yaml'), RENAME('      full_name: { type: string, allow_nil: false, renamed_from: name }   # required'), 'only the attribute changed; comments kept');
    const file = migrationFiles(p.dir).at(-1)!;
    assert.match(p.read(`migrations/${file}`), /ALTER TABLE public\.users RENAME COLUMN name TO full_name;[\s\S]*-- migrate:down[\s\S]*ALTER TABLE public\.users RENAME COLUMN full_name TO name;/);
    assert.not.match(p.read(`migrations/${file}`), /DROP COLUMN/);

    // Tables too: asked, and written to the postgres block.
    p.write('resources.yaml', p.read('resources.yaml').replace('postgres: { table: users }', 'postgres: { table: people }'));
    r = await runCli(['generate', 'people'], { cwd: p.dir, tty: true, stdin: 'y\n' });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /Are you renaming users to people\? \[y\/N\]/);
    assert.match(p.read('resources.yaml'), /postgres: \{ table: people, renamed_from: users \} {3}# keep this comment/);
    assert.match(p.read(`migrations/${migrationFiles(p.dir).at(-1)}`), /ALTER TABLE public\.users RENAME TO people;/);
    r = await runCli(['generate', 'none', '--assume-no-renames'], { cwd: p.dir });
    assert.match(r.stdout, /No changes/);
  } finally {
    p.done();
  }
});

test.run();
