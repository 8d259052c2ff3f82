/**
 * Which files a list of paths means: files as given, folders searched recursively (sorted;
 * `.yaml`, `.yml`, `.json`; hidden entries and node_modules skipped). Paths are shown to
 * the user relative to the working directory when inside it.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { LOAD } from './codes.js';

export const RESOURCE_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** As shown in messages: relative to cwd when inside it, else absolute. */
  readonly display: string;
  readonly size: number;
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

const isResourceFile = (name: string) => RESOURCE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

async function walkFolder(dir: string, out: { path: string; size: number }[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walkFolder(p, out);
    else if (isResourceFile(e.name)) {
      const s = await stat(p).catch(() => undefined);
      if (s?.isFile()) out.push({ path: p, size: s.size });
    }
  }
}

function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return e instanceof Error ? e.message : String(e);
}

export async function discoverFiles(paths: readonly string[], cwd: string): Promise<{ files: FoundFile[]; diagnostics: Diagnostic[] }> {
  const files: FoundFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (path: string, size: number) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, display: displayPath(path, cwd), size });
  };
  for (const given of paths) {
    const path = resolve(cwd, given);
    const display = displayPath(path, cwd);
    const where = { src: { file: display, pointer: '' } };
    let s;
    try {
      s = await stat(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') diagnostics.push({ code: LOAD.fileNotFound, severity: 'error', message: "no such file or folder", ...where });
      else diagnostics.push({ code: LOAD.fileUnreadable, severity: 'error', message: `cannot read ${display}: ${ioMessage(e)}`, ...where });
      continue;
    }
    if (s.isDirectory()) {
      const found: { path: string; size: number }[] = [];
      try {
        await walkFolder(path, found);
      } catch (e) {
        diagnostics.push({ code: LOAD.fileUnreadable, severity: 'error', message: `cannot read the folder ${display}: ${ioMessage(e)}`, ...where });
        continue;
      }
      if (found.length === 0) {
        diagnostics.push({ code: LOAD.noResourceFiles, severity: 'error', message: `the folder ${display} holds no .yaml, .yml or .json file`, ...where });
      }
      for (const f of found) add(f.path, f.size);
    } else add(path, s.size);
  }
  return { files, diagnostics };
}
