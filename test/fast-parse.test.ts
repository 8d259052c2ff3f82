/**
 * The fast parser for pieces of files (src/load/fast-parse.ts): whenever it gives a value, it
 * is the value `yaml` gives (the parser of record, src/load/parse-document.ts); what it is not
 * certain of it leaves to `yaml`. Every fixture's pieces go through it in chunks.test.ts; here
 * the scalars where YAML parsers differ, what is refused, and generated documents in every
 * style `yaml` writes (folded lines, block scalars, flow collections, quoting).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fastValue } from '../src/load/fast-parse.js';
import { parseText } from '../src/load/parse-document.js';
import { splitChunks } from '../src/load/chunks.js';
import { generate } from '../bench/plan-apply.js';

/** yaml's value for a text it reads without a problem. */
function slow(text: string): unknown {
  const r = parseText('f.yaml', text);
  assert.equal(r.diagnostics.map((d) => d.message), [], `yaml reads it: ${JSON.stringify(text)}`);
  return r.value;
}

/** The fast value, which must equal yaml's when given; whether it was given. */
function agrees(text: string): boolean {
  const fast = fastValue(text);
  if (fast === undefined) return false;
  assert.equal(fast, slow(text), JSON.stringify(text));
  return true;
}

const SCALARS = [
  '1', '-1', '+12', '0', '-0', '007', '0o17', '0o8', '0x1F', '0xg', '0b101', '1_000', '1.', '.5', '-.5', '1.50', '1e3', '1E-3', '+1.5e+3', '1.e2', '.e2',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan', 'inf', 'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'Null', 'NULL', '~', 'nULL',
  '2001-12-14', '12:30:00', '1:20', '0.1.2', 'a b', "it's", '"double \\u00e9 \\x41 \\t tab \\\\"', "'single '' quote'", '"\\N\\_\\L\\P"', '"a\\\nb"',
  'text with # not a comment', 'url: inside? no', "'1'", '"true"', '""', "''", 'é', '😀',
];

test('scalars: numbers, booleans, nulls, dates, quoted and escaped strings read as yaml reads them', () => {
  let fast = 0;
  for (const s of SCALARS) if (agrees(`  X:\n    v: ${s}\n    list: [${s.includes(':') || s.includes('#') ? "'x'" : s}, b]\n`)) fast++;
  assert.ok(fast > SCALARS.length * 0.9, `${fast} of ${SCALARS.length} read fast`);
});

test('block scalars, folded plain lines, comments and flow collections read as yaml reads them', () => {
  const texts = [
    '  X:\n    a: |\n      line one\n        indented\n\n      after blank\n    b: >\n      folded\n      text\n\n      para\n    c: |-\n      strip\n    d: |+\n      keep\n\n    e: 1\n',
    '  X:\n    a: plain text that\n      goes on over\n\n      lines\n    b: "double\n      folded  \n\n      lines"\n    c: \'single\n      folded\'\n',
    '  X:  # comment\n    # a comment line\n    a: { b: 1, c: [1, 2, {d: e}], f: "g, h" }   # after\n    i:\n      - j\n      - k: l\n        m: n\n      -\n        - nested\n',
    '  X:\n    a: |2\n        two more\n    b: >-\n\n      leading blank\n    empty:\n    list:\n    - 1\n    - 2\n',
    '  X:\n    a: [ ]\n    b: { }\n    c: [a, [b, [c]]]\n    d: {a: {b: {c: d}}}\n    e: ""\n',
  ];
  for (const t of texts) assert.ok(agrees(t), `read fast: ${JSON.stringify(t)}`);
});

test('what the fast parser is not certain of is left to yaml', () => {
  const refused = [
    '  X:\n    a: &a 1\n    b: *a\n', // anchor and alias
    '  X:\n    a: !!str 1\n', // tag
    '  X:\n    a: !custom 1\n',
    '  X:\n    null: 1\n', // keys the core schema resolves
    '  X:\n    ~: 1\n',
    '  X:\n    1: a\n',
    '  X:\n    true: a\n',
    '  X:\n    "a b": 1\n',
    '  X:\n    "null": 1\n',
    '  X:\n    __proto__: 1\n',
    '  X:\n    a: 1\n    a: 2\n', // duplicate key
    '  X:\n    a: 1e400\n', // too large for a double: Infinity for yaml
    `  X:\n    a: ${'9'.repeat(400)}\n`,
    `  X:\n    a: 0x${'f'.repeat(300)}\n`,
    '  X:\n\ta: 1\n', // tab
    '  X:\r\n    a: 1\r\n',
    '---\n  X:\n    a: 1\n',
    '  X:\n    a: [1, 2\n', // syntax error
    `  X:\n    a: ${'['.repeat(60)}${']'.repeat(60)}\n`, // deeper than resource files nest
    `  X:\n    ${'c'.repeat(1030)}: 1\n`, // yaml refuses an implicit key over 1,024 characters
    `  X:\n    title${' '.repeat(1030)}: 1\n`,
  ];
  for (const t of refused) assert.is(fastValue(t), undefined, JSON.stringify(t));
});

test('the benchmark model: every resource is read fast, as yaml reads it', () => {
  const tops = splitChunks(generate(50))!;
  let n = 0;
  for (const top of tops) for (const e of 'entries' in top ? top.entries : [top]) {
    assert.ok(agrees(e.text), e.key);
    n++;
  }
  assert.ok(n >= 50);
});

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).filter((k) => !['null', 'true', 'false'].includes(k));
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', '#', ':', '-', '"', "'", '\\', '{', '[', ',', 'é', '1', '.', 'e'), maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const doc = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(name, tie('value'), { maxKeys: 4 })),
})).value;

test('generated documents, written by yaml in every style, read as yaml reads them (property)', () => {
  let fast = 0;
  fc.assert(
    fc.property(
      fc.dictionary(name, doc, { minKeys: 1, maxKeys: 3 }),
      fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      fc.boolean(),
      fc.integer({ min: 0, max: 60 }),
      (value, defaultStringType, flow, lineWidth) => {
        const text = stringify({ X: value }, { defaultStringType: defaultStringType as 'PLAIN', collectionStyle: flow ? 'flow' : 'block', lineWidth, minContentWidth: 0 });
        // Indented as a piece of `resources:` is.
        if (agrees(text.replace(/^(?=.)/gm, '  '))) fast++;
      },
    ),
    { numRuns: 600 },
  );
  assert.ok(fast > 300, `${fast} of 600 read fast`);
});

const PIECE = generate(3).split('\n').slice(0, 40).join('\n') + '\n';
const MUTATION = fc.constantFrom(' ', '  ', '\n', '- ', ': ', ':', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '?', '@', '`', '\\', 'x', '1', '.', '-');

test('damaged text: whatever the fast parser reads, yaml reads alike and without a problem (property)', () => {
  let fast = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat({ max: PIECE.length }), MUTATION, fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 }), (edits) => {
      let text = PIECE;
      for (const [at, insert, cut] of edits) text = text.slice(0, Math.min(at, text.length)) + insert + text.slice(Math.min(at, text.length) + cut);
      if (agrees(text)) fast++;
    }),
    { numRuns: 1000 },
  );
  assert.ok(fast > 50, `${fast} of 1000 read fast`);
});

test.run();
