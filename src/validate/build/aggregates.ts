/** An entry of `aggregates:` → `AggregateDef`, its defaults filled (docs/resource-format.md). */
import type { RawEntry } from '../../load/merge.js';
import type { AggregateDef } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { bool, int, map, str } from './raw.js';
import { buildGrants } from './grants.js';
import { opt } from '../../util/opt.js';


type Modify = NonNullable<AggregateDef['finalfuncModify']>;
const modify = (v: string | undefined): Modify | undefined => (v === 'read_only' || v === 'shareable' || v === 'read_write' ? v : undefined);

export function buildAggregate(e: RawEntry): AggregateDef {
  const o = map(e.value);
  const parallel = str(o, 'parallel');
  const mstype = str(o, 'mstype');
  return {
    key: e.name,
    name: str(o, 'name') ?? e.name,
    src: e.src,
    schema: str(o, 'schema') ?? 'public',
    arguments: str(o, 'arguments') ?? '',
    sfunc: str(o, 'sfunc') ?? '',
    stype: { sql: str(o, 'stype') ?? '', src: child(e.src, 'stype') },
    ...opt('sspace', int(o, 'sspace')),
    ...opt('finalfunc', str(o, 'finalfunc')),
    finalfuncExtra: bool(o, 'finalfunc_extra') ?? false,
    ...opt('finalfuncModify', modify(str(o, 'finalfunc_modify'))),
    ...opt('combinefunc', str(o, 'combinefunc')),
    ...opt('serialfunc', str(o, 'serialfunc')),
    ...opt('deserialfunc', str(o, 'deserialfunc')),
    ...opt('initcond', str(o, 'initcond')),
    ...opt('msfunc', str(o, 'msfunc')),
    ...opt('minvfunc', str(o, 'minvfunc')),
    ...opt('mstype', mstype !== undefined ? { sql: mstype, src: child(e.src, 'mstype') } : undefined),
    ...opt('msspace', int(o, 'msspace')),
    ...opt('mfinalfunc', str(o, 'mfinalfunc')),
    mfinalfuncExtra: bool(o, 'mfinalfunc_extra') ?? false,
    ...opt('mfinalfuncModify', modify(str(o, 'mfinalfunc_modify'))),
    ...opt('minitcond', str(o, 'minitcond')),
    ...opt('sortop', str(o, 'sortop')),
    parallel: parallel === 'safe' || parallel === 'restricted' ? parallel : 'unsafe',
    ...opt('description', str(o, 'description')),
    ...opt('grants', buildGrants(o, e.src)),
  };
}
