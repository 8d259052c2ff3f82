/**
 * A project that distributes tables or schemas needs Citus on the server. When the citus
 * extension is neither installed nor available to install, the plan is refused before anything
 * runs (CREATE EXTENSION would fail halfway through an apply otherwise), at the line that asks
 * for Citus. One catalog query, only for projects that use Citus.
 */
import type { Catalog } from '../ir/catalog.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import { PgdeclError } from '../model/diagnostic.js';
import type { Src } from '../model/source.js';
import type { Target } from '../targets/target.js';

export const CITUS_NOT_AVAILABLE = 'citus_not_available';

export async function requireCitus(target: Target, catalog: Catalog, origins: Readonly<Record<ObjectKey, Src>>): Promise<void> {
  if (!catalog.extensions.some((e) => e.name === 'citus')) return;
  const [row] = await target.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') OR EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'citus') AS ok`,
  );
  if (row?.ok) return;
  const src = origins[keys.extension('citus')];
  throw new PgdeclError({
    code: 'citus_not_available',
    severity: 'error',
    message: 'this project distributes tables or schemas with Citus, but the citus extension is not available on this server. Nothing was changed',
    suggestion: 'plan against a Citus coordinator (the citus package installed and in shared_preload_libraries), or remove `distribution`, `reference` and `citus.schema_based_sharding` from the files',
    ...(src ? { src } : {}),
  });
}
