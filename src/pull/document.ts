/**
 * A pull result → resource files: one file with everything, or one file per schema
 * (`<schema>.yaml`: its resources and functions; the repo and what belongs to no schema go in
 * the first). Each file starts with the schema modeline, then a comment naming what was not
 * pulled and what could not be written exactly.
 */
import type { PullResult } from './pull.js';
import { block, renderYaml, spaced } from './render.js';
import { describeUnsupported, type Unsupported } from './unsupported.js';
import { note, ymap, type Y } from './yaml-tree.js';

export interface DocumentOptions {
  /** What the modeline points at: the JSON Schema, relative to the file (or a URL). */
  readonly schemaPath: string;
  /** Where the database is, for the header (a URL without its password). */
  readonly source?: string;
}

export interface PulledFile {
  /** `<schema>.yaml` when split per schema. */
  readonly name?: string;
  readonly text: string;
}

function header(o: DocumentOptions, schemas: readonly string[], unsupported: readonly Unsupported[], inexact: readonly string[]): string[] {
  const lines = [`yaml-language-server: $schema=${o.schemaPath}`, ''];
  lines.push(`Pulled by \`pgdecl pull\`${o.source ? ` from ${o.source}` : ''}: schema${schemas.length > 1 ? 's' : ''} ${schemas.join(', ')}.`);
  if (unsupported.length) {
    const removed = unsupported.some((u) => u.planRemoves);
    lines.push('', `Not pulled: pgdecl does not manage these, so plans leave them as they are${removed ? ' (but for what a plan removes)' : ''}.`);
    for (const u of unsupported) lines.push(`  ${describeUnsupported(u)}`);
  }
  if (inexact.length) {
    lines.push('', 'Not exact: the format cannot say these, so a plan against this database changes them.');
    for (const i of inexact) lines.push(`  ${i}`);
  }
  return lines;
}

function repo(r: PullResult): Map<string, Y> {
  return ymap([
    ['schemas', r.managedSchemas.length ? [...r.managedSchemas] : undefined],
    ['extensions', r.extensions.length ? [...r.extensions] : undefined],
    ['default_privileges', r.defaultPrivileges.length ? [...r.defaultPrivileges] : undefined],
  ]);
}

function document(r: PullResult, resources: PullResult['resources'], functions: PullResult['functions'], sequences: PullResult['sequences'], types: PullResult['types'], withRepo: boolean, views: PullResult['views'] = [], collations: PullResult['collations'] = [], aggregates: PullResult['aggregates'] = []): Map<string, Y> {
  const res = spaced(new Map<string, Y>());
  for (const x of resources) res.set(x.name, x.comment ? note(x.value, x.comment) : x.value);
  const fns = spaced(new Map<string, Y>(functions.map((f) => [f.key, f.value])));
  const seqs = new Map<string, Y>(sequences.map((s) => [s.key, s.value]));
  return ymap([
    ['version', 1],
    ['repos', withRepo && (r.extensions.length || r.managedSchemas.length || r.defaultPrivileges.length) ? block(ymap([['default', block(repo(r))]])) : undefined],
    ['resources', res.size ? res : undefined],
    ['collations', collations.length ? new Map<string, Y>(collations.map((c) => [c.key, c.value])) : undefined],
    ['types', types.length ? new Map<string, Y>(types.map((t) => [t.key, t.value])) : undefined],
    ['functions', fns.size ? fns : undefined],
    ['aggregates', aggregates.length ? spaced(new Map<string, Y>(aggregates.map((a) => [a.key, a.value]))) : undefined],
    ['sequences', seqs.size ? seqs : undefined],
    ['views', views.length ? spaced(new Map<string, Y>(views.map((v) => [v.key, v.value]))) : undefined],
  ]);
}

/** Everything in one file. */
export function pulledFile(r: PullResult, o: DocumentOptions): string {
  return renderYaml(document(r, r.resources, r.functions, r.sequences, r.types, true, r.views, r.collations, r.aggregates), header(o, r.schemas, r.unsupported, r.inexact));
}

/** `auth` → `auth.yaml`; characters a file name should not have become `_`. */
export function schemaFileName(schema: string): string {
  return `${schema.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\./, '_')}.yaml`;
}

/**
 * One file per pulled schema that has something to say (public's first; it also gets the repo,
 * what belongs to no schema, and the resources of tables in schemas that were not pulled).
 */
export function pulledFilesPerSchema(r: PullResult, o: DocumentOptions): PulledFile[] {
  const named = [...r.resources.map((x) => x.schema), ...r.functions.map((f) => f.schema), ...r.sequences.map((q) => q.schema), ...r.types.map((t) => t.schema), ...r.collations.map((c) => c.schema), ...r.views.map((v) => v.schema), ...r.aggregates.map((a) => a.schema), ...r.unsupported.flatMap((u) => (u.schema !== undefined ? [u.schema] : []))];
  const schemas = [...new Set(named.filter((s) => r.schemas.includes(s)))].sort((a, b) => Number(b === 'public') - Number(a === 'public') || (a < b ? -1 : 1));
  if (schemas.length === 0) return [{ name: schemaFileName(r.schemas[0] ?? 'public'), text: pulledFile(r, o) }];
  const fileOf = (schema: string) => (schemas.includes(schema) ? schema : schemas[0]);
  return schemas.map((s, i) => {
    const unsupported = r.unsupported.filter((u) => u.schema === s || (i === 0 && u.schema === undefined));
    const inexact = i === 0 ? r.inexact : [];
    const doc = document(r, r.resources.filter((x) => fileOf(x.schema) === s), r.functions.filter((f) => f.schema === s), r.sequences.filter((q) => q.schema === s), r.types.filter((t) => t.schema === s), i === 0, r.views.filter((v) => v.schema === s), r.collations.filter((c) => c.schema === s), r.aggregates.filter((a) => a.schema === s));
    return { name: schemaFileName(s), text: renderYaml(doc, header(o, [s], unsupported, inexact)) };
  });
}
