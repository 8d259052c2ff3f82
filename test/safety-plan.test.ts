/**
 * Plans that must not lose data quietly, on PostgreSQL 15, 18 and the embedded database:
 * a narrowing type change converts only values that fit (one that does not fails the apply,
 * which changes nothing) and the plan counts them first; a renamed_from that names nothing is
 * an error that says what exists; an index can name a column of any spelling.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { freshDatabase, freshTarget, pglite, resetDatabase, servers, sqlOn, stopOwnServers } from './helpers/servers.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { destructiveJson, formatDestructive } from '../src/render/destructive-text.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import type { Project } from '../src/model/resource.js';
import type { Target } from '../src/targets/target.js';

const PLAIN = { green: (s: string) => s, yellow: (s: string) => s, red: (s: string) => s, bold: (s: string) => s, dim: (s: string) => s };

async function project(text: string): Promise<Project> {
  const r = await loadProjectFromText('resources.yaml', text, { env: {} });
  assert.ok(r.project, r.diagnostics.map((d) => d.message).join('\n'));
  return r.project!;
}

async function applyAll(t: Target, p: Project): Promise<void> {
  const planned = await planProject(t, p);
  const r = await applySteps(t, planned.plan.steps);
  assert.not.ok(r.failure, r.failure?.error.message);
  assert.equal(await remainingChanges(t, planned), [], 'converged');
  assert.is((await planProject(t, p)).plan.steps.length, 0, 'the next plan is empty');
}

/** Each target in turn: PostgreSQL 18 and 15 on fresh databases, then one PGlite reset between uses. */
async function onEveryTarget(run: (t: Target, name: string) => Promise<void>): Promise<void> {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await run(t, s.name);
    } finally {
      await t.drop();
    }
  }
  const lite = await pglite([]);
  try {
    await resetDatabase(lite);
    await run(lite, 'pglite');
  } finally {
    await lite.close();
  }
}

const WIDE = `version: 1
resources:
  Item:
    attributes:
      id: integer_primary_key
      code: { type: string, postgres_type: "varchar(10)" }
      amount: { type: decimal, postgres_type: "numeric(10,4)" }
      ratio: { type: float }
      at: { type: utc_datetime_usec, postgres_type: "timestamp(6) without time zone" }
      n: { type: integer, postgres_type: bigint }
    postgres:
      table: items
`;
const NARROW = WIDE.replace('varchar(10)', 'varchar(5)')
  .replace('numeric(10,4)', 'numeric(10,2)')
  .replace('ratio: { type: float }', 'ratio: { type: float, postgres_type: real }')
  .replace('timestamp(6) without time zone', 'timestamp(0) without time zone')
  .replace('postgres_type: bigint', 'postgres_type: integer');

const ROWS = `INSERT INTO items (id, code, amount, ratio, at, n) VALUES
  (1, 'abcde', 1.25, 0.5, '2020-01-01 10:00:00', 5),
  (2, 'abcdefgh', 1.2345, 0.1, '2020-01-01 10:00:00.123456', 10000000000),
  (3, NULL, NULL, NULL, NULL, NULL)`;
const SNAPSHOT = `SELECT id::text AS id, code, amount::text AS amount, ratio::text AS ratio, at::text AS at, n::text AS n,
  (SELECT string_agg(format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attnum > 0) AS types
  FROM items ORDER BY id`;

test('a narrowing type change never cuts or rounds: the plan counts what does not fit, the apply fails and changes nothing', async () => {
  await onEveryTarget(async (t, name) => {
    await applyAll(t, await project(WIDE));
    await t.exec(ROWS);
    const before = await t.query(SNAPSHOT);
    const narrow = await project(NARROW);
    const p = await planProject(t, narrow);
    assert.is(p.destructive.length, 5, `${name}: five narrowing steps\n${formatDestructive(p.destructive, PLAIN)}`);
    for (const d of p.destructive) assert.is(d.rows, 1, `${name}: ${d.step.summary}: exactly one value does not fit (${d.what})`);
    const text = formatDestructive(p.destructive, PLAIN);
    assert.match(text, /1 values do not fit character varying\(5\): nothing is cut or rounded/, text);
    assert.match(text, /1 values do not fit numeric\(10,2\)/);
    assert.match(text, /1 values do not fit real/);
    assert.match(text, /1 values do not fit timestamp\(0\) without time zone/);
    assert.match(text, /1 values do not fit integer/);
    assert.equal(destructiveJson(p.destructive).map((d) => d.rows), [1, 1, 1, 1, 1], 'the JSON carries the counts');
    const r = await applySteps(t, p.plan.steps);
    assert.ok(r.failure, `${name}: the apply fails`);
    assert.match(r.failure!.error.message, /does not fit/, r.failure!.error.message);
    assert.equal(await t.query(SNAPSHOT), before, `${name}: nothing changed, no value was cut`);
    // Without the value that does not fit, the same change goes through and keeps every value.
    await t.exec('DELETE FROM items WHERE id = 2');
    const again = await planProject(t, narrow);
    assert.equal(again.destructive.map((d) => d.rows), [0, 0, 0, 0, 0], `${name}: nothing left that does not fit`);
    const ok = await applySteps(t, again.plan.steps);
    assert.not.ok(ok.failure, ok.failure?.error.message);
    assert.equal(await remainingChanges(t, again), [], `${name}: converged`);
    const rows = (await t.query<Record<string, unknown>>(SNAPSHOT)).map(({ types: _types, ...x }) => x);
    assert.equal(rows, [
      { id: '1', code: 'abcde', amount: '1.25', ratio: '0.5', at: '2020-01-01 10:00:00', n: '5' },
      { id: '3', code: null, amount: null, ratio: null, at: null, n: null },
    ]);
  });
});

test('`plan` and `plan --json` show how many values do not fit; `apply --allow-destructive` fails and changes nothing', async () => {
  const s = (await servers())[0]!;
  const db = await freshDatabase(s);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-narrow-'));
  const cli = (...argv: string[]) => runCli([...argv, '--db', db.url], { cwd: dir });
  try {
    writeFileSync(join(dir, 'resources.yaml'), WIDE);
    assert.is((await cli('apply', '--yes')).code, 0);
    await sqlOn(db.url, ROWS);
    const before = await sqlOn(db.url, SNAPSHOT);
    writeFileSync(join(dir, 'resources.yaml'), NARROW);
    const text = await cli('plan');
    assert.match(text.stdout, /Destructive \(needs --allow-destructive\), counted on this database:\n(  - \[\d\] alter column public\.items\.\w+ \(type\): 1 values do not fit [^\n]+\n){5}/, text.stdout);
    const json = JSON.parse((await cli('plan', '--json')).stdout) as { destructive: { rows: number; what: string }[] };
    assert.equal(json.destructive.map((d) => d.rows), [1, 1, 1, 1, 1]);
    const r = await cli('apply', '--yes', '--allow-destructive');
    assert.is(r.code, 1, r.stdout);
    assert.match(r.stderr, /does not fit/);
    assert.equal(await sqlOn(db.url, SNAPSHOT), before, 'nothing changed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});

const BIG = `version: 1
resources:
  Big:
    attributes:
      id: integer_primary_key
      code: { type: string }
    postgres:
      table: big
`;
const MOVED = `version: 1
resources:
  Big:
    attributes:
      id: integer_primary_key
      label: { type: string, renamed_from: cod }
    postgres:
      table: huge
      schema: archive
      renamed_from: big
`;

async function planError(t: Target, p: Project): Promise<string> {
  try {
    await planProject(t, p);
  } catch (e) {
    if (e instanceof PgdeclError) return e.diagnostics.map((d) => `${d.code} ${d.src?.pointer ?? ''}: ${d.message} | ${d.suggestion ?? ''}`).join('\n');
    throw e;
  }
  return 'no error';
}

test('a renamed_from that names nothing is an error naming what was looked for and what exists', async () => {
  await onEveryTarget(async (t, name) => {
    await applyAll(t, await project(BIG));
    await t.exec(`INSERT INTO big (code) VALUES ('a'), ('b')`);
    let msg = await planError(t, await project(MOVED));
    assert.match(msg, /rename_source_missing \/resources\/Big\/postgres\/renamed_from: resource Big is renamed from `archive\.big`, but there is no table archive\.big \(nor archive\.huge\)/, `${name}: ${msg}`);
    assert.match(msg, /did you mean `public\.big`\?/, name);
    // Qualified, the table is found; then the column renamed_from that names nothing is reported.
    msg = await planError(t, await project(MOVED.replace('renamed_from: big', 'renamed_from: public.big')));
    assert.match(msg, /rename_source_missing \/resources\/Big\/attributes\/label\/renamed_from: .*table public\.big has no column `cod`/, `${name}: ${msg}`);
    assert.match(msg, /did you mean `code`\?/);
    // Both right: the rows move with the table, the column keeps its values.
    const fixed = await project(MOVED.replace('renamed_from: big', 'renamed_from: public.big').replace('renamed_from: cod', 'renamed_from: code'));
    await applyAll(t, fixed);
    assert.equal(await t.query('SELECT label FROM archive.huge ORDER BY label'), [{ label: 'a' }, { label: 'b' }], name);
    // Left in the files afterwards, the hints find their targets: nothing to do.
    assert.is((await planProject(t, fixed)).plan.steps.length, 0);
  });
});

test('a stale renamed_from on a fresh database creates the table (nothing could be renamed)', async () => {
  const lite = await pglite([]);
  try {
    await resetDatabase(lite);
    await applyAll(lite, await project(MOVED.replace('renamed_from: big', 'renamed_from: public.big')));
  } finally {
    await lite.close();
  }
});

const ODD = `version: 1
resources:
  Odd:
    attributes:
      id: integer_primary_key
      "it's": { type: string }
      "semi;colon": { type: integer }
    postgres:
      table: odd
      custom_indexes:
        - fields: ["it's", { desc: "semi;colon" }]
        - fields: [{ asc: "semi;colon" }]
          name: odd_semi_index
`;

test("custom index fields may name columns such as it's and semi;colon: apply converges", async () => {
  const p = await project(ODD);
  const idx = p.resources[0]!.customIndexes.flatMap((x) => x.fields.map((f) => f.kind));
  assert.equal(idx, ['column', 'column', 'column']);
  await onEveryTarget(async (t, name) => {
    await applyAll(t, p);
    const defs = await t.query<{ d: string }>(`SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid = 'odd'::regclass AND NOT indisprimary ORDER BY 1`);
    assert.equal(defs.map((x) => x.d.replace(/^CREATE INDEX (\S+) ON public\.odd USING btree /, '$1 ')), [`"odd_it's_semi;colon_index" ("it's", "semi;colon" DESC)`, `odd_semi_index ("semi;colon")`], name);
  });
});

test.after(stopOwnServers);
test.run();
