/** Identities → unique indexes `<table>_<identity>_index`. */
import type { Index, IndexKey } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import type { Identity, Resource } from '../model/resource.js';
import { child } from '../model/source.js';
import { identityIndexName } from '../model/naming.js';
import { compileError, olderThan, origin, type CompileContext } from './context.js';
import { withTenantKey } from './tenancy.js';

export function identityIndex(ctx: CompileContext, resource: Resource, identity: Identity, schema: string, tenant: string | undefined): Index {
  const name = identityIndexName(resource.table, identity.name);
  const columns: IndexKey[] = identity.keys.map((column) => ({ kind: 'column', column, desc: false }));
  if (!identity.nilsDistinct && olderThan(ctx, 15)) {
    compileError(ctx, 'requires_pg15', `the identity \`${identity.name}\` of \`${resource.name}\` has \`nils_distinct: false\`, which needs PostgreSQL 15 or later (NULLS NOT DISTINCT)`, child(identity.src, 'nils_distinct'), {
      suggestion: 'target PostgreSQL 15+, or make the key columns NOT NULL (`allow_nil: false`) and drop `nils_distinct`',
    });
  }
  origin(ctx, keys.index(schema, name), identity.src);
  return {
    name,
    unique: true,
    method: 'btree',
    keys: withTenantKey(columns, tenant, identity.allTenants),
    include: [],
    ...(identity.where ? { where: identity.where.sql.trim() } : {}),
    nullsNotDistinct: !identity.nilsDistinct,
  };
}
