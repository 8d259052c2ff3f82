#!/usr/bin/env node
// The test command (`npm test`): starts the real PostgreSQL servers once, runs every
// test/**/*.test.ts file in its own Node process (three at a time: most of a file's time is spent waiting on a database), prints each
// file's uvu output, and ends with one line `N passed, N failed`. The files run compiled to
// JavaScript (./test-build.mjs: a copy laid out as the repository, built once per run).
//
//   npm test                      every test file
//   npm test -- compile quote     only files whose path contains one of the words
//   UPDATE_GOLDEN=1 npm test      rewrite golden files instead of comparing them
//
// Servers are announced to the test files through PGDECL_TEST_SERVERS (JSON
// [{name, url}]). A file run on its own (`node --import tsx test/x.test.ts`) starts its own.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServers } from './test-servers.mjs';
import { buildTestCopy } from './test-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILE_TIMEOUT_MS = Number(process.env.PGDECL_TEST_TIMEOUT_MS ?? 15 * 60 * 1000);
const JOBS = Number(process.env.PGDECL_TEST_JOBS ?? 3);

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = findTests(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((w) => relative(root, f).includes(w)));
if (files.length === 0) {
  console.error(`no test file matches ${filters.join(' ')}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function runFile(file, env, compiled) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--enable-source-maps', compiled(file)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[test runner] ${relative(root, file)} did not finish within ${FILE_TIMEOUT_MS / 1000} s: killed\n`;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = strip(out);
      const total = Number(/Total:\s+(\d+)/.exec(text)?.[1] ?? NaN);
      const passed = Number(/Passed:\s+(\d+)/.exec(text)?.[1] ?? NaN);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(text)?.[1] ?? 0);
      let result;
      if (Number.isNaN(total) || Number.isNaN(passed)) result = { passed: 0, failed: 1, skipped: 0 };
      else result = { passed, failed: total - passed + (code !== 0 && total === passed ? 1 : 0), skipped };
      resolve({ file, out, code, ms: Date.now() - started, ...result });
    });
  });
}

const t0 = Date.now();
let copy;
try {
  copy = await buildTestCopy(root);
} catch (e) {
  console.error(`could not compile the test files: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
let servers;
const env = { ...process.env, FORCE_COLOR: '0' };
if (!process.env.PGDECL_TEST_SERVERS) {
  try {
    servers = await startServers({ pgliteTemplate: true });
  } catch (e) {
    console.error(`could not start the test servers: ${e.message}`);
    copy.remove();
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  env.PGDECL_TEST_SERVERS = JSON.stringify(servers.servers.map(({ name, url }) => ({ name, url })));
  if (servers.pgliteTemplate) env.PGDECL_TEST_PGLITE_TEMPLATE = servers.pgliteTemplate;
  console.log(`servers: ${servers.servers.map((s) => s.name).join(', ')} (${Date.now() - t0} ms)`);
  if (process.env.CI && !servers.servers.some((s) => s.name === 'pg15')) {
    console.error('CI must test on PostgreSQL 15, and /usr/lib/postgresql/15/bin is missing');
    await servers.stop();
    copy.remove();
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

// The longest files start first (measured in a full run: each takes 55 s to 125 s there), so
// the run does not end on one long file with the other core idle.
const LONGEST_FIRST = ['converge.test', 'evolve.test', 'property.test', 'online', 'roundtrip', 'execute.test', 'converged', 'migrations-evolve', 'cli-pipes', 'migrations-example'];
const weight = (f) => {
  const i = LONGEST_FIRST.findIndex((w) => relative(root, f).includes(w));
  return i < 0 ? LONGEST_FIRST.length : i;
};
const results = [];
const queue = [...files].sort((a, b) => weight(a) - weight(b) || (a < b ? -1 : 1));
async function worker() {
  for (let f = queue.shift(); f; f = queue.shift()) {
    const r = await runFile(f, env, copy.compiled);
    results.push(r);
    const status = r.failed ? 'FAIL' : 'ok  ';
    process.stdout.write(`\n=== ${status} ${relative(root, f)} (${(r.ms / 1000).toFixed(1)} s)\n${r.out.trimEnd()}\n`);
  }
}
try {
  await Promise.all(Array.from({ length: Math.max(1, JOBS) }, worker));
} finally {
  if (servers) await servers.stop();
  copy.remove();
}

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const skipped = results.reduce((a, r) => a + r.skipped, 0);
const failedFiles = results.filter((r) => r.failed).map((r) => relative(root, r.file));
console.log(`\n${files.length} test files in ${((Date.now() - t0) / 1000).toFixed(1)} s${failedFiles.length ? `; failing: ${failedFiles.join(', ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
