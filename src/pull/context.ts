/** What every step of pull shares while it turns one inspected catalog into resources. */
import type { Table } from '../ir/catalog.js';
import type { UserType } from '../ir/user-type.js';
import type { OwnedObjects } from '../diff/owned.js';
import type { TouchFold } from './macros.js';
import type { SerialColumn } from './sequences.js';

export interface PullContext {
  /** `server_version_num` of the database: macros compile differently before 18. */
  readonly serverVersion: number;
  /** Resource name per table (`schema.table`), for the tables pulled and the stubs of others. */
  readonly names: ReadonlyMap<string, string>;
  /** Every table inspected: those pulled and the ones their foreign keys point at. */
  readonly tables: ReadonlyMap<string, Table>;
  /** Tables written as resources (`schema.table`). */
  readonly pulled: ReadonlySet<string>;
  /** The key under `functions:` of each function written there, by `schema.name(arguments)`. */
  readonly functionKeys: ReadonlyMap<string, string>;
  /** Touch triggers and functions folded into `update_timestamp`, by table. */
  readonly touch: ReadonlyMap<string, TouchFold>;
  /** Schemas whose `pgdecl_uuid_v7()` is pgdecl's own, so uuid_v7_primary_key compiles to it. */
  readonly uuidV7Schemas: ReadonlySet<string>;
  /** Objects custom statements create: not written again. */
  readonly owned: OwnedObjects;
  /** The tenant column of tables with pgdecl's row-level security (attribute multitenancy). */
  readonly tenants: ReadonlyMap<string, string>;
  /** Serial columns, by `schema.table.column` (./sequences.ts). */
  readonly serials: ReadonlyMap<string, SerialColumn>;
  /** Partitions by the `schema.table` of their parent: written under the parent's `partitions`. */
  readonly partitions: ReadonlyMap<string, readonly Table[]>;
  /** The declared types written under `types:`: columns of one name them (`{domain: email}`). */
  readonly declaredTypes?: readonly UserType[];
  /** What could not be written exactly: a plan against the database would change it. */
  readonly inexact: string[];
}
