/**
 * The files of a migrations folder, without a database: versions, migration files (sections,
 * markers, statement splitting, the down section and its irreversible notes), snapshots and
 * their validation, the pgdecl.sum chain, tenant SQL, rename questions and how a confirmed
 * rename is written into the resource file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newVersion, nameProblem, nextVersion, versionOf } from '../src/migrations/version.js';
import { loadParser, parseMigration, splitStatements } from '../src/migrations/parse-migration.js';
import { renderMigration, irreversibleReason } from '../src/migrations/render-migration.js';
import { checkChain, parseSnapshot, renderSnapshot, EMPTY_CATALOG, type Snapshot } from '../src/migrations/snapshot.js';
import { renderSum, verifySum, sumEntries } from '../src/migrations/sum.js';
import { forTenantSchema, ordinaryCatalog, tenantCatalog } from '../src/migrations/parts.js';
import { renameQuestions } from '../src/migrations/rename-questions.js';
import { addKey, recordRenamedFrom } from '../src/migrations/record-rename.js';
import { diffParts, readParts } from '../src/migrations/generate.js';
import { plan } from '../src/plan/plan.js';
import { diff } from '../src/diff/diff.js';
import { NO_RENAMES } from '../src/diff/renames.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { loadProjectFromText, loadProjectOrThrow } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import type { Catalog, Table } from '../src/ir/catalog.js';
import { stableStringify } from '../src/ir/canonical.js';

const fails = (f: () => unknown, pattern: RegExp, code?: string) => {
  try {
    f();
  } catch (e) {
    assert.instance(e, PgdeclError);
    const d = (e as PgdeclError).diagnostics[0]!;
    assert.match(`${d.message}\n${d.suggestion ?? ''}`, pattern);
    if (code) assert.is(d.code, code);
    return d;
  }
  assert.unreachable(`expected an error matching ${pattern}`);
};

test.before(loadParser);

test('versions are UTC timestamps that only grow', () => {
  assert.is(versionOf(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), '20260102030405');
  assert.is(nextVersion('20261231235959'), '20270101000000');
  const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.is(newVersion(now, []), '20260102030405');
  assert.is(newVersion(now, ['20260102030405']), '20260102030406', 'same second: the next one');
  assert.is(newVersion(now, ['20300101000000']), '20300101000001', 'a clock that went back');
  assert.is(nameProblem('add_roles'), undefined);
  assert.match(nameProblem('add roles')!, /letters, digits and underscores/);
  assert.match(nameProblem('dev')!, /--dev/);
  assert.match(nameProblem('')!, /needs a name/);
});

const FILE = `-- header
-- pgdecl:no-transaction

-- migrate:up

-- [1] a step
CREATE TABLE a (x text DEFAULT ';é;');

CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;

-- migrate:down
DROP FUNCTION f();
DROP TABLE a;
`;

test('a migration file: name, sections, marker, statements split by the real parser with their lines', () => {
  const m = parseMigration('20260101000000_first.sql', FILE);
  assert.equal([m.version, m.name, m.dev, m.noTransaction], ['20260101000000', 'first', false, true]);
  assert.equal(splitStatements(m, 'up'), [
    { sql: "CREATE TABLE a (x text DEFAULT ';é;')", line: 7 },
    { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$', line: 9 },
  ]);
  assert.equal(splitStatements(m, 'down').map((s) => s.line), [12, 13]);
  assert.is(parseMigration('20260101000000_dev.sql', FILE.replace('-- pgdecl:no-transaction\n', '')).noTransaction, false);
  assert.ok(parseMigration('20260101000000_dev.sql', FILE).dev);
  fails(() => parseMigration('first.sql', FILE), /not named <version>_<name>\.sql/, 'migration_invalid');
  fails(() => parseMigration('20260101000000_x.sql', 'SELECT 1;\n-- migrate:down\n'), /no `-- migrate:up`/);
  fails(() => parseMigration('20260101000000_x.sql', '-- migrate:up\nSELECT 1;\n'), /no `-- migrate:down`/);
  const bad = parseMigration('20260101000000_x.sql', '-- migrate:up\nSELECT 1;\n\nCREATE TABL x ();\n-- migrate:down\n');
  const d = fails(() => splitStatements(bad, 'up', 'migrations/20260101000000_x.sql'), /migrations\/20260101000000_x\.sql:4: the up section does not parse: syntax error at or near "TABL"/);
  assert.equal(d?.pos, { file: 'migrations/20260101000000_x.sql', line: 4, column: 1 });
  assert.equal(splitStatements(parseMigration('20260101000000_x.sql', '-- migrate:up\n-- nothing\n-- migrate:down\n'), 'up'), []);
});

const table = (name: string, columns: Table['columns']): Table => ({ schema: 'public', name, columns, primaryKey: { name: `${name}_pkey`, columns: ['id'] }, foreignKeys: [], checks: [], indexes: [], triggers: [] });
const catalog = (tables: Table[], extra: Partial<Catalog> = {}): Catalog => ({ ...EMPTY_CATALOG, schemas: [{ name: 'public' }], tables, ...extra });
const ID = { name: 'id', type: 'bigint', nullable: false };

test('the down section undoes the up steps in reverse order and says what cannot come back', () => {
  const from = catalog([table('users', [ID, { name: 'fax', type: 'text', nullable: true }]), table('old', [ID])]);
  const to = catalog([table('users', [ID, { name: 'email', type: 'text', nullable: true }])], {
    statements: [{ name: 'stamp', up: 'SELECT 1', down: '', afterTables: [] }],
  });
  const p = plan(diff(from, to));
  const text = renderMigration({ pgdecl: '9.9.9', version: '20260101000000', name: 'x', createdAt: '2026-01-01T00:00:00.000Z', files: ['resources.yaml'], tenant: false, noTransaction: false, steps: p.steps, origins: {} });
  assert.match(text, /^-- pgdecl 9\.9\.9 · migration 20260101000000_x\n-- Generated 2026-01-01T00:00:00\.000Z from resources\.yaml, for PostgreSQL 14 and later\.\n-- Plan: 2 to create, 0 to change, 2 to drop\./);
  const m = parseMigration('20260101000000_x.sql', text);
  const up = splitStatements(m, 'up').map((s) => s.sql);
  const down = splitStatements(m, 'down').map((s) => s.sql);
  assert.ok(up.includes('DROP TABLE public.old') && up.includes('ALTER TABLE public.users DROP COLUMN fax'));
  assert.ok(down.indexOf('ALTER TABLE public.users ADD COLUMN fax text') >= 0);
  assert.ok(down.some((s) => s.startsWith('CREATE TABLE public.old')));
  assert.ok(down.indexOf('ALTER TABLE public.users DROP COLUMN email') < down.indexOf('ALTER TABLE public.users ADD COLUMN fax text'), 'reverse order');
  assert.match(m.down.sql, /-- \[\d+\] undo: drop table public\.old\n--     irreversible: rows of public\.old deleted by the up step are not restored/);
  assert.match(m.down.sql, /irreversible: values of public\.users\.fax deleted by the up step are not restored/);
  assert.match(m.down.sql, /irreversible: custom statement stamp has no down/);
  assert.match(m.up.sql, /--     hazards: data_loss, irreversible, access_exclusive_lock/);
  assert.is(irreversibleReason(p.steps.find((s) => s.change.kind === 'add_column')!), undefined);
});

const snap = (id: string, prevId: string | null, name = 'x'): Snapshot => ({ formatVersion: 1, id, prevId, createdAt: '2026-01-01T00:00:00.000Z', name, catalog: catalog([table('users', [ID])]) });

test('snapshots are versioned, validated when read, and chained', () => {
  const s = snap('20260101000000', null);
  const text = renderSnapshot(s);
  assert.match(text, /^\{\n  "formatVersion": 1,\n  "id": "20260101000000",\n  "prevId": null,/);
  assert.equal(parseSnapshot('20260101000000_x.json', text), s);
  const f = 'migrations/snapshots/20260101000000_x.json';
  fails(() => parseSnapshot(f, '{"formatVersion": 1,'), /20260101000000_x\.json: is not valid JSON/, 'snapshot_invalid');
  fails(() => parseSnapshot(f, text.replace('"formatVersion": 1', '"formatVersion": 7')), /has snapshot formatVersion 7; this pgdecl reads formatVersion 1[\s\S]*newer pgdecl/);
  fails(() => parseSnapshot(f, text.replace('"type": "bigint"', '"type": 3')), /a column of table public\.users lacks its name, type or nullability/);
  fails(() => parseSnapshot(f, text.replace('"tables": [', '"tables": 1, "x": [')), /"catalog\.tables" is not a list/);
  fails(() => parseSnapshot('migrations/snapshots/20260101000000_y.json', text), /named otherwise/);
  checkChain('s', [{ file: 'a', snapshot: snap('20260101000000', null) }, { file: 'b', snapshot: snap('20260102000000', '20260101000000') }]);
  fails(() => checkChain('s', [{ file: 'a.json', snapshot: snap('20260101000000', null) }, { file: 'b.json', snapshot: snap('20260102000000', null) }]), /s\/b\.json and s\/a\.json both follow snapshot \(none\)[\s\S]*two branches/, 'snapshot_chain_broken');
  fails(() => checkChain('s', [{ file: 'b.json', snapshot: snap('20260102000000', '20260101000000') }]), /says it follows snapshot 20260101000000, but the snapshot before it is \(none\)/);
});

test('pgdecl.sum: a hash over the lines, each line chaining the ones before; every tampering named', () => {
  const files = [
    { path: '20260101000000_a.sql', content: 'a' },
    { path: 'snapshots/20260101000000_a.json', content: '{}' },
    { path: '20260102000000_b.sql', content: 'b' },
  ];
  const sum = renderSum(files);
  const lines = sum.trimEnd().split('\n');
  assert.is(lines.length, 4);
  assert.match(lines[0]!, /^h1:[A-Za-z0-9+/]{43}=$/);
  assert.match(lines[1]!, /^20260101000000_a\.sql h1:/);
  assert.match(lines[3]!, /^snapshots\/20260101000000_a\.json h1:/, 'path order');
  verifySum('m', sum, files);
  // One changed file changes its line and every line after it.
  const changed = sumEntries([{ ...files[0]!, content: 'A' }, ...files.slice(1)]);
  const orig = sumEntries(files);
  assert.ok(changed.every((e, i) => e.hash !== orig[i]!.hash));
  fails(() => verifySum('m', sum, [{ ...files[0]!, content: 'A' }, ...files.slice(1)]), /m\/20260101000000_a\.sql was changed after m\/pgdecl\.sum was written[\s\S]*pgdecl generate --rehash/, 'migration_sum_mismatch');
  fails(() => verifySum('m', sum, [...files, { path: '20260103000000_c.sql', content: 'c' }]), /m\/20260103000000_c\.sql is not in m\/pgdecl\.sum/);
  fails(() => verifySum('m', sum, files.slice(1)), /m\/20260101000000_a\.sql is listed in m\/pgdecl\.sum but is gone/);
  fails(() => verifySum('m', sum.replace(/^h1:./, 'h1:#'), files), /first line is not the hash/);
  fails(() => verifySum('m', undefined, files), /m\/pgdecl\.sum is missing/);
  verifySum('m', undefined, []);
});

test('tenant SQL: the placeholder becomes the schema in identifiers and bookkeeping literals', () => {
  const sql = `CREATE TABLE "$tenant".posts (id bigint);\nINSERT INTO pgdecl.custom_statements (scope, name, owner, after_tables) VALUES ('$tenant', 'v', '$tenant.posts', ARRAY['$tenant.posts']::text[])`;
  assert.is(
    forTenantSchema(sql, 'Acme Co'),
    `CREATE TABLE "Acme Co".posts (id bigint);\nINSERT INTO pgdecl.custom_statements (scope, name, owner, after_tables) VALUES ('Acme Co', 'v', 'Acme Co.posts', ARRAY['Acme Co.posts']::text[])`,
  );
  assert.is(forTenantSchema('SELECT 1', 'tenant_a'), 'SELECT 1');
});

const TENANTED = `version: 1
resources:
  Org:
    attributes: { id: uuid_primary_key, slug: { type: string, allow_nil: false } }
    postgres: { table: orgs, schema: billing }
  Post:
    multitenancy: { strategy: context }
    attributes: { id: integer_primary_key, title: string }
    postgres: { table: posts }
`;

test('the parts: the ordinary part keeps public, the tenant part holds only "$tenant" objects', async () => {
  const r = await loadProjectFromText('r.yaml', TENANTED);
  const c = (await compileProject(r.project!)).catalog;
  assert.equal(ordinaryCatalog(c).schemas.map((s) => s.name), ['billing', 'public']);
  assert.equal(ordinaryCatalog(c).tables.map((t) => t.name), ['orgs']);
  const t = tenantCatalog(c);
  assert.equal([t.schemas, t.extensions, t.tables.map((x) => `${x.schema}.${x.name}`)], [[], [], ['$tenant.posts']]);
});

test('the differ compares index keys whatever the order of their properties (a snapshot read back sorts them)', () => {
  const withIndex = (keys: object): Catalog =>
    catalog([{ ...table('users', [ID, { name: 'email', type: 'text', nullable: false }]), indexes: [{ name: 'users_email_index', unique: true, method: 'btree', keys: [keys as never], include: [], nullsNotDistinct: false }] }, { ...table('refs', [ID, { name: 'email', type: 'text', nullable: true }]), foreignKeys: [{ name: 'refs_email_fkey', columns: ['email'], refSchema: 'public', refTable: 'users', refColumns: ['email'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION', match: 'SIMPLE', deferrable: false, initiallyDeferred: false }] }]);
  const a = withIndex({ kind: 'column', column: 'email', desc: false });
  const b = withIndex({ desc: false, column: 'email', kind: 'column' });
  assert.equal(diff(a, b), []);
  assert.equal(diff(JSON.parse(stableStringify(a)) as Catalog, a), []);
});

const RENAMING = (b: string) => `version: 1
resources:
  User:
    attributes:
      id: integer_primary_key
${b}
      created: create_timestamp
    postgres: { table: users }
`;

test('rename questions: same table, same type, a declared attribute that is not a macro', async () => {
  const before = (await compileProject((await loadProjectFromText('r.yaml', RENAMING('      name: string\n      age: integer'))).project!)).catalog;
  const afterProject = (await loadProjectFromText('r.yaml', RENAMING('      full_name: string\n      years: string'))).project!;
  const after = await compileProject(afterProject);
  const qs = renameQuestions(diff(before, after.catalog), afterProject, after.origins);
  assert.equal(qs.map((q) => q.question), ['Are you renaming users.name to users.full_name?', 'Are you renaming users.name to users.years?'], 'age (bigint) → years (text) is not asked');
  assert.equal(qs[0]!.src, { file: 'r.yaml', pointer: '/resources/User/attributes/full_name' });
  assert.is(qs[0]!.situation, 'users.name is dropped and users.full_name added, both text');
  // A macro column cannot carry renamed_from: not asked.
  const macro = (await loadProjectFromText('r.yaml', RENAMING('      name: string\n      age: integer').replace('created: create_timestamp', 'made: create_timestamp'))).project!;
  const m = await compileProject(macro);
  assert.equal(renameQuestions(diff(before, m.catalog), macro, m.origins), []);
  // Tables: same primary key and most columns.
  const moved = (await loadProjectFromText('r.yaml', RENAMING('      name: string\n      age: integer').replace('table: users', 'table: people'))).project!;
  const mc = await compileProject(moved);
  assert.equal(renameQuestions(diff(before, mc.catalog), moved, mc.origins).map((q) => [q.kind, q.question]), [['table', 'Are you renaming users to people?']]);
});

test('a confirmed rename is written into the file, keeping its comments and layout', async () => {
  const text = `# top comment
resources:
  User:
    attributes:
      id: integer_primary_key   # the key
      bio: string               # short text
      name: { type: string, allow_nil: false }  # flow
      nick:
        type: string
        description: "a nickname"   # kept

    # the table
    postgres: { table: users }
  Post:
    postgres:
      table: posts
`;
  const edit = (ptr: string, v: string) => addKey(text, ptr, 'renamed_from', v, false).text;
  assert.is(edit('/resources/User/attributes/bio', 'about'), text.replace('bio: string ', 'bio: { type: string, renamed_from: about } '));
  assert.is(edit('/resources/User/attributes/name', 'nm'), text.replace('allow_nil: false }', 'allow_nil: false, renamed_from: nm }'));
  assert.is(edit('/resources/User/attributes/nick', 'handle'), text.replace('"a nickname"   # kept\n', '"a nickname"   # kept\n        renamed_from: handle\n'));
  assert.is(edit('/resources/User/postgres', 'members'), text.replace('{ table: users }', '{ table: users, renamed_from: members }'));
  assert.is(edit('/resources/Post/postgres', 'archive.articles'), text.replace('      table: posts\n', '      table: posts\n      renamed_from: archive.articles\n'));
  assert.is(edit('/resources/User/attributes/bio', 'true'), text.replace('bio: string ', 'bio: { type: string, renamed_from: "true" } '), 'a YAML keyword is quoted');
  assert.is(addKey('{"a": {"type": "string"}}', '/a', 'renamed_from', 'b', true).text, '{"a": {"type": "string", "renamed_from": "b"}}');
  fails(() => addKey(text, '/resources/User/attributes/nick', 'type', 'x', false), /already has `type`/, 'rename_not_recorded');
  // Through the file: the loader then sees the hint.
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-rec-'));
  try {
    writeFileSync(join(dir, 'r.yaml'), RENAMING('      full_name: string   # was name'));
    const at = recordRenamedFrom(dir, { file: 'r.yaml', pointer: '/resources/User/attributes/full_name' }, 'name', 'attribute');
    assert.equal(at, { file: 'r.yaml', line: 6 });
    assert.match(readFileSync(join(dir, 'r.yaml'), 'utf8'), /full_name: \{ type: string, renamed_from: name \}   # was name/);
    const { project } = await loadProjectOrThrow([join(dir, 'r.yaml')], { cwd: dir });
    assert.is(project.resources[0]!.attributes.find((a) => a.name === 'full_name')!.renamedFrom, 'name');
  } finally {
    // Removed once the load has read the file (it was removed on a timer, which a slow load outlived).
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diffParts starts from nothing (with public) when a folder has no snapshot', async () => {
  const r = await loadProjectFromText('r.yaml', TENANTED);
  const c = (await compileProject(r.project!)).catalog;
  const parts = readParts('/nonexistent/migrations', 'migrations');
  const [ord, ten] = diffParts(parts, c, { renames: NO_RENAMES, squashDev: false });
  assert.equal(ord!.changes.map((x) => x.kind).sort(), ['add_primary_key', 'create_schema', 'create_table'].filter((k) => ord!.changes.some((x) => x.kind === k)).sort());
  assert.not.ok(ord!.changes.some((x) => x.kind === 'create_schema' && x.schema.name === 'public'), 'public exists in every database');
  assert.ok(ten!.changes.some((x) => x.kind === 'create_table' && x.table.schema === '$tenant'));
  assert.ok(ten!.plan.steps.every((s) => s.sql.every((q) => !q.includes('CREATE SCHEMA "$tenant"'))), 'the tenant schema is made by whoever makes the tenant');
});

test.run();
