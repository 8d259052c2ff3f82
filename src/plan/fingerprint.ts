/**
 * A fingerprint of an inspected schema: a saved plan carries the one it was computed from,
 * and `apply plan.json` refuses to run on a database whose fingerprint has changed since.
 * Tenants with equal fingerprints (their own schema name aside) share one plan.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../ir/catalog.js';
import { stableJson } from '../diff/compare.js';

export function fingerprint(catalog: Catalog): string {
  return 'sha256:' + createHash('sha256').update(stableJson(catalog)).digest('hex');
}
