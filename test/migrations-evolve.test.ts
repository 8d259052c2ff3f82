/**
 * Every evolution case of fixtures/evolve/ as versioned migrations, on PGlite, PostgreSQL 18
 * and PostgreSQL 15 at once: generate `before` and migrate, seed rows, generate `after` and
 * migrate (its check.sql must read what `apply` leaves: expected.check.json), then roll the
 * `after` migration back. The rollback must restore the schema exactly as it was (inspected,
 * compared as IR) and keep the rows of every column that survived the up migration.
 *
 * Where the up migration dropped a column, the down migration adds it back at the end of its
 * table, empty (the file says so): for those tables the columns compare in name order and
 * the dropped column's values are not compared. Likewise for the tables it dropped (they come
 * back empty), and for a generated column rebuilt (dropped and added) before PostgreSQL 17.
 *
 * Then the `after` migration runs again: up, down and up again must leave the schema the first
 * up left (a down section that undoes too little or too much shows here).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopOwnServers } from './helpers/servers.js';
import { catalogDiff, closeEngines, columnsByName, database, engines, evolveCases, generate, migrationFiles, project, rowsOf, schemaOf, scopeOf, type Engine, type EvolveCase } from './helpers/migrations.js';
import { migrateSchema, rollbackSchema } from '../src/migrations/run.js';
import { readFolder } from '../src/migrations/folder.js';
import { loadParser, parseMigration } from '../src/migrations/parse-migration.js';
import { stableStringify } from '../src/ir/canonical.js';
import type { Catalog } from '../src/ir/catalog.js';

const only = process.env.EVOLVE_CASES?.split(',').filter(Boolean);
const BASE = `version: 1
resources:
  Author:
    attributes:
      id: integer_primary_key
      name: { type: string, allow_nil: false }
      bio: string
      fax: string
    postgres: { table: authors }
  Book:
    attributes:
      id: integer_primary_key
      title: string
      pages: integer
    relationships:
      author: { type: belongs_to, destination: Author }
    postgres: { table: books }
`;
const SEED = `INSERT INTO authors (name, bio, fax) VALUES ('Ann', 'b1', 'f1'), ('Bo', 'b2', NULL);
INSERT INTO books (title, pages, author_id) SELECT 'T' || id, 100 + id, id FROM authors;`;
const CHECK = `SELECT a.name, b.title FROM authors a JOIN books b ON b.author_id = a.id ORDER BY 1`;
const ROWS = [{ name: 'Ann', title: 'T1' }, { name: 'Bo', title: 'T2' }];
const fallback = (name: string, after: string, kinds: string[]): EvolveCase => ({ name, dir: '', before: BASE, after, seed: SEED, check: CHECK, expectedRows: ROWS, kinds });

/** Used when fixtures/evolve/ is not there: the same ground, smaller. */
const FALLBACK: EvolveCase[] = [
  fallback('column add, drop, rename, retype', BASE.replace('      bio: string\n      fax: string\n', '      about: { type: string, renamed_from: bio }\n      born: date\n').replace('pages: integer', 'pages: { type: decimal }'), ['rename_column', 'add_column', 'drop_column', 'alter_column']),
  { ...fallback('table rename and a check', BASE.replace('postgres: { table: books }', 'postgres:\n      table: volumes\n      renamed_from: books\n      check_constraints: [{ name: pages_positive, check: "pages > 0" }]'), ['rename_table', 'add_check']), check: 'SELECT title FROM volumes ORDER BY 1', expectedRows: [{ title: 'T1' }, { title: 'T2' }] },
  fallback('indexes concurrently and a foreign key on them', BASE.replace('postgres: { table: authors }', 'identities: { unique_name: { keys: [name] } }\n    postgres:\n      table: authors\n      custom_indexes: [{ fields: [bio], concurrently: true }]'), ['create_index']),
  fallback('statements, nullability, defaults', BASE.replace('bio: string', 'bio: { type: string, allow_nil: false, default: none }').replace('postgres: { table: books }', 'postgres:\n      table: books\n      custom_statements: [{ name: v, up: "CREATE VIEW public.titles AS SELECT title FROM public.books", down: "DROP VIEW public.titles" }]'), ['alter_column', 'run_statement']),
];

const found = process.env.MIGRATIONS_EVOLVE_FALLBACK ? [] : evolveCases();
const cases = (found.length ? found : FALLBACK).filter((c) => !only || only.some((w) => c.name.includes(w)));
let all: Engine[] = [];
const ms = new Map<string, number>();

test.before(async () => {
  all = await engines();
  await loadParser();
});

test.after(async () => {
  await closeEngines();
  await stopOwnServers();
  console.log(`migrations-evolve: ${cases.length} cases; time per engine: ${[...ms].map(([e, t]) => `${e} ${(t / 1000).toFixed(1)} s`).join(', ')}`);
});

const snapshotCatalog = (dir: string, file: string) => (JSON.parse(readFileSync(join(dir, 'migrations', 'snapshots', file.replace(/\.sql$/, '.json').replace(/_concurrently\.json$/, '.json')), 'utf8')) as { catalog: Catalog }).catalog;

async function onEngine(c: EvolveCase, e: Engine): Promise<string | undefined> {
  const t0 = performance.now();
  const p = project({ 'resources.yaml': c.before });
  const db = await database(e);
  try {
    if (c.setup !== undefined) await db.target.exec(c.setup);
    const major = String(e.major);
    await generate(p.dir, ['before', '--pg-version', major, '--assume-no-renames']);
    const first = migrationFiles(p.dir);
    const up1 = await migrateSchema(db.target, join(p.dir, 'migrations'));
    if (up1.failure) return `migrating before.yaml failed at ${up1.failure.migration.file}:${up1.failure.line}: ${up1.failure.error.message}`;
    await db.target.exec(c.seed);

    p.write('resources.yaml', c.after);
    await generate(p.dir, ['after', '--pg-version', major, '--assume-no-renames']);
    const added = migrationFiles(p.dir).filter((f) => !first.includes(f));
    const beforeCatalog = first.length ? snapshotCatalog(p.dir, first[0]!) : undefined;
    const afterCatalog = added.length ? snapshotCatalog(p.dir, added[0]!) : undefined;
    const scope = scopeOf(...[beforeCatalog, afterCatalog].filter((x): x is Catalog => x !== undefined));
    const before = await schemaOf(db.target, scope);

    // Columns and tables the up migration drops: their values do not come back.
    const folder = readFolder(join(p.dir, 'migrations'), 'migrations');
    const upText = added.map((f) => parseMigration(f, p.read(`migrations/${f}`)).up.sql).join('\n');
    const droppedCols = new Map<string, Set<string>>();
    for (const m of upText.matchAll(/^-- \[\d+\] drop column ([^.\s]+)\.([^.\s]+)\.(\S+)$/gm)) droppedCols.set(`${m[1]}.${m[2]}`, new Set([...(droppedCols.get(`${m[1]}.${m[2]}`) ?? []), m[3]!]));
    // An enum value removed by swapping the type: the rows that held it keep NULL after a rollback.
    for (const m of upText.matchAll(/^ALTER TABLE (\S+) ALTER COLUMN (\S+) TYPE \S+ USING CASE WHEN .* THEN NULL /gm)) {
      const t = m[1]!.replaceAll('"', '');
      droppedCols.set(t, new Set([...(droppedCols.get(t) ?? []), m[2]!.replaceAll('"', '')]));
    }
    // An attribute dropped from a composite type: the columns of the type come back without its values.
    for (const m of upText.matchAll(/^-- \[\d+\] drop attribute \S+ of type (\S+)/gm)) {
      for (const t of before.tables) {
        const cols = t.columns.filter((col) => col.type === m[1] || col.type === `${m[1]}[]`).map((col) => col.name);
        if (cols.length) droppedCols.set(`${t.schema}.${t.name}`, new Set([...(droppedCols.get(`${t.schema}.${t.name}`) ?? []), ...cols]));
      }
    }
    const droppedTables = new Set([...upText.matchAll(/^-- \[\d+\] drop table (\S+)$/gm)].map((m) => m[1]!));
    // A partitioned table read whole loses the rows of its dropped partitions.
    for (const t of before.tables) if (t.partitionOf && droppedTables.has(`${t.schema}.${t.name}`)) droppedTables.add(`${t.partitionOf.schema}.${t.partitionOf.name}`);
    // Tables where a column is dropped, or rebuilt (a generated column before PostgreSQL 17): column order is not kept.
    const rebuilt = new Set([...upText.matchAll(/^ALTER TABLE (\S+) DROP COLUMN /gm)].map((m) => m[1]!.replaceAll('"', '')));
    const kept = (t: string) => before.tables.find((x) => `${x.schema}.${x.name}` === t)?.columns.map((col) => col.name).filter((n) => !droppedCols.get(t)?.has(n));
    const rowsBefore = await rowsOf(db.target, { ...before, tables: before.tables.filter((t) => !droppedTables.has(`${t.schema}.${t.name}`)) }, kept);

    const up2 = await migrateSchema(db.target, folder);
    if (up2.failure) return `migrating after.yaml failed at ${up2.failure.migration.file}:${up2.failure.line}: ${up2.failure.error.message}\n  ${up2.failure.statement}`;
    if (added.length === 0 && c.kinds.length > 0) return 'generate wrote no migration for a case that changes the schema';
    const rows = await db.target.query(c.check);
    if (c.expectedRows !== undefined && stableStringify(rows) !== stableStringify(c.expectedRows)) return `after migrating, check.sql reads ${JSON.stringify(rows)}, apply leaves ${JSON.stringify(c.expectedRows)}`;
    const upSchema = await schemaOf(db.target, scope);

    const down = await rollbackSchema(db.target, folder, { step: added.length });
    if (down.failure) return `rolling back failed at ${down.failure.migration.file}:${down.failure.line}: ${down.failure.error.message}\n  ${down.failure.statement}`;
    if (down.selected.length !== added.length) return `rolled back ${down.selected.length} files, expected ${added.length}`;
    const back = await schemaOf(db.target, scope);
    const loose = new Set([...droppedCols.keys(), ...rebuilt]);
    // A table that left its parent (NO INHERIT) gets it back with INHERIT, but the columns and
    // checks it had from it stay its own (PostgreSQL cannot make them inherited only again).
    const rejoined = new Map([...upText.matchAll(/^ALTER TABLE (\S+) NO INHERIT (\S+);$/gm)].map((m) => [m[1]!.replaceAll('"', ''), m[2]!.replaceAll('"', '')]));
    const parentOf = (t: Catalog['tables'][number]) => back.tables.find((x) => `${x.schema}.${x.name}` === rejoined.get(`${t.schema}.${t.name}`));
    const ownAgain = (t: Catalog['tables'][number]) => {
      const parent = parentOf(t);
      const was = before.tables.find((x) => x.schema === t.schema && x.name === t.name);
      if (!parent || !was) return t;
      const gave = (name: string, theirs: readonly { name: string }[], ours: readonly { name: string }[]) => theirs.some((x) => x.name === name) && !ours.some((x) => x.name === name);
      return { ...t, columns: t.columns.filter((col) => !gave(col.name, parent.columns, was.columns)), checks: t.checks.filter((ch) => !gave(ch.name, parent.checks, was.checks)) };
    };
    // An extension the up updated keeps its new version: extensions ship no scripts back (the step is irreversible).
    const updated = new Set([...upText.matchAll(/^ALTER EXTENSION (\S+) UPDATE TO /gm)].map((m) => m[1]!.replaceAll('"', '')));
    const anyVersion = (c: Catalog): Catalog => (updated.size ? { ...c, extensions: c.extensions.map(({ version: _v, ...e }) => (updated.has(e.name) ? e : { ...e, ...(_v !== undefined ? { version: _v } : {}) })) } : c);
    const [want, got] = [columnsByName(anyVersion(before), loose), columnsByName(anyVersion({ ...back, tables: back.tables.map(ownAgain) }), loose)];
    if (stableStringify(want) !== stableStringify(got)) return `the schema after rollback differs from before:\n${catalogDiff(want, got)}`;
    const rowsBack = await rowsOf(db.target, { ...back, tables: back.tables.filter((t) => !droppedTables.has(`${t.schema}.${t.name}`)) }, kept);
    if (stableStringify(rowsBack) !== stableStringify(rowsBefore)) return `rows changed by up + rollback:\n  before ${JSON.stringify(rowsBefore)}\n  after  ${JSON.stringify(rowsBack)}`;

    const up3 = await migrateSchema(db.target, folder);
    if (up3.failure) return `migrating after.yaml again, after the rollback, failed at ${up3.failure.migration.file}:${up3.failure.line}: ${up3.failure.error.message}\n  ${up3.failure.statement}`;
    const [upWant, upGot] = [columnsByName(upSchema, rebuilt), columnsByName(await schemaOf(db.target, scope), rebuilt)];
    if (stableStringify(upWant) !== stableStringify(upGot)) return `up, down and up again leaves a schema that differs from the first up's:\n${catalogDiff(upWant, upGot)}`;
    return undefined;
  } catch (err) {
    return err instanceof Error ? `${err.message}` : String(err);
  } finally {
    ms.set(e.name, (ms.get(e.name) ?? 0) + performance.now() - t0);
    await db.done();
    p.done();
  }
}

test('the evolution cases are there', () => {
  assert.ok(cases.length >= (found.length ? 30 : FALLBACK.length) || only, `${cases.length} cases`);
});

for (const c of cases) {
  test(`${c.name}: migrate up, rollback restores schema and rows, up again`, async () => {
    const problems = (await Promise.all(all.map(async (e) => [e.name, await onEngine(c, e)] as const))).filter(([, p]) => p !== undefined);
    assert.ok(problems.length === 0, `${c.name}${c.note ? ` (${c.note})` : ''}:\n${problems.map(([e, p]) => `${e}: ${p}`).join('\n\n')}`);
  });
}

test.run();
