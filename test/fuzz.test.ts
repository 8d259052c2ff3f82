/**
 * Fuzz: random edits of resources.example.yaml and of random resource files (the property
 * test's generator), at the level of text — characters, tokens, lines, indentation — go
 * through the in-process pipeline (load, validate, compile, print the diagnostics) without
 * an exception that is not a pgdecl error, and every message is clean. A sample of them goes
 * through the real command line: exit code 0, 1 or 2, never a stack trace.
 *
 * The seed is fixed (FUZZ_SEED to try another); a failure prints it with the shrunk input.
 * FUZZ_RUNS sets the number of in-process runs (default 1,000).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjectFromText } from '../src/validate/project.js';
import { compileProject } from '../src/compile/index.js';
import { formatDiagnostics } from '../src/render/diagnostics.js';
import { PgdeclError } from '../src/model/diagnostic.js';
import { applyEdits, editArb, schemaArb, toYaml } from './helpers/random-schema.js';
import { inBatches, runBin } from './helpers/bin.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const CLI_SAMPLE = 30;
const EXAMPLE = readFileSync(fileURLToPath(new URL('../resources.example.yaml', import.meta.url)), 'utf8');

const TOKENS = [
  '', ' ', '  ', '\n', '\t', '\r\n', ':', ': ', '-', '- ', '{', '}', '[', ']', ',', '"', "'", '#', '&a ', '*a', '<<: *a', '!!str ', '!!binary ', '---\n', '...\n',
  '${X}', '${UNSET}', '$${', '%', '@', '|', '>-', '?', '\\', 'null', '~', 'true', 'no', '0', '-1', '1e400', '0x1F', '.inf', '99999999999999999999',
  'pg_catalog', 'pgdecl', 'information_schema', 'pg_toast_1', 'é', '💥', '\u0000', '\u202e', '\ufeff', 'x'.repeat(300), 'id', 'type', 'postgres', 'attributes',
  'relationships', 'table', 'schema', 'renamed_from', 'string', 'integer', 'decimal', 'belongs_to', 'has_many', 'custom_indexes', 'fields', 'check', 'where',
  "it's", 'semi;colon', '"quoted"', 'DROP TABLE x', '1); DROP TABLE x; --', '$$', 'E\'\\x\'', 'constraints', 'max_length', 'identities', 'keys', 'multitenancy',
];

type Mutation =
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; token: string }
  | { kind: 'dup_line' | 'drop_line'; line: number }
  | { kind: 'swap_lines'; line: number; other: number }
  | { kind: 'indent'; line: number; by: number };

const token = fc.constantFrom(...TOKENS);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }), token }),
  fc.record({ kind: fc.constantFrom('dup_line' as const, 'drop_line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap_lines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length ? ('at' in m ? m.at % (t.length + 1) : 0) : 0;
    if (m.kind === 'insert') t = t.slice(0, at) + m.token + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
    else if (m.kind === 'replace') t = t.slice(0, at) + m.token + t.slice(at + m.length);
    else {
      const lines = t.split('\n');
      const i = m.line % lines.length;
      if (m.kind === 'dup_line') lines.splice(i, 0, lines[i]!);
      else if (m.kind === 'drop_line') lines.splice(i, 1);
      else if (m.kind === 'swap_lines') {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      } else if (m.kind === 'indent') lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '');
      t = lines.join('\n');
    }
  }
  return t;
}

const exampleEdit = fc.array(mutation, { minLength: 1, maxLength: 5 }).map((ms) => mutate(EXAMPLE, ms));
const randomFileEdit = fc.tuple(schemaArb, editArb, fc.array(mutation, { minLength: 0, maxLength: 3 })).map(([a, edits, ms]) => mutate(toYaml(applyEdits(a, edits)), ms));

/** Output that betrays a bug rather than explaining the user's mistake. */
function problemIn(text: string): string | undefined {
  if (/\[object Object\]/.test(text)) return '[object Object] in a message';
  if (/^\s+at .+:\d+:\d+\)?$/m.test(text)) return 'a stack trace';
  if (/\b(TypeError|RangeError|ReferenceError|SyntaxError): /.test(text)) return 'a JavaScript error';
  if (/\bundefined\b/.test(text)) return '"undefined" in a message';
  return undefined;
}

/** The in-process pipeline, as every command runs it. Returns a problem, or undefined. */
async function pipeline(text: string): Promise<string | undefined> {
  try {
    const r = await loadProjectFromText('resources.yaml', text, { env: { X: 'value' } });
    const shown = formatDiagnostics(r.diagnostics, r.sources);
    const bad = problemIn(shown);
    if (bad) return `${bad}:\n${shown}`;
    if (r.diagnostics.some((d) => d.severity === 'error') !== (r.project === undefined)) return 'errors and project disagree';
    if (!r.project) return undefined;
    {
      const c = await compileProject(r.project, { pgVersion: 180000 });
      const out = formatDiagnostics(c.diagnostics, r.sources);
      const cbad = problemIn(out);
      if (cbad) return `compile: ${cbad}:\n${out}`;
      JSON.stringify(c.catalog);
    }
    return undefined;
  } catch (e) {
    if (e instanceof PgdeclError) return problemIn(e.message);
    return `threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`;
  }
}

async function check(arb: fc.Arbitrary<string>, runs: number, label: string): Promise<void> {
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (text) => {
        const problem = await pipeline(text);
        if (problem) throw new Error(`${problem}\n--- the file:\n${text.slice(0, 4000)}`);
      }),
      { seed: SEED, numRuns: runs },
    );
  } catch (e) {
    throw new Error(`${label}: failed with FUZZ_SEED=${SEED} (rerun: FUZZ_SEED=${SEED} node --import tsx test/fuzz.test.ts)\n${(e as Error).message}`);
  }
}

test(`random edits of resources.example.yaml: no crash, clean messages (${Math.round(RUNS * 0.6)} runs, seed ${SEED})`, async () => {
  await check(exampleEdit, Math.round(RUNS * 0.6), 'example edits');
});

test(`random resource files, edited: no crash, clean messages (${Math.round(RUNS * 0.4)} runs, seed ${SEED})`, async () => {
  await check(randomFileEdit, Math.round(RUNS * 0.4), 'random files');
});

test(`a sample through the real command line: exit 0, 1 or 2, never a stack trace (${CLI_SAMPLE} runs, seed ${SEED})`, async () => {
  const texts = [...fc.sample(exampleEdit, { seed: SEED, numRuns: CLI_SAMPLE / 2 }), ...fc.sample(randomFileEdit, { seed: SEED + 1, numRuns: CLI_SAMPLE / 2 })];
  const root = mkdtempSync(join(tmpdir(), 'pgdecl-fuzz-'));
  try {
    const jobs = texts.map((text, i) => async () => {
      const dir = join(root, String(i));
      mkdirSync(dir);
      writeFileSync(join(dir, 'resources.yaml'), text);
      // Half validate, half compile: both read, validate and (when valid) compile the files.
      const argv = i % 2 === 0 ? ['validate', '.'] : ['compile', '.', '--json'];
      return { i, argv, text, run: await runBin(argv, { cwd: dir }) };
    });
    for (const { i, argv, text, run } of await inBatches(jobs, 3)) {
      const label = `sample ${i} (FUZZ_SEED=${SEED}), pgdecl ${argv.join(' ')}`;
      assert.ok(run.code === 0 || run.code === 1 || run.code === 2, `${label}: exit code ${String(run.code)}\n${run.stderr}\n--- the file:\n${text.slice(0, 3000)}`);
      const bad = problemIn(run.stderr);
      assert.not.ok(bad, `${label}: ${bad}\n${run.stderr}\n--- the file:\n${text.slice(0, 3000)}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
