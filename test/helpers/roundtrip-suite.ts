/**
 * The round-trip test over fixtures/roundtrip/<case>/, one uvu test per case, on PostgreSQL 18,
 * 15 and the embedded database at once. The cases are split between test files (`shard` of
 * `shards`, every other case in name order) so the test runner runs the halves side by side.
 * `ROUNDTRIP_CASES=a,b` runs only those cases (in whichever file holds them).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeRoundTripDatabases, listRoundTripCases, roundTrip, type RoundTripServer } from './roundtrip.js';
import { servers, stopOwnServers } from './servers.js';

export function roundTripSuite(shard: number, shards: number): void {
  const only = process.env.ROUNDTRIP_CASES?.split(',');
  const all = listRoundTripCases();
  const cases = all.filter((c, i) => i % shards === shard && (!only || only.includes(c.name)));

  test('there are round-trip cases', () => {
    if (!only) assert.ok(all.length >= 8 && cases.length >= 1);
  });

  for (const c of cases) {
    test(`round trip: ${c.name}`, async () => {
      const targets: RoundTripServer[] = [...(await servers()), 'pglite'];
      // The three databases at once: most of the time is spent waiting on them.
      const results = await Promise.all(
        targets.map(async (s) => {
          const name = s === 'pglite' ? 'pglite' : s.name;
          try {
            const r = await roundTrip(s, c.oldSql, c.newSql, c.checkSql);
            if (r.problems.length && process.env.ROUNDTRIP_VERBOSE) console.log(`--- ${name} ${c.name}\n${r.pulled}\n${r.applied.join('\n')}`);
            return { problems: r.problems.map((p) => `${name}: ${p}`), dumped: r.dumped };
          } catch (e) {
            return { problems: [`${name}: ${(e as Error).stack ?? e}`], dumped: false };
          }
        }),
      );
      const problems = results.flatMap((r) => r.problems);
      const dumped = results.filter((r) => r.dumped).length;
      assert.equal(problems, []);
      // pg_dump runs where its version matches a server (PostgreSQL 15).
      if (targets.some((s) => s !== 'pglite' && s.name === 'pg15')) assert.ok(dumped >= 1, 'pg_dump compared the databases');
    });
  }

  test.after(async () => {
    await closeRoundTripDatabases();
    await stopOwnServers();
  });

  test.run();
}
