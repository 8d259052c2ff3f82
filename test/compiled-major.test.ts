/**
 * The files are compiled once per major version of the server (src/plan/compiled.ts): what
 * 18.0 compiles is what 18.6 would. The embedded database, whose extensions are compiled
 * before it is opened (with 180000) and which then reports its own version (18.x), is compiled
 * once. Two checks hold the assumption: every compile fixture compiles alike for two minor
 * versions of each major, and no code that compiles, provisions or plans names a version that
 * is not a major one (`170000`, not `170002`).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjectOrThrow } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { withTenantProvisioning } from '../src/tenants/provision.js';
import { compiledFor, embeddedExtensions } from '../src/plan/compiled.js';
import { stableStringify } from '../src/ir/canonical.js';
import { FIXTURES_DIR, listFixtures } from './helpers/fixtures.js';
import type { Project } from '../src/model/resource.js';

const load = async (dir: string): Promise<Project> => (await loadProjectOrThrow([join(dir, 'resources.yaml')], { env: {}, cwd: dir })).project;

test('every compile fixture compiles and is provisioned alike for two minor versions of one major', async () => {
  const fixtures = listFixtures();
  assert.ok(fixtures.length >= 40);
  for (const f of fixtures) {
    const project = await load(f.dir);
    for (const major of [15, 18]) {
      const [a, b] = await Promise.all([major * 10000, major * 10000 + 6].map(async (v) => {
        const r = await compileProject(project, { pgVersion: v });
        return stableStringify({ ...r, ...withTenantProvisioning(r.catalog, r.origins, project, v) });
      }));
      assert.ok(a === b, `${f.name}: PostgreSQL ${major}.0 and ${major}.6 compile differently`);
    }
  }
});

test('the code that compiles, provisions and plans tests major versions only', () => {
  const root = fileURLToPath(new URL('../src/', import.meta.url));
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  const minor: string[] = [];
  for (const folder of ['compile', 'render', 'plan', 'ir', 'diff', 'tenants', 'sql']) {
    for (const file of files(join(root, folder))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/^\s*(\*|\/\/|\/\*)/.test(line)) return;
        for (const m of line.matchAll(/\b1[0-9]([0-9]{4})\b/g)) if (m[1] !== '0000') minor.push(`${file.slice(root.length)}:${i + 1}: ${m[0]}`);
      });
    }
  }
  assert.equal(minor, []);
});

test('one compile serves every minor version of a major, each with its own server version; another major compiles again', async () => {
  const project = await load(join(FIXTURES_DIR, 'extensions-implied'));
  const first = await compiledFor(180000, project);
  const later = await compiledFor(180006, project);
  assert.is(later.catalog, first.catalog, 'the same compiled catalog, not a second compile');
  assert.is(first.serverVersion, 180000);
  assert.is(later.serverVersion, 180006);
  const other = await compiledFor(150004, project);
  assert.is.not(other.catalog, first.catalog);
  assert.is(other.serverVersion, 150004);
});

test("the embedded database's extensions come from the compile the plan then uses", async () => {
  const project = await load(join(FIXTURES_DIR, 'extensions-implied'));
  assert.equal(await embeddedExtensions(180000, project), ['btree_gist', 'citext', 'pg_trgm', 'pgcrypto', 'uuid-ossp']);
  const before = await compiledFor(180000, project);
  assert.is((await compiledFor(180006, project)).catalog, before.catalog);
});

test('files that do not compile: no extensions, and the plan stops on their errors', async () => {
  // NULLS NOT DISTINCT needs PostgreSQL 15: the same files do not compile for 14.
  const project = await load(join(FIXTURES_DIR, 'index-nulls-not-distinct'));
  assert.equal(await embeddedExtensions(140000, project), []);
  try {
    await compiledFor(140002, project);
    assert.unreachable('compiled');
  } catch (e) {
    assert.is((e as Error).name, 'PgdeclError');
    assert.match((e as Error).message, /PostgreSQL 15/);
  }
  assert.ok((await compiledFor(150000, project)).catalog.tables.length > 0, 'for 15 they do');
});

test.run();
