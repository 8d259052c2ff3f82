/**
 * `pgdecl plan` and `pgdecl apply` as a user runs them, on PostgreSQL 18, PostgreSQL 15 and
 * the embedded database: convergence, renames that keep data, refused drops, saved plans
 * and their staleness, dry runs, confirmation, exit codes, the JSON shape, positioned errors.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, stripAnsi } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';
import { openPostgres } from '../src/targets/postgres.js';

const V1 = `version: 1
resources:
  Author:
    attributes:
      id: integer_primary_key
      name: { type: string, allow_nil: false }
      bio: string
      inserted_at: create_timestamp
    identities:
      unique_name: { keys: [name] }
    postgres: { table: authors }
  Book:
    attributes:
      id: uuid_primary_key
      title: { type: string, allow_nil: false }
      pages: { type: integer, constraints: { min: 1 } }
    relationships:
      author: { type: belongs_to, destination: Author, allow_nil: false }
    postgres:
      table: books
      references:
        author: { on_delete: delete, index: true }
`;

// bio becomes biography (renamed: data kept), a column and a check are added.
const V2 = V1.replace('      bio: string\n', '      biography: { type: string, renamed_from: bio }\n      born: date\n').replace(
  '    postgres: { table: authors }',
  `    postgres:
      table: authors
      check_constraints:
        - { name: name_not_blank, check: "btrim(name) <> ''" }`,
);

// pages is dropped: destructive.
const V3 = V2.replace('      pages: { type: integer, constraints: { min: 1 } }\n', '');

interface Env {
  readonly label: string;
  readonly db: string;
  readonly sql: (q: string) => Promise<Record<string, unknown>[]>;
  readonly done: () => Promise<void>;
}

async function environments(): Promise<Env[]> {
  const out: Env[] = [];
  for (const s of await servers()) {
    const d = await freshDatabase(s);
    out.push({
      label: s.name,
      db: d.url,
      sql: async (q) => {
        const t = await openPostgres(d.url);
        try {
          return await t.query(q);
        } finally {
          await t.close();
        }
      },
      done: d.drop,
    });
  }
  return out;
}

function workdir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-cli-'));
  writeFileSync(join(dir, 'resources.yaml'), yaml);
  return dir;
}

const cli = (dir: string, db: string, ...argv: string[]) => runCli([...argv, '--db', db], { cwd: dir });

test('plan and apply converge, keep renamed data, refuse drops, on PostgreSQL 18 and 15', async () => {
  for (const env of await environments()) {
    const dir = workdir(V1);
    try {
      let r = await cli(dir, env.db, 'plan', '--exit-code');
      assert.is(r.code, 2, `${env.label}: changes pending\n${r.stderr}`);
      assert.match(r.stdout, /\+ table public\.authors/);
      assert.match(r.stdout, /Plan: \d+ to create, \d+ to change, 0 to drop\./);

      r = await cli(dir, env.db, 'apply');
      assert.is(r.code, 1, `${env.label}: no terminal and no --yes`);
      assert.match(r.stderr, /pass --yes/);
      assert.equal(await env.sql(`SELECT to_regclass('public.authors') AS t`), [{ t: null }], 'nothing applied without --yes');

      r = await cli(dir, env.db, 'apply', '--yes');
      assert.is(r.code, 0, `${env.label}: ${r.stderr}`);
      assert.match(r.stdout, /The database matches the files/);
      r = await cli(dir, env.db, 'plan', '--exit-code');
      assert.is(r.code, 0, `${env.label}: converged\n${r.stdout}`);
      assert.match(r.stdout, /No changes/);

      await env.sql(`INSERT INTO authors (name, bio) VALUES ('Ursula', 'Earthsea') ; INSERT INTO books (title, pages, author_id) SELECT 'A Wizard', 183, id FROM authors`);
      writeFileSync(join(dir, 'resources.yaml'), V2);
      r = await cli(dir, env.db, 'plan', '--exit-code');
      assert.is(r.code, 2);
      assert.match(r.stdout, /~ column bio → biography/);
      assert.not.match(r.stdout, /- column bio/, 'a rename, not a drop');
      r = await cli(dir, env.db, 'apply', '--yes');
      assert.is(r.code, 0, r.stderr);
      assert.equal(await env.sql(`SELECT biography, born FROM authors`), [{ biography: 'Earthsea', born: null }], `${env.label}: renamed column kept its value`);

      writeFileSync(join(dir, 'resources.yaml'), V3);
      r = await cli(dir, env.db, 'apply', '--yes');
      assert.is(r.code, 1, `${env.label}: destructive refused`);
      assert.match(r.stderr, /refused: the plan has 1 destructive step/);
      assert.match(r.stderr, /drop column public\.books\.pages: 1 values would be deleted/);
      assert.equal(await env.sql(`SELECT pages::text AS p FROM books`), [{ p: '183' }], 'nothing changed');
      r = await cli(dir, env.db, 'apply', '--yes', '--allow-destructive');
      assert.is(r.code, 0, r.stderr);
      assert.equal(await env.sql(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'books' AND column_name = 'pages'`), [{ n: 0 }]);
      assert.equal(await env.sql(`SELECT title FROM books`), [{ title: 'A Wizard' }], 'rows of the table survive');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await env.done();
    }
  }
});

test('a saved plan applies as made, and is refused once the database changed', async () => {
  const [env] = await environments();
  const dir = workdir(V1);
  try {
    let r = await cli(dir, env!.db, 'plan', '-o', 'plan.json');
    assert.is(r.code, 0, r.stderr);
    const doc = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { fingerprint: string; steps: { sql: string[] }[]; target: string };
    assert.match(doc.fingerprint, /^sha256:[0-9a-f]{64}$/);
    assert.ok(doc.steps.length > 3);
    assert.not.match(doc.target, /pgdecl@/, 'no password in the plan file');
    assert.not.match(readFileSync(join(dir, 'plan.json'), 'utf8'), /:pgdecl@/);
    r = await cli(dir, env!.db, 'apply', 'plan.json', '--yes');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /The database matches the files/);

    writeFileSync(join(dir, 'resources.yaml'), V2);
    r = await cli(dir, env!.db, 'plan', '-o', 'plan2.json');
    assert.is(r.code, 0);
    await env!.sql('ALTER TABLE authors ADD COLUMN sneaky text');
    r = await cli(dir, env!.db, 'apply', 'plan2.json', '--yes');
    assert.is(r.code, 1);
    assert.match(r.stderr, /the database changed since plan2\.json was made/);
    assert.equal(await env!.sql(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'authors' AND column_name = 'biography'`), [{ n: 0 }], 'stale plan not applied');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await env!.done();
  }
});

test('--json, --sql, --dry-run, and a confirmation answered no', async () => {
  const [env] = await environments();
  const dir = workdir(V1);
  try {
    let r = await cli(dir, env!.db, 'plan', '--json');
    const doc = JSON.parse(r.stdout) as { formatVersion: number; summary: { create: number }; steps: { id: number; kind: string; hazards: string[]; sql: string[]; reverse: string[]; transactional: boolean }[] };
    assert.is(doc.formatVersion, 2);
    assert.ok(doc.summary.create > 0);
    assert.ok(doc.steps.every((s) => typeof s.id === 'number' && s.sql.length > 0 && Array.isArray(s.hazards) && Array.isArray(s.reverse)));
    assert.ok(doc.steps.some((s) => s.kind === 'create_table'));

    r = await cli(dir, env!.db, 'plan', '--sql');
    assert.match(r.stdout, /^BEGIN;$/m);
    assert.match(r.stdout, /^CREATE TABLE public\.authors \($/m);
    assert.match(r.stdout, /^COMMIT;$/m);

    r = await cli(dir, env!.db, 'apply', '--dry-run', '--yes');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dry run: \d+ steps ran in a transaction that was rolled back; nothing was changed/);
    assert.equal(await env!.sql(`SELECT to_regclass('public.authors') AS t`), [{ t: null }]);

    r = await runCli(['apply', '--db', env!.db], { cwd: dir, tty: true, stdin: 'n\n' });
    assert.is(r.code, 1);
    assert.match(stripAnsi(r.stderr), /Apply \d+ steps to .*\? \[y\/N\] Nothing was changed/);
    assert.equal(await env!.sql(`SELECT to_regclass('public.authors') AS t`), [{ t: null }]);

    r = await runCli(['apply', '--db', env!.db], { cwd: dir, tty: true, stdin: 'y\n' });
    assert.is(r.code, 0, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await env!.done();
  }
});

test('a failing step rolls everything back and points at the YAML that declared it', async () => {
  const [env] = await environments();
  const dir = workdir(V1);
  try {
    assert.is((await cli(dir, env!.db, 'apply', '--yes')).code, 0);
    await env!.sql(`INSERT INTO authors (name) VALUES ('  ')`);
    writeFileSync(join(dir, 'resources.yaml'), V2);
    const r = await cli(dir, env!.db, 'apply', '--yes');
    assert.is(r.code, 1);
    assert.match(r.stderr, /resources\.yaml:\d+:\d+ +step \d+ \(add check name_not_blank on public\.authors\) failed: check constraint "name_not_blank" of relation "authors" is violated by some row/);
    assert.match(r.stderr, /SQLSTATE 23514/);
    assert.match(r.stderr, /existing rows do not satisfy the new rule/);
    assert.match(r.stderr, /The transaction was rolled back: nothing was changed/);
    assert.equal(await env!.sql(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'authors' AND column_name IN ('biography', 'born')`), [{ n: 0 }]);
    assert.equal(await env!.sql(`SELECT bio FROM authors`), [{ bio: null }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await env!.done();
  }
});

test('the embedded database is the default target and persists in .pgdecl/default', async () => {
  const dir = workdir(V1);
  try {
    let r = await runCli(['apply', '--yes'], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /Target: embedded database \.pgdecl\/default \(PostgreSQL 18\.\d+\)/);
    r = await runCli(['plan', '--exit-code'], { cwd: dir });
    assert.is(r.code, 0, r.stdout + r.stderr);
    writeFileSync(join(dir, 'resources.yaml'), V2);
    r = await runCli(['plan', '--exit-code'], { cwd: dir });
    assert.is(r.code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(stopOwnServers);
test.run();
