/**
 * How a fleet run is drawn: a progress bar on a terminal (nothing when stderr is piped), the
 * plans shared by groups of databases and tenants, a final table (target, tenant, result),
 * a summary line, or one JSON document.
 */
import type { CommandContext } from './command.js';
import type { FleetGroup, FleetProgress, FleetRow, Outcome } from '../fanout/results.js';
import { countOutcomes } from '../fanout/results.js';
import type { FleetTarget } from '../fanout/fleet-targets.js';
import { formatPlanText } from '../render/plan-text.js';
import { TENANT_SCHEMA } from '../ir/catalog.js';

const SHOWN = 8;
const TABLE_ROWS = 50;

/** A bar on a terminal, redrawn as rows finish; nothing otherwise. */
export function fleetProgress(ctx: CommandContext, tenants: boolean): ((p: FleetProgress) => void) & { finish: () => void } {
  const tty = Boolean(ctx.io.stderr.isTTY);
  let drawn = false;
  const f = (p: FleetProgress) => {
    if (!tty) return;
    const width = 30;
    const filled = Math.round((p.targetsDone / Math.max(1, p.targets)) * width);
    ctx.io.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.targetsDone}/${p.targets} databases${tenants ? ` · ${p.rows} tenants` : ''}${p.failed ? ctx.err.red(` · ${p.failed} failed`) : ''}   `);
    drawn = true;
  };
  return Object.assign(f, { finish: () => drawn && ctx.io.stderr.write('\n') });
}

const who = (m: { target: string; tenant?: string }) => (m.tenant !== undefined ? `${m.target}/${m.tenant}` : m.target);

function names(list: readonly string[]): string {
  return list.length <= SHOWN ? list.join(', ') : `${list.slice(0, SHOWN).join(', ')} and ${list.length - SHOWN} more`;
}

/** Each plan with changes, once, under the databases (and tenants) that need it. */
export function groupsText(groups: readonly FleetGroup[], ctx: CommandContext, tenants: boolean): string {
  return groups
    .filter((g) => g.plan.steps.length > 0)
    .map((g) => {
      const n = g.members.length;
      const head = `${ctx.out.bold(`${n} ${tenants ? 'tenant' : 'database'}${n > 1 ? 's' : ''}`)} (${names(g.members.map(who))}):\n`;
      return head + formatPlanText(g.plan, ctx.out).replaceAll(`${TENANT_SCHEMA}.`, '<tenant>.').replaceAll(`schema ${TENANT_SCHEMA}`, 'schema <tenant>') + '\n';
    })
    .join('');
}

/** What the destructive steps would cost, database by database (and tenant by tenant). */
export function destructiveText(rows: readonly FleetRow[], ctx: CommandContext): string {
  const hit = rows.filter((r) => r.destructive?.length);
  if (!hit.length) return '';
  const lines = hit.flatMap((r) => r.destructive!.map((d) => `  - ${who(r)}: ${d.summary.replaceAll(`${TENANT_SCHEMA}.`, '<tenant>.')}: ${d.rows === undefined ? 'data (not counted)' : `${d.rows} ${d.what}`}`));
  return `${ctx.out.yellow('Destructive (needs --allow-destructive), counted on each database:')}\n${lines.join('\n')}\n\n`;
}

const WORDS: Record<Outcome, string> = { converged: 'converged', pending: 'pending', changed: 'changed', refused: 'refused', failed: 'failed' };

/** The final table: every row when there are few, else the rows that are not done plus a line per database. */
export function resultTable(rows: readonly FleetRow[], targets: readonly FleetTarget[], ctx: CommandContext, tenants: boolean, words: Partial<Record<Outcome, string>> = {}): string {
  const c = ctx.out;
  const word = (o: Outcome) => words[o] ?? WORDS[o];
  const paint = (o: Outcome, s: string) => (o === 'failed' || o === 'refused' ? c.red(s) : o === 'changed' ? c.green(s) : o === 'pending' ? c.yellow(s) : c.dim(s));
  const order = new Map(targets.map((t, i) => [t.name, i]));
  const sorted = [...rows].sort((a, b) => (order.get(a.target) ?? 0) - (order.get(b.target) ?? 0) || (a.tenant ?? '').localeCompare(b.tenant ?? ''));
  const few = sorted.length <= TABLE_ROWS;
  const shown = few ? sorted : sorted.filter((r) => r.outcome === 'failed' || r.outcome === 'refused' || r.tenant === undefined);
  let out = '';
  if (!few) {
    out += `\n  ${'target'.padEnd(Math.max(6, ...targets.map((t) => t.name.length)))}  counts\n`;
    for (const t of targets) {
      const n = countOutcomes(rows.filter((r) => r.target === t.name));
      const parts = (Object.keys(n) as Outcome[]).filter((o) => n[o] > 0).map((o) => paint(o, `${n[o]} ${word(o)}`));
      out += `  ${t.name.padEnd(Math.max(6, ...targets.map((x) => x.name.length)))}  ${parts.join(', ')}\n`;
    }
  }
  if (shown.length) {
    const wt = Math.max(6, ...shown.map((r) => r.target.length));
    const wn = Math.max(6, ...shown.map((r) => (r.tenant ?? '').length));
    const wr = Math.max(6, ...shown.map((r) => word(r.outcome).length));
    out += `\n  ${'target'.padEnd(wt)}  ${tenants ? `${'tenant'.padEnd(wn)}  ` : ''}${'result'.padEnd(wr)}  steps\n`;
    for (const r of shown) {
      const tenant = tenants ? `${(r.tenant ?? (r.outcome === 'failed' ? '(all)' : '')).padEnd(wn)}  ` : '';
      out += `  ${r.target.padEnd(wt)}  ${tenant}${paint(r.outcome, word(r.outcome).padEnd(wr))}  ${String(r.steps).padStart(5)}${r.detail ? `  ${r.detail}` : ''}\n`;
    }
  }
  return out;
}

/** `✓ 3 databases, 12 tenants: 9 changed, 3 converged.` and, on failure, what to do. */
export function summaryLine(rows: readonly FleetRow[], targets: readonly FleetTarget[], ctx: CommandContext, tenants: boolean, ms: number, words: Partial<Record<Outcome, string>> = {}, after = ''): string {
  const c = ctx.out;
  const n = countOutcomes(rows);
  const bad = n.failed + n.refused;
  const parts = (Object.keys(n) as Outcome[]).filter((o) => n[o] > 0).map((o) => `${n[o]} ${words[o] ?? WORDS[o]}`);
  const failedTargets = [...new Set(rows.filter((r) => r.outcome === 'failed').map((r) => r.target))];
  const tenantCount = rows.filter((r) => r.tenant !== undefined).length;
  return (
    `\n${bad ? c.red('✗') : c.green('✓')} ${targets.length} database${targets.length === 1 ? '' : 's'}${tenants ? `, ${tenantCount} tenants` : ''}: ${parts.join(', ') || 'nothing to do'}, in ${(ms / 1000).toFixed(1)} s.` +
    (failedTargets.length ? ` Failed: ${names(failedTargets)}.` : '') +
    (bad && after ? ` ${after}` : '') +
    '\n'
  );
}

export function rowJson(r: FleetRow) {
  return {
    target: r.target,
    ...(r.tenant !== undefined ? { tenant: r.tenant } : {}),
    result: r.outcome,
    steps: r.steps,
    ms: Math.round(r.ms),
    error: r.outcome === 'failed' || r.outcome === 'refused' ? (r.detail ?? null) : null,
    ...(r.destructive ? { destructive: r.destructive } : {}),
    ...(r.group ? { group: r.group } : {}),
  };
}

/** The JSON document of a fleet run (README: "Fleets as JSON"). */
export function fleetJson(command: string, targets: readonly FleetTarget[], rows: readonly FleetRow[], ms: number, extra: Record<string, unknown> = {}) {
  return {
    formatVersion: 1,
    command,
    targets: targets.map((t) => ({ name: t.name, database: t.spec.label })),
    counts: countOutcomes(rows),
    ms: Math.round(ms),
    ...extra,
    rows: rows.map(rowJson),
  };
}
