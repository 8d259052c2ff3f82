/**
 * The JSON Schema validator: schema/pgdecl.schema.json compiled once per process with ajv's
 * 2020-12 dialect. Sub-schemas (one branch of an `anyOf`) can be validated alone, which the
 * error translator uses to explain a value in the form the user evidently meant.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { schemaUrl } from '../../util/package-file.js';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';

/** Keywords the schema carries for editors (VS Code, yaml-language-server); not validation. */
export const EDITOR_KEYWORDS = ['markdownDescription', 'defaultSnippets', 'markdownEnumDescriptions', 'enumDescriptions'] as const;



export interface SchemaValidator {
  readonly validate: ValidateFunction;
  readonly root: Readonly<Record<string, unknown>>;
  /** The JSON pointer of a sub-schema object within the root schema. */
  pointerOf(schema: unknown): string | undefined;
  /** A validator for the sub-schema at a pointer of the root schema. */
  sub(pointer: string): ValidateFunction | undefined;
}

let instance: SchemaValidator | undefined;

/** The validator's options; `source`: keep the generated code (for ./standalone.ts). */
export function newAjv(source = false): Ajv2020 {
  // Loaded when first needed: files the built validator accepts (./standalone.ts) never load Ajv.
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  const addFormats = require('ajv-formats') as ((ajv: Ajv2020) => Ajv2020) & { default?: (ajv: Ajv2020) => Ajv2020 };
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, verbose: true, ...(source ? { code: { source: true } } : {}) });
  (addFormats.default ?? addFormats)(ajv);
  for (const k of EDITOR_KEYWORDS) ajv.addKeyword(k);
  return ajv;
}

export function schemaValidator(): SchemaValidator {
  if (instance) return instance;
  const root = JSON.parse(readFileSync(schemaUrl(), 'utf8')) as Record<string, unknown>;
  const ajv = newAjv();
  const validate = ajv.compile(root);
  const id = typeof root.$id === 'string' ? root.$id : '';
  const pointers = new Map<unknown, string>();
  const stack: [unknown, string][] = [[validate.schema, '']];
  while (stack.length) {
    const [node, ptr] = stack.pop()!;
    if (node === null || typeof node !== 'object' || pointers.has(node)) continue;
    pointers.set(node, ptr);
    for (const [k, v] of Object.entries(node)) stack.push([v, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
  }
  const subs = new Map<string, ValidateFunction | undefined>();
  instance = {
    validate,
    root: validate.schema as Record<string, unknown>,
    pointerOf: (schema) => pointers.get(schema),
    sub(pointer) {
      if (!subs.has(pointer)) subs.set(pointer, ajv.getSchema(`${id}#${pointer}`));
      return subs.get(pointer);
    },
  };
  return instance;
}
