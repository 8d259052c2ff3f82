/**
 * Reading raw (schema-checked, but possibly still wrong) JSON without trusting it: each
 * accessor returns undefined for a value of the wrong shape, so the builder never throws,
 * even on a document that failed validation.
 */

export type RawMap = Readonly<Record<string, unknown>>;

export const isMap = (v: unknown): v is RawMap => v !== null && typeof v === 'object' && !Array.isArray(v);

export const map = (v: unknown): RawMap => (isMap(v) ? v : {});

export function str(o: RawMap, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function bool(o: RawMap, key: string): boolean | undefined {
  const v = o[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function int(o: RawMap, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export function num(o: RawMap, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function numOrStr(o: RawMap, key: string): number | string | undefined {
  const v = o[key];
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

/** A string or a list of strings, as a list (non-strings dropped); undefined when absent. */
export function strList(o: RawMap, key: string): string[] | undefined {
  const v = o[key];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return undefined;
}

export function list(o: RawMap, key: string): readonly unknown[] {
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

export function entries(o: RawMap, key: string): [string, unknown][] {
  const v = o[key];
  return isMap(v) ? Object.entries(v) : [];
}

/** `BlogPost` → `blog_post`, `HTTPLog` → `http_log`. */
export function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
