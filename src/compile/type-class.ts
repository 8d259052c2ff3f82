/**
 * What the compiler needs to know about a column type (as `format_type` spells it) to write
 * constants and checks for it the way PostgreSQL prints them back.
 */

export type TypeClass =
  | 'integer' // smallint, integer, bigint
  | 'numeric'
  | 'float' // real, double precision
  | 'text'
  | 'citext'
  | 'varchar' // character varying: compared as text
  | 'bpchar' // character(n)
  | 'boolean'
  | 'jsonb'
  | 'json'
  | 'bytea'
  | 'uuid'
  | 'array'
  | 'other';

export function isArrayType(type: string): boolean {
  return type.endsWith('[]');
}

export function elementType(type: string): string {
  return type.endsWith('[]') ? type.slice(0, -2) : type;
}

export function typeClass(type: string): TypeClass {
  if (isArrayType(type)) return 'array';
  const base = type.replace(/\(.*?\)/, '');
  switch (base) {
    case 'smallint':
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'numeric':
      return 'numeric';
    case 'real':
    case 'double precision':
      return 'float';
    case 'text':
      return 'text';
    case 'citext':
      return 'citext';
    case 'character varying':
      return 'varchar';
    case 'character':
    case 'bpchar':
      return 'bpchar';
    case 'boolean':
      return 'boolean';
    case 'jsonb':
      return 'jsonb';
    case 'json':
      return 'json';
    case 'bytea':
      return 'bytea';
    case 'uuid':
      return 'uuid';
    default:
      return 'other';
  }
}

/**
 * The type as PostgreSQL labels a constant of it (`format_type(oid, -1)`): without length,
 * precision or interval fields. `numeric(12,2)` → `numeric`, `character(3)` → `bpchar`,
 * `timestamp(0) without time zone` → `timestamp without time zone`.
 */
export function castLabel(type: string): string {
  if (isArrayType(type)) return castLabel(elementType(type)) + '[]';
  if (/^character\s*\(/.test(type) || type === 'character') return 'bpchar';
  if (/^interval\b/.test(type)) return 'interval';
  return type.replace(/\s*\(\d+(?:,\d+)?\)/, '');
}
