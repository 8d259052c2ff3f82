/**
 * Domains and composite types on PGlite, PostgreSQL 18 and 15 at once: what PostgreSQL cannot
 * change while a type is in use is refused before anything runs (with the place in the files
 * and nothing changed); `postgres_type: email` and `type: {domain: email}` are the same column;
 * a dropped attribute counts the rows that hold a value of it; a check the rows break fails the
 * apply and leaves the database as it was. (Creating, changing and dropping them: the evolution
 * case fixtures/evolve/65-domains-composites and the round trips fixtures/roundtrip/d-*.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applySteps } from '../src/apply/apply.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import type { Target } from '../src/targets/target.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';

const files = (types: string, attrs: string) => `version: 1
types:
${types}
resources:
  Item:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
${attrs}
    postgres: { table: items }
`;

const TYPES = `  email: { domain: text, checks: { has_at: "VALUE LIKE '%@%'" } }
  address: { composite: { street: text, zip: text } }`;
const ATTRS = `      mail: { type: { domain: email } }
      ship_to: { type: { composite: address } }`;

async function project(text: string) {
  const r = await loadProjectFromText('resources.yaml', text);
  assert.ok(r.project, r.diagnostics.map((d) => d.message).join('\n'));
  return r.project!;
}

async function apply(t: Target, text: string) {
  const p = await planProject(t, await project(text));
  const r = await applySteps(t, p.plan.steps);
  return { p, failure: r.failure };
}

async function onEngines(body: (t: Target, engine: string) => Promise<void>): Promise<void> {
  const real = await servers();
  const lite = await pglite([]);
  const runs = [
    (async () => {
      try {
        await body(lite, 'pglite');
      } finally {
        await lite.close();
      }
    })(),
    ...real.map(async (s) => {
      const t = await freshTarget(s);
      try {
        await body(t, s.name);
      } finally {
        await t.drop();
      }
    }),
  ];
  const settled = await Promise.allSettled(runs);
  const failed = settled.flatMap((r, i) => (r.status === 'rejected' ? [`${i === 0 ? 'pglite' : real[i - 1]!.name}: ${r.reason instanceof Error ? r.reason.stack : String(r.reason)}`] : []));
  assert.equal(failed, []);
}

test('refusals, the postgres_type form, a check the rows break, the rows a dropped attribute holds', async () => {
  await onEngines(async (t) => {
    // postgres_type: email is the column type: {domain: email} makes.
    assert.is((await apply(t, files(TYPES, ATTRS.replace('{ type: { domain: email } }', '{ type: string, postgres_type: email }')))).failure, undefined);
    assert.equal(await remainingChanges(t, await planProject(t, await project(files(TYPES, ATTRS)))), []);
    await t.exec(`INSERT INTO items VALUES (1, 'a@b', ROW('Main St', '12345')), (2, 'long@example.org', ROW('Elm St', NULL)), (3, NULL, NULL)`);

    // What PostgreSQL cannot change while the type is used: refused, with the place in the files.
    const refused = async (types: string, pointer: string, words: RegExp) => {
      try {
        await planProject(t, await project(files(types, ATTRS)));
        assert.unreachable('the plan is refused');
      } catch (e) {
        if (!(e instanceof PgdeclError)) throw e;
        const d = e.diagnostics[0]!;
        assert.is(d.code, 'type_in_use');
        assert.is(d.src?.pointer, pointer);
        assert.match(d.message, words);
        assert.ok(d.suggestion);
      }
    };
    await refused(TYPES.replace('domain: text', 'domain: varchar(100)'), '/types/email', /public\.items\.mail/);
    await refused(TYPES.replace('zip: text', 'zip: integer'), '/types/address', /zip .*text to integer.*public\.items\.ship_to/);
    assert.equal(await t.query(`SELECT format_type(typbasetype, typtypmod) AS base FROM pg_type WHERE typname = 'email'`), [{ base: 'text' }]);

    // A check the rows break: the apply fails and the database stays as it was.
    const stricter = TYPES.replace(`has_at: "VALUE LIKE '%@%'"`, `has_at: "VALUE LIKE '%@%'", short: length(VALUE) < 10`);
    const { p, failure } = await apply(t, files(stricter, ATTRS));
    assert.equal(p.plan.steps.map((s) => [s.change.kind, s.hazards]), [['add_domain_check', ['validates_rows']]]);
    assert.ok(failure, 'the apply fails');
    assert.equal(await t.query(`SELECT conname FROM pg_constraint WHERE contypid = 'email'::regtype ORDER BY 1`), [{ conname: 'has_at' }]);

    // A dropped attribute: destructive, counted from the rows that hold a value of it.
    const dropped = await planProject(t, await project(files(TYPES.replace(', zip: text', ''), ATTRS)));
    assert.equal(dropped.changes.map((c) => c.kind), ['drop_type_attribute']);
    assert.equal(dropped.destructive.map((d) => d.rows), [1]);
    assert.match(dropped.destructive[0]!.what, /public\.address\.zip .*items\.ship_to/);
  });
});

test.after(stopOwnServers);

test.run();
