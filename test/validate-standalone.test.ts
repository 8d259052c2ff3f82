/**
 * The validator compiled ahead of time (src/validate/schema/standalone.ts) gives the same
 * verdict as the one Ajv compiles at run time, on every YAML file of the fixtures (valid and
 * invalid ones) and on each of them made wrong in several ways; and it is used only when it
 * was built from the schema as it is.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { schemaValidator } from '../src/validate/schema/ajv.js';
import { schemaUrl } from '../src/util/package-file.js';
import { schemaHash, standaloneSource } from '../src/validate/schema/standalone.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

const schemaText = readFileSync(schemaUrl(), 'utf8');
const source = await standaloneSource(schemaText);
const mod: { exports: unknown } = { exports: {} };
new Function('require', 'module', 'exports', source)(createRequire(import.meta.url), mod, mod.exports);
const built = mod.exports as ((v: unknown) => boolean) & { schemaHash: string };

/** Ways of making a document wrong: a stray key, wrong types where resources and attributes are. */
function broken(doc: unknown): unknown[] {
  if (!doc || typeof doc !== 'object') return [];
  const d = doc as Record<string, unknown>;
  const out: unknown[] = [{ ...d, no_such_key: 1 }, { ...d, version: 'one' }];
  const resources = d.resources;
  if (resources && typeof resources === 'object' && !Array.isArray(resources)) {
    const [name, first] = Object.entries(resources)[0] ?? [];
    if (name !== undefined) {
      out.push({ ...d, resources: { ...resources, [name]: 42 } });
      const r = first as Record<string, unknown>;
      if (r && typeof r === 'object') {
        out.push({ ...d, resources: { ...resources, [name]: { ...r, attributes: { x: { type: 'no_such_type' } } } } });
        out.push({ ...d, resources: { ...resources, [name]: { ...r, postgres: { ...(r.postgres as object), table: 7 } } } });
        out.push({ ...d, resources: { ...resources, [name]: { ...r, identities: { u: { keys: 'email' } } } } });
      }
    }
  }
  return out;
}

test('the built validator agrees with the compiled one on every fixture and on broken copies of them', () => {
  const full = schemaValidator().validate;
  let valid = 0;
  let invalid = 0;
  const disagree: string[] = [];
  for (const file of yamlFiles('fixtures')) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const [i, d] of [doc, ...broken(doc)].entries()) {
      const a = full(d) as boolean;
      if (a !== built(d)) disagree.push(`${file} #${i}: compiled ${a}`);
      if (a) valid++;
      else invalid++;
    }
  }
  assert.equal(disagree, []);
  // Both verdicts are exercised many times.
  assert.ok(valid > 100 && invalid > 500, `${valid} valid, ${invalid} invalid`);
});

test('the built validator carries the hash of the schema it was built from', () => {
  assert.is(built.schemaHash, schemaHash(schemaText));
  assert.is.not(built.schemaHash, schemaHash(schemaText.replace('"', ' "')));
});

test.run();
