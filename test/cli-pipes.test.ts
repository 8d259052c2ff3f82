/**
 * The real `pgdecl` binary writing more than a pipe holds (64 KiB) through real pipes: every
 * command with large output delivers all of it (a shell pipeline, and a reader that takes its
 * time), `| head` ends quietly with the command's own exit code, and a full disk is an error.
 * Plan and pull run on PostgreSQL 18, plan also on the embedded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './helpers/cli.js';
import { freshDatabase, servers, stopOwnServers } from './helpers/servers.js';

const BIN = fileURLToPath(new URL('../bin/pgdecl.js', import.meta.url));
const PIPE_BUFFER = 65_536;
const TABLES = 120;

/** A valid project whose SQL, IR and plan are several pipe buffers long (a plan in JSON is with far fewer tables). */
function bigProject(tables = TABLES): string {
  const lines = ['version: 1', 'resources:'];
  for (let i = 0; i < tables; i++) {
    lines.push(
      `  Thing${i}:`,
      '    attributes:',
      '      id: uuid_primary_key',
      '      title: { type: string, allow_nil: false, constraints: { max_length: 200 } }',
      '      body: { type: string, description: "A rather long description of the body text column" }',
      '      score: { type: integer, default: 0 }',
      '      slug: { type: string, allow_nil: false }',
      '      summary: { type: string, constraints: { max_length: 500 } }',
      '      rank: { type: float, default: 1.5 }',
      '      published: { type: boolean, allow_nil: false, default: false }',
      '      inserted_at: create_timestamp',
      ...(i > 0 ? ['    relationships:', `      parent: { type: belongs_to, destination: Thing${i - 1} }`] : []),
      `    postgres: { table: things_${i} }`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A project with an error in every resource (a type that does not exist). */
function brokenProject(): string {
  const lines = ['version: 1', 'resources:'];
  for (let i = 0; i < TABLES * 2; i++) lines.push(`  Broken${i}:`, '    attributes:', '      id: uuid_primary_key', '      name: { type: strnig }', '      size: { type: integr }', `    postgres: { table: broken_${i} }`);
  return lines.join('\n') + '\n';
}

let work = '';
let big = '';
let small = '';
const SMALL_TABLES = 16;
let broken = '';
let db: { url: string; drop: () => Promise<void> } | undefined;
const withoutTime = (s: string) => s.replace(/"createdAt": "[^"]*"/, '"createdAt": "…"');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const command = (args: readonly string[]) => [process.execPath, BIN, ...args].map(quote).join(' ');

/** `pgdecl ARGS | cat > FILE` in bash: what reached the reader, the command's exit code and stderr. */
function throughShellPipe(args: readonly string[], streams: '' | '2>&1' = ''): { out: string; code: number; stderr: string } {
  const out = join(work, 'piped.out');
  const r = spawnSync('bash', ['-c', `${command(args)} 2>${quote(join(work, 'piped.err'))} ${streams} | cat > ${quote(out)}; exit \${PIPESTATUS[0]}`], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
  return { out: readFileSync(out, 'utf8'), code: r.status ?? -1, stderr: readFileSync(join(work, 'piped.err'), 'utf8') };
}

/** A reader that pauses after every chunk it gets, so the writer waits on a full pipe many times. */
function throughSlowReader(args: readonly string[]): Promise<{ out: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => {
      chunks.push(d);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ out: Buffer.concat(chunks).toString('utf8'), code: code ?? -1 }));
  });
}

test.before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pgdecl-pipes-'));
  big = join(work, 'big.yaml');
  broken = join(work, 'broken.yaml');
  writeFileSync(big, bigProject());
  small = join(work, 'small.yaml');
  writeFileSync(small, bigProject(SMALL_TABLES));
  writeFileSync(broken, brokenProject());
  db = await freshDatabase((await servers()).find((s) => s.name === 'pg18')!);
});

test.after(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
  await stopOwnServers();
});

test('schema, sql, compile --json and validate deliver all their output through a pipe', async () => {
  const cases: { args: string[]; code: number; stream?: '2>&1' }[] = [
    { args: ['schema'], code: 0 },
    { args: ['sql', big], code: 0 },
    { args: ['compile', big, '--json'], code: 0 },
    { args: ['validate', broken, '--json'], code: 1 },
    { args: ['validate', broken], code: 1, stream: '2>&1' },
  ];
  for (const c of cases) {
    const expected = await runCli(c.args, { cwd: work });
    const want = c.stream ? expected.stdout + expected.stderr : expected.stdout;
    assert.ok(Buffer.byteLength(want) > PIPE_BUFFER, `${c.args.join(' ')} writes more than a pipe holds (${Buffer.byteLength(want)})`);
    const piped = throughShellPipe(c.args, c.stream ?? '');
    assert.is(piped.code, c.code, `${c.args.join(' ')}: exit code`);
    assert.is(Buffer.byteLength(piped.out), Buffer.byteLength(want), `${c.args.join(' ')}: every byte reached the reader`);
    assert.is(piped.out, want);
  }
});

test('a slow reader gets the whole SQL script, which PostgreSQL then runs; plan before and pull after it', async () => {
  const plans = [['plan', big, '--db', db!.url, '--json'], ['plan', big, '--db', db!.url]];
  for (const args of plans) {
    const expected = await runCli(args, { cwd: work });
    assert.ok(Buffer.byteLength(expected.stdout) > PIPE_BUFFER, `${args[0]} writes more than a pipe holds`);
    const piped = throughShellPipe(args);
    assert.is(piped.code, 0, piped.stderr);
    assert.is(withoutTime(piped.out), withoutTime(expected.stdout), `${args.join(' ')}: every byte reached the reader`);
  }
  const slow = await throughSlowReader(['sql', big]);
  assert.is(slow.code, 0);
  assert.ok(Buffer.byteLength(slow.out) > PIPE_BUFFER);
  assert.ok(slow.out.trimEnd().endsWith('COMMIT;'), 'the script ends with its COMMIT');
  const r = spawnSync('bash', ['-c', `${command(['sql', big])} | psql -X -q -v ON_ERROR_STOP=1 -d ${quote(db!.url)}`], { cwd: work, encoding: 'utf8', env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
  const pulled = throughShellPipe(['pull', '--db', db!.url]);
  assert.is(pulled.code, 0, pulled.stderr);
  assert.ok(Buffer.byteLength(pulled.out) > PIPE_BUFFER, 'pull writes more than a pipe holds');
  assert.is(pulled.out, (await runCli(['pull', '--db', db!.url], { cwd: work })).stdout);
  assert.match(pulled.out, new RegExp(`things_${TABLES - 1}`));
});

test('plan --json on the embedded database: all of it through a slow reader, and the process ends', async () => {
  const args = ['plan', small, '--db', 'pglite:memory', '--json'];
  const slow = await throughSlowReader(args);
  assert.is(slow.code, 0);
  assert.ok(Buffer.byteLength(slow.out) > PIPE_BUFFER);
  const plan = JSON.parse(slow.out) as { steps: unknown[] };
  assert.is(plan.steps.length, SMALL_TABLES * 2 - 1, 'a table per resource and a foreign key per parent');
});

test('| head ends quietly: no stack trace, the command exit code', () => {
  for (const args of [['schema'], ['validate', broken, '--json']]) {
    const r = spawnSync('bash', ['-c', `${command(args)} 2>${quote(join(work, 'head.err'))} | head -c 100 > /dev/null; exit \${PIPESTATUS[0]}`], { cwd: work });
    const stderr = readFileSync(join(work, 'head.err'), 'utf8');
    assert.is(stderr, '', `${args.join(' ')}: nothing on stderr`);
    assert.is(r.status, args[0] === 'validate' ? 1 : 0, `${args.join(' ')}: exit code`);
  }
  const both = spawnSync('bash', ['-c', `${command(['validate', broken])} 2>&1 | head -c 100 > /dev/null; exit \${PIPESTATUS[0]}`], { cwd: work });
  assert.is(both.status, 1, 'stderr into a closed pipe: the exit code of validate');
});

test('output that cannot be written (a full disk) is an error, exit 1', () => {
  const r = spawnSync('bash', ['-c', `${command(['schema'])} > /dev/full`], { cwd: work, encoding: 'utf8' });
  assert.is(r.status, 1);
  assert.match(r.stderr, /cannot write the output: ENOSPC/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
});

test.run();
