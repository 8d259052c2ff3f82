/** Entries of `types:` → `TypeDef`: an enum (`enum:`), a domain (`domain:`) or a composite type (`composite:`). */
import type { RawEntry } from '../../load/merge.js';
import type { TypeDef } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { bool, entries, isMap, list, map, str } from './raw.js';
import { buildGrants } from './grants.js';
import { opt } from '../../util/opt.js';


export function buildType(e: RawEntry): TypeDef {
  const o = map(e.value);
  const base = { name: str(o, 'name') ?? e.name, src: e.src, schema: str(o, 'schema') ?? 'public', ...opt('description', str(o, 'description')), ...opt('grants', buildGrants(o, e.src)) };
  if (typeof o.domain === 'string') {
    const checks = entries(o, 'checks').flatMap(([name, v]) => {
      const sql = typeof v === 'string' ? v : isMap(v) ? str(v, 'check') : undefined;
      return sql === undefined ? [] : [{ name, sql, src: child(e.src, 'checks', name) }];
    });
    const def = typeof o.default === 'number' || typeof o.default === 'boolean' ? String(o.default) : str(o, 'default');
    return {
      ...base,
      kind: 'domain',
      base: { sql: o.domain, src: child(e.src, 'domain') },
      ...(def !== undefined ? { default: { sql: def, src: child(e.src, 'default') } } : {}),
      notNull: bool(o, 'not_null') ?? false,
      ...opt('collation', str(o, 'collation')),
      checks,
    };
  }
  if (typeof o.range === 'string') {
    return {
      ...base,
      kind: 'range',
      subtype: { sql: o.range, src: child(e.src, 'range') },
      ...opt('subtypeOpclass', str(o, 'subtype_opclass')),
      ...opt('collation', str(o, 'collation')),
      ...opt('canonical', str(o, 'canonical')),
      ...opt('subtypeDiff', str(o, 'subtype_diff')),
      ...opt('multirange', str(o, 'multirange')),
    };
  }
  if (isMap(o.composite)) {
    const attributes = entries(o, 'composite').flatMap(([name, v]) => {
      const src = child(e.src, 'composite', name);
      if (typeof v === 'string') return [{ name, src, type: { sql: v, src } }];
      if (isMap(v) && typeof v.type === 'string') return [{ name, src, type: { sql: v.type, src: child(src, 'type') }, ...opt('collation', str(v, 'collation')), ...opt('description', str(v, 'description')) }];
      return [];
    });
    return { ...base, kind: 'composite', attributes };
  }
  const values = list(o, 'enum').flatMap((v, i) => {
    const src = child(e.src, 'enum', i);
    if (typeof v === 'string') return [{ name: v, src }];
    if (isMap(v) && typeof v.name === 'string') return [{ name: v.name, src, ...opt('renamedFrom', str(v, 'renamed_from')) }];
    return [];
  });
  return { ...base, kind: 'enum', values };
}
