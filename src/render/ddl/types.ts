/** CREATE TYPE … AS ENUM, the in-place enum changes, and the swap that removes or reorders values. */
import type { EnumColumn } from '../../diff/change.js';
import type { EnumType } from '../../ir/user-type.js';
import { typeName } from '../../ir/user-type.js';
import { ident, qname, stringLiteral } from '../../sql/quote.js';
import { reparsable } from '../../sql/reparsable.js';

type Ref = { readonly schema: string; readonly name: string };

export function createEnum(t: EnumType, name = t.name): string {
  return `CREATE TYPE ${qname(t.schema, name)} AS ENUM (${t.values.map(stringLiteral).join(', ')})`;
}

export function commentOnType(t: Ref, comment: string | undefined): string {
  return `COMMENT ON TYPE ${typeName(t)} IS ${comment === undefined ? 'NULL' : stringLiteral(comment)}`;
}

/** COMMENT ON COLUMN of a composite type's attribute. */
export function commentOnTypeAttribute(t: Ref, attribute: string, comment: string | undefined): string {
  return `COMMENT ON COLUMN ${typeName(t)}.${ident(attribute)} IS ${comment === undefined ? 'NULL' : stringLiteral(comment)}`;
}

export function addEnumValue(t: Ref, value: string, before?: string, after?: string): string {
  const where = before !== undefined ? ` BEFORE ${stringLiteral(before)}` : after !== undefined ? ` AFTER ${stringLiteral(after)}` : '';
  return `ALTER TYPE ${typeName(t)} ADD VALUE ${stringLiteral(value)}${where}`;
}

/** The temporary name of the new type during a swap: `<name>__new`, cut to fit 63 bytes. */
function swapName(name: string): string {
  let base = name;
  while (Buffer.byteLength(`${base}__new`, 'utf8') > 63) base = base.slice(0, -1);
  return `${base}__new`;
}

/**
 * Removing or reordering values: a new type, each column converted through text (its default
 * dropped first; a removed value becomes NULL), the old type dropped, the new one renamed, the defaults set again.
 */
export function swapEnum(from: EnumType, to: EnumType, columns: readonly EnumColumn[]): string[] {
  const tmp = swapName(to.name);
  const tmpName = qname(to.schema, tmp);
  const out = [createEnum(to, tmp)];
  for (const c of columns) {
    const alter = `ALTER TABLE ${qname(c.table.schema, c.table.name)} ALTER COLUMN ${ident(c.column)}`;
    if (c.default !== undefined) out.push(`${alter} DROP DEFAULT`);
    const arr = c.array ? '[]' : '';
    // A value the new type lacks becomes NULL (the plan counts those rows); an array keeps the cast.
    const col = ident(c.column);
    const gone = to.values.length && from.values.some((v) => !to.values.includes(v)) ? from.values.filter((v) => !to.values.includes(v)) : [];
    const using = !c.array && gone.length ? `CASE WHEN ${col}::text IN (${gone.map(stringLiteral).join(', ')}) THEN NULL ELSE ${col}::text::${tmpName} END` : `${col}::text${arr}::${tmpName}${arr}`;
    out.push(`${alter} TYPE ${tmpName}${arr} USING ${using}`);
  }
  out.push(`DROP TYPE ${typeName(from)}`, `ALTER TYPE ${tmpName} RENAME TO ${ident(to.name)}`);
  for (const c of columns) if (c.default !== undefined) out.push(`ALTER TABLE ${qname(c.table.schema, c.table.name)} ALTER COLUMN ${ident(c.column)} SET DEFAULT ${reparsable(c.default)}`);
  if (to.comment !== undefined) out.push(commentOnType(to, to.comment));
  return out;
}
