/**
 * `aggregates:`: the ordinary aggregates of the pulled schemas, keyed by name (a second one of a
 * name, an overload or one in another schema, by `<name>_<n>` with its `name:`). Support
 * functions and types are written as the server prints them; each option only when not the
 * default. One a custom statement creates stays with its statement.
 */
import type { Catalog } from '../ir/catalog.js';
import type { OwnedObjects } from '../diff/owned.js';
import { grantsValue } from './grants.js';
import { block } from './render.js';
import type { PulledSequence } from './sequences.js';
import { ymap } from './yaml-tree.js';

const MODIFY = { shareable: 'shareable', read_write: 'read_write' } as const;

export function pullAggregates(catalog: Catalog, owned: OwnedObjects): PulledSequence[] {
  const keys = new Set<string>();
  return (catalog.aggregates ?? [])
    .filter((a) => !owned.get('function')?.has(`${a.schema}.${a.name}`))
    .map((a) => {
      let key = a.name;
      for (let n = 2; keys.has(key); n++) key = `${a.name}_${n}`;
      keys.add(key);
      return {
        key,
        schema: a.schema,
        value: block(
          ymap([
            ['name', key !== a.name ? a.name : undefined],
            ['schema', a.schema !== 'public' ? a.schema : undefined],
            ['arguments', a.arguments === '' ? '*' : a.arguments],
            ['sfunc', a.sfunc],
            ['stype', a.stype],
            ['sspace', a.sspace],
            ['finalfunc', a.finalfunc],
            ['finalfunc_extra', a.finalfuncExtra],
            ['finalfunc_modify', a.finalfuncModify && MODIFY[a.finalfuncModify]],
            ['combinefunc', a.combinefunc],
            ['serialfunc', a.serialfunc],
            ['deserialfunc', a.deserialfunc],
            ['initcond', a.initcond],
            ['msfunc', a.msfunc],
            ['minvfunc', a.minvfunc],
            ['mstype', a.mstype],
            ['msspace', a.msspace],
            ['mfinalfunc', a.mfinalfunc],
            ['mfinalfunc_extra', a.mfinalfuncExtra],
            ['mfinalfunc_modify', a.mfinalfuncModify && MODIFY[a.mfinalfuncModify]],
            ['minitcond', a.minitcond],
            ['sortop', a.sortop],
            ['parallel', a.parallel],
            ['description', a.comment],
            ['grants', grantsValue('function', a.grants)],
          ]),
        ),
      };
    });
}
