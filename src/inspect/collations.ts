/** Rows of ./queries/collations.sql → collations (../ir/collation.ts). */
import type { Collation } from '../ir/collation.js';

export interface CollationRow {
  schema: string;
  name: string;
  provider: 'c' | 'i' | 'b';
  lc_collate: string | null;
  lc_ctype: string | null;
  locale: string | null;
  rules: string | null;
  deterministic: boolean;
  comment: string | null;
}

/** libc's LC_COLLATE and LC_CTYPE are one `locale` when they are the same; ICU and builtin have their locale. */
export function collationFromRow(r: CollationRow): Collation {
  const libc = r.provider === 'c';
  const locale = libc ? (r.lc_collate === r.lc_ctype ? { locale: r.lc_collate ?? '' } : { lcCollate: r.lc_collate ?? '', lcCtype: r.lc_ctype ?? '' }) : { locale: r.locale ?? '' };
  return {
    schema: r.schema,
    name: r.name,
    provider: libc ? 'libc' : r.provider === 'i' ? 'icu' : 'builtin',
    ...locale,
    deterministic: r.deterministic,
    ...(r.rules !== null ? { rules: r.rules } : {}),
    ...(r.comment !== null ? { comment: r.comment } : {}),
  };
}
