/**
 * Where something is, in words: a JSON pointer into a resource file → "reference `post` of
 * resource Comment". Messages name the context this way rather than by pointer.
 */
import { segments } from '../model/source.js';

export interface Place {
  /** The named thing the pointer is in: "attribute `email` of resource User". */
  readonly context: string;
  /** The key path below it, if any: ["constraints", "max_length"]. */
  readonly rest: readonly string[];
}

type Lookup = (ptr: string) => unknown;

const isIndex = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

function named(kind: string, lookup: Lookup, ptr: string, index: string): string {
  const v = lookup(ptr);
  const name = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && name !== '' ? `${kind} \`${name}\`` : `${kind} ${Number(index) + 1}`;
}

const POSTGRES_LISTS: Record<string, string> = {
  check_constraints: 'check constraint',
  custom_indexes: 'custom index',
  triggers: 'trigger',
  custom_statements: 'custom statement',
};

const RESOURCE_MAPS: Record<string, string> = { attributes: 'attribute', relationships: 'relationship', identities: 'identity' };

/** Splits a pointer into the named thing it is in and the key path below that thing. */
export function place(ptr: string, lookup: Lookup = () => undefined): Place {
  const s = segments(ptr);
  const at = (n: number) => s.slice(0, n).map((x) => '/' + x.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  if (s.length === 0) return { context: 'the top level of the file', rest: [] };
  const [section, name] = s;
  if (section === 'resources' && name !== undefined) {
    const res = `resource ${name}`;
    const [group, item] = [s[2], s[3]];
    if (group === undefined) return { context: res, rest: [] };
    if (Object.hasOwn(RESOURCE_MAPS, group)) {
      if (item === undefined) return { context: res, rest: [group] };
      return { context: `${RESOURCE_MAPS[group]} \`${item}\` of ${res}`, rest: s.slice(4) };
    }
    if (group === 'multitenancy') return { context: `the multitenancy of ${res}`, rest: s.slice(3) };
    if (group === 'postgres') {
      const [sub, idx] = [s[3], s[4]];
      if (sub === undefined) return { context: `the postgres block of ${res}`, rest: [] };
      if (sub === 'references' && idx !== undefined) return { context: `reference \`${idx}\` of ${res}`, rest: s.slice(5) };
      if (Object.hasOwn(POSTGRES_LISTS, sub) && isIndex(idx)) return { context: `${named(POSTGRES_LISTS[sub]!, lookup, at(5), idx!)} of ${res}`, rest: s.slice(5) };
      if (sub === 'manage_tenant') return { context: `manage_tenant of ${res}`, rest: s.slice(4) };
      return { context: `the postgres block of ${res}`, rest: s.slice(3) };
    }
    return { context: res, rest: s.slice(2) };
  }
  if (section === 'repos' && name !== undefined) {
    const repo = `repo \`${name}\``;
    if (s[2] === 'extensions' && isIndex(s[3])) return { context: `extension ${Number(s[3]) + 1} of ${repo}`, rest: s.slice(4) };
    return { context: repo, rest: s.slice(2) };
  }
  if (section === 'functions' && name !== undefined) return { context: `function \`${name}\``, rest: s.slice(2) };
  if (section === 'collations' && name !== undefined) return { context: `collation \`${name}\``, rest: s.slice(2) };
  if (section === 'aggregates' && name !== undefined) return { context: `aggregate \`${name}\``, rest: s.slice(2) };
  if (section === 'views' && name !== undefined) {
    if (s[2] === 'indexes' && isIndex(s[3])) return { context: `${named('index', lookup, at(4), s[3]!)} of view \`${name}\``, rest: s.slice(4) };
    return { context: `view \`${name}\``, rest: s.slice(2) };
  }
  return { context: 'the top level of the file', rest: s };
}

/** `constraints.max_length`, or `element 2 of \`keys\`` for a list item. */
export function subject(rest: readonly string[]): string {
  if (rest.length === 0) return '';
  const last = rest[rest.length - 1]!;
  if (isIndex(last)) {
    const list = rest.slice(0, -1).join('.');
    return list ? `element ${Number(last) + 1} of \`${list}\`` : `element ${Number(last) + 1}`;
  }
  return `\`${rest.join('.')}\``;
}

/** "`allow_nil` of attribute `email` of resource User", or just the context when the pointer is the thing. */
export function describe(ptr: string, lookup?: Lookup): string {
  const p = place(ptr, lookup);
  const sub = subject(p.rest);
  if (!sub) return p.context;
  return p.context.startsWith('the top level') ? `${sub} at ${p.context}` : `${sub} of ${p.context}`;
}

/** "in resource User" or "at the top level of the file". */
export function inPlace(context: string): string {
  return context.startsWith('the top level') ? `at ${context}` : `in ${context}`;
}
