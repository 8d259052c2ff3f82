/** CREATE DOMAIN, CREATE TYPE … AS (…), and what ALTER DOMAIN / ALTER TYPE change in place. */
import { collationSql } from '../../ir/collation.js';
import type { Change } from '../../diff/change.js';
import type { CompositeAttribute, CompositeType, DomainCheck, DomainType, RangeType, UserType } from '../../ir/user-type.js';
import { typeName } from '../../ir/user-type.js';
import { ident } from '../../sql/quote.js';
import { commentOnType, commentOnTypeAttribute, createEnum } from './types.js';
import { reparsable } from '../../sql/reparsable.js';

type Ref = { readonly schema: string; readonly name: string };

const collate = (c: string | undefined) => (c !== undefined ? ` COLLATE ${collationSql(c)}` : '');

export function checkClause(c: DomainCheck): string {
  return `CONSTRAINT ${ident(c.name)} CHECK (${reparsable(c.expression)})`;
}

export function createDomain(t: DomainType): string {
  const parts = [`CREATE DOMAIN ${typeName(t)} AS ${t.base}${collate(t.collation)}`];
  if (t.default !== undefined) parts.push(`DEFAULT ${reparsable(t.default)}`);
  if (t.notNull) parts.push('NOT NULL');
  for (const c of t.checks) parts.push(checkClause(c));
  return parts.join(' ');
}

function attributeDefinition(a: CompositeAttribute): string {
  return `${ident(a.name)} ${a.type}${collate(a.collation)}`;
}

export function createComposite(t: CompositeType): string {
  return `CREATE TYPE ${typeName(t)} AS (${t.attributes.map(attributeDefinition).join(', ')})`;
}

/** CREATE TYPE … AS RANGE: the subtype, then what is not the default. */
export function createRange(t: RangeType): string {
  const options = [`SUBTYPE = ${t.subtype}`];
  if (t.subtypeOpclass !== undefined) options.push(`SUBTYPE_OPCLASS = ${t.subtypeOpclass}`);
  if (t.collation !== undefined) options.push(`COLLATION = ${collationSql(t.collation)}`);
  if (t.canonical !== undefined) options.push(`CANONICAL = ${t.canonical}`);
  if (t.subtypeDiff !== undefined) options.push(`SUBTYPE_DIFF = ${t.subtypeDiff}`);
  if (t.multirange !== undefined) options.push(`MULTIRANGE_TYPE_NAME = ${typeName({ schema: t.schema, name: t.multirange })}`);
  return `CREATE TYPE ${typeName(t)} AS RANGE (${options.join(', ')})`;
}

/** Any declared type, with its comment (and those of a composite type's attributes). */
export function createUserType(t: UserType): string[] {
  const create = t.kind === 'enum' ? createEnum(t) : t.kind === 'domain' ? createDomain(t) : t.kind === 'range' ? createRange(t) : createComposite(t);
  const attributeComments = t.kind === 'composite' ? t.attributes.flatMap((a) => (a.comment !== undefined ? [commentOnTypeAttribute(t, a.name, a.comment)] : [])) : [];
  return [create, ...(t.comment !== undefined ? [commentOnType(t, t.comment)] : []), ...attributeComments];
}

export function dropUserType(t: UserType): string {
  return `DROP ${t.kind === 'domain' ? 'DOMAIN' : 'TYPE'} ${typeName(t)}`;
}

export function alterDomain(c: Extract<Change, { kind: 'alter_domain' }>): string[] {
  const at = `ALTER DOMAIN ${typeName(c.to)}`;
  return c.changed.map((p) =>
    p === 'default' ? (c.to.default !== undefined ? `${at} SET DEFAULT ${reparsable(c.to.default)}` : `${at} DROP DEFAULT`) : c.to.notNull ? `${at} SET NOT NULL` : `${at} DROP NOT NULL`,
  );
}

export function addDomainCheck(t: Ref, c: DomainCheck): string {
  return `ALTER DOMAIN ${typeName(t)} ADD ${checkClause(c)}${c.notValid ? ' NOT VALID' : ''}`;
}

export function dropDomainCheck(t: Ref, name: string): string {
  return `ALTER DOMAIN ${typeName(t)} DROP CONSTRAINT ${ident(name)}`;
}

export function renameDomainCheck(t: Ref, from: string, to: string): string {
  return `ALTER DOMAIN ${typeName(t)} RENAME CONSTRAINT ${ident(from)} TO ${ident(to)}`;
}

export function addTypeAttribute(t: Ref, a: CompositeAttribute): string {
  return `ALTER TYPE ${typeName(t)} ADD ATTRIBUTE ${attributeDefinition(a)}`;
}

export function dropTypeAttribute(t: Ref, a: CompositeAttribute): string {
  return `ALTER TYPE ${typeName(t)} DROP ATTRIBUTE ${ident(a.name)}`;
}

export function alterTypeAttribute(t: Ref, a: CompositeAttribute): string {
  return `ALTER TYPE ${typeName(t)} ALTER ATTRIBUTE ${ident(a.name)} TYPE ${a.type}${collate(a.collation)}`;
}

/** A type PostgreSQL cannot change in place: dropped and created again (only when nothing uses it). */
export function replaceUserType(from: UserType, to: UserType): string[] {
  return [dropUserType(from), ...createUserType(to)];
}
