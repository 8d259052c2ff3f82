/**
 * Column order: PostgreSQL adds a column at the end of its table, so a column the files declare
 * between two others lands last. Plans compare columns by name, not by position (the plan after
 * apply is empty), and pull writes the attributes in the database's order. On PostgreSQL 15, 18
 * and the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { pull, pulledFile } from '../src/pull/index.js';
import type { Target } from '../src/targets/target.js';
import { freshTarget, pglite, servers, stopOwnServers } from './helpers/servers.js';

const yaml = (attributes: string) => `version: 1\nresources:\n  Person:\n    attributes:\n      id: integer_primary_key\n${attributes}    postgres: { table: people }\n`;
const BEFORE = yaml('      name: string\n      email: string\n');
const AFTER = yaml('      name: string\n      nickname: string\n      email: string\n');

async function check(t: Target): Promise<void> {
  for (const y of [BEFORE, AFTER]) {
    const p = await planProject(t, (await loadProjectFromText('people.yaml', y)).project!);
    const r = await applySteps(t, p.plan.steps);
    assert.is(r.failure, undefined, r.failure?.error.message);
    assert.equal(await remainingChanges(t, p), []);
  }
  // nickname was added last; the files say it second, and nothing is planned for that.
  assert.equal((await t.query<{ attname: string }>(`SELECT attname FROM pg_attribute WHERE attrelid = 'public.people'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)).map((r) => r.attname), ['id', 'name', 'email', 'nickname']);
  const again = await planProject(t, (await loadProjectFromText('people.yaml', AFTER)).project!);
  assert.equal(again.plan.steps, []);
  // pull writes what the database has, in its order.
  const text = pulledFile(await pull(t, { schemas: ['public'] }), { schemaPath: 'schema.json' });
  assert.match(text, /\n\s+id: \S+\n\s+name: string\n\s+email: string\n\s+nickname: string\n/);
}

test('a column declared between two others lands last, plans nothing more, and is pulled last (PostgreSQL 15 and 18)', async () => {
  for (const s of await servers()) {
    const t = await freshTarget(s);
    try {
      await check(t);
    } finally {
      await t.drop();
    }
  }
});

test('the same on the embedded database', async () => {
  const t = await pglite([]);
  try {
    await check(t);
  } finally {
    await t.close();
  }
});

test.after(stopOwnServers);
test.run();
