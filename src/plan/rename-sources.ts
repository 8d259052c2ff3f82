/**
 * A `renamed_from` must name something, or the rename silently becomes "create an empty table
 * (column) and leave the old one, with its data, unmanaged". Checked at plan time against the
 * inspected catalog: a table whose target does not exist yet and whose source is not there
 * either is an error that says what was looked for and what exists — the same table name in
 * other schemas (one catalog query, sent only then) and the near names in the schema looked in.
 *
 * An unqualified `renamed_from` is looked for in the resource's (new) schema. Where nothing
 * could have been renamed — no table of that name anywhere and no table at all in that schema,
 * as in a fresh database — the hint is stale and the table is simply created.
 */
import type { Catalog, Table } from '../ir/catalog.js';
import type { Project } from '../model/resource.js';
import { child } from '../model/source.js';
import { error, PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import { reservedSchema } from '../model/naming.js';
import type { Target } from '../targets/target.js';
import { closest } from '../util/suggest.js';

export const RENAME_SOURCE_MISSING = 'rename_source_missing';

const CANDIDATES = `
SELECT n.nspname AS schema, c.relname AS name
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relname = ANY ($1::text[])
ORDER BY 1, 2`;

const q = (schema: string, name: string) => `${schema}.${name}`;
const list = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');

export async function checkRenameSources(target: Target, project: Project, current: Catalog, repo = 'default'): Promise<void> {
  const find = (schema: string, name: string): Table | undefined => current.tables.find((t) => t.schema === schema && t.name === name);
  const out: Diagnostic[] = [];
  const missingTables: { resource: string; schema: string; name: string; to: string; srcOf: () => Diagnostic['src'] }[] = [];
  for (const r of project.resources) {
    if (!r.migrate || r.repo !== repo || r.multitenancy?.strategy === 'context') continue;
    const to = find(r.schema, r.table);
    const from = r.renamedFrom ? { schema: r.renamedFrom.schema ?? r.schema, name: r.renamedFrom.table } : undefined;
    const source = from ? find(from.schema, from.name) : undefined;
    if (from && !to && !source) missingTables.push({ resource: r.name, ...from, to: q(r.schema, r.table), srcOf: () => child(r.src, 'postgres', 'renamed_from') });
    const table = to ?? source;
    if (!table) continue;
    const columns = table.columns.map((c) => c.name);
    for (const a of r.attributes) {
      if (a.renamedFrom === undefined || columns.includes(a.name) || columns.includes(a.renamedFrom)) continue;
      const near = closest(a.renamedFrom, columns);
      out.push(
        error(RENAME_SOURCE_MISSING, `attribute \`${a.name}\` of resource ${r.name} is renamed from \`${a.renamedFrom}\`, but table ${q(table.schema, table.name)} has no column \`${a.renamedFrom}\` (nor \`${a.name}\`): the rename would add an empty column`, {
          src: child(a.src, 'renamed_from'),
          suggestion: near !== undefined ? `did you mean \`${near}\`? (write \`renamed_from: ${near}\`)` : `its columns are ${list(columns)}; remove \`renamed_from\` to add \`${a.name}\` as a new column`,
        }),
      );
    }
  }
  if (missingTables.length) {
    const rows = await target.query<{ schema: string; name: string }>(CANDIDATES, [[...new Set(missingTables.map((m) => m.name))]]);
    for (const m of missingTables) {
      const elsewhere = rows.filter((x) => x.name === m.name && x.schema !== m.schema && reservedSchema(x.schema) === undefined).map((x) => q(x.schema, x.name));
      const inSchema = current.tables.filter((t) => t.schema === m.schema).map((t) => t.name);
      // Nothing of that name anywhere and nothing in that schema: a fresh database, a stale hint.
      if (elsewhere.length === 0 && inSchema.length === 0) continue;
      const near = closest(m.name, inSchema);
      const suggestion = elsewhere.length
        ? `did you mean \`${elsewhere[0]}\`? (write \`renamed_from: ${elsewhere[0]}\`${elsewhere.length > 1 ? `; also found: ${list(elsewhere.slice(1))}` : ''})`
        : near !== undefined
          ? `did you mean \`${q(m.schema, near)}\`? (write \`renamed_from: ${q(m.schema, near)}\`)`
          : `schema ${m.schema} holds ${list(inSchema.slice(0, 12))}${inSchema.length > 12 ? ', …' : ''}; remove \`renamed_from\` to create ${m.to} empty`;
      out.push(
        error(RENAME_SOURCE_MISSING, `resource ${m.resource} is renamed from \`${q(m.schema, m.name)}\`, but there is no table ${q(m.schema, m.name)} (nor ${m.to}): the rename would create ${m.to} empty`, {
          src: m.srcOf(),
          suggestion,
        }),
      );
    }
  }
  if (out.length) throw new PgdeclError(out);
}
