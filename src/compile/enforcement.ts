/**
 * `enforced: false` on a check or a foreign key: NOT ENFORCED, which PostgreSQL 18 brought. A
 * constraint that is not enforced is never validated, so `not_valid` beside it says nothing.
 */
import { child, type Src } from '../model/source.js';
import { compileError, olderThan, type CompileContext } from './context.js';

/** Whether `enforced: false` can be kept (errors at the file otherwise). */
export function enforcementAllowed(ctx: CompileContext, what: string, def: { readonly notEnforced: boolean; readonly notValid: boolean }, src: Src): boolean {
  if (!def.notEnforced) return true;
  if (def.notValid) {
    compileError(ctx, 'constraint_enforcement', `${what} has \`enforced: false\` and \`not_valid: true\`: a constraint that is not enforced is never validated`, child(src, 'not_valid'), {
      suggestion: 'drop `not_valid`',
    });
    return false;
  }
  if (olderThan(ctx, 18)) {
    compileError(ctx, 'requires_pg18', `${what} has \`enforced: false\`, which needs PostgreSQL 18 or later (NOT ENFORCED)`, child(src, 'enforced'), {
      suggestion: 'target PostgreSQL 18+, or drop `enforced: false` (`not_valid: true` keeps the rows already there unchecked)',
    });
    return false;
  }
  return true;
}
