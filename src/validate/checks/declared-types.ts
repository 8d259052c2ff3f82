/**
 * Attribute types that name a declared type (`{enum: mood}`, `{domain: email}`,
 * `{composite: address}`): the name must be declared under `types:`, as that kind of type.
 */
import type { AttrType, DeclaredTypeFamily, Project, Resource } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { findDeclared } from '../../compile/declared-types.js';
import { didYouMean } from '../../util/suggest.js';
import { CHECK } from '../codes.js';
import type { CheckContext } from './report.js';

function declaredIn(t: AttrType): { family: DeclaredTypeFamily; name: string } | undefined {
  if (t.kind === 'declared') return t;
  return t.kind === 'array' ? declaredIn(t.of) : undefined;
}

export function checkDeclaredTypes(ctx: CheckContext, r: Resource, project: Project): void {
  const types = project.types ?? [];
  for (const a of r.attributes) {
    if (a.fromRelationship) continue;
    const d = declaredIn(a.type);
    if (!d) continue;
    const src = child(a.src, 'type');
    if (findDeclared(types, d.name, r.schema, d.family)) continue;
    const other = findDeclared(types, d.name, r.schema);
    if (other) {
      ctx.report(CHECK.declaredTypeKind, `attribute \`${a.name}\` of resource ${r.name} names the ${d.family} \`${d.name}\`, but \`${d.name}\` is declared as ${other.kind === 'enum' ? 'an enum' : `a ${other.kind}`} type`, src, {
        part: 'value',
        suggestion: `write \`type: {${other.kind}: ${d.name}}\``,
      });
      continue;
    }
    const sameKind = types.filter((t) => t.kind === d.family).map((t) => t.name);
    ctx.report(CHECK.unknownDeclaredType, `attribute \`${a.name}\` of resource ${r.name} uses the ${d.family} \`${d.name}\`, which \`types:\` does not declare`, src, {
      part: 'value',
      suggestion: didYouMean(d.name, sameKind) ?? `declare it under \`types:\` (\`${d.name}: { ${d.family === 'enum' ? 'enum: [a, b]' : d.family === 'domain' ? 'domain: text' : 'composite: { field: text }'} }\`)${sameKind.length ? `; declared ${d.family} types: ${sameKind.join(', ')}` : ''}`,
    });
  }
}
