/**
 * A database pgdecl talks to: a PostgreSQL server through node-postgres, or an embedded
 * PGlite database. Core code (inspect, apply, migrations) sees only this interface.
 * One target is one session: statements run in order on one connection.
 */
export interface Target {
  readonly kind: 'postgres' | 'pglite';
  /** How to name it to a person: a URL without its password, or a data directory. */
  readonly label: string;
  /**
   * What tells this cluster apart from others that share its system identifier: an embedded
   * directory started from the copy of a fresh cluster (./pglite-template.ts) has the copy's.
   * The catalog's stamp includes it (../inspect/stamp.ts).
   */
  readonly identity?: string;
  /** One statement with parameters; rows as objects. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements separated by semicolons, no parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
  /** `server_version_num`, e.g. 150018 or 180006. */
  serverVersionNum(): Promise<number>;
  close(): Promise<void>;
}

/** An error reported by the database, with the fields pgdecl shows to users. */
export interface DatabaseErrorInfo {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: number;
}

export function databaseErrorInfo(e: unknown): DatabaseErrorInfo {
  const o = (e ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const position = o.position !== undefined ? Number(o.position) : undefined;
  return {
    message: str(o.message) ?? String(e),
    code: str(o.code),
    detail: str(o.detail),
    hint: str(o.hint),
    position: position !== undefined && Number.isFinite(position) ? position : undefined,
  };
}
