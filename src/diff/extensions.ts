/**
 * Extensions the files and the database both have: a version the files declare other than the
 * one installed is an update (ALTER EXTENSION … UPDATE TO); a schema other than the one it is
 * installed in is refused (`extension_schema`).
 */
import type { Extension } from '../ir/catalog.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import type { Change } from './change.js';

export function extensionUpdates(cur: readonly Extension[], des: readonly Extension[]): Change[] {
  refuseExtensionMoves(cur, des);
  const out: Change[] = [];
  for (const e of cur) {
    const want = des.find((d) => d.name === e.name);
    if (want?.version !== undefined && e.version !== undefined && want.version !== e.version) out.push({ kind: 'update_extension', extension: { ...want, version: want.version }, from: e.version });
  }
  return out;
}

/**
 * An extension the files put in another schema than the one it is installed in: refused. Moving
 * it (ALTER EXTENSION … SET SCHEMA) moves its types and functions under everything that names
 * them by schema; pgdecl does not do that behind a plan.
 */
function refuseExtensionMoves(cur: readonly Extension[], des: readonly Extension[]): void {
  const problems: Diagnostic[] = [];
  for (const e of cur) {
    const want = des.find((d) => d.name === e.name);
    if (want?.schema === undefined || e.schema === undefined || want.schema === e.schema) continue;
    problems.push({
      code: 'extension_schema',
      severity: 'error',
      message: `the extension ${e.name} is installed in schema ${e.schema}, and the files put it in ${want.schema}: pgdecl does not move an installed extension; nothing was changed`,
      suggestion: `move it by hand (ALTER EXTENSION ${e.name} SET SCHEMA ${want.schema}, when its types and functions may move) and plan again, or declare \`schema: ${e.schema}\``,
    });
  }
  if (problems.length) throw new PgdeclError(problems);
}
