/**
 * The normaliser: declared objects read back as the server prints them, through scratch
 * schemas in a transaction that is rolled back; a per-table cache; a refusal that points at
 * the file and changes nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize } from '../src/plan/normalize.js';
import { compileProject } from '../src/compile/index.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { ordinaryPart } from '../src/ir/tenant.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { formatDiagnostics } from '../src/render/diagnostics.js';
import { pglite, servers, freshTarget, stopOwnServers } from './helpers/servers.js';
import type { Target } from '../src/targets/target.js';

const yaml = (extra = '') => `version: 1
resources:
  Order:
    attributes:
      id: integer_primary_key
      amount: { type: decimal, constraints: { precision: 12, scale: 2 } }
      status: { type: string, default: new }
      code: { type: string, postgres_type: "varchar(16)" }
    postgres:
      table: orders
      check_constraints:
        - { name: amount_positive, check: "amount > 0" }
        - { name: status_known, check: "status IN ('new', 'paid')" }
      custom_indexes:
        - { fields: ["lower(code)"], name: orders_code_lower_index, where: "amount BETWEEN 1 AND 100" }
${extra}`;

const SECOND = `  Note:
    attributes:
      id: integer_primary_key
      body: string
    postgres: { table: notes }
`;

async function desired(t: Target, text: string) {
  const p = (await loadProjectFromText('r.yaml', text)).project!;
  const c = await compileProject(p, { pgVersion: await t.serverVersionNum() });
  return { catalog: ordinaryPart(c.catalog), origins: c.origins, project: p };
}

async function spellings(t: Target) {
  const { catalog } = await desired(t, yaml());
  const n = await normalize(t, catalog);
  const orders = n.tables.find((x) => x.name === 'orders')!;
  assert.equal(orders.checks.map((c) => c.expression), ['(amount > (0)::numeric)', "(status = ANY (ARRAY['new'::text, 'paid'::text]))"]);
  assert.is(orders.columns.find((c) => c.name === 'code')!.type, 'character varying(16)');
  assert.is(orders.columns.find((c) => c.name === 'status')!.default, "'new'::text");
  const idx = orders.indexes.find((i) => i.name === 'orders_code_lower_index')!;
  assert.equal(idx.keys[0], { kind: 'expression', expression: 'lower((code)::text)', desc: false });
  assert.is(idx.where, '((amount >= (1)::numeric) AND (amount <= (100)::numeric))');
  // Nothing stays behind.
  assert.equal(await t.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgdecl_n%'`), []);
  assert.equal(await t.query(`SELECT to_regclass('public.orders') AS r`), [{ r: null }]);
}

test('declared expressions read back as PostgreSQL prints them (PGlite, PostgreSQL 18 and 15)', async () => {
  const p = await pglite([]);
  try {
    await spellings(p);
  } finally {
    await p.close();
  }
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await spellings(t);
    } finally {
      await t.drop();
    }
  }
});

test('the cache is per table: unchanged files create nothing, one edited resource creates one table', async () => {
  const t = await pglite([]);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-norm-'));
  try {
    const stats = { normalized: -1, cached: -1, stored: -1 };
    // The single file of earlier versions: its entries move into the files by key, then it goes.
    const legacy = 't' + 'f'.repeat(32);
    writeFileSync(join(dir, 'normalized.json'), JSON.stringify({ version: 1, entries: { [legacy]: { kept: true } } }));
    const a = await desired(t, yaml(SECOND));
    const first = await normalize(t, a.catalog, { cacheDir: dir, stats, memory: false });
    assert.equal(stats, { normalized: 2, cached: 0, stored: 0 });
    assert.not.ok(existsSync(join(dir, 'normalized.json')));
    assert.equal((JSON.parse(readFileSync(join(dir, 'normalized-f.json'), 'utf8')) as { entries: Record<string, unknown> }).entries[legacy], { kept: true });
    const again = await normalize(t, a.catalog, { cacheDir: dir, stats, memory: false });
    assert.equal(stats, { normalized: 0, cached: 2, stored: 0 });
    assert.equal(again, first, 'a cached result equals a fresh one');
    // Kept in files by the key's first digit: an edit rewrites the one file its new entry falls in.
    // A write renames a new file over the old one: a rewritten file is another inode.
    const files = () => new Map(readdirSync(dir).filter((n) => /^normalized-[0-9a-f]\.json$/.test(n)).map((n) => [n, { ino: statSync(join(dir, n)).ino, text: readFileSync(join(dir, n), 'utf8') }]));
    const entries = (m: ReturnType<typeof files>) => [...m.values()].flatMap((f) => Object.keys((JSON.parse(f.text) as { entries: Record<string, unknown> }).entries));
    const before = files();
    assert.is(entries(before).length, 3);
    const b = await desired(t, yaml(SECOND.replace('body: string', 'body: { type: string, allow_nil: false }')));
    await normalize(t, b.catalog, { cacheDir: dir, stats, memory: false });
    assert.equal(stats, { normalized: 1, cached: 1, stored: 0 });
    const after = files();
    const rewritten = [...after].filter(([n, f]) => before.get(n)?.ino !== f.ino).map(([n]) => n);
    assert.is(rewritten.length, 1, `one file rewritten: ${rewritten.join(', ')}`);
    const added = entries(after).filter((k) => !entries(before).includes(k));
    assert.is(added.length, 1);
    assert.ok(Object.keys((JSON.parse(after.get(rewritten[0]!)!.text) as { entries: Record<string, unknown> }).entries).includes(added[0]!), 'the file rewritten is the one the new entry falls in');
    assert.is(entries(after).length, 4, 'the edited table\'s earlier result is kept (an undone edit)');
    // Without a cache directory the process remembers what it normalised, by the same keys.
    const c = await desired(t, yaml(SECOND.replace('body: string', 'body: { type: string, default: "x" }')));
    const fresh = await normalize(t, c.catalog, { stats });
    assert.equal(stats, { normalized: 1, cached: 1, stored: 0 });
    assert.equal(await normalize(t, c.catalog, { stats }), fresh);
    assert.equal(stats, { normalized: 0, cached: 2, stored: 0 });
    await normalize(t, c.catalog, { stats, memory: false });
    assert.equal(stats, { normalized: 2, cached: 0, stored: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  }
});

test('a declaration the server refuses is reported at its place in the file, and nothing is created', async () => {
  const t = await pglite([]);
  try {
    const text = yaml().replace('"amount > 0"', '"amount > now()"');
    const d = await desired(t, text);
    let error: unknown;
    try {
      await normalize(t, d.catalog, { origins: d.origins });
    } catch (e) {
      error = e;
    }
    assert.instance(error, PgdeclError);
    const loaded = await loadProjectFromText('r.yaml', text);
    const out = formatDiagnostics((error as PgdeclError).diagnostics, loaded.sources);
    // The error is inside CREATE TABLE; its position names the check, and the check's place in the file.
    assert.match(out, /^r\.yaml:12:11 +PostgreSQL rejects create table public\.orders: operator does not exist: numeric > timestamp with time zone/m);
    assert.match(out, /12 \|         - \{ name: amount_positive, check: "amount > now\(\)" \}/);
    assert.equal(await t.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgdecl_n%'`), []);
  } finally {
    await t.close();
  }
});

test.after(stopOwnServers);
test.run();
