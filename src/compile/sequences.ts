/**
 * Sequences: `sequences:` entries, the sequence behind a serial column (`postgres_type:
 * serial`, `bigserial`, `smallserial`), and an identity column's `sequence:` options. Options
 * are resolved the way CREATE SEQUENCE resolves them, so a compiled sequence compares equal
 * to an inspected one.
 */
import { serialSequenceName } from '../ir/sequence.js';
import { TENANT_SCHEMA, type Catalog } from '../ir/catalog.js';
import { keys } from '../ir/keys.js';
import { identityOptions, resolveSequence, sequenceProblem, SEQUENCE_TYPES, type IdentityOptions, type Sequence, type SequenceInput, type SequenceOptions, type SequenceType } from '../ir/sequence.js';
import type { Attribute, Resource, SequenceDef, SequenceSettings } from '../model/resource.js';
import { child } from '../model/source.js';
import { nextvalDefault } from '../render/ddl/sequences.js';
import { compileError, origin, type CompileContext } from './context.js';

const SERIALS: Readonly<Record<string, SequenceType>> = {
  smallserial: 'smallint',
  serial2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
};

/** The integer type a `postgres_type` of serial, bigserial or smallserial stands for. */
export function serialType(postgresType: string | undefined): SequenceType | undefined {
  if (postgresType === undefined) return undefined;
  const t = postgresType.trim().toLowerCase().replace(/^pg_catalog\./, '');
  return SERIALS[t];
}


function input(ctx: CompileContext, s: SequenceSettings | undefined, type: SequenceType, what: string): SequenceOptions | undefined {
  const n = (v: string | undefined) => (v === undefined ? undefined : BigInt(v));
  const given: SequenceInput = {
    type,
    ...(s?.start !== undefined ? { start: n(s.start)! } : {}),
    ...(s?.increment !== undefined ? { increment: n(s.increment)! } : {}),
    ...(s?.minValue !== undefined ? { min: n(s.minValue)! } : {}),
    ...(s?.maxValue !== undefined ? { max: n(s.maxValue)! } : {}),
    ...(s?.cache !== undefined ? { cache: n(s.cache)! } : {}),
    ...(s?.cycle !== undefined ? { cycle: s.cycle } : {}),
  };
  if (given.increment === 0n) {
    compileError(ctx, 'sequence_options', `${what}: increment must not be zero`, s ? child(s.src, 'increment') : undefined, { suggestion: 'use 1, or -1 for a descending sequence' });
    return undefined;
  }
  const o = resolveSequence(given);
  const problem = sequenceProblem(o);
  if (problem) {
    compileError(ctx, 'sequence_options', `${what}: ${problem}`, s?.src, { suggestion: 'change start, min_value or max_value so that min_value ≤ start ≤ max_value within the type' });
    return undefined;
  }
  return o;
}

/** The sequence behind a serial column, owned by it; its default is `nextval` of it. */
export function serialSequence(ctx: CompileContext, resource: Resource, attr: Attribute, schema: string, type: SequenceType): { sequence?: Sequence; default: string } {
  const name = serialSequenceName(resource.table, attr.name);
  const ref = { schema, name };
  if (schema === TENANT_SCHEMA) {
    compileError(ctx, 'serial_tenant', `\`${resource.name}.${attr.name}\` is a serial column in a resource that lives in every tenant schema, which pgdecl does not support`, attr.postgresType?.src ?? attr.src, {
      suggestion: 'use an identity column instead: `{ type: integer, identity: by_default }`',
    });
    return { default: nextvalDefault(ref) };
  }
  const o = input(ctx, attr.sequence, type, `the sequence of \`${resource.name}.${attr.name}\``);
  origin(ctx, keys.sequence(schema, name), attr.src);
  return { ...(o ? { sequence: { schema, name, ...o, ownedBy: { table: resource.table, column: attr.name } } } : {}), default: nextvalDefault(ref) };
}

/** An identity column's options, kept only when they are not the defaults for its type. */
export function identitySequenceOptions(ctx: CompileContext, resource: Resource, attr: Attribute, type: string): IdentityOptions | undefined {
  if (!attr.sequence || !(SEQUENCE_TYPES as readonly string[]).includes(type)) return undefined;
  const o = input(ctx, attr.sequence, type as SequenceType, `the identity of \`${resource.name}.${attr.name}\``);
  if (!o) return undefined;
  const { type: _t, ...rest } = o;
  return identityOptions(type, rest);
}

/** An entry of `sequences:`. */
export function userSequence(ctx: CompileContext, def: SequenceDef): Sequence | undefined {
  const what = `sequence \`${def.name}\``;
  const as = def.as?.trim().toLowerCase();
  const type = as === undefined ? 'bigint' : as === 'int' || as === 'int4' ? 'integer' : as === 'int8' ? 'bigint' : as === 'int2' ? 'smallint' : as;
  if (!(SEQUENCE_TYPES as readonly string[]).includes(type)) {
    compileError(ctx, 'sequence_options', `${what}: \`as: ${def.as}\` is not smallint, integer or bigint`, child(def.src, 'as'), { suggestion: 'use `as: bigint` (the default), `integer` or `smallint`' });
    return undefined;
  }
  const o = input(ctx, def, type as SequenceType, what);
  if (!o) return undefined;
  let ownedBy: Sequence['ownedBy'];
  if (def.ownedBy !== undefined) {
    const [table, column, extra] = def.ownedBy.split('.');
    if (!table || !column || extra !== undefined) {
      compileError(ctx, 'sequence_owner', `${what}: \`owned_by: ${def.ownedBy}\` is not \`table.column\``, child(def.src, 'owned_by'), {
        suggestion: 'name a column of a table in the same schema, e.g. `owned_by: orders.number`',
      });
      return undefined;
    }
    ownedBy = { table, column };
  }
  origin(ctx, keys.sequence(def.schema, def.name), def.src);
  return { schema: def.schema, name: def.name, ...o, ...(ownedBy ? { ownedBy } : {}), ...(def.description !== undefined ? { comment: def.description } : {}) };
}

/** `owned_by` names a column of a table these files create, in the sequence's schema; two sequences never share a name. */
export function checkSequenceOwners(ctx: CompileContext, catalog: Catalog): void {
  const seen = new Set<string>();
  for (const s of catalog.sequences ?? []) {
    const src = ctx.origins.get(keys.sequence(s.schema, s.name));
    const k = `${s.schema}.${s.name}`;
    if (seen.has(k)) compileError(ctx, 'sequence_owner', `two sequences are named ${k} (a serial column's sequence is named <table>_<column>_seq)`, src, { suggestion: 'rename the entry of `sequences:`' });
    seen.add(k);
    if (!s.ownedBy) continue;
    const t = catalog.tables.find((x) => x.schema === s.schema && x.name === s.ownedBy!.table);
    if (!t || !t.columns.some((c) => c.name === s.ownedBy!.column)) {
      compileError(ctx, 'sequence_owner', `sequence ${k} is owned by ${s.ownedBy.table}.${s.ownedBy.column}, which is not a column of a table in schema ${s.schema} that these files create`, src, {
        suggestion: 'name an attribute of a resource in the same schema as `table.column`, or remove `owned_by`',
      });
    }
  }
}
