/**
 * Migration versions and names. A version is the UTC time a migration was generated,
 * `YYYYMMDDHHMMSS` (14 digits, so text order is time order); a file is
 * `<version>_<name>.sql`. Versions only grow: a generate within the same second as the last
 * migration (or on a clock that went back) takes the next second after it.
 */

export const VERSION_PATTERN = /^\d{14}$/;
export const NAME_PATTERN = /^[A-Za-z0-9_]+$/;
export const MAX_NAME_LENGTH = 100;

/** The name of throw-away migrations written by `generate --dev`. */
export const DEV_NAME = 'dev';
/** Appended to the name of the file holding the steps that cannot run in a transaction. */
export const CONCURRENT_SUFFIX = '_concurrently';
/** The migration of enum values the next one uses (committed before it). */
export const ENUM_VALUES_SUFFIX = '_enum_values';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDDHHMMSS` of a date, in UTC. */
export function versionOf(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/** The date a version stands for (UTC). */
export function dateOf(version: string): Date {
  const n = (a: number, b: number) => Number(version.slice(a, b));
  return new Date(Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14)));
}

/** The version one second after `version`. */
export function nextVersion(version: string): string {
  return versionOf(new Date(dateOf(version).getTime() + 1000));
}

/** The version for a migration generated at `now`: later than every version already used. */
export function newVersion(now: Date, used: readonly string[]): string {
  const latest = used.reduce<string | undefined>((a, v) => (a === undefined || v > a ? v : a), undefined);
  const candidate = versionOf(now);
  return latest !== undefined && candidate <= latest ? nextVersion(latest) : candidate;
}

/** Why a migration name cannot be used, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'a migration needs a name, e.g. `pgdecl generate add_user_roles`';
  if (!NAME_PATTERN.test(name)) return `the migration name "${name}" may contain only letters, digits and underscores (e.g. add_user_roles)`;
  if (name.length > MAX_NAME_LENGTH) return `the migration name is ${name.length} characters long; keep it under ${MAX_NAME_LENGTH}`;
  if (isDevName(name)) return `"${name}" is the name of dev migrations: use \`pgdecl generate --dev\` for those, or choose another name`;
  return undefined;
}

/** Dev migrations: `<version>_dev.sql` and the files of their concurrent steps and of the enum values they use. */
export function isDevName(name: string): boolean {
  return name === DEV_NAME || name === DEV_NAME + CONCURRENT_SUFFIX || name === DEV_NAME + ENUM_VALUES_SUFFIX;
}
