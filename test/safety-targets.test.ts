/**
 * Hostile or mistaken database settings, through the real command line: a malformed URL
 * never prints its password, whatever the command and wherever the URL comes from; an
 * embedded-database path that cannot be used fails at once with the reason; PostgreSQL's own
 * schemas and pgdecl's bookkeeping are never inspected, so never planned or dropped.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBatches, runBin } from './helpers/bin.js';
import { runCli } from './helpers/cli.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';
import { redactSecrets, redactUrl } from '../src/targets/redact.js';
import { inspect } from '../src/inspect/inspect.js';
import type { Target } from '../src/targets/target.js';

const SECRET = 's3cr3tPW';
const EXAMPLE = fileURLToPath(new URL('../resources.example.yaml', import.meta.url));

const MALFORMED = [`postgres//role:${SECRET}@host/db`, `postgres:role:${SECRET}@host/db`, `role:${SECRET}@host`, `postgres://role:${SECRET}@host:notaport/db`, `postgres://role:${SECRET}@@host/db`];
const COMMANDS: readonly (readonly string[])[] = [['plan'], ['apply', '--yes'], ['status'], ['pull', '-o', 'pulled'], ['migrate'], ['rollback'], ['tenants', 'list'], ['tenants', 'create', 'acme'], ['tenants', 'rename', 'acme', 'globex']];

function assertNoSecret(text: string, label: string): void {
  assert.not.ok(text.includes(SECRET), `${label}: the password is printed:\n${text}`);
  assert.not.match(text, /^\s+at .+:\d+:\d+\)?$/m, `${label}: no stack trace`);
}

test('redactSecrets masks every user:password@ and password=, whatever the string', () => {
  const cases: [string, string][] = [
    [`postgres//role:${SECRET}@host/db`, 'postgres//role:***@host/db'],
    [`role:${SECRET}@host`, 'role:***@host'],
    [`postgres://role:${SECRET}@h/db`, 'postgres://role:***@h/db'],
    [`postgres://role:p@${SECRET}@h/db`, 'postgres://role:***@h/db'],
    [`error: connect to postgres://u:${SECRET}@h:5432/d?password=${SECRET}&x=1 failed`, 'error: connect to postgres://u:***@h:5432/d?password=***&x=1 failed'],
    [`host=h password=${SECRET} user=u`, 'host=h password=*** user=u'],
    [`password='${SECRET} x'`, 'password=***'],
    ['postgres://u@h/db and 12:30 at@home', 'postgres://u@h/db and 12:30 at@home'],
  ];
  for (const [input, want] of cases) assert.is(redactSecrets(input), want, input);
  for (const u of MALFORMED) assert.not.ok(redactUrl(u).includes(SECRET), u);
});

test('a malformed URL in --db or DATABASE_URL never prints its password, in any command (real binary)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-redact-'));
  try {
    copyFileSync(EXAMPLE, join(dir, 'resources.yaml'));
    // migrate, rollback and status read the migrations folder before the database.
    assert.is((await runBin(['generate', 'initial'], { cwd: dir })).code, 0);
    // Each command once (a process each is slow): every other one reads the URL from DATABASE_URL.
    const jobs = COMMANDS.map((argv, i) => {
      const url = MALFORMED[i % MALFORMED.length]!;
      return i % 2 === 0
        ? async () => ({ label: `${argv.join(' ')} --db ${url}`, run: await runBin([...argv, '--db', url], { cwd: dir }) })
        : async () => ({ label: `DATABASE_URL=${url} ${argv.join(' ')}`, run: await runBin([...argv], { cwd: dir, env: { DATABASE_URL: url } }) });
    });
    for (const { label, run } of await inBatches(jobs, 3)) {
      assert.is(run.code, 1, `${label}: exit 1\n${run.stderr}`);
      assert.match(run.stderr, /is not a database pgdecl can use|cannot connect to/, `${label}: the error is about the database\n${run.stderr}`);
      assertNoSecret(run.stdout + run.stderr, label);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the repo's url in the files is masked too, and so is what the driver says", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-redact-'));
  try {
    writeFileSync(join(dir, 'resources.yaml'), `version: 1\nrepos:\n  default:\n    url: "postgres:role:${SECRET}@host/db"\nresources: {}\n`);
    const r = await runBin(['plan'], { cwd: dir });
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /is not a database pgdecl can use/);
    assertNoSecret(r.stdout + r.stderr, 'repo url');
    // An error thrown below pgdecl (here: an sslcert file that is missing) goes out masked.
    const cli = await runCli(['plan', '--db', `postgres://role:${SECRET}@localhost/db?password=${SECRET}&sslcert=/nonexistent`], { cwd: dir });
    assert.is(cli.code, 1);
    assert.match(cli.stderr, /no such file or directory/);
    assertNoSecret(cli.stdout + cli.stderr, 'driver error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an embedded-database path that cannot be used fails at once, naming the path and the reason (real binary)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-datadir-'));
  try {
    copyFileSync(EXAMPLE, join(dir, 'resources.yaml'));
    writeFileSync(join(dir, 'a-file'), 'x');
    const cases: [string, RegExp][] = [
      ['/proc/x/nope', /the embedded database directory \/proc\/x\/nope cannot be created: \/proc\/x: /],
      [join(dir, 'a-file'), /the embedded database directory \S+a-file is not a directory: \S+a-file is a file/],
      [join(dir, 'a-file', 'below'), /the embedded database directory \S+below cannot be created: \S+a-file is a file/],
    ];
    const runs = await inBatches(cases.map(([path]) => () => runBin(['plan', '--db', `pglite:${path}`], { cwd: dir, timeoutMs: 30_000 })), 3);
    for (const [i, [path, want]] of cases.entries()) {
      const r = runs[i]!;
      assert.is(r.code, 1, `${path}: exit 1 (null: it hung and was killed)\n${r.stderr}`);
      assert.match(r.stderr, want, path);
      assert.match(r.stderr, /pglite:memory/, `${path}: says what to do`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function assertSystemSchemasUnread(t: Target, name: string): Promise<void> {
  await t.exec('CREATE SCHEMA IF NOT EXISTS pgdecl; CREATE TABLE IF NOT EXISTS pgdecl.keep (id int); CREATE TABLE IF NOT EXISTS public.mine (id int)');
  const got = await inspect(t, { schemas: ['information_schema', 'pg_catalog', 'pg_toast', 'pgdecl', 'public'] });
  assert.equal(got.catalog.tables.map((x) => `${x.schema}.${x.name}`), ['public.mine'], `${name}: only public is read`);
  assert.equal(got.catalog.functions.filter((f) => f.schema !== 'public'), [], `${name}: no function of pg_catalog`);
  assert.equal(got.catalog.schemas.map((s) => s.name), ['public'], name);
}

test('inspection never reads pg_catalog, information_schema, pg_toast or pgdecl (PostgreSQL 15, 18, PGlite)', async () => {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await assertSystemSchemasUnread(t, s.name);
    } finally {
      await t.drop();
    }
  }
  const lite = await pglite([]);
  try {
    await assertSystemSchemasUnread(lite, 'pglite');
  } finally {
    await lite.close();
  }
});

test.after(stopOwnServers);
test.run();
