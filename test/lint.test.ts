/**
 * `pgdecl lint`: a fixture per rule (fixtures/lint/<rule>/bad.sql finds exactly that rule,
 * safe.sql finds nothing), each safe rewrite run for real on PostgreSQL 18, 15 and PGlite
 * against tables that hold rows (fixtures/lint/setup.sql), what the rules claim about the bad
 * forms checked on a real server, and the parts around the rules: positions, transaction
 * blocks, tables new in the file, ignore comments, the config file, the output formats and the
 * command's exit codes through the real binary.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'libpg-query';
import { loadParser } from '../src/diff/owned.js';
import { loadLintConfig } from '../src/lint/config.js';
import { lintSql, lintPaths, type LintFinding } from '../src/lint/lint.js';
import { RULE_NAMES } from '../src/lint/rules.js';
import { forwardSection } from '../src/lint/source.js';
import { lintGithub } from '../src/render/lint.js';
import { renderLintDoc, readFixture } from '../scripts/gen-lint-docs.js';
import type { Target } from '../src/targets/target.js';
import { pglite, servers, freshTarget, stopOwnServers } from './helpers/servers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'fixtures', 'lint');
const bin = join(root, 'bin', 'pgdecl.js');
const read = (...p: string[]) => readFileSync(join(dir, ...p), 'utf8');
const rules = (fs: readonly LintFinding[]) => fs.map((f) => f.rule);

test.before(async () => {
  await loadParser();
});

test('every rule has a fixture folder, and every folder is a rule', () => {
  const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.equal(folders, [...RULE_NAMES].sort());
});

for (const rule of RULE_NAMES) {
  test(`${rule}: bad.sql finds exactly it, safe.sql finds nothing`, () => {
    const bad = lintSql(`${rule}/bad.sql`, read(rule, 'bad.sql'));
    assert.equal(rules(bad), [rule], JSON.stringify(bad));
    assert.is(bad[0]!.severity, 'error');
    assert.ok(bad[0]!.fix.length > 20);
    assert.equal(lintSql(`${rule}/safe.sql`, read(rule, 'safe.sql')), []);
  });
}

/** Runs a file as `pgdecl migrate` would: its up section, in one transaction unless marked. */
async function runAsMigrate(t: Target, text: string): Promise<void> {
  const { sql, transactional } = forwardSection(text);
  const bytes = Buffer.from(sql, 'utf8');
  const stmts = ((parseSync(sql) as unknown as { stmts: { stmt_location?: number; stmt_len?: number }[] }).stmts ?? []).map((s) =>
    bytes.subarray(s.stmt_location ?? 0, s.stmt_len ? (s.stmt_location ?? 0) + s.stmt_len : bytes.length).toString('utf8'),
  );
  if (transactional) {
    try {
      await t.exec(`BEGIN;\n${stmts.join(';\n')};\nCOMMIT;`);
    } catch (e) {
      await t.exec('ROLLBACK');
      throw e;
    }
  }
  else for (const s of stmts) await t.exec(s);
}

async function engines(): Promise<{ name: string; target: Target; close: () => Promise<void> }[]> {
  const out = [];
  for (const s of await servers()) {
    const t = await freshTarget(s);
    out.push({ name: s.name, target: t as Target, close: () => t.drop() });
  }
  const p = await pglite([]);
  out.push({ name: 'pglite', target: p as Target, close: () => p.close() });
  return out;
}

async function fails(f: () => Promise<unknown>, pattern: RegExp, what: string): Promise<void> {
  try {
    await f();
  } catch (e) {
    assert.match((e as Error).message, pattern, what);
    return;
  }
  assert.unreachable(`${what}: it ran`);
}

test('every safe rewrite runs on PostgreSQL 18, 15 and PGlite against tables that hold rows', async () => {
  const setup = read('setup.sql');
  const list = await engines();
  try {
    for (const e of list) {
      // Each case in a schema of its own (cheaper than emptying the database each time).
      for (const [i, rule] of RULE_NAMES.entries()) {
        await e.target.exec(`CREATE SCHEMA lint_${i}; SET search_path TO lint_${i}`);
        await e.target.exec(setup);
        try {
          await runAsMigrate(e.target, read(rule, 'safe.sql'));
        } catch (err) {
          throw new Error(`${rule}/safe.sql on ${e.name}: ${(err as Error).message}`);
        }
      }
      // What two rules say of the bad forms, on a real database.
      await e.target.exec('CREATE SCHEMA lint_bad; SET search_path TO lint_bad');
      await e.target.exec(setup);
      await fails(() => runAsMigrate(e.target, read('concurrently-in-transaction', 'bad.sql')), /transaction block/, `${e.name}: CONCURRENTLY in a transaction`);
      await fails(() => runAsMigrate(e.target, read('adding-required-field', 'bad.sql')), /null values/, `${e.name}: NOT NULL without a default`);
      const rows = await e.target.query<{ n: string }>('SELECT count(*)::text AS n FROM users');
      assert.is(rows[0]!.n, '100', `${e.name}: the failed migrations changed nothing`);
    }
  } finally {
    for (const e of list) await e.close();
  }
});

test('positions are file lines and columns in characters, counted from the up section of a migration', () => {
  const text = ['-- pgdecl:no-transaction', '-- migrate:up', '-- café ☕ naïve', "SELECT 'é';  ALTER TABLE users DROP COLUMN legacy;", '-- migrate:down', 'DROP TABLE users;', ''].join('\n');
  const f = lintSql('m.sql', text);
  assert.equal(f.map((x) => [x.rule, x.line, x.column]), [['ban-drop-column', 4, 14]], 'the down section is not linted');
});

test('a table created in the same file holds no rows: indexes, keys and NOT NULL on it pass', () => {
  const sql = `CREATE TABLE public.posts (id bigint PRIMARY KEY, user_id bigint, title text);
CREATE INDEX posts_user_id_index ON posts (user_id);
ALTER TABLE posts ADD CONSTRAINT posts_user_fkey FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE public.posts ALTER COLUMN title SET NOT NULL;
ALTER TABLE posts ADD COLUMN slug text NOT NULL;
ALTER TABLE posts ADD CONSTRAINT posts_title_key UNIQUE (title);
DROP TABLE posts;`;
  assert.equal(lintSql('new.sql', sql), []);
});

test('explicit BEGIN … COMMIT in a no-transaction file: CONCURRENTLY is an error only inside the block', () => {
  const sql = `-- pgdecl:no-transaction
-- migrate:up
BEGIN;
CREATE INDEX CONCURRENTLY a_index ON users (email);
COMMIT;
CREATE INDEX CONCURRENTLY b_index ON users (name);
-- migrate:down
`;
  const f = lintSql('tx.sql', sql);
  assert.equal(f.map((x) => [x.rule, x.line]), [['concurrently-in-transaction', 4]]);
});

test('SET NOT NULL passes only after a check on the column was validated in an earlier transaction', () => {
  const unvalidated = `-- pgdecl:no-transaction
-- migrate:up
ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- migrate:down
`;
  assert.equal(rules(lintSql('a.sql', unvalidated)), ['setting-not-nullable-field']);
  const otherColumn = unvalidated.replace('ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;', 'ADD CONSTRAINT c CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;');
  assert.equal(rules(lintSql('b.sql', otherColumn)), ['setting-not-nullable-field']);
});

test('ignore comments: for the next statement only, for the whole file, and an unknown rule named', () => {
  const sql = `-- pgdecl-lint: ignore ban-drop-column
ALTER TABLE users DROP COLUMN a;
ALTER TABLE users DROP COLUMN b;
/* pgdecl-lint: ignore prefer-timestamptz */
ALTER TABLE users ADD COLUMN c timestamp;
-- pgdecl-lint: ignore ban-drop-colum
DROP TABLE t;
`;
  const f = lintSql('i.sql', sql);
  assert.equal(f.map((x) => [x.rule, x.line]), [
    ['ban-drop-column', 3],
    ['prefer-timestamptz', 5],
    ['unknown-rule', 6],
    ['ban-drop-table', 7],
  ]);
  assert.match(f[2]!.fix, /did you mean `ban-drop-column`/);
  const whole = `-- pgdecl-lint: ignore-file ban-drop-column, ban-drop-table\nALTER TABLE users DROP COLUMN a;\nDROP TABLE t;\n`;
  assert.equal(lintSql('w.sql', whole), []);
});

test('a file that does not parse is one error at the place the parser stopped', () => {
  const f = lintSql('broken.sql', 'ALTER TABLE users ADD COLUMN x int;\nALTER TABLE users ADD COLUMN y ints ints;\n');
  assert.equal(f.map((x) => [x.rule, x.line]), [['syntax-error', 2]]);
  assert.match(f[0]!.message, /syntax error/);
});

test('the config lowers a rule to a warning or turns it off; mistakes in it are positioned', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pgdecl-lint-'));
  try {
    writeFileSync(join(cwd, 'pgdecl-lint.yaml'), 'rules:\n  prefer-timestamptz: warning\n  ban-drop-column: off\n');
    const ok = loadLintConfig(cwd);
    if (!('config' in ok)) throw new Error('config refused');
    const f = lintSql('c.sql', 'ALTER TABLE users ADD COLUMN c timestamp;\nALTER TABLE users DROP COLUMN a;\n', ok.config);
    assert.equal(f.map((x) => [x.rule, x.severity]), [['prefer-timestamptz', 'warning']]);
    writeFileSync(join(cwd, 'pgdecl-lint.yaml'), 'rules:\n  prefer-timestamptz: warning\n  ban-drop-colum: off\n  renaming-table: never\nextra: 1\n');
    const bad = loadLintConfig(cwd);
    if (!('diagnostics' in bad)) throw new Error('a bad config was accepted');
    assert.equal(bad.diagnostics.map((d) => [d.pos?.line, d.pos?.column]), [[3, 3], [4, 19], [5, 1]]);
    assert.match(bad.diagnostics[0]!.suggestion ?? '', /ban-drop-column/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('GitHub annotations escape what the workflow command syntax reserves', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pgdecl-lint-'));
  try {
    writeFileSync(join(cwd, 'a,b.sql'), 'ALTER TABLE "x:y" DROP COLUMN "50%";\n');
    const out = lintGithub(await lintPaths(['a,b.sql'], cwd));
    assert.is(out, '::error file=a%2Cb.sql,line=1,col=1,title=pgdecl lint ban-drop-column::column 50%25 is dropped from x:y. Safe: ' + lintSql('', 'ALTER TABLE t DROP COLUMN c;')[0]!.fix + '\n');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('the real binary: exit 1 on an error, 0 on safe files, --json, --format github, migrations/ by default', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pgdecl-lint-'));
  try {
    mkdirSync(join(cwd, 'migrations'));
    writeFileSync(join(cwd, 'migrations', '20260101000000_safe.sql'), read('setting-not-nullable-field', 'safe.sql'));
    let r = cli(['lint'], cwd);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stderr, /no findings in 1 file/);
    writeFileSync(join(cwd, 'migrations', '20260102000000_bad.sql'), `-- migrate:up\n${read('ban-drop-table', 'bad.sql')}-- migrate:down\n`);
    r = cli(['lint'], cwd);
    assert.is(r.status, 1);
    assert.is(r.stdout.split('\n')[0], 'migrations/20260102000000_bad.sql:2:1 ban-drop-table error: table audit_log is dropped');
    assert.match(r.stdout, /= safe: first deploy code/);
    r = cli(['lint', 'migrations', '--json'], cwd);
    const j = JSON.parse(r.stdout) as { errors: number; findings: LintFinding[]; files: string[] };
    assert.is(j.errors, 1);
    assert.is(j.files.length, 2);
    assert.is(j.findings[0]!.rule, 'ban-drop-table');
    r = cli(['lint', '--format', 'github'], cwd);
    assert.match(r.stdout, /^::error file=migrations\/20260102000000_bad\.sql,line=2,col=1,title=pgdecl lint ban-drop-table::/);
    writeFileSync(join(cwd, 'pgdecl-lint.yaml'), 'rules:\n  ban-drop-table: warning\n');
    r = cli(['lint'], cwd);
    assert.is(r.status, 0, 'a warning does not fail');
    assert.match(r.stdout, /ban-drop-table warning:/);
    r = cli(['lint', 'nope.sql'], cwd);
    assert.is(r.status, 1);
    assert.match(r.stderr, /nope\.sql does not exist/);
    r = cli(['lint', '--format', 'xml'], cwd);
    assert.is(r.status, 1);
    assert.match(r.stderr, /--format must be one of text, json, github/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('generate lints the migration it writes and names the steps that are not safe on a live table', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'pgdecl-lint-'));
  try {
    const v1 = 'version: 1\nresources:\n  User:\n    attributes:\n      id: integer_primary_key\n      email: { type: string, allow_nil: false }\n    postgres: { table: users }\n';
    writeFileSync(join(cwd, 'r.yaml'), v1);
    let r = cli(['generate', 'init', 'r.yaml'], cwd);
    assert.is(r.status, 0, r.stderr);
    assert.not.match(r.stderr, /not safe/, 'a new table is safe');
    writeFileSync(join(cwd, 'r.yaml'), v1.replace('    postgres:', '      name: { type: string, allow_nil: false }\n    identities:\n      unique_email: { keys: [email] }\n    postgres:'));
    r = cli(['generate', 'more', 'r.yaml'], cwd);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: 2 steps are not safe on a live table/);
    assert.match(r.stderr, /_more\.sql:\d+:\d+ adding-required-field: column name is added to public\.users/);
    assert.match(r.stderr, /_more\.sql:\d+:1 require-concurrent-index-creation: index users_unique_email_index/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('docs/lint.md is up to date with the rules and their fixtures (run `npm run docs`)', () => {
  const doc = readFileSync(join(root, 'docs', 'lint.md'), 'utf8');
  assert.ok(renderLintDoc(readFixture) === doc, 'docs/lint.md is stale: run `npm run docs`');
  for (const r of RULE_NAMES) assert.ok(doc.includes(`### \`${r}\``), r);
});

test.after(async () => {
  await stopOwnServers();
});

test.run();
