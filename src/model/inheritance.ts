/**
 * Table inheritance between resources (`postgres.inherits`): a resource's parents, and the
 * attributes its table has from them. A parent that is not a resource, and a cycle, are left
 * out here (validation reports them).
 */
import type { Attribute, Resource } from './resource.js';

/** The resources `r` inherits from, in order, that exist. */
export function parentResources(resources: ReadonlyMap<string, Resource>, r: Resource): Resource[] {
  return (r.inherits ?? []).flatMap((p) => {
    const parent = resources.get(p.name);
    return parent && parent !== r ? [parent] : [];
  });
}

/**
 * Every ancestor of `r`, nearest first, each once (a resource that is its own ancestor, through
 * a cycle, is not listed).
 */
export function ancestorResources(resources: ReadonlyMap<string, Resource>, r: Resource): Resource[] {
  const out: Resource[] = [];
  const seen = new Set<string>([r.name]);
  const queue = parentResources(resources, r);
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(p.name)) continue;
    seen.add(p.name);
    out.push(p);
    queue.push(...parentResources(resources, p));
  }
  return out;
}

/** The attributes `r`'s table has from its ancestors, by name (the first ancestor that declares one). */
export function inheritedAttributes(resources: ReadonlyMap<string, Resource>, r: Resource): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const a of ancestorResources(resources, r)) for (const attr of a.attributes) if (!out.has(attr.name)) out.set(attr.name, attr);
  return out;
}
