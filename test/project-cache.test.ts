/**
 * The files' cache (src/plan/project-cache.ts): unchanged files are not parsed, validated,
 * compiled or normalised again; any edit, a changed environment variable the files name, or
 * a url holding a password is a miss; positions of errors found after a cached load are the
 * same as after a fresh one; a cached plan is the plan; an apply stores the entry in the
 * database, where a fresh clone finds it. PostgreSQL 15, 18 and the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectCached } from '../src/plan/project-cache.js';
import { readStoredChunks, readStoredProject } from '../src/plan/stored-project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { formatPlanText } from '../src/render/plan-text.js';
import { stableStringify } from '../src/ir/canonical.js';
import { openPostgres } from '../src/targets/postgres.js';
import type { Target } from '../src/targets/target.js';
import { runCli } from './helpers/cli.js';
import { freshDatabase, pglite, servers, stopOwnServers } from './helpers/servers.js';

const FILES = `version: 1
resources:
  Author:
    attributes:
      id: uuid_primary_key
      name: { type: string, allow_nil: false, default: "\${DEFAULT_NAME:-anonymous}" }
    postgres: { table: authors, check_constraints: [{ name: name_long, check: "length(name) > 1" }] }
  Post:
    attributes:
      id: integer_primary_key
      title: { type: string, allow_nil: false }
    relationships:
      author: { type: belongs_to, destination: Author }
    postgres: { table: posts }
`;

function folder(text = FILES): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-pcache-'));
  writeFileSync(join(dir, 'resources.yaml'), text);
  return dir;
}

const entries = (dir: string) => (existsSync(join(dir, 'cache')) ? readdirSync(join(dir, 'cache')).filter((n) => n.startsWith('project-')) : []);

test('unchanged files are read from the cache; an edit, a named variable or a password url is a miss', async () => {
  const dir = folder();
  const cacheDir = join(dir, 'cache');
  const load = (env: Record<string, string> = {}) => loadProjectCached([join(dir, 'resources.yaml')], { env, cwd: dir, cacheDir });
  try {
    const first = await load();
    assert.is(first.hit, false);
    first.cache!.save();
    assert.is(entries(dir).length, 1);
    const second = await load();
    assert.is(second.hit, true, 'the same files are a hit');
    assert.is(stableStringify(second.project), stableStringify(first.project), 'the cached project is the loaded one');
    // An environment variable the files name is part of the key; one they do not name is not.
    assert.is((await load({ UNRELATED: 'x' })).hit, true);
    const named = await load({ DEFAULT_NAME: 'someone' });
    assert.is(named.hit, false);
    assert.ok(JSON.stringify(named.project).includes('someone'));
    // An edit of one byte is a miss; only the edited resource is parsed again.
    writeFileSync(join(dir, 'resources.yaml'), FILES.replace('name_long', 'name_lon2'));
    const edited = await load();
    assert.is(edited.hit, false);
    assert.is(edited.parsedPieces, 1, 'one piece parsed, the others read from chunks.json');
    // A repo url with a password is never written to the cache.
    writeFileSync(join(dir, 'resources.yaml'), 'repos: { default: { url: "${DB_URL}" } }\n' + FILES);
    const secret = await load({ DB_URL: 'postgres://app:s3cret@localhost/app' });
    secret.cache!.save();
    assert.is((await load({ DB_URL: 'postgres://app:s3cret@localhost/app' })).hit, false);
    for (const n of entries(dir)) for (const f of readdirSync(join(cacheDir, n))) assert.not.ok(readFileSync(join(cacheDir, n, f), 'utf8').includes('s3cret'));
    // Written in the file itself, the password is in a piece: not written either.
    writeFileSync(join(dir, 'resources.yaml'), 'repos: { default: { url: "postgres://app:s3cret@localhost/app" } }\n' + FILES.replace('name_long', 'name_lon3'));
    const literal = await load();
    assert.is(literal.parsedPieces, 2);
    literal.cache!.save();
    assert.not.ok(readFileSync(join(cacheDir, 'chunks.json'), 'utf8').includes('s3cret'));
    // A fleet's URLs, from the environment or a variable's default: not cached either.
    for (const fleet of ['fleet: { targets: { eu: "${EU_URL}" } }', 'fleet: { query: "SELECT url FROM dbs", directory: "${DIR_URL:-postgres://dir:s3cret@localhost/d}" }']) {
      writeFileSync(join(dir, 'resources.yaml'), `repos: { default: { ${fleet} } }\n` + FILES);
      const f = await load({ EU_URL: 'postgres://eu:s3cret@localhost/eu' });
      f.cache!.save();
      assert.is((await load({ EU_URL: 'postgres://eu:s3cret@localhost/eu' })).hit, false, fleet);
      for (const n of entries(dir)) for (const g of readdirSync(join(cacheDir, n))) assert.not.ok(readFileSync(join(cacheDir, n, g), 'utf8').includes('s3cret'), fleet);
      assert.not.ok(readFileSync(join(cacheDir, 'chunks.json'), 'utf8').includes('s3cret'), fleet);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('written on libuv threads, the entry is the same; the newest four entries are kept, and never the one being written', async () => {
  const dir = folder();
  const cacheDir = join(dir, 'cache');
  const load = () => loadProjectCached([join(dir, 'resources.yaml')], { env: {}, cwd: dir, cacheDir });
  try {
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, 'resources.yaml'), FILES.replace('name_long', `name_v${i}`));
      await (await load()).cache!.saveAsync();
    }
    assert.is(entries(dir).length, 4, 'the newest four');
    const last = await load();
    assert.is(last.hit, true, 'the entry written asynchronously is read back');
    // The entry being written has no project.json yet (a record of convergence may be there
    // already): ranked by that file's time it would be the oldest; it is kept all the same.
    writeFileSync(join(dir, 'resources.yaml'), FILES.replace('name_long', 'name_v9'));
    const next = await load();
    const own = `project-${next.cache!.files.key}`;
    mkdirSync(join(cacheDir, own));
    writeFileSync(join(cacheDir, own, 'converged.json'), '{}');
    const tasks = next.cache!.saveTasks();
    await tasks[tasks.length - 1]!();
    assert.ok(entries(dir).includes(own), 'not pruned before its files are written');
    assert.is(entries(dir).length, 4);
    for (const t of tasks) await t();
    assert.is((await load()).hit, true);
    // A temporary file of a write cut short goes once it is an hour old; a recent one stays.
    writeFileSync(join(cacheDir, 'normalized.json.99.1.tmp'), 'x');
    writeFileSync(join(cacheDir, 'chunks.json.98.tmp'), 'x');
    utimesSync(join(cacheDir, 'chunks.json.98.tmp'), new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));
    writeFileSync(join(dir, 'resources.yaml'), FILES.replace('name_long', 'name_v10'));
    await (await load()).cache!.saveAsync();
    assert.ok(existsSync(join(cacheDir, 'normalized.json.99.1.tmp')));
    assert.not.ok(existsSync(join(cacheDir, 'chunks.json.98.tmp')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache that cannot be written does not stop a plan (embedded database)', async () => {
  const dir = folder();
  const cacheDir = join(dir, 'cache');
  const t = await pglite([]);
  try {
    // Each file of normalised results is a folder in the way: their writes fail; the plan is made all the same.
    for (const c of '0123456789abcdef') mkdirSync(join(cacheDir, `normalized-${c}.json`, 'x'), { recursive: true });
    const loaded = await loadProjectCached([join(dir, 'resources.yaml')], { env: {}, cwd: dir, cacheDir });
    const p = await planProject(t, loaded.project, { cacheDir, cache: loaded.cache! });
    assert.match(formatPlanText(p.plan), /\+ table public\.authors/);
    assert.ok(existsSync(join(cacheDir, 'normalized-0.json', 'x')), 'the folders in the way are left alone');
    assert.is((await loadProjectCached([join(dir, 'resources.yaml')], { env: {}, cwd: dir, cacheDir })).hit, true, 'the files\' cache, written beside it');
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after a cached load, an error found later points at the same file, line and column', async () => {
  const dir = folder();
  const cacheDir = join(dir, 'cache');
  try {
    const fresh = await loadProjectCached([join(dir, 'resources.yaml')], { env: {}, cwd: dir, cacheDir });
    fresh.cache!.save();
    const cached = await loadProjectCached([join(dir, 'resources.yaml')], { env: {}, cwd: dir, cacheDir });
    assert.is(cached.hit, true);
    const src = cached.project.resources.find((r) => r.name === 'Author')!.src!;
    const check = { file: src.file, pointer: src.pointer + '/postgres/check_constraints/0/check' };
    const at = cached.sources.position(check, 'value');
    assert.equal(at, fresh.sources.position(check, 'value'));
    assert.is(at?.line, 7);
    assert.match(cached.sources.lineText(src.file, 7)!, /length\(name\) > 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Plans with the cache, applies, then a cached plan is empty and equals an uncached one. */
async function cachedPlans(t: Target): Promise<void> {
  const dir = folder();
  const cacheDir = join(dir, 'cache');
  try {
    const load = () => loadProjectCached([join(dir, 'resources.yaml')], { env: {}, cwd: dir, cacheDir });
    const a = await load();
    const p = await planProject(t, a.project, { cacheDir, ...(a.cache ? { cache: a.cache } : {}) });
    const r = await applyPlan(t, p, { locked: false });
    assert.is(r.failure, undefined, r.failure?.error.message);
    const b = await load();
    assert.is(b.hit, true);
    const cached = await planProject(t, b.project, { cacheDir, cache: b.cache! });
    assert.equal(formatPlanText(cached.plan), formatPlanText((await planProject(t, b.project, {})).plan));
    assert.equal(cached.plan.steps, [], formatPlanText(cached.plan));
    assert.ok(cached.normalized.size >= 2, 'what an apply stores is known on a cached plan too');
    // A change in the database is seen: the cache holds the files, never the database.
    await t.exec('ALTER TABLE public.posts DROP COLUMN title');
    const drifted = await planProject(t, (await load()).project, { cacheDir, cache: (await load()).cache! });
    assert.match(formatPlanText(drifted.plan), /title/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a plan from cached files equals a plan from parsed files, and sees the database (PostgreSQL 18)', async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  const db = await freshDatabase(s);
  const t = await openPostgres(db.url);
  try {
    await cachedPlans(t);
  } finally {
    await t.close();
    await db.drop();
  }
});

test('an apply stores what it made of the files in the database; a fresh clone plans from it (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const applied = folder();
    const clone = folder();
    try {
      const a = await runCli(['apply', '--yes', '--db', db.url, 'resources.yaml'], { cwd: applied });
      assert.is(a.code, 0, a.stderr);
      const t = await openPostgres(db.url);
      try {
        const rows = await t.query<{ key: string; n: number }>('SELECT key, length(entry)::int AS n FROM pgdecl.project_cache');
        assert.is(rows.length, 1, `${s.name}: one entry`);
        // The same files in another folder (a fresh clone: no .pgdecl) find it in the database.
        const fresh = await loadProjectCached([join(clone, 'resources.yaml')], { env: {}, cwd: clone, cacheDir: join(clone, 'probe'), stored: (k) => readStoredProject(t, k) });
        assert.is(fresh.hit, true, `${s.name}: the clone's files have the stored key`);
        assert.is(fresh.cache!.files.key, rows[0]!.key);
        // Edited files are another key: parsed as usual.
        writeFileSync(join(clone, 'other.yaml'), FILES.replace('name_long', 'name_lon2'));
        const edited = await loadProjectCached([join(clone, 'other.yaml')], { env: {}, cwd: clone, cacheDir: join(clone, 'probe'), stored: (k) => readStoredProject(t, k), storedChunks: () => readStoredChunks(t) });
        assert.is(edited.hit, false);
        // ... but only the edited resource is parsed: the apply stored the files' pieces.
        assert.is(edited.parsedPieces, 1, `${s.name}: one piece parsed`);
        const plain = await loadProjectCached([join(clone, 'other.yaml')], { env: {}, cwd: clone });
        assert.is(stableStringify(edited.project), stableStringify(plain.project), `${s.name}: the same project as parsing the whole file`);
      } finally {
        await t.close();
      }
      const p = await runCli(['plan', '--exit-code', '--db', db.url, 'resources.yaml'], { cwd: clone });
      assert.is(p.code, 0, `${s.name}: ${p.stdout}${p.stderr}`);
      assert.match(p.stdout, /No changes/);
      assert.is(entries(join(clone, '.pgdecl')).length, 1, 'the clone keeps the entry locally');
    } finally {
      rmSync(applied, { recursive: true, force: true });
      rmSync(clone, { recursive: true, force: true });
      await db.drop();
    }
  }
});

test('... and on the embedded database; through the command line, the second plan reads the cache', async () => {
  const t = await pglite([]);
  try {
    await cachedPlans(t);
  } finally {
    await t.close();
  }
  const dir = folder();
  try {
    const db = `pglite:${join(dir, 'db')}`;
    const applied = await runCli(['apply', '--yes', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(applied.code, 0, applied.stderr);
    assert.is(readdirSync(join(dir, '.pgdecl', 'cache')).filter((n) => n.startsWith('project-')).length, 1);
    const again = await runCli(['plan', '--exit-code', '--db', db, 'resources.yaml'], { cwd: dir });
    assert.is(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /No changes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(stopOwnServers);
test.run();
