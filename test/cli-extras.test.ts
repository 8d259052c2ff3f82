/**
 * What users of other schema tools look for, through the real binary: did-you-mean for a
 * mistyped command or option, `-o` into a missing folder, DATABASE_URL from a .env file (the
 * real environment wins), and the LICENSE.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin } from './helpers/run-bin.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';

const YAML = `version: 1
resources:
  Item:
    attributes:
      id: integer_primary_key
      label: string
    postgres: { table: items }
`;

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-extras-'));
  writeFileSync(join(dir, 'resources.yaml'), YAML);
  return dir;
}

test('a mistyped command or option gets a did-you-mean and the usage-error exit code', async () => {
  const dir = workdir();
  const cmd = await runBin(['paln'], { cwd: dir });
  assert.is(cmd.code, 1);
  assert.match(cmd.stderr, 'unknown command `paln`; did you mean `plan`?');
  const sub = await runBin(['tenants', 'lsit'], { cwd: dir });
  assert.is(sub.code, 1);
  assert.match(sub.stderr, 'did you mean `list`?');
  const opt = await runBin(['plan', '--exti-code'], { cwd: dir });
  assert.is(opt.code, 1);
  assert.match(opt.stderr, 'did you mean `--exit-code`?');
  const none = await runBin(['frobnicate'], { cwd: dir });
  assert.is(none.code, 1);
  assert.not.match(none.stderr, 'did you mean');
  const tenantOnly = await runBin(['rollback', '--concurrency', '2'], { cwd: dir });
  assert.is(tenantOnly.code, 1);
  assert.match(tenantOnly.stderr, '--concurrency needs --tenants');
});

test('-o into a missing folder names the folder and what to do, for sql, plan and pull; nothing is written', async () => {
  const dir = workdir();
  for (const argv of [['sql', '-o', 'out/schema.sql'], ['plan', '--db', 'pglite:memory', '-o', 'out/plan.json'], ['pull', '--db', 'pglite:memory', '-o', 'out/pulled.yaml']]) {
    const r = await runBin(argv, { cwd: dir });
    assert.is(r.code, 1, argv.join(' '));
    assert.match(r.stderr, `cannot write ${argv[argv.length - 1]}: the folder out does not exist`, argv[0]);
    assert.match(r.stderr, 'mkdir -p out', argv[0]);
    assert.ok(!existsSync(join(dir, 'out')), `${argv[0]} created no folder`);
  }
  const ok = await runBin(['sql', '-o', 'schema.sql'], { cwd: dir });
  assert.is(ok.code, 0, ok.stderr);
  assert.match(readFileSync(join(dir, 'schema.sql'), 'utf8'), 'CREATE TABLE public.items');
});

test('DATABASE_URL comes from a .env file in the working directory; the real environment wins', async () => {
  const dir = workdir();
  const [s] = await servers();
  const fromDotenv = await freshDatabase(s!, 'dotenv');
  const fromEnv = await freshDatabase(s!, 'env');
  const dbName = (url: string) => new URL(url).pathname.slice(1);
  try {
    writeFileSync(join(dir, '.env'), `# local settings\nexport DATABASE_URL="${fromDotenv.url}"\nOTHER=1\n`);
    const fromFile = await runBin(['plan'], { cwd: dir });
    assert.is(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stdout, dbName(fromDotenv.url), 'the .env database was used');
    assert.ok(!existsSync(join(dir, '.pgdecl/default')), 'not the embedded default');
    const real = await runBin(['plan'], { cwd: dir, env: { DATABASE_URL: fromEnv.url } });
    assert.is(real.code, 0, real.stderr);
    assert.match(real.stdout, dbName(fromEnv.url), 'the environment wins');
    assert.not.match(real.stdout, dbName(fromDotenv.url));
    assert.not.match(real.stderr + real.stdout, 'planning:', 'no progress without --progress or a terminal');
  } finally {
    await fromDotenv.drop();
    await fromEnv.drop();
  }
  const help = await runBin(['--help'], { cwd: dir });
  assert.match(help.stdout, /DATABASE_URL[\s\S]*\.env/);
});

test('plan --progress prints each stage on stderr, never on stdout', async () => {
  const dir = workdir();
  const [s] = await servers();
  const db = await freshDatabase(s!);
  const r = await runBin(['plan', '--db', db.url, '--json', '--progress'], { cwd: dir }).finally(db.drop);
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).formatVersion, 2, 'stdout is the JSON alone');
  assert.equal(
    r.stderr.split('\n').filter((l) => l.startsWith('planning: ')),
    ['planning: reading and validating the files', 'planning: compiling 1 resource', 'planning: reading the database (1 schema)', 'planning: asking the server how it writes 1 table', 'planning: comparing', 'planning: ordering the steps'],
  );
});

test('the package has an MIT LICENSE for the pgdecl authors, as package.json says', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { license: string; files: string[] };
  assert.is(pkg.license, 'MIT');
  const text = readFileSync(new URL('../LICENSE', import.meta.url), 'utf8');
  assert.match(text, /^MIT License\n\nCopyright \(c\) \d{4} the pgdecl authors\n/);
});

test.after(stopOwnServers);
test.run();
