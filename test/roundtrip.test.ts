/**
 * The adoption round trip on every case of fixtures/roundtrip/<case>/ (old.sql, new.sql), on
 * PostgreSQL 18, 15 and the embedded database: load old into A and new into B, pull B, apply
 * the pull to A; the apply succeeds, A then plans nothing, a pull of A equals the pull of B,
 * and on PostgreSQL 15 `pg_dump --schema-only` of A equals B's (test/helpers/roundtrip.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeRoundTripDatabases, listRoundTripCases, roundTrip, type RoundTripServer } from './helpers/roundtrip.js';
import { servers, stopOwnServers } from './helpers/servers.js';

const only = process.env.ROUNDTRIP_CASES?.split(',');
const cases = listRoundTripCases().filter((c) => !only || only.includes(c.name));

test('there are round-trip cases', () => {
  if (!only) assert.ok(cases.length >= 8);
});

for (const c of cases) {
  test(`round trip: ${c.name}`, async () => {
    const targets: RoundTripServer[] = [...(await servers()), 'pglite'];
    // The three databases at once: most of the time is spent waiting on them.
    const results = await Promise.all(
      targets.map(async (s) => {
        const name = s === 'pglite' ? 'pglite' : s.name;
        try {
          const r = await roundTrip(s, c.oldSql, c.newSql);
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
