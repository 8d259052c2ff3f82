/**
 * A real headless browser for tests: Debian's `chromium`, installed with apt-get where it is
 * missing. `chromium()` is undefined (and says why) only when it is not there and cannot be
 * installed. Every run uses its own profile and no network services.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PATH = '/usr/bin/chromium';

let found: { path?: string; why?: string } | undefined;

/** The browser's path, installing it first if needed; or undefined and the reason. */
export function chromium(): { path?: string; why?: string } {
  if (found) return found;
  if (existsSync(PATH)) return (found = { path: PATH });
  const r = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y chromium'], { encoding: 'utf8', timeout: 15 * 60 * 1000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status === 0 && existsSync(PATH)) return (found = { path: PATH });
  return (found = { why: `chromium is not installed and \`apt-get install -y chromium\` failed (exit ${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-2).join(' ')}` });
}

function run(args: readonly string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'pgdecl-chromium-'));
  try {
    const r = spawnSync(
      chromium().path!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM after the page's scripts ran, serialised. */
export const dumpDom = (url: string): string => run(['--dump-dom', url]);

/** A PNG screenshot of the page at the given size. */
export function screenshot(url: string, file: string, width = 1280, height = 900): void {
  run([`--screenshot=${file}`, `--window-size=${width},${height}`, '--hide-scrollbars', url]);
}
