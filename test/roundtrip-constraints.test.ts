/**
 * Adoption round trips for constraints, functions, tables and the managed scope
 * (fixtures/roundtrip/c-*): old SQL into A, new SQL into B, pull B, apply to A with destructive
 * steps allowed; the apply succeeds, A then plans nothing, pulls the same as B, and (on
 * PostgreSQL 15, whose pg_dump is installed) dumps the same schema. On PostgreSQL 18, 15 and the
 * embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canDump, listRoundTripCases, runRoundTripCase } from './helpers/roundtrip-cases.js';
import { freshDatabase, pglite, resetDatabase, servers, stopOwnServers, type ServerInfo } from './helpers/servers.js';
import { openPostgres } from '../src/targets/postgres.js';

const only = process.env.ROUNDTRIP_CASE;
const cases = listRoundTripCases('c-').filter((c) => !only || c.name === only);

async function onServer(s: ServerInfo): Promise<string[]> {
  const problems: string[] = [];
  for (const c of cases) {
    const dbA = await freshDatabase(s, 'rta');
    const dbB = await freshDatabase(s, 'rtb');
    const a = await openPostgres(dbA.url);
    const b = await openPostgres(dbB.url);
    try {
      const dump = s.name === 'pg15' && canDump ? { urlA: dbA.url, urlB: dbB.url } : undefined;
      problems.push(...(await runRoundTripCase(c, a, b, dump)).map((p) => `${s.name} ${c.name}: ${p}`));
    } catch (e) {
      problems.push(`${s.name} ${c.name}: ${(e as Error).message}`);
    } finally {
      await a.close();
      await b.close();
      await dbA.drop();
      await dbB.drop();
    }
  }
  return problems;
}

test(`every c- round-trip case converges on PostgreSQL 18 and 15, pg_dump compared on 15 (${cases.length} cases)`, async () => {
  assert.ok(cases.length > 0);
  const all = await servers();
  assert.ok(all.some((s) => s.name === 'pg18'));
  assert.equal((await Promise.all(all.map(onServer))).flat(), []);
});

test('every c- round-trip case converges on the embedded database (pulls compared)', async () => {
  const a = await pglite();
  const b = await pglite();
  const problems: string[] = [];
  try {
    for (const c of cases) {
      for (const t of [a, b]) {
        await t.exec('ROLLBACK').catch(() => {});
        await resetDatabase(t);
      }
      try {
        problems.push(...(await runRoundTripCase(c, a, b)).map((p) => `pglite ${c.name}: ${p}`));
      } catch (e) {
        problems.push(`pglite ${c.name}: ${(e as Error).message}`);
      }
    }
  } finally {
    await a.close();
    await b.close();
  }
  assert.equal(problems, []);
});

test.after(stopOwnServers);
test.run();
