/**
 * Progress while planning, on stderr only (stdout keeps the plan, or the JSON). On a terminal
 * it appears once planning has taken more than a second, as one line rewritten in place and
 * erased at the end; with --progress, each stage is a line of its own from the start (for
 * logs and CI). Otherwise nothing.
 */
import type { PlanStage } from '../plan/project-plan.js';
import type { CommandContext } from './command.js';

const DELAY_MS = 1000;
const TICK_MS = 250;

function describe(s: PlanStage | { readonly stage: 'read' }): string {
  switch (s.stage) {
    case 'read':
      return 'reading and validating the files';
    case 'compile':
      return `compiling ${s.resources} resource${s.resources === 1 ? '' : 's'}`;
    case 'inspect':
      return `reading the database (${s.schemas} schema${s.schemas === 1 ? '' : 's'})`;
    case 'normalize':
      return `asking the server how it writes ${s.tables} table${s.tables === 1 ? '' : 's'}`;
    case 'diff':
      return 'comparing';
    case 'order':
      return 'ordering the steps';
    default: {
      const never: never = s;
      return never;
    }
  }
}

export interface PlanProgress {
  readonly stage: (s: PlanStage) => void;
  /** Erases the line (terminal) and stops the clock. */
  readonly done: () => void;
}

export function planProgress(ctx: CommandContext, lines: boolean): PlanProgress {
  const err = ctx.io.stderr;
  const tty = Boolean(err.isTTY);
  const t0 = performance.now();
  let current = describe({ stage: 'read' });
  if (lines) err.write(`planning: ${current}\n`);
  if (lines || !tty) return { stage: (s) => lines && err.write(`planning: ${describe(s)}\n`), done: () => {} };
  let shown = false;
  const draw = () => {
    const ms = performance.now() - t0;
    if (ms < DELAY_MS) return;
    shown = true;
    err.write(`\r\x1b[2K${ctx.err.dim(`planning: ${current} … ${(ms / 1000).toFixed(1)} s`)}`);
  };
  const timer = setInterval(draw, TICK_MS);
  timer.unref();
  return {
    stage: (s) => {
      current = describe(s);
      draw();
    },
    done: () => {
      clearInterval(timer);
      if (shown) err.write('\r\x1b[2K');
    },
  };
}
