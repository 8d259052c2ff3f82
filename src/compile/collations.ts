/**
 * `collations:` entries → collations (../ir/collation.ts), and the collation a column, domain,
 * composite attribute, range type or index key names → the text it is compared and written
 * with: a declared collation qualified (`public.ci`), any other as written (`C`,
 * `en_US.utf8`), `pg_catalog.` left out.
 */
import { collationRef, qualifiedCollation, type Collation, type CollationProvider } from '../ir/collation.js';
import { keys } from '../ir/keys.js';
import type { CollationDef } from '../model/resource.js';
import { child } from '../model/source.js';
import { compileError, olderThan, origin, type CompileContext } from './context.js';
import { named } from './declared-types.js';

const PROVIDERS: Readonly<Record<string, CollationProvider>> = { libc: 'libc', icu: 'icu', builtin: 'builtin' };

/** A collation name as written → as the catalog holds it, preferring a declared collation of `schema`, then of public. */
export function resolveCollation(ctx: CompileContext, name: string, schema: string): string {
  const pick = named(ctx.project.collations ?? [], name, schema);
  if (pick) return collationRef(pick);
  const q = qualifiedCollation(name);
  return q?.schema === 'pg_catalog' ? q.name : name;
}

/** `resolveCollation` of an optional collation. */
export function collationOf(ctx: CompileContext, name: string | undefined, schema: string): { collation?: string } {
  return name === undefined ? {} : { collation: resolveCollation(ctx, name, schema) };
}

/** An entry of `collations:`, or undefined (with an error) when PostgreSQL would refuse it. */
export function userCollation(ctx: CompileContext, def: CollationDef): Collation | undefined {
  const what = `collation \`${def.name}\``;
  const fail = (message: string, key: string | undefined, suggestion: string): undefined => {
    compileError(ctx, 'collation_options', `${what}: ${message}`, key ? child(def.src, key) : def.src, { suggestion });
    return undefined;
  };
  const provider = PROVIDERS[def.provider ?? 'libc'];
  if (!provider) return fail(`\`provider: ${def.provider}\` is not libc, icu or builtin`, 'provider', 'use `provider: icu`, `libc` (the default) or `builtin`');
  const split = def.lcCollate !== undefined || def.lcCtype !== undefined;
  if (split && provider !== 'libc') return fail(`lc_collate and lc_ctype are libc's; ${provider === 'icu' ? 'an ICU' : 'a builtin'} collation has a \`locale\``, def.lcCollate !== undefined ? 'lc_collate' : 'lc_ctype', 'write `locale:` instead');
  if (split && def.locale !== undefined) return fail('give either `locale` or `lc_collate` and `lc_ctype`, not both', 'locale', 'remove `locale`, or `lc_collate` and `lc_ctype`');
  if (split && (def.lcCollate === undefined || def.lcCtype === undefined)) return fail(`\`${def.lcCollate === undefined ? 'lc_ctype' : 'lc_collate'}\` needs \`${def.lcCollate === undefined ? 'lc_collate' : 'lc_ctype'}\``, def.lcCollate === undefined ? 'lc_ctype' : 'lc_collate', 'give both, or one `locale:` for both');
  if (!split && def.locale === undefined) return fail('it has no `locale`', undefined, provider === 'icu' ? 'add `locale: und-u-ks-level2` (an ICU language tag)' : 'add `locale: C` (or a locale of `locale -a`)');
  if (def.deterministic === false && provider !== 'icu') return fail(`\`deterministic: false\` needs an ICU collation (PostgreSQL has no nondeterministic ${provider} collations)`, 'deterministic', 'add `provider: icu` with an ICU locale, or remove `deterministic: false`');
  if (def.rules !== undefined && provider !== 'icu') return fail('`rules` are ICU tailoring rules', 'rules', 'add `provider: icu`, or remove `rules`');
  if (def.rules !== undefined && olderThan(ctx, 16)) return fail('`rules` need PostgreSQL 16 or later', 'rules', 'upgrade the server, or remove `rules`');
  if (provider === 'builtin' && olderThan(ctx, 17)) return fail('the builtin provider needs PostgreSQL 17 or later', 'provider', 'use `provider: libc` with `locale: C`');
  // libc keeps LC_COLLATE and LC_CTYPE: one locale when they are the same.
  const same = split && def.lcCollate === def.lcCtype;
  const locale = same ? { locale: def.lcCollate! } : split ? { lcCollate: def.lcCollate!, lcCtype: def.lcCtype! } : { locale: def.locale! };
  origin(ctx, keys.collation(def.schema, def.name), def.src);
  return {
    schema: def.schema,
    name: def.name,
    provider,
    ...locale,
    deterministic: def.deterministic ?? true,
    ...(def.rules !== undefined ? { rules: def.rules } : {}),
    ...(def.description !== undefined ? { comment: def.description } : {}),
  };
}
