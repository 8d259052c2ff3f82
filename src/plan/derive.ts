/**
 * The steps pgdecl would run to take the database as it is now to a desired catalog that is
 * already normalised (a saved plan's, or one `planProject` computed): inspect, diff with the
 * same renames and owned objects, plan. `apply plan.json` uses it to check a saved plan, and
 * `apply` to prove convergence inside its transaction.
 */
import type { Catalog } from '../ir/catalog.js';
import type { Target } from '../targets/target.js';
import type { Change } from '../diff/change.js';
import type { Renames } from '../diff/renames.js';
import { inspect, type Inspection } from '../inspect/inspect.js';
import { diff } from '../diff/diff.js';
import { loadParser, ownedByStatements } from '../diff/owned.js';
import { plan as makePlan } from './plan.js';
import type { Plan } from './step.js';
import type { OnlineOptions } from './online.js';

export interface DesiredState {
  /** The desired catalog, as the server prints it. */
  readonly desired: Catalog;
  /** What to inspect: the managed schemas and the extensions of interest. */
  readonly scope: { readonly schemas: readonly string[]; readonly extensions: readonly string[] };
  readonly renames: Renames;
  /** Plan existing tables online (./online.ts): a saved plan and the check before COMMIT plan the same way. */
  readonly online?: OnlineOptions;
}

export interface Derived {
  readonly current: Inspection;
  readonly changes: readonly Change[];
  readonly plan: Plan;
}

/**
 * Inspects `target` and plans the way to `state.desired`. `current`: the caller inspected it
 * just now (inside its open transaction: the proof before COMMIT).
 */
export async function deriveSteps(target: Target, state: DesiredState, options: { readonly current?: Inspection } = {}): Promise<Derived> {
  const serverVersion = await target.serverVersionNum();
  const current = options.current ?? (await inspect(target, state.scope));
  await loadParser();
  const owned = ownedByStatements([...state.desired.statements, ...current.catalog.statements]);
  const changes = diff(current.catalog, state.desired, { renames: state.renames, owned, validateNotValid: state.online !== undefined });
  return { current, changes, plan: makePlan(changes, { serverVersion, ...(state.online ? { online: state.online } : {}) }) };
}
