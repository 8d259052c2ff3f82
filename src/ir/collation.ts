/**
 * Collations the files declare (`collations:`): CREATE COLLATION with a provider and a locale.
 * Columns, domains, composite attributes, range types and index keys name a collation by the
 * text they say after COLLATE: a collation of pg_catalog by its bare name (`C`, `en_US.utf8`),
 * any other schema-qualified (`public.ci`, as `qname` prints it), so a declared collation in
 * any schema is found whatever the search_path. The version PostgreSQL records
 * (`collversion`) follows the operating system's library and is not part of the definition.
 */
import { ident, qname } from '../sql/quote.js';

export type CollationProvider = 'libc' | 'icu' | 'builtin';

export const COLLATION_PROVIDERS: readonly CollationProvider[] = ['libc', 'icu', 'builtin'];

export interface Collation {
  readonly schema: string;
  readonly name: string;
  readonly provider: CollationProvider;
  /** LOCALE: libc's when LC_COLLATE and LC_CTYPE are the same, ICU's or the builtin provider's. */
  readonly locale?: string;
  /** libc's LC_COLLATE and LC_CTYPE when they differ (then `locale` is absent). */
  readonly lcCollate?: string;
  readonly lcCtype?: string;
  /** DETERMINISTIC = false (ICU only): strings that compare equal need not be byte-equal. */
  readonly deterministic: boolean;
  /** ICU tailoring rules (RULES, PostgreSQL 16+). */
  readonly rules?: string;
  readonly comment?: string;
}

/** How a column or an index key names this collation: `public.ci`. */
export function collationRef(c: { readonly schema: string; readonly name: string }): string {
  return qname(c.schema, c.name);
}

const PART = '("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)';
const QUALIFIED = new RegExp(`^${PART}\\.${PART}$`);
const unquote = (p: string) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p);

/** The schema and name of a schema-qualified collation (`public.ci`, `app."Ci"`); undefined for a bare name (`C`, `en_US.utf8`). */
export function qualifiedCollation(c: string): { readonly schema: string; readonly name: string } | undefined {
  const m = QUALIFIED.exec(c);
  if (!m) return undefined;
  const at = { schema: unquote(m[1]!), name: unquote(m[2]!) };
  return qname(at.schema, at.name) === c ? at : undefined;
}

/** The SQL after COLLATE: a qualified name as it is, a bare name quoted (`"C"`, `"en_US.utf8"`). */
export function collationSql(c: string): string {
  return qualifiedCollation(c) ? c : ident(c);
}

/** Whether a collation reference names this collation. */
export function namesCollation(ref: string | undefined, c: { readonly schema: string; readonly name: string }): boolean {
  return ref !== undefined && ref === collationRef(c);
}

/** What can only change by making the collation again (all but the comment). */
export function sameCollationDefinition(a: Collation, b: Collation): boolean {
  return a.provider === b.provider && (a.locale ?? null) === (b.locale ?? null) && (a.lcCollate ?? null) === (b.lcCollate ?? null) && (a.lcCtype ?? null) === (b.lcCtype ?? null) && a.deterministic === b.deterministic && (a.rules ?? null) === (b.rules ?? null);
}

/** What a plan says of a collation: `(provider icu, locale und-u-ks-level2, nondeterministic)`. */
export function collationShape(c: Collation): string {
  const parts = [`provider ${c.provider}`];
  if (c.locale !== undefined) parts.push(`locale ${c.locale}`);
  if (c.lcCollate !== undefined) parts.push(`lc_collate ${c.lcCollate}`);
  if (c.lcCtype !== undefined) parts.push(`lc_ctype ${c.lcCtype}`);
  if (!c.deterministic) parts.push('nondeterministic');
  if (c.rules !== undefined) parts.push(`rules ${c.rules}`);
  return `(${parts.join(', ')})`;
}
