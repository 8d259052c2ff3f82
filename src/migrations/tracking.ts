/**
 * Which migrations a database has run: `pgdecl.schema_migrations`, in pgdecl's own schema
 * (never managed, never inspected as part of the user's schema). One row per migration and
 * scope: '' for the ordinary migrations, the schema's name for a tenant schema's.
 */
import type { Target } from '../targets/target.js';

export const TRACKING_TABLE = 'pgdecl.schema_migrations';

export const ENSURE_TRACKING = [
  'CREATE SCHEMA IF NOT EXISTS pgdecl',
  `CREATE TABLE IF NOT EXISTS pgdecl.schema_migrations (
  scope text NOT NULL DEFAULT '',
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  PRIMARY KEY (scope, version)
)`,
];

export interface AppliedMigration {
  readonly scope: string;
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  /** ISO 8601. */
  readonly appliedAt: string;
  readonly durationMs: number;
}

export async function trackingExists(target: Target): Promise<boolean> {
  const r = await target.query<{ ok: boolean }>(`SELECT to_regclass('pgdecl.schema_migrations') IS NOT NULL AS ok`);
  return r[0]?.ok === true;
}

export async function ensureTracking(target: Target): Promise<void> {
  for (const sql of ENSURE_TRACKING) await target.exec(sql);
}

interface Row {
  scope: string;
  version: string;
  name: string;
  checksum: string;
  applied_at: Date | string;
  duration_ms: number | string;
}

const fromRow = (r: Row): AppliedMigration => ({
  scope: r.scope,
  version: r.version,
  name: r.name,
  checksum: r.checksum,
  appliedAt: r.applied_at instanceof Date ? r.applied_at.toISOString() : new Date(r.applied_at).toISOString(),
  durationMs: Number(r.duration_ms),
});

/** The migrations applied in a scope (every scope when undefined), in version order. Empty when the table does not exist. */
export async function appliedMigrations(target: Target, scope?: string): Promise<AppliedMigration[]> {
  if (!(await trackingExists(target))) return [];
  const rows =
    scope === undefined
      ? await target.query<Row>('SELECT scope, version, name, checksum, applied_at, duration_ms FROM pgdecl.schema_migrations ORDER BY scope, version')
      : await target.query<Row>('SELECT scope, version, name, checksum, applied_at, duration_ms FROM pgdecl.schema_migrations WHERE scope = $1 ORDER BY version', [scope]);
  return rows.map(fromRow);
}

export async function recordApplied(target: Target, scope: string, m: { version: string; name: string }, checksum: string, ms: number): Promise<void> {
  await target.query('INSERT INTO pgdecl.schema_migrations (scope, version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4, $5)', [scope, m.version, m.name, checksum, Math.round(ms)]);
}

export async function forgetApplied(target: Target, scope: string, version: string): Promise<void> {
  await target.query('DELETE FROM pgdecl.schema_migrations WHERE scope = $1 AND version = $2', [scope, version]);
}
