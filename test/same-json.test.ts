/**
 * `sameJson` (src/ir/canonical.ts) is what the differ compares definitions with: it must agree
 * with comparing their canonical JSON, `stableStringify(a) === stableStringify(b)`, on every pair
 * of values the IR can hold, equal or not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { sameJson, stableStringify } from '../src/ir/canonical.js';

const agrees = (a: unknown, b: unknown) => sameJson(a, b) === (stableStringify(a) === stableStringify(b));

/** IR-like values: JSON with undefined fields (left out), and the numbers JSON prints alike. */
const key = fc.constantFrom('name', 'columns', 'type', 'expression', 'deferrable', 'a', 'b', 'c');
const leaf = fc.oneof(fc.constantFrom<unknown>(null, undefined, true, false, 0, -0, 1, NaN, Infinity, '', 'x', 'id'), fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }));
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
}));

/** The same value with its objects' keys in another order and undefined fields added or dropped. */
function reshuffled(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reshuffled(x, seed + i));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v).filter(([, x]) => x !== undefined || seed % 3 !== 0);
  if (seed % 2) entries.reverse();
  const out: Record<string, unknown> = Object.fromEntries(entries.map(([k, x], i) => [k, reshuffled(x, seed + i + 1)]));
  if (seed % 5 === 0) out['extra'] = undefined;
  return out;
}

test('agrees with comparing canonical JSON, on unrelated values', () => {
  fc.assert(fc.property(value, value, (a, b) => agrees(a, b)), { numRuns: 3000 });
});

test('agrees on a value and a reordered copy (equal) and on a copy with one leaf changed', () => {
  fc.assert(
    fc.property(value, fc.nat(), leaf, (a, seed, other) => {
      const b = reshuffled(a, seed);
      assert.ok(sameJson(a, b), 'a reordered copy is the same');
      const changed = JSON.parse(JSON.stringify({ v: a }, (_k, x) => (typeof x === 'string' && x === 'id' ? other : x)) ?? '{}').v as unknown;
      return agrees(a, changed) && agrees(b, changed);
    }),
    { numRuns: 2000 },
  );
});

test('the cases JSON prints alike or apart', () => {
  assert.ok(sameJson({ a: 1, b: undefined }, { a: 1 }), 'an undefined field is left out');
  assert.ok(sameJson([undefined], [null]), 'in an array, undefined prints as null');
  assert.ok(sameJson(NaN, null) && sameJson(-0, 0), 'NaN prints as null, -0 as 0');
  assert.not.ok(sameJson({}, []), 'an object is not an array');
  assert.not.ok(sameJson(null, {}), 'null is not an object');
  assert.not.ok(sameJson({ a: null }, {}), 'a null field is printed');
  assert.not.ok(sameJson([1, 2], [2, 1]), 'arrays keep their order');
  assert.ok(sameJson(undefined, undefined) && !sameJson(undefined, null));
});

test.run();
