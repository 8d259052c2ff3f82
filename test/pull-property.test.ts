/**
 * Property: for a random database, pull then plan is empty. Two sources of databases on
 * PostgreSQL 18: random resource files applied by pgdecl (test/helpers/random-schema.ts), and
 * random DDL written the way people write it (serial keys, varchar, unnamed and named
 * constraints, composite and self-referencing keys, partial and expression indexes, literal
 * and function defaults). A failing case prints its SQL or YAML and the pulled file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { schemaArb, toYaml } from './helpers/random-schema.js';
import { roundTrip } from './helpers/pull.js';
import { freshTarget, servers, stopOwnServers } from './helpers/servers.js';
import { loadProjectFromText } from '../src/validate/project.js';
import { planProject } from '../src/plan/project-plan.js';
import { applySteps } from '../src/apply/apply.js';
import { ident } from '../src/sql/quote.js';
import type { Target } from '../src/targets/target.js';

const RUNS = Number(process.env.PULL_PROPERTY_RUNS ?? 12);

const COLUMN_TYPES = ['int', 'integer', 'bigint', 'smallint', 'text', 'varchar(50)', 'varchar', 'char(3)', 'boolean', 'numeric(10,2)', 'numeric', 'real', 'double precision', 'date', 'timestamp', 'timestamptz', 'timestamp(3)', 'uuid', 'jsonb', 'json', 'bytea', 'text[]', 'int[]', 'interval', 'inet'] as const;
type SqlType = (typeof COLUMN_TYPES)[number];

const UNINDEXABLE = new Set<SqlType>(['json', 'jsonb', 'text[]', 'int[]', 'inet', 'bytea', 'interval']);

const DEFAULTS: Partial<Record<SqlType, readonly string[]>> = {
  int: ['0', '-1', '42'],
  integer: ['0', '7 * 6'],
  bigint: ['10000000000', '0'],
  smallint: ['1'],
  text: ["'member'", "''", "'it''s'", "upper('x')"],
  'varchar(50)': ["'x'"],
  'char(3)': ["'EUR'"],
  boolean: ['true', 'false'],
  'numeric(10,2)': ['9.99', '0'],
  numeric: ['1.10', '-0.5'],
  real: ['1.5'],
  'double precision': ['2.5', '-1'],
  date: ['CURRENT_DATE', "'2024-01-01'"],
  timestamp: ['now()', "(now() AT TIME ZONE 'utc')", "'2024-01-01 10:00'"],
  timestamptz: ['now()', 'CURRENT_TIMESTAMP'],
  uuid: ['gen_random_uuid()', "'00000000-0000-0000-0000-000000000000'"],
  jsonb: ["'{}'", `'{"a": 1}'::jsonb`, "'[]'"],
  'text[]': ["'{}'", "'{a,b}'", "ARRAY['x']"],
  'int[]': ["'{1,2}'"],
  interval: ["'1 day'"],
};

interface SqlColumn {
  name: string;
  type: SqlType;
  notNull: boolean;
  unique: boolean;
  default?: string;
  check: boolean;
}

interface SqlTable {
  name: string;
  key: 'serial' | 'bigserial' | 'identity' | 'uuid' | 'composite' | 'none';
  columns: SqlColumn[];
  refs: { to: number; onDelete: string; named: boolean }[];
  index?: { cols: string[]; partial: boolean; expression: boolean; unique: boolean };
  comment: boolean;
}

const NAMES = ['accounts', 'orders', 'order_lines', 'Products', 'people', 'user', 'categories', 'events'];
const COLUMNS = ['name', 'status', 'total', 'Label', 'created_at', 'note', 'order', 'qty', 'flag', 'data'];

const columnArb = (name: string): fc.Arbitrary<SqlColumn> =>
  fc.constantFrom(...COLUMN_TYPES).chain((type) =>
    fc.record({
      name: fc.constant(name),
      type: fc.constant(type),
      notNull: fc.boolean(),
      unique: fc.boolean().map((b) => b && !UNINDEXABLE.has(type)),
      default: fc.option(fc.constantFrom(...(DEFAULTS[type] ?? ['NULL'])), { nil: undefined }),
      check: fc.boolean().map((b) => b && ['int', 'integer', 'bigint', 'numeric(10,2)', 'text', 'varchar(50)'].includes(type)),
    }),
  );

const sqlSchemaArb: fc.Arbitrary<SqlTable[]> = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }).chain((names) =>
  fc.tuple(
    ...names.map((name, i) =>
      fc
        .record({
          key: fc.constantFrom<SqlTable['key']>('serial', 'bigserial', 'identity', 'uuid', 'composite', 'none'),
          cols: fc.uniqueArray(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 5 }),
          refs: fc.array(fc.record({ to: fc.nat(Math.max(0, i)), onDelete: fc.constantFrom('', 'ON DELETE CASCADE', 'ON DELETE SET NULL', 'ON DELETE RESTRICT', 'ON UPDATE CASCADE'), named: fc.boolean() }), { maxLength: i === 0 ? 1 : 2 }),
          partial: fc.boolean(),
          expression: fc.boolean(),
          unique: fc.boolean(),
          comment: fc.boolean(),
        })
        .chain((r) => fc.tuple(fc.constant(r), fc.tuple(...r.cols.map(columnArb))))
        .map(([r, columns]): SqlTable => ({
          name,
          // A key needs a type with equality: not json, arrays of it, and the like.
          key: r.key === 'composite' && UNINDEXABLE.has(columns[0]!.type) ? 'serial' : r.key,
          columns: [...columns],
          refs: r.refs,
          index: { cols: columns.slice(0, 2).map((c) => c.name), partial: r.partial, expression: r.expression, unique: r.unique },
          comment: r.comment,
        })),
    ),
  ),
);

/** The DDL of a random schema, in the style people write. */
function toSql(tables: readonly SqlTable[]): string {
  const keyType = (t: SqlTable) => (t.key === 'uuid' ? 'uuid' : t.key === 'bigserial' ? 'bigint' : 'integer');
  const out: string[] = [];
  tables.forEach((t, i) => {
    const lines: string[] = [];
    const q = ident(t.name);
    if (t.key === 'serial') lines.push('id serial PRIMARY KEY');
    if (t.key === 'bigserial') lines.push('id bigserial PRIMARY KEY');
    if (t.key === 'identity') lines.push('id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY');
    if (t.key === 'uuid') lines.push('id uuid PRIMARY KEY DEFAULT gen_random_uuid()');
    if (t.key === 'composite' || t.key === 'none') lines.push('id integer NOT NULL');
    for (const c of t.columns) {
      const parts = [ident(c.name), c.type];
      if (c.notNull) parts.push('NOT NULL');
      if (c.default) parts.push(`DEFAULT ${c.default}`);
      if (c.unique) parts.push('UNIQUE');
      if (c.check) parts.push(c.type.startsWith('varchar') || c.type === 'text' ? `CHECK (length(${ident(c.name)}) < 100)` : `CHECK (${ident(c.name)} >= 0)`);
      lines.push(parts.join(' '));
    }
    if (t.key === 'composite') lines.push(`PRIMARY KEY (id, ${ident(t.columns[0]!.name)})`);
    t.refs.forEach((r, k) => {
      const to = tables[Math.min(r.to, i)]!;
      if (to.key === 'composite' || to.key === 'none') return;
      const col = `ref${k}_id`;
      lines.push(`${col} ${keyType(to)}`);
      lines.push(`${r.named ? `CONSTRAINT ${t.name.toLowerCase()}_ref${k} ` : ''}FOREIGN KEY (${col}) REFERENCES ${ident(to.name)} ${r.onDelete}`.trim());
    });
    out.push(`CREATE TABLE ${q} (\n  ${lines.join(',\n  ')}\n);`);
    const ix = t.index!;
    const textual = ['text', 'varchar(50)', 'varchar', 'char(3)'].includes(t.columns[0]!.type);
    const fields = ix.expression && textual ? `lower(${ident(ix.cols[0]!)})` : ix.cols.map(ident).join(', ');
    const unindexable = !ix.expression || !textual ? t.columns.slice(0, 2).some((c) => UNINDEXABLE.has(c.type)) : false;
    if (!unindexable) out.push(`CREATE ${ix.unique && !ix.expression ? 'UNIQUE ' : ''}INDEX ON ${q} (${fields})${ix.partial ? ` WHERE ${ident(ix.cols[0]!)} IS NOT NULL` : ''};`);
    if (t.comment) out.push(`COMMENT ON TABLE ${q} IS 'The ${t.name}.';`);
  });
  return out.join('\n');
}

async function check(t: Target, input: string, label: string): Promise<void> {
  const r = await roundTrip(t);
  if (r.problems.length) {
    console.error(`--- ${label}\n${input}\n--- pulled\n${r.text}\n--- problems\n${r.problems.join('\n')}`);
    throw new Error(r.problems.join('\n'));
  }
}

test(`random resource files applied by pgdecl pull back to files that plan nothing (${RUNS} runs)`, async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  await fc.assert(
    fc.asyncProperty(schemaArb, async (tables) => {
      const yaml = toYaml(tables);
      const t = await freshTarget(s);
      try {
        const project = (await loadProjectFromText('random.yaml', yaml, { env: {} })).project!;
        const applied = await applySteps(t, (await planProject(t, project)).plan.steps);
        assert.is(applied.failure, undefined);
        await check(t, yaml, 'resources');
      } finally {
        await t.drop();
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test(`random DDL written by hand pulls back to files that plan nothing (${RUNS} runs)`, async () => {
  const s = (await servers()).find((x) => x.name === 'pg18')!;
  await fc.assert(
    fc.asyncProperty(sqlSchemaArb, async (tables) => {
      const sql = toSql(tables);
      const t = await freshTarget(s);
      try {
        await t.exec(sql).catch((e: Error) => {
          throw new Error(`the generated SQL fails: ${e.message}\n${sql}`);
        });
        await check(t, sql, 'sql');
      } finally {
        await t.drop();
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test.after(stopOwnServers);
test.run();
