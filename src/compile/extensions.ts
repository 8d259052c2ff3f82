/**
 * Extensions: the repo's, plus the ones the schema needs — `citext` for ci_string, `ltree`
 * for ltree, and those whose functions or operator classes the SQL fragments use
 * (found in their parse trees). `gen_random_uuid()` is core since PostgreSQL 13.
 */
import type { Catalog, Extension, Schema } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Src } from '../model/source.js';
import { origin, type CompileContext } from './context.js';

/** Function name → the extension that provides it. */
const FUNCTION_EXTENSIONS: Readonly<Record<string, string>> = {
  gen_random_bytes: 'pgcrypto',
  crypt: 'pgcrypto',
  gen_salt: 'pgcrypto',
  digest: 'pgcrypto',
  hmac: 'pgcrypto',
  encrypt: 'pgcrypto',
  decrypt: 'pgcrypto',
  armor: 'pgcrypto',
  dearmor: 'pgcrypto',
  uuid_generate_v1: 'uuid-ossp',
  uuid_generate_v1mc: 'uuid-ossp',
  uuid_generate_v3: 'uuid-ossp',
  uuid_generate_v4: 'uuid-ossp',
  uuid_generate_v5: 'uuid-ossp',
  uuid_nil: 'uuid-ossp',
  similarity: 'pg_trgm',
  word_similarity: 'pg_trgm',
  strict_word_similarity: 'pg_trgm',
  show_trgm: 'pg_trgm',
  unaccent: 'unaccent',
  levenshtein: 'fuzzystrmatch',
  soundex: 'fuzzystrmatch',
  difference: 'fuzzystrmatch',
  metaphone: 'fuzzystrmatch',
  dmetaphone: 'fuzzystrmatch',
};

export function functionExtension(name: string): string | undefined {
  if (name.startsWith('pgp_')) return 'pgcrypto';
  return FUNCTION_EXTENSIONS[name];
}

const BTREE_GIST_TYPES = ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'timestamp', 'timestamptz', 'time', 'timetz', 'date', 'interval', 'oid', 'money', 'char', 'varchar', 'text', 'bpchar', 'bytea', 'bit', 'varbit', 'macaddr', 'macaddr8', 'inet', 'cidr', 'uuid', 'bool', 'enum'];

export function opclassExtension(opclass: string): string | undefined {
  const name = opclass.slice(opclass.lastIndexOf('.') + 1);
  if (name === 'gin_trgm_ops' || name === 'gist_trgm_ops') return 'pg_trgm';
  const m = /^gist_(\w+)_ops$/.exec(name);
  if (m && BTREE_GIST_TYPES.includes(m[1]!)) return 'btree_gist';
  const g = /^gin_(\w+)_ops$/.exec(name);
  if (g && BTREE_GIST_TYPES.includes(g[1]!) && g[1] !== 'text') return 'btree_gin';
  return undefined;
}

/** Scalar types (as format_type prints them, typmod removed) whose gist operator classes btree_gist provides. */
const BTREE_GIST_COLUMN_TYPES = new Set([
  'smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric', 'money', 'oid', 'boolean', 'uuid',
  'text', 'character varying', 'character', '"char"', 'bytea', 'bit', 'bit varying', 'inet', 'cidr', 'macaddr', 'macaddr8',
  'date', 'interval', 'time without time zone', 'time with time zone', 'timestamp without time zone', 'timestamp with time zone',
]);

/** A gist index key on a plain scalar column (`room_id WITH =` in an exclusion constraint) needs btree_gist. */
export function gistKeyExtension(method: string, columnType: string | undefined): string | undefined {
  if (method !== 'gist' || columnType === undefined) return undefined;
  return BTREE_GIST_COLUMN_TYPES.has(columnType.replace(/\(.*\)/, '')) ? 'btree_gist' : undefined;
}

/** Column type → extension (`citext`, `ltree`, `hstore`, ...). */
export function typeExtension(type: string): string | undefined {
  const base = type.replace(/\[\]$/, '').replace(/\(.*\)$/, '');
  const known: Readonly<Record<string, string>> = { citext: 'citext', ltree: 'ltree', lquery: 'ltree', hstore: 'hstore', cube: 'cube', vector: 'vector' };
  return known[base];
}

/**
 * The extension list: the repo's (with their schema and version) and the implied ones,
 * each recorded in `origins` with the place that needs it.
 */
export function compileExtensions(ctx: CompileContext, tables: Catalog['tables'], shardedTenants?: Schema): Extension[] {
  const out = new Map<string, Extension>();
  const add = (name: string, src: Src | undefined, ext: Extension = { name }) => {
    if (out.has(name)) return;
    out.set(name, ext);
    if (src) origin(ctx, keys.extension(name), src);
  };
  const repo = ctx.project.repos.find((r) => r.name === ctx.repo);
  for (const e of repo?.extensions ?? []) {
    add(e.name, e.src, { name: e.name, ...(e.schema ? { schema: e.schema } : {}), ...(e.version ? { version: e.version } : {}) });
  }
  for (const t of tables) {
    const tableSrc = ctx.origins.get(keys.table(t.schema, t.name));
    for (const c of t.columns) {
      const ext = typeExtension(c.type);
      if (ext) add(ext, ctx.origins.get(keys.column(t.schema, t.name, c.name)) ?? tableSrc);
    }
    for (const i of t.indexes) {
      for (const k of i.keys) {
        const columnType = k.kind === 'column' ? t.columns.find((c) => c.name === k.column)?.type : undefined;
        const ext = k.opclass ? opclassExtension(k.opclass) : gistKeyExtension(i.method, columnType);
        if (ext) add(ext, ctx.origins.get(keys.index(t.schema, i.name)) ?? tableSrc);
      }
    }
  }
  // Citus: distributed and reference tables, and distributed tenant schemas (src/compile/distribution.ts).
  if (shardedTenants || tables.some((t) => t.distribution)) add('citus', ctx.origins.get(keys.extension('citus')));
  for (const [fn, src] of ctx.calledFunctions) {
    const ext = functionExtension(fn);
    if (ext) add(ext, src);
  }
  return [...out.values()];
}
