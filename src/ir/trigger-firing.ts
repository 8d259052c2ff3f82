/**
 * When a trigger fires (pg_trigger.tgenabled): `O` as created (in origin and local sessions),
 * `D` never, `R` only in replica sessions, `A` always. A session's `session_replication_role`
 * says which kind it is; logical replication's apply workers run as replica.
 */
import type { TriggerFiring } from './catalog.js';

/** pg_trigger.tgenabled → the IR's firing (undefined: as created). */
export function firingOf(tgenabled: string): TriggerFiring | undefined {
  switch (tgenabled) {
    case 'D':
      return 'disabled';
    case 'R':
      return 'replica';
    case 'A':
      return 'always';
    default:
      return undefined;
  }
}

/** How a plan's text names it: `enabled` is the default. */
export function firingText(f: TriggerFiring | undefined): string {
  return f ?? 'enabled';
}

/** The verb of a plan step that sets it. */
export function firingVerb(f: TriggerFiring | undefined): string {
  switch (f) {
    case undefined:
      return 'enable';
    case 'disabled':
      return 'disable';
    case 'replica':
      return 'enable for replica sessions only';
    case 'always':
      return 'enable in every session';
  }
}
