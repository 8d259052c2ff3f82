/**
 * `pgdecl.sum`: the integrity sum of a migrations folder (like Atlas's atlas.sum).
 *
 *   h1:Xq3T…=                                   ← sha256 over the lines below
 *   20260101120000_initial.sql h1:K2s9…=         ← running sha256 over every file so far
 *   snapshots/20260101120000_initial.json h1:…=
 *
 * Files are listed in path order (migrations, then `snapshots/…`). Each line's hash is the
 * sha256 of every path and content up to and including that file, so it chains the lines
 * before it: editing, adding or removing any file changes its line and every line after.
 * `pgdecl generate` rewrites the sum; `migrate`, `rollback` and `generate` refuse a folder
 * whose files no longer match it.
 */
import { createHash } from 'node:crypto';
import { PgdeclError } from '../model/diagnostic.js';

export const SUM_FILE = 'pgdecl.sum';

export interface SumEntry {
  readonly path: string;
  readonly hash: string;
}

export interface FolderFile {
  /** Relative to the migrations folder, with `/`. */
  readonly path: string;
  readonly content: string;
}

const h1 = (digest: Buffer) => 'h1:' + digest.toString('base64');

/** The entries for a folder's files (any order given; sorted here). */
export function sumEntries(files: readonly FolderFile[]): SumEntry[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const h = createHash('sha256');
  return sorted.map((f) => {
    h.update(f.path);
    h.update(f.content);
    return { path: f.path, hash: h1(h.copy().digest()) };
  });
}

/** The text of `pgdecl.sum` for these files. */
export function renderSum(files: readonly FolderFile[]): string {
  const body = sumEntries(files).map((e) => `${e.path} ${e.hash}\n`).join('');
  return `${h1(createHash('sha256').update(body).digest())}\n${body}`;
}

/** Checksum of one migration file, as the tracking table records it. */
export function checksum(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

const REHASH = 'if you changed it on purpose and the migration has not been applied to any database yet, run `pgdecl generate --rehash` to write a new sum; otherwise restore it from version control (git checkout -- <file>) and put the change in a new migration';

/**
 * Throws a PgdeclError naming the first file that does not match `sumText`, and what to do.
 * `dir` is the folder as the user names it (for messages).
 */
export function verifySum(dir: string, sumText: string | undefined, files: readonly FolderFile[]): void {
  const fail = (message: string, suggestion = REHASH) => {
    throw new PgdeclError({ code: 'migration_sum_mismatch', severity: 'error', message, suggestion });
  };
  if (sumText === undefined) {
    if (files.length === 0) return;
    fail(`${dir}/${SUM_FILE} is missing, so pgdecl cannot tell whether the migrations were changed since they were generated`, 'run `pgdecl generate --rehash` to write it (after checking the migrations are as generated)');
    return;
  }
  const lines = sumText.split('\n').filter((l) => l.trim() !== '');
  const [total, ...rest] = lines;
  const recorded: SumEntry[] = [];
  for (const l of rest) {
    const m = /^(.+) (h1:[A-Za-z0-9+/=]+)$/.exec(l);
    if (!m) {
      fail(`${dir}/${SUM_FILE} is damaged: the line "${l}" is not "<file> h1:<hash>"`);
      return;
    }
    recorded.push({ path: m[1]!, hash: m[2]! });
  }
  const body = recorded.map((e) => `${e.path} ${e.hash}\n`).join('');
  if (total !== h1(createHash('sha256').update(body).digest())) fail(`${dir}/${SUM_FILE} was edited by hand: its first line is not the hash of the lines below it`);
  const actual = sumEntries(files);
  const n = Math.max(actual.length, recorded.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const r = recorded[i];
    if (a && r && a.path === r.path && a.hash === r.hash) continue;
    if (a && r && a.path === r.path) fail(`${dir}/${a.path} was changed after ${dir}/${SUM_FILE} was written`);
    const inSum = new Set(recorded.map((e) => e.path));
    const onDisk = new Set(actual.map((e) => e.path));
    if (a && !inSum.has(a.path)) fail(`${dir}/${a.path} is not in ${dir}/${SUM_FILE}: it was added by hand or copied from another branch`);
    if (r && !onDisk.has(r.path)) fail(`${dir}/${r.path} is listed in ${dir}/${SUM_FILE} but is gone`, 'restore it from version control (git checkout -- <file>); if you removed it on purpose and it was never applied, run `pgdecl generate --rehash`');
    fail(`${dir}/${SUM_FILE} does not match the folder at ${a?.path ?? r?.path}`);
  }
}
