/** CREATE OR REPLACE FUNCTION, laid out as pg_get_functiondef lays it out. */
import type { Function } from '../../ir/catalog.js';
import { dollarQuote, qname, stringLiteral } from '../../sql/quote.js';

export function functionSignature(f: Pick<Function, 'schema' | 'name' | 'arguments'>): string {
  return `${qname(f.schema, f.name)}(${f.arguments})`;
}

export function createFunction(f: Function): string {
  const lines = [`CREATE OR REPLACE FUNCTION ${functionSignature(f)}`, ` RETURNS ${f.returns}`, ` LANGUAGE ${f.language}`];
  if (f.volatility !== 'volatile') lines.push(` ${f.volatility.toUpperCase()}`);
  if (f.security === 'definer') lines.push(' SECURITY DEFINER');
  lines.push(`AS ${dollarQuote(f.body)}`);
  return lines.join('\n');
}

export function commentOnFunction(f: Function): string {
  return `COMMENT ON FUNCTION ${functionSignature(f)} IS ${f.comment === undefined ? 'NULL' : stringLiteral(f.comment)}`;
}
