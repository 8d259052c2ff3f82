/**
 * ICU collations (`provider: icu`), on every engine whose ICU compares as ICU does (PostgreSQL 18
 * and 15 here; the embedded database lists ICU collations but has no ICU locale data, and the
 * output says the case is skipped there): a nondeterministic collation makes a unique column
 * case-insensitive, the plan is then empty, pull writes it back, a new definition is refused
 * while the column uses it (collation_in_use, at the entry in the files) and a new comment
 * changes in place; on PostgreSQL 16 and later an ICU collation with tailoring rules converges
 * too. A collation a custom statement creates is left to it. (libc collations on all three
 * engines: the round-trip case fixtures/roundtrip/xc-collations and fixtures/compile/collations.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applySteps } from '../src/apply/apply.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { pull } from '../src/pull/pull.js';
import { pulledFile } from '../src/pull/document.js';
import type { Target } from '../src/targets/target.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';

const files = (collations: string) => `version: 1
collations:
${collations}
resources:
  User:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
      email: { type: string, collation: case_insensitive }
    identities:
      unique_email: { keys: [email] }
    postgres: { table: users }
`;

// en_US: PostgreSQL 16 and later keep it as the language tag en-US (the plan asks the server).
const CI = `  case_insensitive: { provider: icu, locale: und-u-ks-level2, deterministic: false }
  english: { provider: icu, locale: en_US }`;
// Tailoring rules (PostgreSQL 16+): "w" sorts as a variant of "v".
const RULES = `  tailored: { provider: icu, locale: und, rules: "&V << w <<< W" }`;

async function project(text: string) {
  const r = await loadProjectFromText('resources.yaml', text);
  assert.ok(r.project, r.diagnostics.map((d) => d.message).join('\n'));
  return r.project!;
}

/**
 * Whether the server's ICU compares as ICU does: the embedded database lists ICU collations
 * but is built without ICU's locale data, so `und-u-ks-level2` still tells `a` from `A` there.
 */
async function icuCompares(t: Target): Promise<boolean> {
  if (!(await t.query(`SELECT 1 FROM pg_catalog.pg_collation WHERE collprovider = 'i' LIMIT 1`)).length) return false;
  await t.exec(`CREATE COLLATION public.icu_probe (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`);
  try {
    return (await t.query<{ eq: boolean }>(`SELECT 'a' = 'A' COLLATE public.icu_probe AS eq`))[0]?.eq === true;
  } finally {
    await t.exec('DROP COLLATION public.icu_probe');
  }
}

async function icuCase(t: Target, engine: string): Promise<void> {
  const version = await t.serverVersionNum();
  const collations = version >= 160000 ? `${CI}\n${RULES}` : CI;
  const p = await planProject(t, await project(files(collations)));
  assert.equal(p.plan.steps.filter((s) => s.change.kind === 'create_collation' && s.change.collation.name !== 'english').flatMap((s) => s.sql.slice(0, 1)), [
    `CREATE COLLATION public.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
    ...(version >= 160000 ? [`CREATE COLLATION public.tailored (provider = icu, locale = 'und', rules = '&V << w <<< W')`] : []),
  ]);
  assert.is((await applySteps(t, p.plan.steps)).failure, undefined);
  assert.equal(await remainingChanges(t, await planProject(t, await project(files(collations)))), [], `${engine}: the plan after the apply is empty`);

  // The unique key compares without regard to case.
  await t.exec(`INSERT INTO users VALUES (1, 'Ann@Example.org')`);
  assert.equal(await t.query(`SELECT id FROM users WHERE email = 'ann@EXAMPLE.ORG'`), [{ id: 1 }]);
  await t.exec(`INSERT INTO users VALUES (2, 'ann@example.org')`).then(
    () => assert.unreachable('a second Ann is refused'),
    (e: Error) => assert.match(e.message, /duplicate key/),
  );

  // Pull writes it back: only what is not the default.
  const yaml = pulledFile(await pull(t), { schemaPath: 'x' });
  assert.ok(yaml.includes('case_insensitive: { provider: icu, locale: und-u-ks-level2, deterministic: false }'), yaml);
  assert.ok(yaml.includes('email: { type: string, collation: case_insensitive }'), yaml);
  assert.ok(yaml.includes(`english: { provider: icu, locale: ${version >= 160000 ? 'en-US' : 'en_US'} }`), yaml);
  if (version >= 160000) assert.ok(yaml.includes(`tailored: { provider: icu, locale: und, rules: "&V << w <<< W" }`), yaml);

  // A new definition while the column uses it: refused, at the entry, nothing changed.
  try {
    await planProject(t, await project(files(CI.replace('ks-level2', 'ks-level1'))));
    assert.unreachable('the plan is refused');
  } catch (e) {
    if (!(e instanceof PgdeclError)) throw e;
    const d = e.diagnostics[0]!;
    assert.is(d.code, 'collation_in_use');
    assert.is(d.src?.pointer, '/collations/case_insensitive');
    assert.match(d.message, /public\.case_insensitive .*und-u-ks-level2.*und-u-ks-level1.*column public\.users\.email/);
  }
  assert.equal(await t.query(`SELECT count(*)::int AS n FROM users`), [{ n: 1 }]);

  // A comment changes in place.
  const commented = await planProject(t, await project(files(CI.replace(' }', ', description: Compares without regard to case }'))));
  assert.equal(commented.changes.map((c) => c.kind), ['set_collation_comment', ...(version >= 160000 ? ['drop_collation'] : [])]);
}

test('ICU collations: case-insensitive, pulled back, refused while used when their definition changes', async () => {
  const ran: string[] = [];
  const skipped: string[] = [];
  const engines: { name: string; open: () => Promise<{ t: Target; done: () => Promise<void> }> }[] = [
    ...(await servers()).map((s) => ({ name: s.name, open: async () => {
      const t = await freshTarget(s);
      return { t, done: () => t.drop() };
    } })),
    { name: 'pglite', open: async () => {
      const t = await pglite([]);
      return { t, done: () => t.close() };
    } },
  ];
  const failures = await Promise.allSettled(
    engines.map(async (e) => {
      const { t, done } = await e.open();
      try {
        if (!(await icuCompares(t))) return void skipped.push(e.name);
        await icuCase(t, e.name);
        ran.push(e.name);
      } finally {
        await done();
      }
    }),
  );
  const problems = failures.flatMap((r, i) => (r.status === 'rejected' ? [`${engines[i]!.name}: ${r.reason instanceof Error ? r.reason.stack : String(r.reason)}`] : []));
  assert.equal(problems, []);
  for (const name of skipped) console.log(`ICU collations: skipped on ${name}: the server has no ICU, or an ICU without its locale data (und-u-ks-level2 tells a from A)`);
  console.log(`ICU collations: ran on ${ran.join(', ') || 'no engine'}`);
});

test('a collation a custom statement creates stays with its statement: plans leave it, pull does not write it', async () => {
  const t = await pglite([]);
  try {
    const text = `version: 1
collations:
  bytewise: { locale: C }
resources:
  Word:
    attributes:
      id: { type: integer, postgres_type: integer, primary_key: true }
      word: { type: string, collation: bytewise }
    postgres:
      table: words
      custom_statements:
        - name: own_collation
          up: CREATE COLLATION own_order (provider = libc, locale = 'POSIX')
          down: DROP COLLATION own_order
`;
    const p = await planProject(t, await project(text));
    assert.is((await applySteps(t, p.plan.steps)).failure, undefined);
    assert.equal(await remainingChanges(t, await planProject(t, await project(text))), []);
    assert.equal(await t.query(`SELECT collname FROM pg_collation WHERE collnamespace = 'public'::regnamespace ORDER BY 1`), [{ collname: 'bytewise' }, { collname: 'own_order' }]);
    const yaml = pulledFile(await pull(t), { schemaPath: 'x' });
    assert.ok(yaml.includes('bytewise: { locale: C }'), yaml);
    assert.not.ok(yaml.includes('own_order: {'), yaml);
  } finally {
    await t.close();
  }
});

test.after(stopOwnServers);

test.run();
