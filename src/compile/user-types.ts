/** `types:` → enum types. A column uses one with `postgres_type: mood` (or `public.mood`, `mood[]`). */
import { keys } from '../ir/keys.js';
import type { EnumType } from '../ir/user-type.js';
import type { TypeDef } from '../model/resource.js';
import { compileError, origin, type CompileContext } from './context.js';

export function userType(ctx: CompileContext, def: TypeDef): EnumType | undefined {
  const seen = new Set<string>();
  for (const v of def.values) {
    if (seen.has(v.name)) {
      compileError(ctx, 'enum_values', `type \`${def.name}\` lists the value \`${v.name}\` twice`, v.src, { suggestion: 'remove one of them' });
      return undefined;
    }
    if (Buffer.byteLength(v.name, 'utf8') > 63) {
      compileError(ctx, 'enum_values', `the value \`${v.name}\` of type \`${def.name}\` is longer than 63 bytes, which PostgreSQL refuses`, v.src, { suggestion: 'shorten it' });
      return undefined;
    }
    seen.add(v.name);
  }
  origin(ctx, keys.type(def.schema, def.name), def.src);
  return { kind: 'enum', schema: def.schema, name: def.name, values: def.values.map((v) => v.name), ...(def.description !== undefined ? { comment: def.description } : {}) };
}
