import pg from 'pg';
import type { Target } from './target.js';
import { redactUrl } from './redact.js';

// Keep values as PostgreSQL prints them: pgdecl compares catalogs, not application data.
const types = {
  getTypeParser: (oid: number, format?: string) => {
    // int8 and numeric as strings (no precision loss); everything else as pg does.
    if (oid === 20 || oid === 1700) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** A PostgreSQL server through node-postgres. */
export async function openPostgres(url: string, options: { applicationName?: string } = {}): Promise<Target> {
  const client = new pg.Client({ connectionString: url, application_name: options.applicationName ?? 'pgdecl', types });
  // A connection that drops mid-session must not crash the process: the pending query fails.
  client.on('error', () => {});
  await client.connect();
  let version: number | undefined;
  return {
    kind: 'postgres',
    label: redactUrl(url),
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const r = await client.query(sql, params as unknown[] | undefined);
      return r.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async serverVersionNum() {
      if (version === undefined) {
        const r = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
        version = Number(r.rows[0]!.v);
      }
      return version;
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
