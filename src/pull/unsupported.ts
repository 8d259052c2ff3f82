/**
 * What the resource format does not model — rules, ordered-set aggregates, operators, event
 * triggers, what an inheritance child sets on a column it only inherits, ... — found by one catalog query
 * (./queries/unsupported.sql) and named in the pulled file and on stderr, never dropped silently.
 */
import { readFileSync } from 'node:fs';
import type { Catalog } from '../ir/catalog.js';
import type { OwnedObjects } from '../diff/owned.js';
import type { Target } from '../targets/target.js';
import { qname } from '../sql/quote.js';
import { packageFile } from '../util/package-file.js';

export interface Unsupported {
  /** `view`, `enum type`, `domain`, `sequence`, `row-level security`, ... */
  readonly kind: string;
  /** Undefined for objects of the whole database (event triggers). */
  readonly schema?: string;
  readonly name: string;
  readonly detail?: string;
  /**
   * A plan against the database removes it: plans see it, and the format cannot say it
   * (a function in C or internal).
   */
  readonly planRemoves?: boolean;
}

let sql: string | undefined;

function unsupportedQuery(): string {
  if (sql === undefined) {
    // The package ships src/: the sources, dist/ and the bundle read the query there.
    sql = readFileSync(packageFile('src', 'pull', 'queries', 'unsupported.sql'), 'utf8');
  }
  return sql;
}

interface Row {
  kind: string;
  schema: string | null;
  name: string;
  detail: string | null;
}

/** Custom statements create some of these (a view): those are pulled with their statement. */
function ownedByStatement(owned: OwnedObjects, u: Unsupported): boolean {
  if (u.schema === undefined) return false;
  if (u.kind === 'view' || u.kind === 'materialized view' || u.kind === 'foreign table' || u.kind === 'sequence') return owned.get('table')?.has(`${u.schema}.${u.name}`) ?? false;
  if (u.kind === 'function' || u.kind === 'procedure') return owned.get('function')?.has(`${u.schema}.${u.name.slice(0, u.name.indexOf('('))}`) ?? false;
  return false;
}

/** Everything in `schemas` that pull cannot write, sorted by kind, schema and name. */
export async function findUnsupported(target: Target, schemas: readonly string[], catalog: Catalog, owned: OwnedObjects): Promise<Unsupported[]> {
  const rows = await target.query<Row>(unsupportedQuery(), [schemas]);
  const out: Unsupported[] = rows.map((r) => ({
    kind: r.kind,
    ...(r.schema !== null ? { schema: r.schema } : {}),
    name: r.name,
    ...(r.detail !== null ? { detail: r.detail } : {}),
    ...(r.kind === 'function' || r.kind === 'procedure' || r.kind === 'temporal constraint' ? { planRemoves: true } : {}),
  }));
  const kept = out.filter((u) => !ownedByStatement(owned, u)).map((u) => withUsers(u, catalog));
  return kept.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.schema ?? '', b.schema ?? '') || cmp(a.name, b.name));
}

/** A type the format cannot name is still usable as `postgres_type`: say which columns use it. */
function withUsers(u: Unsupported, catalog: Catalog): Unsupported {
  if (!u.kind.endsWith('type') && u.kind !== 'domain') return u;
  const spelled = new Set([`${qname(u.schema ?? 'public', u.name)}`, `${u.schema}.${u.name}`]);
  const users = catalog.tables.flatMap((t) => t.columns.filter((c) => spelled.has(c.type.replace(/\[\]$/, ''))).map((c) => `${t.name}.${c.name}`));
  return users.length ? { ...u, detail: [u.detail, `used by ${users.join(', ')}`].filter(Boolean).join('; ') } : u;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `view public.active_users (detail)`, and `: a plan removes it` where one would. */
export function describeUnsupported(u: Unsupported): string {
  return `${u.kind} ${u.schema !== undefined ? `${u.schema}.` : ''}${u.name}${u.detail ? ` (${u.detail})` : ''}${u.planRemoves ? ': a plan removes it' : ''}`;
}
