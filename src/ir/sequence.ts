/**
 * Sequences: standalone ones (`sequences:` in the files, or the sequence behind a serial
 * column) and the options of an identity column's own sequence.
 *
 * Every option is kept resolved (START, MINVALUE and MAXVALUE as PostgreSQL computes them
 * when they are left out), as decimal strings: bigint bounds do not fit a JSON number. A
 * compiled sequence and an inspected one therefore compare with `===`.
 */

import type { Grant } from './privilege.js';

export type SequenceType = 'smallint' | 'integer' | 'bigint';

export const SEQUENCE_TYPES: readonly SequenceType[] = ['smallint', 'integer', 'bigint'];

export interface SequenceOptions {
  /** `AS`: the sequence's data type. */
  readonly type: SequenceType;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

/** The column that owns a sequence (`OWNED BY`): dropping the column drops the sequence. */
export interface SequenceOwner {
  /** The table, in the sequence's schema. */
  readonly table: string;
  readonly column: string;
}

export interface Sequence extends SequenceOptions {
  readonly schema: string;
  readonly name: string;
  readonly ownedBy?: SequenceOwner;
  readonly comment?: string;
  /** Privileges of roles other than the owner (./privilege.ts); absent: none. */
  readonly grants?: readonly Grant[];
}

/** The options of an identity column's sequence, when they are not the defaults for its type. */
export type IdentityOptions = Omit<SequenceOptions, 'type'>;

export type SequenceOption = 'type' | 'start' | 'increment' | 'min' | 'max' | 'cache' | 'cycle';
export const SEQUENCE_OPTIONS: readonly SequenceOption[] = ['type', 'increment', 'min', 'max', 'start', 'cache', 'cycle'];

const BOUNDS: Readonly<Record<SequenceType, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

export function typeBounds(type: SequenceType): readonly [bigint, bigint] {
  return BOUNDS[type];
}

/** What the user may leave out; the rest is computed like CREATE SEQUENCE does. */
export interface SequenceInput {
  readonly type?: SequenceType;
  readonly start?: bigint;
  readonly increment?: bigint;
  readonly min?: bigint;
  readonly max?: bigint;
  readonly cache?: bigint;
  readonly cycle?: boolean;
}

/** Options resolved the way PostgreSQL resolves them (`init_params` in sequence.c). */
export function resolveSequence(input: SequenceInput): SequenceOptions {
  const type = input.type ?? 'bigint';
  const increment = input.increment ?? 1n;
  const [lo, hi] = BOUNDS[type];
  const min = input.min ?? (increment > 0n ? 1n : lo);
  const max = input.max ?? (increment > 0n ? hi : -1n);
  const start = input.start ?? (increment > 0n ? min : max);
  return {
    type,
    start: String(start),
    increment: String(increment),
    min: String(min),
    max: String(max),
    cache: String(input.cache ?? 1n),
    cycle: input.cycle ?? false,
  };
}

/** Why these options cannot make a sequence (PostgreSQL's own checks), or undefined. */
export function sequenceProblem(o: SequenceOptions): string | undefined {
  const [lo, hi] = BOUNDS[o.type];
  const n = (s: string) => BigInt(s);
  if (n(o.increment) === 0n) return 'increment must not be zero';
  if (n(o.min) < lo || n(o.max) > hi) return `min_value and max_value must lie within ${o.type} (${lo} to ${hi})`;
  if (n(o.min) >= n(o.max)) return `min_value (${o.min}) must be less than max_value (${o.max})`;
  if (n(o.start) < n(o.min) || n(o.start) > n(o.max)) return `start (${o.start}) must lie between min_value (${o.min}) and max_value (${o.max})`;
  if (n(o.cache) < 1n) return 'cache must be at least 1';
  return undefined;
}

/** The options that differ between two sequences, in SEQUENCE_OPTIONS order. */
export function changedOptions(from: SequenceOptions, to: SequenceOptions): SequenceOption[] {
  return SEQUENCE_OPTIONS.filter((k) => from[k] !== to[k]);
}

/** An identity column's options, or undefined when they are what a plain identity column gets. */
export function identityOptions(type: string, o: IdentityOptions): IdentityOptions | undefined {
  if (!isSequenceType(type)) return o;
  const d = resolveSequence({ type });
  const same = d.start === o.start && d.increment === o.increment && d.min === o.min && d.max === o.max && d.cache === o.cache && d.cycle === o.cycle;
  return same ? undefined : o;
}

export function isSequenceType(t: string): t is SequenceType {
  return t === 'smallint' || t === 'integer' || t === 'bigint';
}

/** The serial pseudo-type that makes a sequence of this type. */
export function serialName(t: SequenceType): 'smallserial' | 'serial' | 'bigserial' {
  return t === 'smallint' ? 'smallserial' : t === 'integer' ? 'serial' : 'bigserial';
}

const MAX_IDENTIFIER = 63;

/**
 * The name PostgreSQL gives a serial or identity column's sequence (`makeObjectName` in
 * indexcmds.c): `<table>_<column>_seq`, the longer of table and column cut until it fits in 63
 * bytes.
 */
export function serialSequenceName(table: string, column: string): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  let a = table;
  let b = column;
  const overhead = bytes('__seq');
  const cut = (s: string) => {
    let out = s.slice(0, -1);
    // Never split a multibyte character (PostgreSQL uses pg_mbcliplen).
    while (out.length && /[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
    return out;
  };
  while (bytes(a) + bytes(b) + overhead > MAX_IDENTIFIER) {
    if (bytes(a) > bytes(b)) a = cut(a);
    else b = cut(b);
  }
  return `${a}_${b}_seq`;
}
