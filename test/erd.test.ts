/**
 * `pgdecl erd` on the example project: Mermaid and DOT golden files (fixtures/erd/, rewritten
 * only with UPDATE_GOLDEN=1), an SVG that is well-formed XML naming every table, docs/erd.svg
 * kept as `pgdecl erd resources.example.yaml --format svg` makes it, cardinalities, the
 * selection options and their errors. The HTML page in a real browser, and the same outputs
 * read from live databases, are in erd-browser.test.ts and erd-database.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, stripAnsi } from './helpers/cli.js';
import { checkGolden, UPDATE_GOLDEN } from './helpers/fixtures.js';
import { parseXml } from './helpers/xml.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GOLDEN = join(ROOT, 'fixtures', 'erd');
const pgdecl = (args: readonly string[], cwd = ROOT) => runCli(args, { cwd });

/** Every table of the example, as the diagrams name them. */
const EXAMPLE_TABLES = [
  'auth.accounts',
  'public.categories',
  'public.invoices',
  'public.memberships',
  'public.orgs',
  'public.users',
  'reference.countries',
  '$tenant.categories',
  '$tenant.comments',
  '$tenant.post_tags',
  '$tenant.posts',
  '$tenant.tags',
];

test('mermaid (the default) is the golden erDiagram of the example', async () => {
  const r = await pgdecl(['erd', 'resources.example.yaml']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('erDiagram\n'));
  for (const t of EXAMPLE_TABLES) assert.ok(r.stdout.includes(`"${t}" {`), t);
  const diff = checkGolden(join(GOLDEN, 'example.mmd'), r.stdout);
  assert.ok(diff === undefined, diff);
});

test('dot is the golden Graphviz graph of the example: schemas as clusters, per-tenant tables grouped', async () => {
  const r = await pgdecl(['erd', 'resources.example.yaml', '--format', 'dot']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('digraph erd {'));
  for (const s of ['<b>auth</b>', '<b>public</b>', '<b>reference</b>', '<b>per tenant</b>', 'rows per tenant']) assert.ok(r.stdout.includes(s), s);
  const diff = checkGolden(join(GOLDEN, 'example.dot'), r.stdout);
  assert.ok(diff === undefined, diff);
});

test('every foreign key is an edge with its cardinality: a nullable column is zero or one', async () => {
  const r = await pgdecl(['erd', 'resources.example.yaml']);
  const edges = r.stdout.split('\n').filter((l) => / : "/.test(l));
  assert.is(edges.length, 14);
  // users.account_id is NOT NULL: exactly one account; non-identifying (dashed).
  assert.ok(edges.includes('  "auth.accounts" ||..o{ "public.users" : "users_account_fkey (account_id)"'));
  // orgs.country_code is nullable: zero or one country.
  assert.ok(edges.includes('  "reference.countries" |o..o{ "public.orgs" : "orgs_country_code_fkey (country_code)"'));
  // memberships.user_id is part of the primary key: identifying (solid).
  assert.ok(edges.includes('  "public.users" ||--o{ "public.memberships" : "memberships_user_id_fkey (user_id)"'));
  const dot = (await pgdecl(['erd', 'resources.example.yaml', '--format', 'dot'])).stdout;
  assert.is(dot.split('\n').filter((l) => l.includes(' -> ')).length, 14);
  assert.match(dot, /arrowtail=crowodot, arrowhead=teeodot, style=dashed, tooltip="orgs_country_code_fkey: public\.orgs \(country_code\) → reference\.countries \(code\)"/);
});

test('svg is well-formed XML that names every table, drawn without a browser', async () => {
  const r = await pgdecl(['erd', 'resources.example.yaml', '--format', 'svg']);
  assert.is(r.code, 0, r.stderr);
  const xml = parseXml(r.stdout);
  assert.is(xml.root, 'svg');
  for (const t of EXAMPLE_TABLES) assert.ok(xml.texts.includes(t), `the SVG has no text ${t}`);
  assert.ok(xml.texts.includes('per tenant'));
  assert.not.match(r.stdout, /https?:\/\/(?!www\.w3\.org)/, 'the SVG links to nothing but XML namespaces');
});

test('docs/erd.svg (shown in the README) is what `pgdecl erd resources.example.yaml --format svg` draws', async () => {
  const r = await pgdecl(['erd', 'resources.example.yaml', '--format', 'svg']);
  const path = join(ROOT, 'docs', 'erd.svg');
  if (UPDATE_GOLDEN) writeFileSync(path, r.stdout);
  assert.ok(readFileSync(path, 'utf8') === r.stdout, 'docs/erd.svg is stale: run `node bin/pgdecl.js erd resources.example.yaml --format svg -o docs/erd.svg` (or UPDATE_GOLDEN=1)');
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /!\[[^\]]*\]\(docs\/erd\.svg\)/);
});

test('-o writes the file; --resources and --schema keep those tables and the edges between them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-erd-'));
  const r = await pgdecl(['erd', join(ROOT, 'resources.example.yaml'), '--resources', 'User,Membership,Org', '-o', 'out/erd.mmd'], dir);
  assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'out', 'erd.mmd'), 'utf8');
  assert.equal([...text.matchAll(/^ {2}"([^"]+)" \{$/gm)].map((m) => m[1]), ['public.memberships', 'public.orgs', 'public.users']);
  assert.is(text.split('\n').filter((l) => / : "/.test(l)).length, 2);
  const s = await pgdecl(['erd', 'resources.example.yaml', '--schema', '$tenant', '--format', 'dot']);
  assert.is(s.code, 0, s.stderr);
  assert.is([...s.stdout.matchAll(/<b>\$tenant\.(\w+)<\/b>/g)].length, 5);
  assert.not.ok(s.stdout.includes('public.users'), 'an edge to a table not shown is left out');
});

test('a name that matches nothing: exit 1, what exists, and the closest spelling', async () => {
  const r = await pgdecl(['erd', 'resources.example.yaml', '--resources', 'User,Usr']);
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  const err = stripAnsi(r.stderr);
  assert.match(err, /--resources Usr: there is no resource named `Usr`/);
  assert.match(err, /did you mean `User`\?/);
  assert.match(err, /The resources are: Account, Category, Comment/);
  const s = stripAnsi((await pgdecl(['erd', 'resources.example.yaml', '--schema', 'publik'])).stderr);
  assert.match(s, /--schema publik: there is no schema named `publik`[\s\S]*did you mean `public`\?/);
  const f = await pgdecl(['erd', 'resources.example.yaml', '--format', 'png']);
  assert.is(f.code, 1);
  assert.match(stripAnsi(f.stderr), /--format png: the formats are mermaid, dot, svg/);
  const both = await pgdecl(['erd', 'resources.example.yaml', '--db', 'pglite:memory']);
  assert.is(both.code, 1);
  assert.match(stripAnsi(both.stderr), /choose resource files or --db, not both/);
  const bad = await pgdecl(['docs', 'resources.example.yaml']);
  assert.is(bad.code, 1);
  assert.match(stripAnsi(bad.stderr), /-o DIR is required/);
});

test('--help of erd and docs: usage, options, exit codes', async () => {
  for (const cmd of ['erd', 'docs']) {
    const r = await pgdecl([cmd, '--help']);
    assert.is(r.code, 0);
    assert.match(r.stdout, new RegExp(`pgdecl ${cmd} \\[paths… \\| --db URL\\]`));
    for (const o of ['--db', '--schema', '--resources', '--output']) assert.ok(r.stdout.includes(o), `${cmd} --help lacks ${o}`);
  }
  assert.match((await pgdecl(['--help'])).stdout, /erd[\s\S]*docs/);
});

test('a foreign key whose columns are unique is one to one: zero or one on the referencing side', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-erd-'));
  writeFileSync(
    join(dir, 'r.yaml'),
    `version: 1
resources:
  User:
    attributes: { id: uuid_primary_key }
    postgres: { table: users }
  Profile:
    attributes: { id: uuid_primary_key }
    relationships:
      user: { type: belongs_to, destination: User, allow_nil: false }
      editor: { type: belongs_to, destination: User }
    identities:
      one_per_user: { keys: [user_id] }
    postgres: { table: profiles }
`,
  );
  const r = await pgdecl(['erd', 'r.yaml'], dir);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('  "public.users" ||..o| "public.profiles" : "profiles_user_id_fkey (user_id)"'), r.stdout);
  assert.ok(r.stdout.includes('  "public.users" |o..o{ "public.profiles" : "profiles_editor_id_fkey (editor_id)"'), r.stdout);
  const dot = (await pgdecl(['erd', 'r.yaml', '--format', 'dot'], dir)).stdout;
  assert.match(dot, /arrowtail=teeodot, arrowhead=teetee, style=dashed, tooltip="profiles_user_id_fkey/);
});

test('names and descriptions reach every format escaped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-erd-'));
  writeFileSync(
    join(dir, 'r.yaml'),
    `version: 1
resources:
  Note:
    description: '<script>alert(1)</script> & "quotes" %% x'
    attributes:
      id: uuid_primary_key
      body: { type: string, description: "</td></tr></table>> <img src=x onerror=alert(2)>" }
    postgres: { table: notes }
`,
  );
  const mmd = await pgdecl(['erd', 'r.yaml'], dir);
  assert.is(mmd.code, 0, mmd.stderr);
  const dot = await pgdecl(['erd', 'r.yaml', '--format', 'dot'], dir);
  assert.is(dot.code, 0, dot.stderr);
  const docs = await pgdecl(['docs', 'r.yaml', '-o', 'site'], dir);
  assert.is(docs.code, 0, docs.stderr);
  const html = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;'));
  assert.ok(html.includes('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&gt; &lt;img src=x onerror=alert(2)&gt;'));
  assert.not.ok(html.includes('<script>alert'));
  assert.not.ok(html.includes('<img'));
  assert.is([...html.matchAll(/<script>/g)].length, 1, 'one script: the filter');
  assert.not.match(html, /\b(src|href)="(https?:)?\/\//, 'no external asset');
});

test.run();
