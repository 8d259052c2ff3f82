/**
 * Ctrl-C: SIGINT sent to the real binary in the middle of a long apply says "interrupted:
 * nothing was changed", exits 130, and the database is as it was; in the middle of migrate, it
 * says which migrations are committed, and they are the ones the database records.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin, startBin, type BinRun } from './helpers/run-bin.js';
import { freshDatabase, servers, sqlOn, stopOwnServers } from './helpers/servers.js';

const TABLE = `version: 1
resources:
  Item:
    attributes:
      id: integer_primary_key
      label: string
    postgres:
      table: items
`;

// A step that takes a minute: the time to press Ctrl-C.
const SLOW = `${TABLE}      custom_statements:
        - name: slow
          up: "SELECT pg_sleep(60)"
          down: "SELECT 1"
          after_tables: [items]
`;

/** Runs the binary and sends SIGINT once stderr shows the slow step running. */
async function interruptAt(argv: string[], cwd: string, marker: RegExp): Promise<BinRun> {
  const run = startBin(argv, { cwd });
  await new Promise<void>((res, rej) => {
    const timer = setInterval(() => {
      if (marker.test(run.stderrSoFar())) {
        clearInterval(timer);
        run.child.kill('SIGINT');
        res();
      }
    }, 50);
    run.done.then(
      (r) => {
        clearInterval(timer);
        rej(new Error(`finished before the slow step (exit ${r.code}):\n${r.stdout}${r.stderr}`));
      },
      rej,
    );
  });
  return run.done;
}

test('Ctrl-C during apply: "interrupted: nothing was changed", exit 130, the database unchanged', async () => {
  for (const s of await servers()) {
    const db = await freshDatabase(s);
    const dir = mkdtempSync(join(tmpdir(), 'pgdecl-int-'));
    try {
      writeFileSync(join(dir, 'resources.yaml'), SLOW);
      const r = await interruptAt(['apply', '--yes', '--db', db.url], dir, /slow/);
      assert.is(r.code, 130, `${s.name}\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, 'interrupted: nothing was changed');
      // Progress named the slow step while it ran (it is never batched with others).
      assert.match(r.stderr, /slow … (?!ok)/, r.stderr);
      assert.equal(await sqlOn(db.url, `SELECT to_regclass('public.items') IS NULL AS absent, to_regclass('pgdecl.custom_statements') IS NULL AS untracked`), [{ absent: true, untracked: true }], s.name);
    } finally {
      await db.drop();
    }
  }
});

test('Ctrl-C during migrate says which migrations are committed, and the database records exactly those', async () => {
  const [s] = await servers();
  const db = await freshDatabase(s!);
  const dir = mkdtempSync(join(tmpdir(), 'pgdecl-int-'));
  try {
    writeFileSync(join(dir, 'resources.yaml'), TABLE);
    assert.is((await runBin(['generate', 'items'], { cwd: dir })).code, 0);
    writeFileSync(join(dir, 'resources.yaml'), SLOW);
    assert.is((await runBin(['generate', 'slow'], { cwd: dir })).code, 0);
    const r = await interruptAt(['migrate', '--db', db.url], dir, /_slow … /);
    assert.is(r.code, 130, r.stdout + r.stderr);
    assert.match(r.stderr, /interrupted: 1 migration is applied and committed \(\d{14}_items\); the file that was running was rolled back/);
    const rows = await sqlOn(db.url, `SELECT name FROM pgdecl.schema_migrations ORDER BY version`);
    assert.equal(rows, [{ name: 'items' }]);
    assert.equal(await sqlOn(db.url, `SELECT to_regclass('public.items') IS NOT NULL AS present`), [{ present: true }]);
  } finally {
    await db.drop();
  }
});

test.after(stopOwnServers);
test.run();
