/**
 * Catalog queries on the embedded database are prepared once per session
 * (Target.catalogQuery): inspection gives the same catalog the second time, after a
 * rolled-back transaction, and after a custom statement dropped the prepared statements.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inspect } from '../src/inspect/inspect.js';
import { catalogStamp } from '../src/inspect/stamp.js';
import { pglite } from './helpers/servers.js';

const t = await pglite([]);

const prepared = async () => (await t.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'pgdecl_catalog_%' ORDER BY name`)).map((r) => r.name);

test('the second inspection reuses the statements the first prepared', async () => {
  await t.exec(`CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''))`);
  const first = await inspect(t, { schemas: ['app'] });
  const made = await prepared();
  assert.ok(made.length >= 14, `prepared: ${made.join(', ')}`);
  const second = await inspect(t, { schemas: ['app'] });
  assert.equal(second.catalog, first.catalog);
  assert.equal(await prepared(), made);
  assert.equal(first.catalog.tables.map((x) => x.name), ['t']);
});

test('statements prepared in a rolled-back transaction are still there; other schemas as parameters', async () => {
  await t.exec('BEGIN');
  await t.exec(`CREATE SCHEMA other; CREATE TABLE other.u (x int)`);
  const inside = await inspect(t, { schemas: ['other', 'app'], inTransaction: true });
  await t.exec('ROLLBACK');
  assert.equal(inside.catalog.tables.map((x) => `${x.schema}.${x.name}`).sort(), ['app.t', 'other.u']);
  const after = await inspect(t, { schemas: ['other', "it's"] });
  assert.equal(after.catalog.tables, []);
});

test('after DEALLOCATE ALL (a custom statement) the statements are prepared again, inside a transaction too', async () => {
  const stamp = await catalogStamp(t);
  await t.exec('BEGIN');
  await t.exec('DEALLOCATE ALL; CREATE TABLE app.v (x int)');
  assert.equal(await prepared(), []);
  const inside = await inspect(t, { schemas: ['app'], inTransaction: true });
  await t.exec('ROLLBACK');
  assert.equal(inside.catalog.tables.map((x) => x.name), ['t', 'v']);
  assert.ok((await prepared()).length >= 14);
  assert.equal(await catalogStamp(t), stamp);
});

test('a statement dropped behind its back (on the instance itself) is prepared again outside a transaction', async () => {
  const stamp = await catalogStamp(t);
  await t.db.exec('DEALLOCATE ALL');
  assert.equal(await catalogStamp(t), stamp);
  assert.ok(stamp?.startsWith('stamp:'));
});

test.after(() => t.close());
test.run();
