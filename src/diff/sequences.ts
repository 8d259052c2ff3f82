/**
 * Sequences on both sides → changes. Pure. A sequence the files name differently but that is
 * owned by the same column (a serial column whose table was renamed) is renamed, not dropped
 * and created again: its current value is kept.
 */
import type { Catalog } from '../ir/catalog.js';
import { changedOptions, type Sequence, type SequenceOwner } from '../ir/sequence.js';
import { nextvalDefault } from '../render/ddl/sequences.js';
import type { Change } from './change.js';

const skey = (s: { schema: string; name: string }) => `${s.schema}.${s.name}`;
const okey = (s: Sequence) => (s.ownedBy ? `${s.schema}.${s.ownedBy.table}.${s.ownedBy.column}` : undefined);
const sameOwner = (a?: SequenceOwner, b?: SequenceOwner) => (a?.table ?? null) === (b?.table ?? null) && (a?.column ?? null) === (b?.column ?? null);

/** Renames of owned sequences, and the current catalog under the new names. */
export function sequenceRenames(cur: Catalog, des: Catalog): { changes: Change[]; current: Catalog } {
  const desired = new Map((des.sequences ?? []).map((s) => [skey(s), s]));
  const current = new Set((cur.sequences ?? []).map(skey));
  const byOwner = new Map<string, Sequence>();
  for (const s of cur.sequences ?? []) {
    const k = okey(s);
    if (k && !desired.has(skey(s))) byOwner.set(k, s);
  }
  const changes: Change[] = [];
  const renamed = new Map<string, Sequence>();
  for (const d of des.sequences ?? []) {
    const k = okey(d);
    const old = k ? byOwner.get(k) : undefined;
    if (current.has(skey(d)) || !old || old.schema !== d.schema) continue;
    changes.push({ kind: 'rename_sequence', from: { schema: old.schema, name: old.name }, to: { schema: d.schema, name: d.name } });
    renamed.set(skey(old), d);
    byOwner.delete(k!);
  }
  if (!renamed.size) return { changes, current: cur };
  const defaults = new Map([...renamed].map(([k, d]) => [nextvalDefault(cur.sequences!.find((s) => skey(s) === k)!), nextvalDefault(d)]));
  return {
    changes,
    current: {
      ...cur,
      sequences: cur.sequences!.map((s) => {
        const d = renamed.get(skey(s));
        return d ? { ...s, name: d.name } : s;
      }),
      tables: cur.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.default !== undefined && defaults.has(c.default) ? { ...c, default: defaults.get(c.default)! } : c)),
      })),
    },
  };
}

/** Created, dropped, altered and re-owned sequences (renames already applied to `cur`). */
export function sequenceChanges(cur: readonly Sequence[], des: readonly Sequence[]): Change[] {
  const out: Change[] = [];
  const c = new Map(cur.map((s) => [skey(s), s]));
  const d = new Map(des.map((s) => [skey(s), s]));
  for (const s of cur) if (!d.has(skey(s))) out.push({ kind: 'drop_sequence', sequence: s });
  for (const s of des) {
    const have = c.get(skey(s));
    const ref = { schema: s.schema, name: s.name };
    if (!have) {
      out.push({ kind: 'create_sequence', sequence: s });
      if (s.ownedBy) out.push({ kind: 'set_sequence_owner', sequence: ref, to: s.ownedBy });
      continue;
    }
    const changed = changedOptions(have, s);
    if (changed.length || (have.comment ?? null) !== (s.comment ?? null)) out.push({ kind: 'alter_sequence', from: have, to: s, changed });
    if (!sameOwner(have.ownedBy, s.ownedBy)) {
      // The old owner is let go first, on its own: the plan may drop that column or table, which
      // would take the sequence with it (../plan/rank.ts); the new one is set once it exists.
      if (have.ownedBy) out.push({ kind: 'set_sequence_owner', sequence: ref, from: have.ownedBy });
      if (s.ownedBy) out.push({ kind: 'set_sequence_owner', sequence: ref, to: s.ownedBy });
    }
  }
  return out;
}
