/**
 * `mkdir -p` that always returns: Node's `mkdirSync(dir, { recursive: true })` never returns
 * on some paths (`/proc/x/y`: the kernel answers ENOENT for a parent that exists). Each missing
 * level is created on its own; the first that fails throws what the file system says.
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

/** The path's status; undefined when it, or a part of it, does not exist as a directory (the walk goes up to find which). */
function statOrMissing(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Creates `dir` and its missing parents; a file in the way throws ENOTDIR naming it (`path`). */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; ; ) {
    const st = statOrMissing(at);
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
