/**
 * Hand-built resource models for unit tests of the compiler: the shape the validator
 * produces, with defaults filled, written briefly.
 */
import type { AttrType, Attribute, FunctionDef, Project, Reference, Relationship, Repo, Resource, ScalarType } from '../../src/model/resource.js';
import type { Src } from '../../src/model/source.js';

export const src = (pointer: string, file = 'test.yaml'): Src => ({ file, pointer });

export const scalar = (name: ScalarType): AttrType => ({ kind: 'scalar', name });

type AttrExtra = Partial<Omit<Attribute, 'name' | 'type'>>;

export function attr(name: string, type: ScalarType | AttrType, extra: AttrExtra = {}): Attribute {
  const s = src(`/resources/R/attributes/${name}`);
  return {
    name,
    src: s,
    type: typeof type === 'string' ? scalar(type) : type,
    allowNil: true,
    primaryKey: false,
    constraints: { src: { ...s, pointer: s.pointer + '/constraints' } },
    ...extra,
  };
}

export function sql(text: string, pointer = '/x'): { sql: string; src: Src } {
  return { sql: text, src: src(pointer) };
}

export const uuidPk = (name = 'id'): Attribute =>
  attr(name, 'uuid', { macro: 'uuid_primary_key', allowNil: false, primaryKey: true, default: { kind: 'sql', sql: 'gen_random_uuid()', src: src('/id') } });

export const intPk = (name = 'id'): Attribute => attr(name, 'integer', { macro: 'integer_primary_key', allowNil: false, primaryKey: true, identity: 'by_default' });

export function resource(name: string, table: string, extra: Partial<Resource> = {}): Resource {
  return {
    name,
    src: src(`/resources/${name}`),
    table,
    schema: 'public',
    repo: 'default',
    migrate: true,
    attributes: [],
    relationships: [],
    identities: [],
    references: [],
    checkConstraints: [],
    customIndexes: [],
    triggers: [],
    customStatements: [],
    ...extra,
  };
}

export function belongsTo(name: string, destination: string, extra: Partial<Relationship> = {}): Relationship {
  return {
    name,
    src: src(`/resources/R/relationships/${name}`),
    type: 'belongs_to',
    destination,
    allowNil: true,
    primaryKey: false,
    sourceAttributes: [`${name}_id`],
    destinationAttributes: ['id'],
    defineAttribute: true,
    manual: false,
    ...extra,
  };
}

export function reference(relationship: string, extra: Partial<Reference> = {}): Reference {
  return {
    relationship,
    src: src(`/resources/R/postgres/references/${relationship}`),
    onDelete: { action: 'nothing' },
    onUpdate: 'nothing',
    deferrable: false,
    initiallyDeferred: false,
    matchType: 'simple',
    matchWith: [],
    index: false,
    ignore: false,
    ...extra,
  };
}

export function fn(name: string, body: string, extra: Partial<FunctionDef> = {}): FunctionDef {
  return {
    name,
    src: src(`/functions/${name}`),
    schema: 'public',
    arguments: '',
    returns: 'trigger',
    language: 'plpgsql',
    body: sql(body, `/functions/${name}/body`),
    volatility: 'volatile',
    security: 'invoker',
    ...extra,
  };
}

export function project(resources: readonly Resource[], extra: Partial<Project> = {}): Project {
  const repos: Repo[] = [{ name: 'default', extensions: [] }];
  return { files: ['test.yaml'], repos, resources: [...resources].sort((a, b) => (a.name < b.name ? -1 : 1)), functions: [], ...extra };
}
