/**
 * Normalised definitions kept in the database: `pgdecl.normalized (key, value, stored_at)`.
 *
 * A key is the hash normalisation computes for one table or function (its compiled
 * definition, the server version, the installed extensions and what every object shares), so
 * an entry is exactly what the server made of that definition on this database. An apply
 * stores the entries its plan used, inside its transaction and after convergence was proved;
 * a plan reads them where its local cache has nothing (a fresh clone, another machine) and
 * skips creating those objects in scratch schemas. Entries not stored again for 30 days go.
 *
 * Storing is best effort: a role that may not create the `pgdecl` schema still applies (the
 * store runs under a savepoint and is dropped on any error); plans then normalise on the
 * server as before.
 */
import { createHash } from 'node:crypto';
import type { Target } from '../targets/target.js';
import { underSavepoint } from './savepoint.js';

/** The installed extensions and their versions (part of every key), and whether the store exists. */
export async function installedExtensions(target: Target): Promise<{ extensions: string; stored: boolean }> {
  const rows = await target.query<{ v: string; stored: boolean }>(
    `SELECT coalesce(string_agg(extname || ' ' || extversion, ',' ORDER BY extname), '') AS v, to_regclass('pgdecl.normalized') IS NOT NULL AS stored FROM pg_catalog.pg_extension`,
  );
  return { extensions: rows[0]?.v ?? '', stored: rows[0]?.stored ?? false };
}

/**
 * An entry's key: its partial key (the object's definition, the server version and what every
 * object shares) with the extensions installed. An apply that installs an extension stores its
 * entries under the extensions installed after it, which is what the next plan sees.
 */
export function storedKey(installed: string, partial: string): string {
  return partial.slice(0, 1) + createHash('sha256').update(`${installed}\n${partial}`).digest('hex').slice(0, 32);
}

/**
 * The entries of `keys` the database holds (call only when `to_regclass('pgdecl.normalized')` is set).
 * A value is its JSON text, stored as a JSON string (see `storeNormalized`); an earlier version
 * stored the object itself. `#>> '{}'` prints either as the JSON text.
 */
export async function readStoredNormalized(target: Target, keys: readonly string[]): Promise<Map<string, unknown>> {
  const rows = await target.query<{ key: string; value: string }>(`SELECT key, value #>> '{}' AS value FROM pgdecl.normalized WHERE key = ANY ($1::text[])`, [keys]);
  const out = new Map<string, unknown>();
  for (const r of rows) {
    try {
      out.set(r.key, JSON.parse(r.value));
    } catch {
      // Not pgdecl's JSON: normalised on the server again.
    }
  }
  return out;
}

/** Creates `pgdecl.normalized` when it is missing (in the caller's transaction). */
export async function ensureNormalizedTable(target: Target): Promise<void> {
  await target.exec(`CREATE SCHEMA IF NOT EXISTS pgdecl;
CREATE TABLE IF NOT EXISTS pgdecl.normalized (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
)`);
}

/**
 * Stores entries (by partial key, joined to `extensions`: those installed now, see
 * `installedExtensions`) inside the caller's open transaction, under a savepoint:
 * returns whether they were stored (false when the role may not, or the server refuses; the
 * transaction goes on).
 *
 * An entry stored in the last day is left as it is (an apply after an edit stores the edited
 * tables, not the thousands it planned with). Each value is kept as its JSON text in a JSON
 * string: the server checks the text once and does not build the object, four times less work
 * than `jsonb` for the ten megabytes of 5,000 tables; the column stays `jsonb`, so databases
 * that hold objects from an earlier version read both.
 */
export async function storeNormalized(target: Target, entries: ReadonlyMap<string, unknown>, extensions: string): Promise<boolean> {
  if (entries.size === 0) return true;
  const keyed = new Map([...entries].map(([partial, value]) => [storedKey(extensions, partial), value]));
  return underSavepoint(target, 'pgdecl_store_normalized', async () => {
    await ensureNormalizedTable(target);
    const recent = await target.query<{ key: string }>(`SELECT key FROM pgdecl.normalized WHERE key = ANY ($1::text[]) AND stored_at > now() - interval '1 day'`, [[...keyed.keys()]]);
    for (const r of recent) keyed.delete(r.key);
    if (keyed.size) {
      await target.query(
        `INSERT INTO pgdecl.normalized (key, value)
         SELECT e.key, pg_catalog.to_jsonb(e.value::text) FROM pg_catalog.json_each($1::json) AS e
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, stored_at = now()`,
        [JSON.stringify(Object.fromEntries(keyed))],
      );
    }
    await target.exec("DELETE FROM pgdecl.normalized WHERE stored_at < now() - interval '30 days'");
  });
}
