/**
 * A live client for online-change tests and benchmarks: one connection inserts a row every
 * few milliseconds while another reads, each recording how long every call waited, until
 * stopped. Failures are counted, never thrown.
 */
import pg from 'pg';

export interface LiveStats {
  readonly writes: number;
  readonly failedWrites: number;
  readonly reads: number;
  readonly failedReads: number;
  /** The longest single write and read, in ms. */
  readonly maxWriteMs: number;
  readonly maxReadMs: number;
  readonly errors: readonly string[];
}

export async function startLiveClient(url: string, insert: string, read: string, everyMs = 5): Promise<{ stop: () => Promise<LiveStats> }> {
  const writer = new pg.Client({ connectionString: url });
  const reader = new pg.Client({ connectionString: url });
  await writer.connect();
  await reader.connect();
  let running = true;
  const s = { writes: 0, failedWrites: 0, reads: 0, failedReads: 0, maxWriteMs: 0, maxReadMs: 0, errors: [] as string[] };
  const loop = async (client: pg.Client, sql: string, kind: 'write' | 'read') => {
    let i = 0;
    while (running) {
      const t0 = performance.now();
      try {
        await client.query(sql, [++i]);
        const ms = performance.now() - t0;
        if (kind === 'write') (s.writes++, (s.maxWriteMs = Math.max(s.maxWriteMs, ms)));
        else (s.reads++, (s.maxReadMs = Math.max(s.maxReadMs, ms)));
      } catch (e) {
        if (kind === 'write') s.failedWrites++;
        else s.failedReads++;
        if (s.errors.length < 5) s.errors.push((e as Error).message);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  const loops = Promise.all([loop(writer, insert, 'write'), loop(reader, read, 'read')]);
  return {
    stop: async () => {
      running = false;
      await loops;
      await writer.end();
      await reader.end();
      return { ...s, maxWriteMs: Math.round(s.maxWriteMs), maxReadMs: Math.round(s.maxReadMs) };
    },
  };
}

/** The model of the online test and benchmark: a big table, and the files before and after. */
export const ONLINE_V1 = `version: 1
resources:
  Org:
    attributes: { id: integer_primary_key, name: string }
    postgres: { table: orgs }
  Event:
    attributes:
      id: integer_primary_key
      org_id: integer
      code: string
      n: integer
    postgres: { table: events }
`;

/** A foreign key, a check, a NOT NULL, a unique identity and an index, on the big table. */
export const ONLINE_V2 = ONLINE_V1.replace(
  `      org_id: integer
      code: string
      n: integer
    postgres: { table: events }`,
  `      code: { type: string, allow_nil: false }
      n: { type: integer, constraints: { min: 0 } }
    relationships:
      org: { type: belongs_to, destination: Org }
    identities:
      unique_code: { keys: [code] }
    postgres:
      table: events
      custom_indexes:
        - { fields: [n] }`,
);

export const FILL_ORGS = `INSERT INTO orgs (name) SELECT 'org ' || g FROM generate_series(1, 10) g`;
export const fillEvents = (rows: number) => `INSERT INTO events (org_id, code, n) SELECT 1 + g % 10, 'c' || g, g FROM generate_series(1, ${rows}) g`;
export const LIVE_INSERT = `INSERT INTO events (org_id, code, n) VALUES (1, 'live-' || $1::bigint || '-' || pg_backend_pid(), $1::bigint)`;
export const LIVE_READ = `SELECT id, code FROM events WHERE id = $1::bigint`;
