/**
 * Saved plans and the convergence proof through the real binary (`node bin/pgdecl.js`, the
 * built dist/): an edited plan is refused before a step runs and the database is left as it
 * was; a good plan applies and converges, and applied twice says so; a broken plan file gets
 * a message about the plan file; the plan's own database is used when no --db is given; a
 * result that does not match the files is rolled back; `apply --json`. Every kind of edit,
 * on PostgreSQL 15, 18 and PGlite, is in saved-plan-core.test.ts (in process: fast).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase, servers, sqlOn, stopOwnServers } from './helpers/servers.js';

const BIN = fileURLToPath(new URL('../bin/pgdecl.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `pgdecl …` in a process of its own; the environment is only what the test gives. */
function pgdecl(cwd: string, argv: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

const V1 = `version: 1
resources:
  Victim:
    attributes:
      id: integer_primary_key
      note: string
    postgres: { table: victim }
  Author:
    attributes:
      id: integer_primary_key
      name: { type: string, allow_nil: false }
    postgres: { table: authors }
`;

// Adds a column and a table: a plan of several steps.
const V2 =
  V1.replace('      name: { type: string, allow_nil: false }\n', '      name: { type: string, allow_nil: false }\n      bio: string\n') +
  `  Book:
    attributes:
      id: integer_primary_key
      title: string
    postgres: { table: books }
`;

type PlanJson = { steps: Record<string, unknown>[]; [k: string]: unknown };

test('an edited saved plan is refused before any step runs; the plan applies once, then says it was applied; a broken plan file is named', async () => {
  const [server] = await servers();
  const d = await freshDatabase(server!);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-saved-'));
  const sql = (q: string) => sqlOn(d.url, q);
  try {
    writeFileSync(join(dir, 'resources.yaml'), V1);
    let r = await pgdecl(dir, ['apply', '--yes', '--db', d.url]);
    assert.is(r.code, 0, r.stderr);
    await sql(`INSERT INTO victim (note) VALUES ('keep me'), ('and me')`);
    writeFileSync(join(dir, 'resources.yaml'), V2);
    r = await pgdecl(dir, ['plan', '-o', 'plan.json', '--db', d.url]);
    assert.is(r.code, 0, r.stderr);
    const good = readFileSync(join(dir, 'plan.json'), 'utf8');
    assert.ok((JSON.parse(good) as PlanJson).steps.length >= 2, 'several steps');

    // The edit of issue reports: the first step's SQL replaced by a DROP.
    const edited = JSON.parse(good) as PlanJson;
    edited.steps[1]!.sql = ['DROP TABLE public.victim'];
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited, null, 2));
    r = await pgdecl(dir, ['apply', 'edited.json', '--yes', '--allow-destructive', '--db', d.url]);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /edited\.json is not what pgdecl would run on this database: step 2 differs in "sql": the plan says DROP TABLE public\.victim, pgdecl derives /);
    assert.match(r.stderr, /Nothing was changed/);
    // The same through --json: the code, and no step ran.
    edited.steps.push({ ...edited.steps[0]!, id: edited.steps.length + 1, sql: ['DROP TABLE public.victim'] });
    edited.steps[1]!.sql = (JSON.parse(good) as PlanJson).steps[1]!.sql;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited, null, 2));
    r = await pgdecl(dir, ['apply', 'edited.json', '--yes', '--allow-destructive', '--json', '--db', d.url]);
    assert.is(r.code, 1);
    const refused = JSON.parse(r.stdout) as { status: string; source: string; error: { code: string; message: string } };
    assert.equal([refused.status, refused.source, refused.error.code], ['refused', 'plan', 'plan_tampered']);
    assert.match(refused.error.message, /the plan has \d+ steps where pgdecl derives \d+/);
    assert.equal(await sql(`SELECT count(*)::int AS n FROM victim`), [{ n: 2 }], 'victim intact');
    assert.equal(await sql(`SELECT to_regclass('public.books') IS NULL AS none`), [{ none: true }], 'no step ran');

    // Broken plan files: a message about the plan file, never about resource keys.
    const broken: [string, RegExp][] = [
      ['{"formatVersion": 2, "steps": [', /broken\.json is not a usable pgdecl plan: it is not JSON \(/],
      [JSON.stringify({ ...(JSON.parse(good) as PlanJson), desired: undefined }), /broken\.json is not a usable pgdecl plan: the part "desired" is missing/],
    ];
    for (const [text, message] of broken) {
      writeFileSync(join(dir, 'broken.json'), text);
      r = await pgdecl(dir, ['apply', 'broken.json', '--yes']);
      assert.is(r.code, 1);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /pgdecl plan -o plan\.json/);
      assert.not.match(r.stderr, /unknown key|at the top level/);
      assert.not.ok(existsSync(join(dir, '.pgdecl', 'default')), 'no embedded database opened');
    }

    r = await pgdecl(dir, ['apply', 'plan.json', '--yes', '--json', '--db', d.url]);
    assert.is(r.code, 0, r.stderr);
    const done = JSON.parse(r.stdout) as { status: string; steps: { id: number; status: string; ms: number; transactional: boolean }[]; convergence: { checked: string; converged: boolean; remaining: string[] } };
    assert.is(done.status, 'applied');
    assert.ok(done.steps.length >= 2 && done.steps.every((s) => s.status === 'applied' && typeof s.ms === 'number'), r.stdout);
    assert.equal(done.convergence, { checked: 'in_transaction', converged: true, remaining: [] });
    r = await pgdecl(dir, ['plan', '--exit-code', '--db', d.url]);
    assert.is(r.code, 0, `converged\n${r.stdout}`);
    r = await pgdecl(dir, ['apply', 'plan.json', '--yes', '--db', d.url]);
    assert.is(r.code, 0, `applied twice\n${r.stderr}`);
    assert.match(r.stdout, /Already applied: the database already is what plan\.json leads to\. Nothing was changed\./);
    assert.not.match(r.stderr, /changed since/);
    assert.equal(await sql(`SELECT count(*)::int AS n FROM victim`), [{ n: 2 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await d.drop();
  }
});

test('a result that does not match the files is rolled back before COMMIT', async () => {
  const [server] = await servers();
  const d = await freshDatabase(server!);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-saved-'));
  try {
    // Something pgdecl does not know adds a column to every new books table.
    await sqlOn(
      d.url,
      `CREATE SCHEMA hooks;
       CREATE FUNCTION hooks.sneak() RETURNS event_trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_identity = 'public.books') THEN
           ALTER TABLE public.books ADD COLUMN sneaky integer;
         END IF;
       END $$;
       CREATE EVENT TRIGGER sneak ON ddl_command_end EXECUTE FUNCTION hooks.sneak();`,
    );
    writeFileSync(join(dir, 'resources.yaml'), V2);
    const r = await pgdecl(dir, ['apply', '--yes', '--json', '--db', d.url]);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /the steps ran, but the database would still differ from the files in 1 way:\n {2}.*sneaky/);
    assert.match(r.stderr, /The transaction was rolled back: nothing was changed\./);
    const out = JSON.parse(r.stdout) as { status: string; steps: { status: string }[]; convergence: { checked: string; converged: boolean } };
    assert.is(out.status, 'not_converged');
    assert.equal(out.convergence.checked, 'in_transaction');
    assert.ok(out.steps.every((s) => s.status === 'skipped'), 'rolled back: no step applied');
    assert.equal(await sqlOn(d.url, `SELECT to_regclass('public.books') IS NULL AS none`), [{ none: true }], 'nothing committed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await d.drop();
  }
});

test("without --db, a saved plan goes to its own database: the password from PGPASSWORD, never the embedded default", async () => {
  const [server] = await servers();
  const d = await freshDatabase(server!);
  const other = await freshDatabase(server!);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-saved-'));
  try {
    writeFileSync(join(dir, 'resources.yaml'), V1);
    assert.is((await pgdecl(dir, ['plan', '-o', 'plan.json', '--db', d.url])).code, 0);
    const u = new URL(d.url);
    const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { database: { kind: string; url: string } };
    assert.is(saved.database.kind, 'postgres');
    assert.not.match(readFileSync(join(dir, 'plan.json'), 'utf8'), new RegExp(`:${u.password}@`), 'no password saved');

    let r = await pgdecl(dir, ['apply', 'plan.json', '--yes', '--db', other.url]);
    assert.is(r.code, 1);
    assert.match(r.stderr, /plan\.json was made for postgres:\/\/[^ ]+, but --db names/);
    r = await pgdecl(dir, ['apply', 'plan.json', '--yes'], { DATABASE_URL: other.url });
    assert.is(r.code, 1);
    assert.match(r.stderr, /but DATABASE_URL names/);
    assert.equal(await sqlOn(other.url, `SELECT to_regclass('public.authors') IS NULL AS none`), [{ none: true }]);

    r = await pgdecl(dir, ['apply', 'plan.json', '--yes'], { PGPASSWORD: decodeURIComponent(u.password) });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Target: postgres://[^ ]*${u.host}${u.pathname}`));
    assert.not.ok(existsSync(join(dir, '.pgdecl', 'default')), 'the embedded database was not opened');
    assert.equal(await sqlOn(d.url, `SELECT to_regclass('public.authors') IS NOT NULL AS made`), [{ made: true }]);

    // A plan made on an in-memory embedded database has nowhere to go.
    assert.is((await pgdecl(dir, ['plan', '-o', 'mem.json', '--db', 'pglite:memory'])).code, 0);
    r = await pgdecl(dir, ['apply', 'mem.json', '--yes']);
    assert.is(r.code, 1);
    assert.match(r.stderr, /mem\.json was made for embedded database \(in memory\), which ended with the run that made the plan/);
    assert.not.ok(existsSync(join(dir, '.pgdecl', 'default')), 'no embedded default');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await d.drop();
    await other.drop();
  }
});

test.after(stopOwnServers);
test.run();
