/**
 * Roles are not created by pgdecl: every role the files grant privileges to or name in a
 * policy must exist before a plan is made, or the apply would fail at its GRANT or CREATE
 * POLICY after doing part of its work. One catalog query for all the roles named.
 */
import type { ObjectKey } from '../ir/keys.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Src } from '../model/source.js';
import type { Target } from '../targets/target.js';
import { ident } from '../sql/quote.js';

export const UNKNOWN_ROLE = 'unknown_role';

/** Throws a positioned error for every role the files name that the server does not have. */
export async function requireRoles(target: Target, origins: Readonly<Record<ObjectKey, Src>>): Promise<void> {
  const named = Object.keys(origins).filter((k) => k.startsWith('role:')).map((k) => k.slice('role:'.length));
  if (named.length === 0) return;
  const rows = await target.query<{ name: string }>(
    `SELECT r.name FROM unnest($1::text[]) AS r(name) WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) ORDER BY 1`,
    [named],
  );
  if (rows.length === 0) return;
  const problems: Diagnostic[] = rows.map((r) => {
    const src = origins[`role:${r.name}`];
    return {
      code: UNKNOWN_ROLE,
      severity: 'error',
      message: `the role \`${r.name}\` does not exist on this server; pgdecl grants privileges to roles but does not create them. Nothing was changed`,
      suggestion: `create it first (\`CREATE ROLE ${ident(r.name)} NOLOGIN\`), or correct the name`,
      ...(src ? { src } : {}),
    };
  });
  throw new PgdeclError(problems);
}
