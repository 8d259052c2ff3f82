/**
 * Runs one job per database of a fleet over the pool: at most `concurrency` databases at
 * once, each job on a connection of its own to its database. A database that refuses the
 * connection, or a job that throws, gives a failed row named after the database: the others
 * go on.
 */
import type { Target } from '../targets/target.js';
import { openTarget } from '../targets/resolve.js';
import { embeddedExtensions } from '../plan/compiled.js';
import type { Project } from '../model/resource.js';
import type { FleetTarget } from './fleet-targets.js';
import { runPool, type Connection } from './pool.js';
import { errorLine, ProgressCounter, type FleetProgress, type FleetRow } from './results.js';

/** The PostgreSQL version PGlite embeds: its extensions are known before it is opened. */
const EMBEDDED_VERSION = 180000;

/** Opens a database of the fleet (an embedded one with the extensions the files need). */
export async function openFleetTarget(t: FleetTarget, project: Project | undefined, repo: string): Promise<Target> {
  let extensions: string[] = [];
  if (t.spec.kind === 'pglite' && project) extensions = await embeddedExtensions(EMBEDDED_VERSION, project, repo);
  return openTarget(t.spec, extensions);
}

/** A second connection to a database, for tenants applied side by side (the embedded database shares its one). */
export function tenantConnector(t: FleetTarget, control: Target): () => Promise<Connection> {
  if (t.spec.kind === 'pglite') return async () => ({ target: control, release: async () => {} });
  return async () => {
    const target = await openTarget(t.spec);
    return { target, release: () => target.close() };
  };
}

export interface OverTargetsOptions {
  readonly concurrency: number;
  readonly project?: Project;
  readonly repo: string;
  readonly onProgress?: (p: FleetProgress) => void;
}

export async function overTargets(targets: readonly FleetTarget[], o: OverTargetsOptions, work: (target: Target, t: FleetTarget, row: (r: FleetRow) => FleetRow) => Promise<FleetRow[]>): Promise<FleetRow[]> {
  const counter = new ProgressCounter(targets.length, o.onProgress);
  const byName = new Map(targets.map((t) => [t.name, t]));
  const failed = (t: FleetTarget, e: unknown, ms: number): FleetRow[] => [counter.row({ target: t.name, outcome: 'failed', steps: 0, ms, detail: errorLine(e) })];
  const lists = await runPool(targets, {
    concurrency: o.concurrency,
    key: (t) => t.name,
    connect: async (name) => {
      const target = await openFleetTarget(byName.get(name)!, o.project, o.repo);
      return { target, release: () => target.close() };
    },
    work: async (target, t) => {
      const t0 = performance.now();
      try {
        return await work(target, t, (r) => counter.row(r));
      } catch (e) {
        return failed(t, e, performance.now() - t0);
      } finally {
        counter.targetDone();
      }
    },
    failed: (rows) => rows.some((r) => r.outcome === 'failed'),
    refused: (t, e) => {
      const rows = failed(t, e, 0);
      counter.targetDone();
      return rows;
    },
  });
  // In the fleet's order of databases, each database's tenants by name.
  const order = new Map(targets.map((t, i) => [t.name, i]));
  return lists.flat().sort((a, b) => order.get(a.target)! - order.get(b.target)! || (a.tenant ?? '').localeCompare(b.tenant ?? ''));
}

/**
 * How `total` connections are shared over `targets` databases: `targetsAtOnce` databases run at
 * once, and the database at `index` in the fleet gets `tenantsAtOnce(index)` tenant connections.
 * When every database runs at once the remainder goes to the first ones (4 over 3 databases:
 * 2, 1, 1); with more databases than connections, one each.
 */
export function perTarget(total: number, targets: number): { targetsAtOnce: number; tenantsAtOnce: (index: number) => number } {
  const targetsAtOnce = Math.max(1, Math.min(total, targets));
  const base = Math.floor(total / targetsAtOnce);
  const extra = total % targetsAtOnce;
  return { targetsAtOnce, tenantsAtOnce: (index) => Math.max(1, base + (targets <= total && index < extra ? 1 : 0)) };
}
