/** Validates one loaded document against the JSON Schema; returns its problems in words. */
import type { Diagnostic } from '../../model/diagnostic.js';
import { segments, type SourceIndex } from '../../model/source.js';
import { schemaValidator } from './ajv.js';
import { satisfiesSchema } from './standalone.js';
import { collapse, type LeafError } from './collapse.js';
import { translate } from './translate.js';

/** The value at a JSON pointer of a document. */
export function valueAt(root: unknown, ptr: string): unknown {
  let node = root;
  for (const seg of segments(ptr)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

/** Several `required` errors at one place become one ("needs `name` and `check`"). */
function groupRequired(errors: readonly LeafError[]): LeafError[] {
  const out: LeafError[] = [];
  const byPath = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'required') {
      out.push(e);
      continue;
    }
    const missing = byPath.get(e.path);
    if (missing) {
      missing.push(String(e.params.missingProperty));
      continue;
    }
    const list = [String(e.params.missingProperty)];
    byPath.set(e.path, list);
    out.push({ ...e, params: { ...e.params, missing: list } });
  }
  return out;
}

export function validateDocument(file: string, value: unknown, sources: SourceIndex): Diagnostic[] {
  if (satisfiesSchema(value)) return [];
  const v = schemaValidator();
  if (v.validate(value)) return [];
  const leaves = groupRequired(collapse(v.validate.errors ?? [], v));
  const lookup = (ptr: string) => valueAt(value, ptr);
  return leaves.map((e) => translate(e, { file, lookup, sources, validator: v }));
}
