/**
 * A new embedded data directory starts from the copy of a fresh cluster in the user's cache
 * (src/targets/pglite-template.ts): the first new directory runs initdb and writes the copy,
 * the next starts from it and is the same cluster; a damaged copy is not used, and one PGlite
 * cannot start from is replaced by initdb; a directory that holds a cluster is opened as it is.
 * Each initdb costs seconds of CPU: the cases that only read the copy do not open PGlite.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { openPglite } from '../src/targets/pglite.js';
import { claimForCopy, clusterCopyFile, clusterIdentity, isEmptyDir, readClusterCopy, tarTopNames, undoCopyStart, userCacheDir } from '../src/targets/pglite-template.js';
import { openTarget, resolveTarget, type TargetSpec } from '../src/targets/resolve.js';
import { makeDirs } from '../src/util/make-dirs.js';
import { catalogStamp } from '../src/inspect/stamp.js';

const root = mkdtempSync(join(tmpdir(), 'pgdecl-copy-'));
const cache = join(root, 'xdg', 'pgdecl');
const copy = clusterCopyFile(cache);
let n = 0;
const newDir = () => {
  const d = join(root, `db${n++}`);
  mkdirSync(d);
  return d;
};

/** What a cluster holds: the catalog's objects and settings a copy must carry over. */
async function describeCluster(dir: string, clusterCopy = copy) {
  const t = await openPglite({ dataDir: dir, clusterCopy });
  try {
    const [row] = await t.query<{ classes: string; roles: string; dbs: string; version: string; enc: string }>(
      `SELECT (SELECT count(*) FROM pg_class)::text AS classes, (SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles) AS roles,
              (SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database) AS dbs, current_setting('server_version_num') AS version,
              pg_encoding_to_char((SELECT encoding FROM pg_database WHERE datname = current_database())) AS enc`,
    );
    await t.exec('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2)');
    return { start: t.start, ...row! };
  } finally {
    await t.close();
  }
}

test('the user cache folder: XDG_CACHE_HOME, else HOME/.cache', () => {
  assert.is(userCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/h' }), join('/x/cache', 'pgdecl'));
  assert.is(userCacheDir({ HOME: '/h' }), join('/h', '.cache', 'pgdecl'));
  assert.ok(userCacheDir({}).endsWith(join('.cache', 'pgdecl')));
  assert.match(copy, /pglite-\d+\.\d+\.\d+-cluster\.tar\.gz$/);
});

test('the first new directory runs initdb and writes the copy; the next starts from it and is the same cluster', async () => {
  const first = await describeCluster(newDir());
  assert.is(first.start, 'initdb');
  assert.ok(existsSync(copy), 'the copy is written');
  assert.ok(gunzipSync(readFileSync(copy)).length > 1_000_000, 'the copy holds a whole cluster');
  const dir = newDir();
  const second = await describeCluster(dir);
  assert.is(second.start, 'copy');
  assert.equal({ ...second, start: '' }, { ...first, start: '' });
  // The started cluster is a real one: what was written survives a reopen.
  const again = await openPglite({ dataDir: dir, clusterCopy: copy });
  try {
    assert.is(again.start, 'existing');
    assert.equal(await again.query('SELECT id FROM kept ORDER BY id'), [{ id: 1 }, { id: 2 }]);
  } finally {
    await again.close();
  }
});

test('clusters started from the copy share a system identifier, but not a catalog stamp; a reopened one keeps its own', async () => {
  const stampOf = async (dir: string) => {
    const t = await openPglite({ dataDir: dir, clusterCopy: copy });
    try {
      assert.is(t.start === 'existing' || t.start === 'copy', true);
      const [row] = await t.query<{ sysid: string }>('SELECT system_identifier::text AS sysid FROM pg_control_system()');
      return { sysid: row!.sysid, stamp: await catalogStamp(t), identity: t.identity };
    } finally {
      await t.close();
    }
  };
  const [a, b] = [newDir(), newDir()];
  const sa = await stampOf(a);
  const sb = await stampOf(b);
  assert.is(sa.sysid, sb.sysid);
  assert.ok(sa.identity && sb.identity && sa.identity !== sb.identity);
  assert.ok(sa.stamp && sb.stamp && sa.stamp !== sb.stamp, 'records of one never answer for the other');
  assert.equal(await stampOf(a), sa);
});

test('a damaged copy, or one that is not a tarball, is not used (a new directory then runs initdb, as without a copy)', () => {
  const good = readFileSync(copy);
  try {
    assert.ok(readClusterCopy(copy), 'the good copy is read');
    writeFileSync(copy, good.subarray(0, 100_000));
    assert.is(readClusterCopy(copy), undefined, 'cut short: gzip rejects it');
    writeFileSync(copy, gzipSync(Buffer.alloc(4096, 7)));
    assert.is(readClusterCopy(copy), undefined, 'not a tarball');
  } finally {
    writeFileSync(copy, good);
  }
});

test('a tarball PGlite cannot start from (cut short): what it wrote goes, initdb runs, the copy is written again', async () => {
  const good = readFileSync(copy);
  writeFileSync(copy, gzipSync(gunzipSync(good).subarray(0, 512 * 1024)));
  const c = await describeCluster(newDir());
  assert.is(c.start, 'initdb');
  assert.is(c.version.slice(0, 2), '18');
  assert.ok(gunzipSync(readFileSync(copy)).length > 1_000_000, 'the copy is whole again');
});

test('only an empty directory is claimed for the copy, once; a failed start removes what the copy holds, nothing else', () => {
  const dir = newDir();
  assert.ok(isEmptyDir(dir));
  const id = claimForCopy(dir);
  assert.ok(id, 'an empty directory is claimed');
  assert.is(claimForCopy(dir), undefined, 'a second claim fails');
  assert.is(clusterIdentity(dir), id);
  const other = newDir();
  writeFileSync(join(other, 'notes.txt'), 'mine');
  assert.is(claimForCopy(other), undefined, 'a directory with a file is not claimed');
  assert.not.ok(isEmptyDir(join(other, 'missing')));

  const tar = readClusterCopy(copy)!;
  const names = tarTopNames(tar);
  assert.ok(['PG_VERSION', 'base', 'global'].every((n) => names.includes(n)), names.join(' '));
  // What a failed load left, beside a file of someone else's.
  mkdirSync(join(dir, 'base'));
  writeFileSync(join(dir, 'PG_VERSION'), '18');
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  undoCopyStart(dir, tar, new Error('Database already exists, cannot load from tarball'));
  assert.ok(existsSync(join(dir, 'PG_VERSION')), 'a cluster already there is not touched');
  assert.is(clusterIdentity(dir), undefined, 'the claim goes');
  undoCopyStart(dir, tar, new Error('boom'));
  assert.not.ok(existsSync(join(dir, 'PG_VERSION')));
  assert.not.ok(existsSync(join(dir, 'base')));
  assert.is(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
});

/** Opens a target as the command line does: it started as `start`, and answers a query. */
async function opensAs(spec: TargetSpec, start: string): Promise<void> {
  const t = await openTarget(spec);
  try {
    assert.is((t as unknown as { start: string }).start, start);
    assert.equal(await t.query('SELECT 1 AS one'), [{ one: 1 }]);
  } finally {
    await t.close();
  }
}

test('the command line starts a new embedded directory from the copy in XDG_CACHE_HOME', async () => {
  const spec = resolveTarget({ db: `pglite:${join(root, 'cli-db')}`, env: { XDG_CACHE_HOME: join(root, 'xdg') }, cwd: root });
  assert.is(spec.clusterCopy, copy);
  await opensAs(spec, 'copy');
  // A server URL has no copy.
  assert.is(resolveTarget({ db: 'postgres://u@h/d', env: { XDG_CACHE_HOME: join(root, 'xdg') }, cwd: root }).clusterCopy, undefined);
});

test('a cache folder that cannot be made: no copy, the command goes on (and returns: no recursive mkdir on /proc)', async () => {
  assert.throws(() => makeDirs('/proc/pgdecl-none/x'));
  writeFileSync(join(root, 'a-file'), '');
  assert.throws(() => makeDirs(join(root, 'a-file')), /ENOTDIR/);
  assert.throws(() => makeDirs(join(root, 'a-file', 'x')), /ENOTDIR/);
  makeDirs(join(root, 'made', 'a', 'b'));
  assert.ok(existsSync(join(root, 'made', 'a', 'b')));
  await opensAs(resolveTarget({ db: `pglite:${join(root, 'no-cache-db')}`, env: { XDG_CACHE_HOME: '/proc/pgdecl-none' }, cwd: root }), 'initdb');
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
