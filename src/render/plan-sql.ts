/**
 * A plan as one SQL script (`plan --sql`): enum values the plan uses between a BEGIN and COMMIT
 * of their own, the transactional steps between BEGIN and COMMIT, then the steps that must run
 * outside a transaction. It runs as is with
 * `psql -v ON_ERROR_STOP=1 -f`, and leaves the same bookkeeping `apply` would.
 */
import { commitsFirst, type Plan, type Step } from '../plan/step.js';
import { terminate } from './create-script.js';

function stepBlock(s: Step): string[] {
  const note = s.hazards.length ? ` (${s.hazards.join(', ')})` : '';
  return [`-- [${s.id}] ${s.summary}${note}`, ...s.sql.map(terminate), ''];
}

export function formatPlanSql(plan: Plan, header: readonly string[] = []): string {
  const out = header.map((h) => `-- ${h}`);
  if (plan.steps.length === 0) return [...out, '-- No changes: the database matches the files.', ''].join('\n');
  const first = plan.steps.filter((s) => s.transactional && commitsFirst(s));
  const inTx = plan.steps.filter((s) => s.transactional && !commitsFirst(s));
  const after = plan.steps.filter((s) => !s.transactional);
  if (out.length) out.push('');
  if (first.length) {
    out.push('-- Enum values the steps below use: committed first (PostgreSQL cannot use a value in the transaction that adds it).', 'BEGIN;', '');
    for (const s of first) out.push(...stepBlock(s));
    out.push('COMMIT;', '');
  }
  if (inTx.length) {
    out.push('BEGIN;', '');
    for (const s of inTx) out.push(...stepBlock(s));
    out.push('COMMIT;', '');
  }
  if (after.length) {
    out.push('-- These steps cannot run inside a transaction block: each runs on its own.', '');
    for (const s of after) out.push(...stepBlock(s));
  }
  return out.join('\n');
}
