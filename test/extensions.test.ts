/**
 * Extensions pgdecl installed are dropped only when nothing that stays uses them: not while a
 * table outside the managed schemas (here: one the files stopped naming) has a citext column,
 * and in the same plan that retypes the last such column, renamed or not. One the files put in
 * another schema than the one it is installed in is refused (a declared version other than the
 * installed one is an update: fixtures/evolve/70-extension-update).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject, remainingChanges } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { pglite } from './helpers/servers.js';
import { PgdeclError } from '../src/model/diagnostic.js';

// label is citext, with a unique index that uses citext's operator class.
const WITH_CITEXT = `version: 1\nresources:\n  Tag:\n    attributes:\n      id: integer_primary_key\n      label: ci_string\n    identities:\n      unique_label: { keys: [label] }\n    postgres: { table: tags }\n`;

test('an extension stays while something outside the plan uses it, and goes with its last user', async () => {
  const t = await pglite(['citext']);
  try {
    const step = async (yaml: string) => {
      const p = await planProject(t, (await loadProjectFromText('x.yaml', yaml)).project!);
      const r = await applySteps(t, p.plan.steps);
      assert.is(r.failure, undefined, r.failure?.error.message);
      assert.equal(await remainingChanges(t, p), []);
      return p.changes.map((c) => c.kind);
    };
    assert.ok((await step(WITH_CITEXT)).includes('create_extension'));
    // The files name no schema any more: tags is left alone, and so is the citext it uses.
    assert.equal(await step('version: 1\nresources: {}\n'), []);
    assert.equal(await t.query(`SELECT extname FROM pg_extension WHERE extname = 'citext'`), [{ extname: 'citext' }]);
    // Back under management, the last citext column becomes text (its index is rebuilt with
    // text's operator class): the extension goes with them.
    const kinds = await step(WITH_CITEXT.replace('label: ci_string', 'label: string'));
    assert.equal(kinds.sort(), ['alter_column', 'drop_extension']);
    assert.equal(await t.query(`SELECT extname FROM pg_extension WHERE extname = 'citext'`), []);
    // A table renamed in the same plan that retypes its last citext column: the uses the
    // database recorded under the old name are found under the new one. (Its identity
    // sequence is renamed with it: the second alter_column.)
    await step(WITH_CITEXT);
    const renamed = WITH_CITEXT.replace('label: ci_string', 'label: string').replace('table: tags }', 'table: labels, renamed_from: tags }');
    assert.equal((await step(renamed)).sort(), ['alter_column', 'alter_column', 'drop_extension', 'rename_constraint', 'rename_index', 'rename_table']);
    assert.equal(await t.query(`SELECT extname FROM pg_extension WHERE extname = 'citext'`), []);
  } finally {
    await t.close();
  }
});

test('an extension the files put in another schema than the installed one is refused, naming it; nothing changes', async () => {
  const t = await pglite(['citext']);
  try {
    await t.exec('CREATE EXTENSION citext; CREATE SCHEMA ext');
    const moved = `version: 1\nrepos:\n  default:\n    extensions: [{ name: citext, schema: ext }]\nresources:\n  Tag:\n    attributes:\n      id: integer_primary_key\n    postgres: { table: tags }\n`;
    const err = await planProject(t, (await loadProjectFromText('x.yaml', moved)).project!).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof PgdeclError, String(err));
    assert.equal(err.diagnostics.map((d) => [d.code, d.message]), [['extension_schema', 'the extension citext is installed in schema public, and the files put it in ext: pgdecl does not move an installed extension; nothing was changed']]);
    assert.match(err.diagnostics[0]!.suggestion ?? '', /ALTER EXTENSION citext SET SCHEMA ext/);
    assert.equal(await t.query(`SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'citext'`), [{ nspname: 'public' }]);
    assert.equal(await t.query(`SELECT to_regclass('public.tags') AS t`), [{ t: null }]);
  } finally {
    await t.close();
  }
});

test.run();
