/**
 * The database a saved plan was made for. `plan -o` records it (a server's URL without its
 * password, or the embedded database's directory); `apply plan.json` connects to it, taking
 * the password from `PGPASSWORD`, `DATABASE_URL` or `--db`, and refuses a `--db` or
 * `DATABASE_URL` that names another database. It never falls back to the embedded default.
 */
import { existsSync } from 'node:fs';
import { parseSpec, type TargetSpec } from './resolve.js';
import { redactUrl } from './redact.js';
import { PgdeclError } from '../model/diagnostic.js';

export type SavedDatabase = { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'pglite'; readonly location: string };

const SECRET_PARAMS = ['password', 'sslpassword'];

/** What a plan file records of its target: never a password. */
export function savedDatabase(spec: TargetSpec): SavedDatabase {
  if (spec.kind === 'pglite') return { kind: 'pglite', location: spec.location };
  try {
    const u = new URL(spec.location);
    u.password = '';
    for (const p of SECRET_PARAMS) u.searchParams.delete(p);
    return { kind: 'postgres', url: u.toString() };
  } catch {
    // Not a URL the WHATWG parser reads (the driver may still): drop anything between ':' and '@'.
    return { kind: 'postgres', url: spec.location.replace(/^([a-z]+:\/\/[^:/@]*):[^/]*@/i, '$1@').replace(/([?&](ssl)?password=)[^&]*/gi, '$1') };
  }
}

/** A printable name of a saved database. */
export function savedLabel(d: SavedDatabase): string {
  if (d.kind === 'postgres') return redactUrl(d.url);
  return d.location === 'memory' ? 'embedded database (in memory)' : `embedded database ${d.location}`;
}

/** Host, port, database and (when both name one) user: the same server and database. */
function sameDatabase(saved: SavedDatabase, spec: TargetSpec): boolean {
  if (saved.kind === 'pglite' || spec.kind === 'pglite') return saved.kind === spec.kind && saved.kind === 'pglite' && saved.location === spec.location;
  let a: URL, b: URL;
  try {
    a = new URL(saved.url);
    b = new URL(spec.location);
  } catch {
    return false;
  }
  const host = (u: URL) => decodeURIComponent(u.hostname).toLowerCase().replace(/^localhost$|^\[::1\]$/, '127.0.0.1');
  const port = (u: URL) => u.port || '5432';
  const db = (u: URL) => decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username);
  const user = (u: URL) => decodeURIComponent(u.username);
  return host(a) === host(b) && port(a) === port(b) && db(a) === db(b) && (!user(a) || !user(b) || user(a) === user(b));
}

export interface PlanTargetOptions {
  readonly db?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The plan file, as the user named it. */
  readonly file: string;
}

/** The target to apply a saved plan to, or a refusal that names the plan's database. */
export function planTargetSpec(saved: SavedDatabase, o: PlanTargetOptions): TargetSpec {
  const label = savedLabel(saved);
  const given = [
    ['--db', o.db],
    ['DATABASE_URL', o.env.DATABASE_URL],
  ] as const;
  for (const [source, value] of given) {
    if (value === undefined || value.trim() === '') continue;
    const spec = parseSpec(value.trim(), source, o.cwd);
    if (sameDatabase(saved, spec)) return spec;
    throw new PgdeclError({
      code: 'plan_target_mismatch',
      severity: 'error',
      message: `${o.file} was made for ${label}, but ${source} names ${spec.label}: a plan is applied only to the database it was made on. Nothing was changed`,
      suggestion: `make a plan on ${spec.label} with \`pgdecl plan -o plan.json --db …\`, or ${source === '--db' ? 'leave out --db' : 'unset DATABASE_URL'} to apply this plan to ${label}`,
    });
  }
  if (saved.kind === 'pglite') {
    if (saved.location === 'memory' || !existsSync(saved.location)) {
      throw new PgdeclError({
        code: 'plan_target_unavailable',
        severity: 'error',
        message: `${o.file} was made for ${label}, which ${saved.location === 'memory' ? 'ended with the run that made the plan' : 'does not exist'}. Nothing was changed`,
        suggestion: 'make the plan on the database you mean to change (`pgdecl plan -o plan.json --db …`), then apply it',
      });
    }
    return { kind: 'pglite', location: saved.location, source: o.file, label };
  }
  const password = o.env.PGPASSWORD;
  let location = saved.url;
  try {
    const u = new URL(saved.url);
    if (password) u.password = encodeURIComponent(password);
    location = u.toString();
  } catch {
    // Left as saved: the driver reads it, PGPASSWORD included.
  }
  return { kind: 'postgres', location, source: `${o.file} (its URL has no password: ${password ? 'the password is PGPASSWORD' : 'set PGPASSWORD, or pass --db with the password'})`, label };
}
