/** CREATE [MATERIALIZED] VIEW with its options, indexes and comments; CREATE OR REPLACE VIEW; DROP; COMMENT ON. */
import type { ViewRef } from '../../diff/change.js';
import type { View } from '../../ir/view.js';
import { viewName } from '../../ir/view.js';
import { ident, stringLiteral } from '../../sql/quote.js';
import { commentIfAny } from './comments.js';
import { createIndex, storageList } from './indexes.js';
import { reparsable } from '../../sql/reparsable.js';
import { valuesView } from '../../sql/values-view.js';
import { createTrigger } from './triggers.js';

/** The query as the server printed it ends with `;`, which the statement around it must not. */
function query(v: View): string {
  return reparsable(v.definition.trim().replace(/;+\s*$/, ''));
}

/**
 * ` (columns) AS query`: a VALUES list the server printed as a SELECT from it is created as the
 * VALUES list it was (../../sql/values-view.ts), so that it prints the same again.
 */
function body(v: View): { readonly columns: string; readonly query: string } {
  const values = valuesView(v.definition);
  return values ? { columns: ` (${values.columns.join(', ')})`, query: values.values } : { columns: '', query: query(v) };
}

/** `WITH (check_option=…, security_barrier=true, …)`, or nothing. */
function options(v: View): string {
  const o = [
    ...(v.checkOption ? [`check_option=${v.checkOption}`] : []),
    ...(v.securityBarrier ? ['security_barrier=true'] : []),
    ...(v.securityInvoker ? ['security_invoker=true'] : []),
  ];
  return o.length ? ` WITH (${o.join(', ')})` : '';
}

export function commentOnView(v: ViewRef, column: string | undefined, comment: string | undefined): string {
  const text = comment === undefined ? 'NULL' : stringLiteral(comment);
  if (column !== undefined) return `COMMENT ON COLUMN ${viewName(v)}.${ident(column)} IS ${text}`;
  return `COMMENT ON ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${viewName(v)} IS ${text}`;
}

function comments(v: View): string[] {
  return [
    ...(v.comment !== undefined ? [commentOnView(v, undefined, v.comment)] : []),
    ...v.columns.flatMap((c) => (c.comment !== undefined ? [commentOnView(v, c.name, c.comment)] : [])),
  ];
}

/** The view, then (a materialized view's) indexes, then the comments. */
export function createView(v: View): string[] {
  const ref = { schema: v.schema, name: v.name };
  if (!v.materialized) {
    const triggers = (v.triggers ?? []).flatMap((t) => [createTrigger(ref, t), ...commentIfAny(ref, { type: 'trigger', name: t.name }, t.comment)]);
    const b = body(v);
    return [`CREATE VIEW ${viewName(v)}${b.columns}${options(v)} AS ${b.query}`, ...comments(v), ...triggers];
  }
  const b = body(v);
  return [
    `CREATE MATERIALIZED VIEW ${viewName(v)}${b.columns}${v.storage && Object.keys(v.storage).length ? ` WITH ${storageList(v.storage)}` : ''} AS ${b.query} WITH ${v.withNoData ? 'NO ' : ''}DATA`,
    ...v.indexes.flatMap((i) => [createIndex(ref, i), ...commentIfAny(ref, { type: 'index', name: i.name }, i.comment)]),
    ...comments(v),
  ];
}

/** Same leading columns: the query and the options (all of them: OR REPLACE resets those it does not name). */
export function replaceView(v: View): string {
  const b = body(v);
  return `CREATE OR REPLACE VIEW ${viewName(v)}${b.columns}${options(v)} AS ${b.query}`;
}

export function dropView(v: ViewRef): string {
  return `DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${viewName(v)}`;
}
