/**
 * Which database a command talks to (DESIGN §3): `--db`, else DATABASE_URL, else the repo's
 * `url`, else the embedded database in `.pgdecl/<repo>/` (created on first use).
 *
 *   postgres://… / postgresql://…   a PostgreSQL server
 *   pglite:memory                   an in-memory embedded database (tests, rehearsals)
 *   pglite:<dir>                    an embedded database in a directory
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openPostgres } from './postgres.js';
import { redactSecrets, redactUrl } from './redact.js';
import { ensureDataDir } from './data-dir.js';
import { clusterCopyFile, userCacheDir } from './pglite-template.js';
import type { Target } from './target.js';
import { PgdeclError } from '../model/diagnostic.js';

export interface TargetSpec {
  readonly kind: 'postgres' | 'pglite';
  /** The URL, `memory`, or the data directory. */
  readonly location: string;
  /** Where the choice came from, for messages: `--db`, `DATABASE_URL`, `repo default`, `embedded default`. */
  readonly source: string;
  /** Printable: the URL without its password. */
  readonly label: string;
  /** For an embedded data directory: the copy of a fresh cluster a new one starts from (./pglite-template.ts). */
  readonly clusterCopy?: string;
}

export interface ResolveOptions {
  readonly db?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The repo's `url` from the files (after interpolation). */
  readonly repoUrl?: string;
  readonly repo?: string;
  readonly cwd: string;
}

export function resolveTarget(o: ResolveOptions): TargetSpec {
  const repo = o.repo ?? 'default';
  const pick = (value: string | undefined, source: string): TargetSpec | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    return parseSpec(value.trim(), source, o.cwd);
  };
  const spec = pick(o.db, '--db') ??
    pick(o.env.DATABASE_URL, 'DATABASE_URL') ??
    pick(o.repoUrl, `the url of repo "${repo}"`) ?? {
      kind: 'pglite',
      location: resolve(o.cwd, '.pgdecl', repo),
      source: 'the embedded default',
      label: `embedded database .pgdecl/${repo}`,
    };
  return spec.kind === 'pglite' && spec.location !== 'memory' ? { ...spec, clusterCopy: clusterCopyFile(userCacheDir(o.env)) } : spec;
}

export function parseSpec(value: string, source: string, cwd: string): TargetSpec {
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', location: value, source, label: redactUrl(value) };
  if (value === 'pglite:memory' || value === 'memory') return { kind: 'pglite', location: 'memory', source, label: 'embedded database (in memory)' };
  if (value.startsWith('pglite:')) {
    const dir = resolve(cwd, value.slice('pglite:'.length));
    return { kind: 'pglite', location: dir, source, label: `embedded database ${dir}` };
  }
  throw new PgdeclError({
    code: 'target_invalid',
    severity: 'error',
    message: `${source} is not a database pgdecl can use: ${redactUrl(value)}`,
    suggestion: 'use a postgres://user@host/db URL, pglite:memory, or pglite:<directory>',
  });
}

/** The extensions an embedded data directory was opened with before (PGlite must load them again). */
function sidecar(dir: string): string {
  return join(dirname(dir), `${dir.split(/[\\/]/).pop()}.extensions.json`);
}

/**
 * Opens the target. For the embedded database, `extensions` are the ones the files need;
 * those it was opened with before are loaded too (an installed extension must stay loadable).
 */
export async function openTarget(spec: TargetSpec, extensions: readonly string[] = []): Promise<Target> {
  if (spec.kind === 'postgres') {
    try {
      return await openPostgres(spec.location);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new PgdeclError({
        code: 'target_unreachable',
        severity: 'error',
        message: `cannot connect to ${spec.label} (from ${spec.source}): ${redactSecrets(msg.replaceAll(spec.location, spec.label))}`,
        suggestion: 'check that the server runs and the URL, user and password are right; leave --db and DATABASE_URL unset to use the embedded database',
      });
    }
  }
  // Imported here: PGlite is large, and a command on PostgreSQL never needs it.
  const { openPglite } = await import('./pglite.js');
  if (spec.location === 'memory') return openPglite({ extensions });
  const file = sidecar(spec.location);
  const before: string[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : [];
  const all = [...new Set([...before, ...extensions])].sort();
  ensureDataDir(spec.location);
  const target = await openPglite({ dataDir: spec.location, extensions: all, ...(spec.clusterCopy ? { clusterCopy: spec.clusterCopy } : {}) });
  if (all.join() !== before.join()) writeFileSync(file, JSON.stringify(all) + '\n');
  return target;
}
