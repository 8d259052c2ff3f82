/**
 * Writing a migration file for people to review (STYLE 8: from the planner's steps, the same
 * objects `plan` prints and `apply` runs).
 *
 *   -- pgdecl 0.1.0 · migration 20260101120000_add_roles
 *   -- Generated 2026-01-01T12:00:00.000Z from resources.yaml, for PostgreSQL 14 and later.
 *   -- Plan: 1 to create, 0 to change, 0 to drop.
 *
 *   -- migrate:up
 *
 *   -- [1] add column public.users.role
 *   --     from User (resources.yaml:14)
 *   --     hazards: access_exclusive_lock
 *   ALTER TABLE public.users ADD COLUMN role text;
 *
 *   -- migrate:down
 *
 *   -- [1] undo: add column public.users.role
 *   ALTER TABLE public.users DROP COLUMN role;
 *
 * The down section is the steps' `reverse` SQL in reverse order. A step whose effect cannot
 * be undone (rows deleted, a custom statement without `down`) says so in a comment there.
 */
import { match } from 'ts-pattern';
import type { Change } from '../diff/change.js';
import type { ObjectKey } from '../ir/keys.js';
import type { SourceIndex, Src } from '../model/source.js';
import { segments } from '../model/source.js';
import type { Step } from '../plan/step.js';
import { terminate } from '../render/create-script.js';
import { versionLabel } from '../render/version-floor.js';
import { NO_TRANSACTION_MARKER, UP_MARKER, DOWN_MARKER } from './parse-migration.js';

export interface MigrationText {
  readonly pgdecl: string;
  readonly version: string;
  readonly name: string;
  readonly createdAt: string;
  /** The resource files, as the user named them. */
  readonly files: readonly string[];
  /** The PostgreSQL version compiled for (major or server_version_num); undefined: the lowest version its SQL runs on. */
  readonly pgVersion?: number;
  /** The tenant part: `"$tenant"` stands for the tenant schema. */
  readonly tenant: boolean;
  readonly noTransaction: boolean;
  readonly steps: readonly Step[];
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly sources?: SourceIndex;
}


/** `User (resources.yaml:14)`, `function touch_edited_at (resources.yaml:80)`, or undefined. */
export function originText(src: Src | undefined, sources?: SourceIndex): string | undefined {
  if (!src) return undefined;
  const [top, name] = segments(src.pointer);
  const what = top === 'resources' && name ? name : top === 'functions' && name ? `function ${name}` : top === 'repos' && name ? `repo ${name}` : undefined;
  const pos = sources?.position(src, 'key') ?? sources?.position(src, 'value');
  const where = pos ? `${src.file}:${pos.line}` : src.file;
  return what ? `${what} (${where})` : where;
}

const q = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** Why a step's reverse does not bring everything back, or undefined when it does. */
export function irreversibleReason(step: Step): string | undefined {
  const c: Change = step.change;
  const note = match(c)
    .returnType<string | undefined>()
    .with({ kind: 'drop_table' }, (x) => `irreversible: rows of ${q(x.table)} deleted by the up step are not restored (the table comes back empty)`)
    .with({ kind: 'drop_column' }, (x) => x.column.generated !== undefined ? undefined : `irreversible: values of ${q(x.table)}.${x.column.name} deleted by the up step are not restored (the column comes back empty, at the end of the table)`)
    .with({ kind: 'uninherit_table' }, (x) => `irreversible: INHERIT gives ${q(x.table)} its parent ${q(x.parent)} back, but the columns and checks it had from it stay its own`)
    .with({ kind: 'run_statement' }, (x) => (x.statement.down.trim() === '' ? `irreversible: custom statement ${x.statement.name} has no down, so nothing undoes its up` : undefined))
    .with({ kind: 'alter_column' }, (x) => (step.hazards.includes('data_loss') ? `lossy: values of ${q(x.table)}.${x.to.name} converted from ${x.from.type} to ${x.to.type} may not convert back exactly` : undefined))
    .otherwise(() => (step.hazards.includes('irreversible') ? `irreversible: ${step.summary} cannot be fully undone` : undefined));
  return note;
}

function block(comments: readonly string[], sql: readonly string[]): string[] {
  const out = comments.map((c) => `-- ${c}`);
  sql.forEach((s, i) => {
    if (i > 0) out.push('');
    out.push(terminate(s));
  });
  return out;
}

function upBlock(step: Step, m: MigrationText): string[] {
  const from = originText(m.origins[step.object], m.sources);
  const notes = [`[${step.id}] ${step.summary}`];
  if (from) notes.push(`    from ${from}`);
  else if (step.action === 'drop') notes.push('    no longer in the files');
  if (step.hazards.length) notes.push(`    hazards: ${step.hazards.join(', ')}`);
  return block(notes, step.sql);
}

function downBlock(step: Step): string[] {
  const notes = [`[${step.id}] undo: ${step.summary}`];
  const why = irreversibleReason(step);
  if (why) notes.push(`    ${why}`);
  if (step.reverse.length === 0) return [...notes.map((n) => `-- ${n}`), '-- (nothing to undo)'];
  return block(notes, step.reverse);
}

export function renderMigration(m: MigrationText): string {
  const create = m.steps.filter((s) => s.action === 'create').length;
  const change = m.steps.filter((s) => s.action === 'change').length;
  const drop = m.steps.filter((s) => s.action === 'drop').length;
  const out = [
    `-- pgdecl ${m.pgdecl} · migration ${m.version}_${m.name}`,
    `-- Generated ${m.createdAt} from ${m.files.length ? m.files.join(', ') : '(no files)'}, for ${versionLabel(m.pgVersion, m.steps)}.`,
    `-- Plan: ${create} to create, ${change} to change, ${drop} to drop.`,
  ];
  if (m.tenant) out.push('-- Tenant migration: "$tenant" stands for the tenant schema; `pgdecl migrate` puts the schema\'s name in its place.');
  if (m.noTransaction) {
    out.push('-- These steps cannot run inside a transaction block: pgdecl runs them one by one.');
    out.push(NO_TRANSACTION_MARKER);
  } else out.push('-- pgdecl migrate runs this file in one transaction.');
  out.push('', UP_MARKER, '');
  for (const s of m.steps) out.push(...upBlock(s, m), '');
  out.push(DOWN_MARKER, '');
  for (const s of [...m.steps].reverse()) out.push(...downBlock(s), '');
  return out.join('\n').replace(/\n+$/, '\n');
}
