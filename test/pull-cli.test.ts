/**
 * `pgdecl pull` as a user runs it: YAML on stdout, -o FILE, --out-dir DIR (one file per
 * schema), --schema, --tables, the warning on stderr naming what is not pulled, usage errors,
 * and the contract — `pgdecl plan FILE --db URL --exit-code` exits 0 right after a pull — on
 * PostgreSQL 18, on the example's database, and on the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, stripAnsi } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';
import { listPullCases } from './helpers/pull.js';
import { openPostgres } from '../src/targets/postgres.js';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';

const cases = new Map(listPullCases().map((c) => [c.name, c]));
const EXAMPLE = fileURLToPath(new URL('../resources.example.yaml', import.meta.url));

const SMALL = `version: 1
resources:
  Author:
    attributes:
      id: uuid_primary_key
      name: { type: string, allow_nil: false }
      inserted_at: create_timestamp
    postgres: { table: authors }
  Book:
    attributes:
      id: integer_primary_key
      title: { type: string, constraints: { max_length: 200 } }
    relationships:
      author: { type: belongs_to, destination: Author, allow_nil: false }
    postgres:
      table: books
      references:
        author: { on_delete: delete, index: true }
`;

let work = '';
let db: { url: string; drop: () => Promise<void> } | undefined;

test.before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pgdecl-pull-cli-'));
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  db = await freshDatabase(s);
  const t = await openPostgres(db.url);
  try {
    await t.exec(cases.get('schemas')!.sql);
    await t.exec(cases.get('blog')!.sql);
    await t.exec('CREATE VIEW recent_posts AS SELECT id, title FROM posts ORDER BY created_at DESC LIMIT 10');
    await t.exec('CREATE TEXT SEARCH CONFIGURATION plain_search (COPY = simple)');
    await t.exec('CREATE COLLATION plain_c FROM "C"');
  } finally {
    await t.close();
  }
});

test.after(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
  await stopOwnServers();
});

test('without -o the YAML goes to stdout, the modeline first; what is not pulled is named on stderr and in the YAML', async () => {
  const r = await runCli(['pull', '--db', db!.url], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('# yaml-language-server: $schema=./node_modules/pgdecl/schema/pgdecl.schema.json\n'), r.stdout.slice(0, 200));
  assert.ok(r.stdout.includes('\n  Post:\n'), 'public is the default schema');
  assert.not.ok(r.stdout.includes('schema: app'), 'other schemas are not pulled unless asked');
  assert.ok(r.stdout.includes('#   text search configuration public.plain_search'), r.stdout);
  // Collations are pulled, no longer named as not managed.
  assert.match(r.stdout, /\ncollations:(\n {2}| \{ )plain_c: \{ locale: C \}/);
  assert.not.ok(r.stdout.includes('collation public.plain_c'), r.stdout);
  assert.ok(r.stdout.includes('\nviews:\n  recent_posts:\n'), 'views are pulled');
  const err = stripAnsi(r.stderr);
  assert.ok(err.startsWith('warning: 1 object not pulled: pgdecl does not manage it, so plans leave it as it is\n  text search configuration public.plain_search\n'), err);
  assert.not.ok(err.includes('postgres:pgdecl@'), 'the password is never printed');
});

test('-o writes the file, and a plan of it against the same database is empty (--exit-code 0)', async () => {
  mkdirSync(join(work, 'out'), { recursive: true });
  const r = await runCli(['pull', '--db', db!.url, '-o', 'out/resources.yaml'], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, '');
  assert.ok(stripAnsi(r.stderr).includes('✓ pulled 3 tables and 0 functions from 1 schema (public) into out/resources.yaml'), r.stderr);
  const text = readFileSync(join(work, 'out/resources.yaml'), 'utf8');
  assert.ok(text.startsWith('# yaml-language-server: $schema='));
  const plan = await runCli(['plan', 'out/resources.yaml', '--db', db!.url, '--exit-code'], { cwd: work });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.ok(plan.stdout.includes('No changes'), plan.stdout);
});

test('--out-dir puts the tables a pulled schema points at, in a schema not pulled, in its file', async () => {
  const dir = join(work, 'audit-only');
  const r = await runCli(['pull', '--db', db!.url, '--schema', 'audit', '--out-dir', dir], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.equal(readdirSync(dir), ['audit.yaml']);
  const audit = readFileSync(join(dir, 'audit.yaml'), 'utf8');
  assert.ok(/ {2}User:\n(.*\n)*? {6}schema: app\n {6}migrate: false\n/.test(audit), audit);
  const plan = await runCli(['plan', dir, '--db', db!.url, '--exit-code'], { cwd: work });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
});

test('--schema picks the schemas; --out-dir writes one file per schema, the repo in the first', async () => {
  const dir = join(work, 'split');
  const r = await runCli(['pull', '--db', db!.url, '--schema', 'app,audit', '--out-dir', dir], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.equal(readdirSync(dir).sort(), ['app.yaml', 'audit.yaml']);
  const app = readFileSync(join(dir, 'app.yaml'), 'utf8');
  const audit = readFileSync(join(dir, 'audit.yaml'), 'utf8');
  for (const f of [app, audit]) assert.ok(f.startsWith('# yaml-language-server: $schema='));
  assert.ok(app.includes('  User:\n') && !app.includes('Event:'), app);
  assert.ok(audit.includes('  Event:\n') && audit.includes('functions:\n  record:\n'), audit);
  assert.ok(audit.includes('destination: User'), 'a key across the files');
  const plan = await runCli(['plan', dir, '--db', db!.url, '--exit-code'], { cwd: work });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
});

test("--schema patterns: '*' is every schema but PostgreSQL's own and pgdecl's bookkeeping, 'a*' those it matches; a pattern that matches nothing is a warning, or an error when nothing is left", async () => {
  const dir = join(work, 'every');
  const t = await openPostgres(db!.url);
  // As after an apply: pgdecl's own schema is not the database's model.
  await t.exec('CREATE SCHEMA IF NOT EXISTS pgdecl');
  await t.close();
  const r = await runCli(['pull', '--db', db!.url, '--schema', '*', '--out-dir', dir], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.equal(readdirSync(dir).sort(), ['app.yaml', 'audit.yaml', 'public.yaml']);
  const stdout = await runCli(['pull', '--db', db!.url, '--schema', '*'], { cwd: work });
  assert.ok(stdout.stdout.includes(': schemas app, audit, public.'), 'the header names the pulled schemas, not pgdecl');
  const plan = await runCli(['plan', dir, '--db', db!.url, '--exit-code'], { cwd: work });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  const some = await runCli(['pull', '--db', db!.url, '--schema', 'a*,zz*'], { cwd: work });
  assert.is(some.code, 0, some.stderr);
  assert.ok(some.stdout.includes('  User:\n') && some.stdout.includes('  Event:\n') && !some.stdout.includes('  Post:\n'), some.stdout);
  assert.ok(stripAnsi(some.stderr).includes('warning: no schema of the database matches zz*'), some.stderr);
  const none = await runCli(['pull', '--db', db!.url, '--schema', 'zz*'], { cwd: work });
  assert.is(none.code, 1, none.stderr);
  assert.ok(stripAnsi(none.stderr).includes('no schema of the database matches `zz*`'), none.stderr);
  assert.is(none.stdout, '');
});

test('--tables selects by glob (a list too); the tables their keys point at stay migrate: false', async () => {
  const r = await runCli(['pull', '--db', db!.url, '--tables', 'po?ts,comm*'], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('  Post:\n') && r.stdout.includes('  Comment:\n'));
  assert.ok(/ {2}# Not pulled, only pointed at by foreign keys: known, never migrated.\n {2}User:\n(.*\n)*? {6}migrate: false\n/.test(r.stdout), r.stdout);
  assert.not.ok(stripAnsi(r.stderr).includes('✓'), 'stdout mode prints no summary line');
  const none = await runCli(['pull', '--db', db!.url, '--tables', 'nothing_like_this*'], { cwd: work });
  assert.is(none.code, 0);
  assert.not.ok(none.stdout.includes('resources:'), none.stdout);
});

test('a schema the database does not have is a warning', async () => {
  const r = await runCli(['pull', '--db', db!.url, '--schema', 'public,nowhere'], { cwd: work });
  assert.is(r.code, 0);
  assert.ok(stripAnsi(r.stderr).includes('warning: the database has no schema nowhere'), r.stderr);
});

test('the modeline resolves from the folder of the written file (the real binary): --out-dir resources/, -o deep/er/file.yaml', async () => {
  const bin = fileURLToPath(new URL('../bin/pgdecl.js', import.meta.url));
  const modeline = (file: string) => /^# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(file, 'utf8'))?.[1];
  const installed = join(work, 'node_modules', 'pgdecl', 'schema', 'pgdecl.schema.json');
  const sub = spawnSync(process.execPath, [bin, 'pull', '--db', db!.url, '--out-dir', 'resources/'], { cwd: work, encoding: 'utf8' });
  assert.is(sub.status, 0, sub.stderr);
  const path = modeline(join(work, 'resources', 'public.yaml'));
  assert.is(path, '../node_modules/pgdecl/schema/pgdecl.schema.json', 'where `npm install pgdecl` puts it, seen from resources/');
  assert.is(resolve(work, 'resources', path!), installed);
  mkdirSync(dirname(installed), { recursive: true });
  copyFileSync(fileURLToPath(new URL('../schema/pgdecl.schema.json', import.meta.url)), installed);
  try {
    mkdirSync(join(work, 'resources', 'deep', 'er'), { recursive: true });
    const deep = spawnSync(process.execPath, [bin, 'pull', '--db', db!.url, '-o', 'deep/er/file.yaml'], { cwd: join(work, 'resources'), encoding: 'utf8' });
    assert.is(deep.status, 0, deep.stderr);
    const p = modeline(join(work, 'resources', 'deep', 'er', 'file.yaml'));
    assert.is(p, '../../../node_modules/pgdecl/schema/pgdecl.schema.json', 'the installed pgdecl above the working directory');
    assert.ok(existsSync(resolve(work, 'resources', 'deep', 'er', p!)));
  } finally {
    rmSync(join(work, 'node_modules'), { recursive: true, force: true });
    rmSync(join(work, 'resources'), { recursive: true, force: true });
  }
});

test('usage errors: -o with --out-dir, an unreachable database', async () => {
  const both = await runCli(['pull', '--db', db!.url, '-o', 'a.yaml', '--out-dir', 'b'], { cwd: work });
  assert.is(both.code, 1);
  assert.ok(stripAnsi(both.stderr).includes('choose one of -o/--output and --out-dir'), both.stderr);
  const down = await runCli(['pull', '--db', 'postgres://nobody:secret@127.0.0.1:1/none'], { cwd: work });
  assert.is(down.code, 1);
  assert.ok(stripAnsi(down.stderr).includes('cannot connect'), down.stderr);
  assert.not.ok(down.stderr.includes('secret'));
  assert.ok((await runCli(['pull', '--help'])).stdout.includes('--out-dir DIR'));
});

test("the example's database: apply resources.example.yaml, pull public, auth and reference, plan --exit-code is 0", async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const ex = await freshDatabase(s);
  try {
    const t = await openPostgres(ex.url);
    try {
      const { project } = await loadProjectOrThrow([EXAMPLE], { env: {} });
      const p = await planProject(t, project);
      const applied = await applySteps(t, p.plan.steps);
      assert.is(applied.failure, undefined);
    } finally {
      await t.close();
    }
    const r = await runCli(['pull', '--db', ex.url, '--schema', 'public,auth,reference', '-o', 'example.yaml'], { cwd: work });
    assert.is(r.code, 0, r.stderr);
    assert.not.ok(r.stderr.includes('warning'), r.stderr);
    const text = readFileSync(join(work, 'example.yaml'), 'utf8');
    for (const part of ['  User:\n', 'id: uuid_v7_primary_key', 'updated_at: update_timestamp', 'multitenancy: { strategy: attribute, attribute: org_id, row_level_security: true }', 'name: org_member_counts_view']) {
      assert.ok(text.includes(part), `missing ${part}`);
    }
    const plan = await runCli(['plan', 'example.yaml', '--db', ex.url, '--exit-code'], { cwd: work });
    assert.is(plan.code, 0, plan.stdout + plan.stderr);
  } finally {
    await ex.drop();
  }
});

test('the embedded database: apply, pull and plan through pglite:<dir>', async () => {
  const dir = join(work, 'embedded');
  writeFileSync(join(work, 'small.yaml'), SMALL);
  const apply = await runCli(['apply', 'small.yaml', '--db', `pglite:${dir}`, '--yes'], { cwd: work });
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const r = await runCli(['pull', '--db', `pglite:${dir}`, '-o', 'embedded.yaml'], { cwd: work });
  assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(work, 'embedded.yaml'), 'utf8');
  assert.ok(text.includes('id: uuid_primary_key') && text.includes('author: { type: belongs_to, destination: Author, allow_nil: false }'), text);
  const plan = await runCli(['plan', 'embedded.yaml', '--db', `pglite:${dir}`, '--exit-code'], { cwd: work });
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.ok(existsSync(dir));
});

test.run();
