/**
 * SQL names: every identifier — written or derived by pgdecl (src/model/naming.ts) — fits
 * PostgreSQL's 63 bytes, and names are unique where PostgreSQL needs them to be: tables and
 * indexes per schema, constraints and triggers per table, functions per schema, custom
 * statements per project.
 */
import {
  attributeCheckName,
  byteLength,
  fieldsIndexName,
  foreignKeyName,
  identityIndexName,
  MAX_IDENTIFIER_BYTES,
  tooLongForIdentifier,
  primaryKeyName,
  tenantPolicyName,
  touchFunctionName,
  touchTriggerName,
} from '../../model/naming.js';
import type { Project, Resource } from '../../model/resource.js';
import { child, type Src } from '../../model/source.js';
import { CHECK } from '../codes.js';
import { partitionIndexes } from '../../model/partition-indexes.js';
import type { CheckContext } from './report.js';

interface Named {
  readonly name: string;
  /** "table", "index", "foreign key", ... */
  readonly kind: string;
  /** Whose it is, in words: "resource Comment", "identity `unique_email` of resource User". */
  readonly owner: string;
  readonly src: Src;
  readonly part: 'key' | 'value';
  /** How to choose another name when pgdecl derived this one. */
  readonly derivedFix?: string;
}

const RULES = [
  ['oneOf', 'one_of'],
  ['min', 'min'],
  ['max', 'max'],
  ['minLength', 'min_length'],
  ['maxLength', 'max_length'],
  ['match', 'match'],
] as const;

function resourceNames(ctx: CheckContext, r: Resource): { relations: Named[]; constraints: Named[]; triggers: Named[]; other: Named[] } {
  const T = r.table;
  const res = `resource ${r.name}`;
  const tableSrc = child(r.src, 'postgres', 'table');
  const relations: Named[] = [{ name: T, kind: 'table', owner: res, src: tableSrc, part: 'value' }];
  const constraints: Named[] = [];
  const triggers: Named[] = [];
  const other: Named[] = [{ name: r.schema, kind: 'schema', owner: res, src: child(r.src, 'postgres', 'schema'), part: 'value' }];
  for (const a of r.attributes) {
    const rel = a.fromRelationship !== undefined ? r.relationships.find((x) => x.name === a.fromRelationship) : undefined;
    const src = rel ? (ctx.written(rel.src, 'source_attribute') ? ctx.itemSrc(rel.src, 'source_attribute', Math.max(0, rel.sourceAttributes.indexOf(a.name))) : rel.src) : a.src;
    other.push({ name: a.name, kind: 'column', owner: res, src, part: rel && ctx.written(rel.src, 'source_attribute') ? 'value' : 'key', ...(rel ? { derivedFix: `set \`source_attribute\` on relationship \`${rel.name}\`` } : {}) });
  }
  if (!r.migrate) return { relations, constraints, triggers, other };
  if (r.attributes.some((a) => a.primaryKey)) {
    const named = r.primaryKeyName !== undefined;
    const pk: Named = named
      ? { name: r.primaryKeyName!, kind: 'primary key', owner: res, src: child(r.src, 'postgres', 'primary_key_name'), part: 'value' }
      : { name: primaryKeyName(T), kind: 'primary key', owner: res, src: tableSrc, part: 'value', derivedFix: 'shorten the table name, or name the key with `primary_key_name`' };
    relations.push(pk);
    constraints.push(pk);
  }
  for (const ref of r.references) {
    const rel = r.relationships.find((x) => x.name === ref.relationship);
    if (!rel || ref.ignore) continue;
    const owner = `reference \`${ref.relationship}\` of ${res}`;
    const named = ref.name !== undefined;
    constraints.push({ name: ref.name ?? foreignKeyName(T, rel.sourceAttributes), kind: 'foreign key', owner, src: named ? child(ref.src, 'name') : ref.src, part: named ? 'value' : 'key', ...(named ? {} : { derivedFix: `set a shorter \`name\` in \`postgres.references.${ref.relationship}\`` }) });
    // The compiler indexes the key's own columns and the local side of match_with.
    if (ref.index) relations.push({ name: fieldsIndexName(T, [...rel.sourceAttributes, ...ref.matchWith.map(([local]) => local)]), kind: 'index', owner, src: child(ref.src, 'index'), part: 'key', derivedFix: 'shorten the table or column name, or index it with a named custom index instead' });
  }
  for (const id of r.identities) relations.push({ name: identityIndexName(T, id.name), kind: 'index', owner: `identity \`${id.name}\` of ${res}`, src: id.src, part: 'key', derivedFix: 'give the identity a shorter name' });
  // A resource's custom indexes and its partitions' own, named after the table they are on.
  const customIndexes = [...r.customIndexes.map((index, position) => ({ index, position, table: T, of: res })), ...partitionIndexes(r).map((p) => ({ ...p, table: p.partition.name, of: `the partition ${p.partition.name} of ${res}` }))];
  for (const { index: x, position: i, table, of } of customIndexes) {
    const owner = `custom index ${x.name !== undefined ? `\`${x.name}\`` : i + 1} of ${of}`;
    if (x.name !== undefined) relations.push({ name: x.name, kind: 'index', owner, src: child(x.src, 'name'), part: 'value' });
    else if (x.fields.length && x.fields.every((f) => f.kind === 'column'))
      relations.push({ name: fieldsIndexName(table, x.fields.map((f) => (f.kind === 'column' ? f.column : ''))), kind: 'index', owner, src: x.src, part: 'value', derivedFix: 'give the index a shorter `name`' });
  }
  for (const c of r.checkConstraints) constraints.push({ name: c.name, kind: 'check constraint', owner: `check constraint \`${c.name}\` of ${res}`, src: child(c.src, 'name'), part: 'value' });
  for (const a of r.attributes) {
    for (const [field, rule] of RULES) {
      if (a.constraints[field] === undefined) continue;
      constraints.push({ name: attributeCheckName(T, a.name, rule), kind: 'check constraint', owner: `attribute \`${a.name}\` of ${res}`, src: child(a.constraints.src, rule), part: 'key', derivedFix: 'shorten the table or attribute name' });
    }
  }
  for (const t of r.triggers) triggers.push({ name: t.name, kind: 'trigger', owner: `trigger \`${t.name}\` of ${res}`, src: child(t.src, 'name'), part: 'value' });
  const touched = r.attributes.find((a) => a.macro === 'update_timestamp');
  if (touched) {
    triggers.push({ name: touchTriggerName(T), kind: 'trigger', owner: `attribute \`${touched.name}\` (update_timestamp) of ${res}`, src: touched.src, part: 'key', derivedFix: 'shorten the table name' });
    other.push({ name: touchFunctionName(T), kind: 'function', owner: `attribute \`${touched.name}\` (update_timestamp) of ${res}`, src: touched.src, part: 'key', derivedFix: 'shorten the table name' });
  }
  if (r.multitenancy?.strategy === 'attribute' && r.multitenancy.rowLevelSecurity) {
    other.push({ name: tenantPolicyName(T), kind: 'policy', owner: `the multitenancy of ${res}`, src: r.multitenancy.src, part: 'key', derivedFix: 'shorten the table name' });
  }
  return { relations, constraints, triggers, other };
}

function checkLength(ctx: CheckContext, n: Named, done: Set<string>): void {
  if (!tooLongForIdentifier(n.name)) return;
  // A name found too long is reported once for its place.
  const key = `${n.name}|${n.src.file}|${n.src.pointer}`;
  if (done.has(key)) return;
  done.add(key);
  const derived = n.derivedFix !== undefined;
  ctx.report(CHECK.identifierTooLong, `the ${n.kind} name ${derived ? 'pgdecl derives ' : ''}\`${n.name}\` is ${byteLength(n.name)} bytes; PostgreSQL silently cuts names to ${MAX_IDENTIFIER_BYTES} bytes, so plans would never converge`, n.src, {
    part: n.part,
    suggestion: n.derivedFix ?? 'choose a name of at most 63 bytes',
  });
}

/** Reports the second and later holders of a name within one namespace. */
class Namespace {
  private readonly seen = new Map<string, Named>();
  constructor(
    private readonly ctx: CheckContext,
    private readonly words: string,
  ) {}
  /** False when the name was taken. */
  add(n: Named): boolean {
    const first = this.seen.get(n.name);
    if (!first) {
      this.seen.set(n.name, n);
      return true;
    }
    const tables = first.kind === 'table' && n.kind === 'table';
    const kind = first.kind === n.kind ? `${n.kind} name` : 'name';
    this.ctx.report(
      tables ? CHECK.duplicateTable : CHECK.duplicateName,
      tables
        ? `${n.owner} uses the table \`${n.name}\` ${this.words}, which is already the table of ${first.owner} (${this.ctx.where(first.src)})`
        : `the ${kind} \`${n.name}\` is used twice ${this.words}: for the ${n.kind} of ${n.owner}, and for the ${first.kind} of ${first.owner} (${this.ctx.where(first.src)})`,
      n.src,
      { part: n.part, suggestion: tables ? 'two resources cannot share a table: rename one table, or move it to another schema' : n.derivedFix ?? 'choose another name' },
    );
    return false;
  }
}

/** The key an entry of `types:`, `views:`, `sequences:` or `collations:` is written under: the last part of its place. */
function keyOf(d: { readonly src: Src }): string {
  const parts = d.src.pointer.split('/');
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

export function checkNames(ctx: CheckContext, project: Project): void {
  const spaces = new Map<string, Namespace>();
  const done = new Set<string>();
  const space = (key: string, words: string) => {
    let s = spaces.get(key);
    if (!s) spaces.set(key, (s = new Namespace(ctx, words)));
    return s;
  };
  // In file order, so a name taken twice is reported where it is taken the second time.
  const inFileOrder = [...project.resources].sort((a, b) => (a.src.file < b.src.file ? -1 : a.src.file > b.src.file ? 1 : ctx.resourceOrder(a.src) - ctx.resourceOrder(b.src)));
  for (const r of inFileOrder) {
    if (r.table === '') continue;
    const names = resourceNames(ctx, r);
    // When the table name is too long, the names derived from it are too: say it once.
    const tableTooLong = tooLongForIdentifier(r.table);
    for (const n of [...names.relations, ...names.constraints, ...names.triggers, ...names.other]) if (!(tableTooLong && n.derivedFix && n.kind !== 'column')) checkLength(ctx, n, done);
    const schemas = r.multitenancy?.strategy === 'context' ? ['\0tenant', ...(r.multitenancy.global ? [r.schema] : [])] : [r.schema];
    for (const s of schemas) {
      const ns = space(`rel|${r.repo}|${s}`, s === '\0tenant' ? 'in the tenant schemas' : `in schema ${s}`);
      const [table, ...rest] = names.relations;
      // A table used twice: its indexes would clash too; the table is the one message.
      if (table && ns.add(table)) for (const n of rest) ns.add(n);
    }
    const constraints = space(`con|${r.repo}|${r.schema}|${r.table}|${r.name}`, `on table \`${r.table}\``);
    for (const n of names.constraints) constraints.add(n);
    const triggers = space(`trg|${r.repo}|${r.schema}|${r.table}|${r.name}`, `on table \`${r.table}\``);
    for (const n of names.triggers) triggers.add(n);
  }
  for (const f of project.functions) {
    const named = ctx.written(f.src, 'name');
    checkLength(ctx, { name: f.name, kind: 'function', owner: `function \`${f.key}\``, src: named ? child(f.src, 'name') : f.src, part: named ? 'value' : 'key' }, done);
    if (ctx.written(f.src, 'schema')) checkLength(ctx, { name: f.schema, kind: 'schema', owner: `function \`${f.key}\``, src: child(f.src, 'schema'), part: 'value' }, done);
  }
  // Two keys of `types:` (or of `views:` and `sequences:`, which share the tables' namespace,
  // or of `collations:`) that name one object: `name:` lets a key differ from the name.
  const declared = (kind: string, section: string, d: { readonly name: string; readonly schema: string; readonly src: Src }, words: string) =>
    space(`${kind}|${d.schema}`, `in schema ${d.schema}`).add({ name: d.name, kind: words, owner: `\`${section}.${keyOf(d)}\``, src: d.src, part: 'key', derivedFix: 'give one of them another `name:`, or another `schema:`' });
  for (const t of project.types ?? []) declared('type', 'types', t, 'type');
  for (const v of project.views ?? []) declared('relation', 'views', v, v.materialized ? 'materialized view' : 'view');
  for (const q of project.sequences ?? []) declared('relation', 'sequences', q, 'sequence');
  for (const c of project.collations ?? []) declared('collation', 'collations', c, 'collation');
  const statements = new Namespace(ctx, 'in this project');
  for (const r of project.resources) {
    for (const s of r.customStatements) statements.add({ name: s.name, kind: 'custom statement', owner: `resource ${r.name}`, src: child(s.src, 'name'), part: 'value' });
  }
}
