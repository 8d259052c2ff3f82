/**
 * `mkdir -p` that always returns: Node's `mkdirSync(dir, { recursive: true })` never returns
 * on some paths (`/proc/x/y`: the kernel answers ENOENT for a parent that exists). Each missing
 * level is created on its own; the first that fails throws what the file system says.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; ; ) {
    const st = statSync(at, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      // Made meanwhile by another process: fine, if it is a directory.
      if ((e as { code?: string }).code !== 'EEXIST' || !statSync(level).isDirectory()) throw e;
    }
  }
}
