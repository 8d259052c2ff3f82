/** Options several commands share (kept apart from handlers so `--help` loads nothing heavy). */
import type { OptionDef } from './command.js';

export const DB_OPTIONS: readonly OptionDef[] = [
  { name: 'db', type: 'string', multiple: true, value: 'URL', description: 'the database: postgres://…, pglite:memory or pglite:<dir> (default: DATABASE_URL, from the environment or a .env file here; the repo url; else the embedded .pgdecl/<repo>); plan, apply, migrate, rollback and status take it several times (a fleet)' },
  { name: 'repo', type: 'string', value: 'NAME', description: 'which repo of the files to use (default: default)' },
];

/** Progress while planning, for `plan` and `apply`. */
export const PROGRESS_OPTION: OptionDef = {
  name: 'progress',
  type: 'boolean',
  description: 'print each stage of planning on stderr as it starts (default: on a terminal, one line once planning takes over a second)',
};

/** The tenant fan-out of `plan` and `apply`. */
export const TENANT_OPTIONS: readonly OptionDef[] = [
  { name: 'tenants', type: 'boolean', description: 'every tenant schema instead of the ordinary ones (tables with multitenancy: {strategy: context})' },
  { name: 'only-tenants', type: 'string', multiple: true, value: 'A,B', description: 'with --tenants: only these tenants' },
  { name: 'except-tenants', type: 'string', multiple: true, value: 'C', description: 'with --tenants: all but these tenants' },
];

/** `--online` / `--offline`: override the repo's `online:` setting (plan and apply). */
export const ONLINE_OPTIONS: readonly OptionDef[] = [
  { name: 'online', type: 'boolean', description: 'change existing tables online: keys and checks NOT VALID then VALIDATE, NOT NULL through a validated check, indexes CONCURRENTLY, each after the transaction under lock_timeout with retries (default: the repo\'s `online:` setting)' },
  { name: 'offline', type: 'boolean', description: 'change every table in the one transaction, whatever the repo\'s `online:` setting says' },
];

/** Fleets (several --db, or the repo's `fleet:`): which databases, and how many connections at once. */
export const FLEET_OPTIONS: readonly OptionDef[] = [
  { name: 'only', type: 'string', multiple: true, value: 'A,B', description: 'with a fleet: only these databases (by the names the fleet gives them)' },
  { name: 'except', type: 'string', multiple: true, value: 'C', description: 'with a fleet: all databases but these' },
];
