/**
 * `pgdecl erd --db` and `pgdecl docs --db` on live databases (PostgreSQL 15 and 18, and the
 * embedded database) after applying the example (and, on the servers, creating a tenant): the
 * database gives the same diagram as the files (one code path: the IR catalog), tenant schemas appear as their
 * own clusters, resource names are pull's, and hostile names are escaped everywhere.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, stripAnsi } from './helpers/cli.js';
import { freshDatabase, servers, sqlOn, stopOwnServers } from './helpers/servers.js';
import { parseXml } from './helpers/xml.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ORDINARY = 'auth,public,reference';
const pgdecl = (args: readonly string[], cwd = ROOT) => runCli(args, { cwd });

/** Attribute tenancy is visible in a database only through pgdecl's row-level security policy. */
const withoutTenancyNotes = (mermaid: string) => mermaid.split('\n').filter((l) => !l.startsWith('  %% per tenant: rows by')).join('\n');

async function applyExample(url: string, tenant = true): Promise<void> {
  const a = await pgdecl(['apply', 'resources.example.yaml', '--db', url, '--yes']);
  assert.is(a.code, 0, a.stderr);
  if (!tenant) return;
  const t = await pgdecl(['tenants', 'create', 'tenant_acme', 'resources.example.yaml', '--db', url]);
  assert.is(t.code, 0, t.stderr);
}

async function sameAsFiles(url: string): Promise<void> {
  const files = await pgdecl(['erd', 'resources.example.yaml', '--schema', ORDINARY]);
  const db = await pgdecl(['erd', '--db', url, '--schema', ORDINARY]);
  assert.is(db.code, 0, db.stderr);
  assert.fixture(withoutTenancyNotes(db.stdout), withoutTenancyNotes(files.stdout));
  assert.match(db.stdout, /%% per tenant: rows by org_id\n {2}"public\.memberships" \{/, 'row-level security marks a tenant table');
}

/** Every format and the selection options (on PostgreSQL 18). */
async function everyFormat(url: string): Promise<void> {
  const svg = await pgdecl(['erd', '--db', url, '--format', 'svg']);
  assert.is(svg.code, 0, svg.stderr);
  const texts = parseXml(svg.stdout).texts;
  for (const t of ['public.users', 'auth.accounts', 'tenant_acme.posts', 'tenant_acme.post_tags', 'tenant_acme']) assert.ok(texts.includes(t), t);
  const dot = await pgdecl(['erd', '--db', url, '--format', 'dot', '--resources', 'User,Account']);
  assert.is(dot.code, 0, dot.stderr);
  assert.is([...dot.stdout.matchAll(/ -> /g)].length, 1, 'users → accounts');
  assert.match(dot.stdout, /<b>public\.users<\/b><br\/><font point-size="8">User<\/font>/);
  const bad = await pgdecl(['erd', '--db', url, '--resources', 'Accont']);
  assert.is(bad.code, 1);
  assert.match(stripAnsi(bad.stderr), /--resources Accont: there is no resource named `Accont`[\s\S]*did you mean `Account`\?/);
  const schema = await pgdecl(['erd', '--db', url, '--schema', 'tenant_acm']);
  assert.is(schema.code, 1);
  assert.match(stripAnsi(schema.stderr), /--schema tenant_acm: there is no schema named `tenant_acm`[\s\S]*did you mean `tenant_acme`\?[\s\S]*auth, public, reference, tenant_acme/);
}

/** The data dictionary of the whole database: tenant schemas, comments and policies read back. */
async function dictionary(url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-docs-db-'));
  const docs = await pgdecl(['docs', '--db', url, '-o', dir]);
  assert.is(docs.code, 0, docs.stderr);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const t of ['tenant_acme.posts', 'public.memberships']) assert.ok(html.includes(`<code>${t}</code>`), t);
  assert.ok(html.includes('People who can sign in (one per auth account).'), 'table comments come from the database');
  assert.match(html, /CREATE POLICY memberships_tenant_isolation/);
}

for (const server of await servers()) {
  test(`${server.name}: erd and docs of the example's database`, async () => {
    const db = await freshDatabase(server);
    try {
      await applyExample(db.url);
      await sameAsFiles(db.url);
      if (server.name === 'pg18') await everyFormat(db.url);
      await dictionary(db.url);
    } finally {
      await db.drop();
    }
  });
}

// The embedded database is the slowest to fill: the diagram is compared, the rest is the servers' tests.
test('pglite: erd of the example\'s embedded database', async () => {
  const url = `pglite:${mkdtempSync(join(tmpdir(), 'pgdecl-erd-pglite-'))}`;
  await applyExample(url, false);
  await sameAsFiles(url);
});

test('pg18: hostile table and column names are escaped in Mermaid, DOT, SVG and HTML', async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const db = await freshDatabase(s);
  try {
    await sqlOn(
      db.url,
      `CREATE SCHEMA "we<ird>";
       CREATE TABLE "we<ird>"."<b>x&y</b>" ("a""b%" integer PRIMARY KEY, "c
d" text);
       CREATE TABLE "we<ird>"."<script>alert(1)</script>" (id integer PRIMARY KEY, "x]}" integer REFERENCES "we<ird>"."<b>x&y</b>");
       COMMENT ON COLUMN "we<ird>"."<b>x&y</b>"."c\nd" IS '<img src=x onerror=alert(2)>';`,
    );
    const mmd = await pgdecl(['erd', '--db', db.url]);
    assert.is(mmd.code, 0, mmd.stderr);
    assert.ok(mmd.stdout.includes(`"we<ird>.<b>x&y</b>" {`));
    assert.ok(mmd.stdout.includes(`    integer a_b_ PK "a'b'"`), mmd.stdout);
    assert.ok(mmd.stdout.includes(`"we<ird>.<b>x&y</b>" |o..o{ "we<ird>.<script>alert(1)</script>"`));
    const dot = await pgdecl(['erd', '--db', db.url, '--format', 'dot']);
    assert.ok(dot.stdout.includes('<b>we&lt;ird&gt;.&lt;b&gt;x&amp;y&lt;/b&gt;</b>'));
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-docs-hostile-'));
    const docs = await pgdecl(['docs', '--db', db.url, '-o', dir]);
    assert.is(docs.code, 0, docs.stderr);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.not.ok(html.includes('<script>alert'));
    assert.not.ok(html.includes('<img src=x'));
    assert.not.ok(html.includes('<b>x&y'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
    // The inline diagram, drawn by Graphviz from escaped labels, is well-formed XML naming both tables.
    const svg = /<svg [\s\S]*<\/svg>/.exec(html)![0];
    const texts = parseXml(svg).texts;
    assert.ok(texts.includes('we<ird>.<b>x&y</b>') && texts.includes('we<ird>.<script>alert(1)</script>'), texts.join(' | '));
  } finally {
    await db.drop();
  }
});

test.after(() => stopOwnServers());
test.run();
